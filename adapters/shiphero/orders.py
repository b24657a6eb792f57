"""ShipHero orders as the warehouse sees them: a fulfillment request whose lines are committed to a warehouse.

ShipHero states where it committed each line in the order's `allocations` (one per warehouse, each with
its `line_items` and `quantity_allocated`): each (line, warehouse) becomes one InventoryAllocated,
versioned by the order's `updated_at` (a short hash of the order when it states none), keyed by the
line id (by line and warehouse when one line is split across warehouses), at the allocation's
`allocated_at`. An order fetched without `allocations` falls back on the deprecated per-line
`warehouse_id` with the line's `quantity_allocated` (its `quantity` when that is not stated); a line not
yet at a warehouse allocates nothing. Kit components are allocated as ShipHero states them, flagged in
context. The order's fulfillment status and holds travel in context; a cancelled order emits no release,
because the catalogue has no body for one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from adapters.shiphero.common import (
    Origin,
    compact,
    content_version,
    location,
    nodes,
    order_references,
    reader,
)
from adapters.toolkit import MappingContext, PayloadError, Reader
from canonical_model.events import Event
from canonical_model.inventory_events import InventoryAllocated

_HOLDS = ("fraud_hold", "address_hold", "shipping_method_hold", "operator_hold", "payment_hold", "client_hold")


@dataclass
class _Allocation:
    """Units of one order line committed to one warehouse, as the order states them."""

    line_id: str
    sku: str
    warehouse_id: str
    quantity: int
    allocated_at: datetime | None
    context: dict[str, Any] = field(default_factory=dict)


def order_events(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    """One InventoryAllocated per order line and warehouse, as of the order's last update."""
    r = reader(data, pointer)
    order_id = r.identifier("id")
    lines = nodes(r, "line_items")
    if r.data.get("allocations") is not None:
        stated = allocations(r, {line_id: line for line in lines if (line_id := line.optional_id("id"))})
    elif r.data.get("line_items") is not None:
        stated = line_allocations(lines)
    else:
        raise PayloadError(r.at("allocations"), "is required (or line_items with warehouse_id): a ShipHero order "
                           "states where its units are committed only there")
    version = r.text("updated_at") or content_version(data)
    origin = Origin(ctx, "order", order_id, version, pointer, order_context(r), order_references(r))
    split_lines = {a.line_id for a in stated if sum(b.line_id == a.line_id for b in stated) > 1}
    events = []
    for allocation in stated:
        occurred_at = allocation.allocated_at or r.time("updated_at") or r.time("order_date")
        if occurred_at is None:
            raise PayloadError(r.at("updated_at"), "is required when the allocation states no allocated_at")
        key = f"{allocation.line_id}@{allocation.warehouse_id}" if allocation.line_id in split_lines else allocation.line_id
        body = InventoryAllocated(sku=allocation.sku, location=location(allocation.warehouse_id),
                                  quantity=allocation.quantity, line_id=allocation.line_id)
        events.append(origin.event(body, occurred_at, key=key, context=allocation.context))
    return events


def allocations(r: Reader, lines: dict[str, Reader]) -> list[_Allocation]:
    """The order's allocations, one per (line, warehouse), quantities of one line at one warehouse added up."""
    found: dict[tuple[str, str], _Allocation] = {}
    for allocation in r.items("allocations"):
        warehouse = allocation.identifier("warehouse_id")
        for item in allocation.items("line_items"):
            line_id = item.identifier("line_item_id")
            quantity = item.integer("quantity_allocated")
            at = item.time("allocated_at") or allocation.time("allocated_at")
            known = found.get((line_id, warehouse))
            if known is not None:
                known.quantity += quantity
                known.allocated_at = max(filter(None, (known.allocated_at, at)), default=None)
                continue
            line = lines.get(line_id)
            sku = item.text("sku") or (line.text("sku") if line else None)
            if sku is None:
                raise PayloadError(item.at("sku"), "is required (the order's line_items do not state it either)")
            context = {**allocation_context(allocation, item), **(line_context(line) if line else {})}
            found[(line_id, warehouse)] = _Allocation(line_id, sku, warehouse, quantity, at, context)
    return list(found.values())


def line_allocations(lines: list[Reader]) -> list[_Allocation]:
    """Allocations read from lines that name their warehouse (the deprecated `warehouse_id` of a line item)."""
    found = []
    for line in lines:
        warehouse = line.optional_id("warehouse_id")
        if warehouse is None:
            continue
        stated = line.data.get("quantity_allocated") is not None
        quantity = line.integer("quantity_allocated" if stated else "quantity")
        found.append(_Allocation(line.identifier("id"), str(line.required("sku")), warehouse, quantity, None,
                                 line_context(line)))
    return found


def allocation_context(allocation: Reader, item: Reader) -> dict[str, Any]:
    """Which allocation committed the units, whether it is ready to ship or locked, and kit membership."""
    return {
        "allocation_reference": item.text("allocation_reference") or allocation.text("allocation_reference"),
        "ready_to_ship": allocation.data.get("ready_to_ship"),
        "allocation_locked": allocation.data.get("is_locked") or None,
        "kit_component": item.data.get("is_kit_component") or None,
    }


def line_context(line: Reader) -> dict[str, Any]:
    """What the warehouse knows of the line: the channel's line id and where its units stand."""
    return {
        "partner_line_item_id": line.text("partner_line_item_id"),
        "line_fulfillment_status": line.text("fulfillment_status"),
        "quantity_ordered": line.data.get("quantity"),
        "quantity_allocated": line.data.get("quantity_allocated"),
        "backorder_quantity": line.data.get("backorder_quantity") or None,
        "quantity_pending_fulfillment": line.data.get("quantity_pending_fulfillment"),
        "quantity_shipped": line.data.get("quantity_shipped"),
        "warehouse": line.text("warehouse"),
    }


def order_context(r: Reader) -> dict[str, Any]:
    """Status, holds, priority, store and packing note; never the buyer's name, email, address or gift note."""
    holds = r.child("holds")
    shipping = shipping_lines(r)
    return compact({
        "order_status": r.text("fulfillment_status"),
        "shiphero_order_id": r.text("legacy_id"),
        "shop_name": r.text("shop_name"),
        "order_date": r.text("order_date"),
        "required_ship_date": r.text("required_ship_date"),
        "holds": [name for name in _HOLDS if holds and holds.data.get(name) is True],
        "priority_flag": r.data.get("priority_flag") or None,
        "allocation_priority": r.data.get("allocation_priority"),
        "flagged": r.data.get("flagged") or None,
        "tags": r.data.get("tags"),
        "source": r.text("source"),
        "profile": r.text("profile"),
        "packing_note": r.text("packing_note"),
        "allow_partial": r.data.get("allow_partial"),
        "allow_split": r.data.get("allow_split"),
        "requested_shipping": shipping.text("title") if shipping else None,
        "requested_carrier": shipping.text("carrier") if shipping else None,
        "requested_method": shipping.text("method") if shipping else None,
    })


def shipping_lines(r: Reader) -> Reader | None:
    """The order's requested shipping: ShipHero states one `shipping_lines` object (a list in older answers)."""
    value = r.data.get("shipping_lines")
    if isinstance(value, list):
        return next(iter(r.items("shipping_lines")), None)
    return r.child("shipping_lines")
