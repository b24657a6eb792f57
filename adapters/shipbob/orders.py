"""ShipBob orders as the warehouse sees them: a fulfillment request whose lines are allocated to fulfillment centers.

ShipBob states an order's fulfillment center on its shipments, not on the order, so each product line is
allocated where the order's shipments carry it: one InventoryAllocated of the line's quantity at that
fulfillment center, keyed by the line id (the channel's `external_line_id`, else ShipBob's product id). A
line ShipBob split across fulfillment centers is allocated at each, with the units shipped from there
(keyed "<line id>@<fulfillment center id>"); cancelled shipments only count when no other carries the line.
A line no shipment carries yet is not assigned to a warehouse: it is named in context, never guessed.

An order has no update time, so its facts take a short hash of its content as version and the latest time
it states (creation, its shipments' creation and updates) as occurred_at. ShipBob's order status travels in
context; a cancelled order emits no release, because the catalogue has no body for one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from adapters.shipbob.common import (
    Origin,
    compact,
    content_version,
    latest,
    location,
    reader,
    unique,
)
from adapters.shipbob.shipments import fulfillment_center_id, product_units
from adapters.toolkit import MappingContext, PayloadError, Reader
from canonical_model.events import Event
from canonical_model.inventory_events import InventoryAllocated

_STOPPED = {"Cancelled", "CleanSweeped"}


def order_events(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    """One InventoryAllocated per product line and fulfillment center carrying it."""
    r = reader(data, pointer)
    order_id = r.identifier("id")
    r.required("status")
    shipments = list(r.items("shipments"))
    occurred_at = order_time(r, shipments)
    placed: list[tuple[Reader, str, str, str, int, bool]] = []
    unassigned: list[str] = []
    for line, line_id in line_identifiers(r):
        sku = str(line.required("sku"))
        where = line_locations(line, shipments)
        placed += [(line, line_id, sku, at, units, len(where) > 1) for at, units in where]
        if not where:
            unassigned.append(sku)
    context = {**order_context(r), "unassigned_skus": unassigned}
    origin = Origin(ctx, "order", order_id, content_version(data), pointer, context, order_references(r))
    events = []
    for line, line_id, sku, at, units, split in placed:
        body = InventoryAllocated(sku=sku, location=location(at), quantity=units, line_id=line_id)
        key = f"{line_id}@{at}" if split else line_id
        events.append(origin.event(body, occurred_at, key=key, context=line_context(line, split)))
    return events


def order_references(r: Reader) -> tuple[str, ...]:
    """The store's order number and the channel's order id the brand gave ShipBob, once each."""
    return unique([r.text("order_number"), r.text("reference_id")])


def order_time(r: Reader, shipments: list[Reader]) -> datetime:
    """The latest time the order states: its creation, or its shipments' creation and last update."""
    created_at = r.time("created_date", required=True)
    stated = latest([created_at, *(s.time("created_date") for s in shipments), *(s.time("last_update_at") for s in shipments)])
    return stated or created_at


def line_identifiers(r: Reader) -> list[tuple[Reader, str]]:
    """Each product line with its id (channel line id, else ShipBob product id), made unique within the order."""
    lines, seen = [], set()
    for index, line in enumerate(r.items("products")):
        found = line.optional_id("external_line_id") or line.optional_id("id")
        if found is None:
            raise PayloadError(line.at("id"), "is required (or external_line_id)")
        line_id = f"{found}:{index}" if found in seen else found
        seen.add(line_id)
        lines.append((line, line_id))
    return lines


def line_locations(line: Reader, shipments: list[Reader]) -> list[tuple[str, int]]:
    """The fulfillment centers whose shipments carry the line, with its units there; the whole line at one center."""
    live = [s for s in shipments if s.text("status") not in _STOPPED]
    units = _units_by_center(line, live) or _units_by_center(line, shipments)
    if len(units) == 1:
        return [(next(iter(units)), line.integer("quantity"))]
    return sorted(units.items())


def _units_by_center(line: Reader, shipments: list[Reader]) -> dict[str, int]:
    product_id, sku = line.optional_id("id"), line.text("sku")
    units: dict[str, int] = {}
    for shipment in shipments:
        center = fulfillment_center_id(shipment)
        for product in shipment.items("products") if center else ():
            other = product.optional_id("id")
            if (other == product_id) if (other and product_id) else (product.text("sku") == sku):
                units[center] = units.get(center, 0) + product_units(product)
    return units


def line_context(line: Reader, split: bool) -> dict[str, Any]:
    """What ShipBob knows of the line: its product, the channel's line id and (when split) the ordered quantity."""
    return {
        "shipbob_product_id": line.text("id"),
        "product_reference_id": line.text("reference_id"),
        "external_line_id": line.text("external_line_id"),
        "unit_of_measure": line.text("quantity_unit_of_measure_code"),
        "ordered_quantity": line.data.get("quantity") if split else None,
    }


def order_context(r: Reader) -> dict[str, Any]:
    """ShipBob's status, type, channel, shipping method, tags and retailer program; never the recipient."""
    channel = r.child("channel")
    terms = r.child("shipping_terms")
    return compact({
        "order_status": r.text("status"),
        "shipbob_order_id": r.text("id"),
        "order_type": r.text("type"),
        "channel_id": channel.text("id") if channel else None,
        "channel_name": channel.text("name") if channel else None,
        "shipping_method": r.text("shipping_method"),
        "purchase_date": r.text("purchase_date"),
        "created_date": r.text("created_date"),
        "tags": [compact({"name": tag.text("name"), "value": tag.text("value")}) for tag in r.items("tags")],
        "carrier_type": terms.text("carrier_type") if terms else None,
        "payment_term": terms.text("payment_term") if terms else None,
        "shipment_ids": [shipment.text("id") for shipment in r.items("shipments")],
        **retailer_context(r.child("retailer_program_data")),
    })


def retailer_context(program: Reader | None) -> dict[str, Any]:
    """A B2B order's retailer program references and dates (its addresses stay in the payload)."""
    if program is None:
        return {}
    return {
        "retailer_program_type": program.text("retailer_program_type"),
        "purchase_order_number": program.text("purchase_order_number"),
        "retailer_department": program.text("department"),
        "mark_for_store": program.text("mark_for_store"),
        "customer_ticket_number": program.text("customer_ticket_number"),
        "ship_by_date": program.text("shipByDate"),
        "do_not_ship_before_date": program.text("doNotShipBeforeDate"),
        "retailer_delivery_date": program.text("delivery_date"),
    }
