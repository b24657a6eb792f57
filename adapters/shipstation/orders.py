"""ShipStation orders as the warehouse sees them: a fulfillment request whose lines are allocated to a warehouse.

Each physical line becomes one InventoryAllocated at the order's warehouse (`advancedOptions.warehouseId`),
versioned by the order's `modifyDate` and keyed by the line's `orderItemId`, so every modification restates
each line's allocation and a replay changes nothing. Adjustment lines (`adjustment: true`: discounts and
other non-physical lines) allocate nothing and are listed in context. ShipStation's order status travels in
context; a cancelled or rejected order emits no release, because the catalogue has no body for one.
"""

from __future__ import annotations

from typing import Any

from adapters.shipstation.common import (
    Origin,
    compact,
    location,
    order_references,
    reader,
    required_time,
)
from adapters.toolkit import MappingContext, PayloadError, Reader
from canonical_model.events import Event
from canonical_model.inventory_events import InventoryAllocated


def order_events(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    """One InventoryAllocated per physical line, at the order's warehouse, as of the order's last modification."""
    r = reader(data, pointer)
    order_id = r.identifier("orderId")
    r.required("orderStatus")
    modified_at = required_time(r, "modifyDate")
    physical = [item for item in r.items("items") if item.data.get("adjustment") is not True]
    warehouse = location(warehouse_id(r)) if physical else ""
    origin = Origin(ctx, "order", order_id, str(r.data["modifyDate"]), pointer, order_context(r), order_references(r))
    events = []
    for item in physical:
        line_id = line_identifier(item)
        body = InventoryAllocated(sku=str(item.required("sku")), location=warehouse,
                                  quantity=item.integer("quantity"), line_id=line_id)
        events.append(origin.event(body, modified_at, key=line_id, context=line_context(item)))
    return events


def warehouse_id(r: Reader) -> str:
    """The warehouse (ship-from location) the order is assigned to: `advancedOptions.warehouseId`."""
    options = r.child("advancedOptions")
    if options is None:
        raise PayloadError(r.at("advancedOptions.warehouseId"), "is required")
    return options.identifier("warehouseId")


def line_identifier(item: Reader) -> str:
    """ShipStation's id of the line (`orderItemId`), else the channel's `lineItemKey`."""
    found = item.optional_id("orderItemId") or item.optional_id("lineItemKey")
    if found is None:
        raise PayloadError(item.at("orderItemId"), "is required (or lineItemKey)")
    return found


def line_context(item: Reader) -> dict[str, Any]:
    """What the warehouse knows of the line: the channel's line key, its bin and the 3PL's own sku."""
    return {
        "line_item_key": item.text("lineItemKey"),
        "warehouse_location": item.text("warehouseLocation"),
        "fulfillment_sku": item.text("fulfillmentSku"),
        "product_id": item.text("productId"),
    }


def order_context(r: Reader) -> dict[str, Any]:
    """Status, hold, requested service, store and notes; never the buyer's name, email or address."""
    options = r.child("advancedOptions")
    adjustments = [item.text("sku") or item.text("name") for item in r.items("items")
                   if item.data.get("adjustment") is True]
    return compact({
        "order_status": r.text("orderStatus"),
        "shipstation_order_id": r.text("orderId"),
        "order_date": r.text("orderDate"),
        "ship_by_date": r.text("shipByDate"),
        "hold_until_date": r.text("holdUntilDate"),
        "requested_shipping_service": r.text("requestedShippingService"),
        "carrier_code": r.text("carrierCode"),
        "service_code": r.text("serviceCode"),
        "customer_notes": r.text("customerNotes"),
        "internal_notes": r.text("internalNotes"),
        "externally_fulfilled": r.data.get("externallyFulfilled"),
        "externally_fulfilled_by": r.text("externallyFulfilledBy"),
        "tag_ids": r.data.get("tagIds"),
        "adjustment_lines": [text for text in adjustments if text],
        **(advanced_context(options) if options else {}),
    })


def advanced_context(options: Reader) -> dict[str, Any]:
    """The store, source and merge/split history ShipStation keeps under advancedOptions."""
    return {
        "store_id": options.text("storeId"),
        "source": options.text("source"),
        "merged_or_split": options.data.get("mergedOrSplit") or None,
        "merged_ids": options.data.get("mergedIds"),
        "parent_id": options.text("parentId"),
        "custom_field_1": options.text("customField1"),
        "custom_field_2": options.text("customField2"),
        "custom_field_3": options.text("customField3"),
    }
