"""ShipBob warehouse receiving orders (WRO, GET /2.0/receiving, /2.0/receiving/{id}) as InventoryReceived.

A WRO states, per inventory item, the units expected, received (counted at the dock) and stowed. Only units
actually received count: each version of the WRO (its `last_updated_date`) states one InventoryReceived at
its fulfillment center with the units received so far, skus with none received left out, so the hub
restates the receipt as counting goes on; a WRO with nothing received yet (Awaiting, Cancelled) states
nothing. ShipBob states no unit cost. Expected and stowed units, the purchase order number, the status and
the boxes travel in context.

A 1.0 WRO lists its box contents by inventory id only, with no sku: it is refused naming its
`inventory_quantities`, which the 2.0 answer states with skus.
"""

from __future__ import annotations

from typing import Any

from adapters.shipbob.common import Origin, compact, count, location, reader
from adapters.toolkit import MappingContext, PayloadError, Reader
from canonical_model.events import Event
from canonical_model.inventory_events import InventoryReceived, ReceiptLine


def receiving_events(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    """One InventoryReceived of the units received so far at the WRO's fulfillment center, if any."""
    r = reader(data, pointer)
    receipt_id = r.identifier("id")
    updated_at = r.time("last_updated_date", required=True)
    center = r.child("fulfillment_center")
    if center is None:
        raise PayloadError(r.at("fulfillment_center.id"), "is required")
    at = center.identifier("id")
    if r.data.get("inventory_quantities") is None:
        raise PayloadError(r.at("inventory_quantities"), "is required: a ShipBob 1.0 receiving order lists its boxes "
                           "by inventory id only (no sku); read it from /2.0/receiving, which states skus")
    lines = received_lines(r)
    if not lines:
        return []
    origin = Origin(ctx, "receiving", receipt_id, str(r.data["last_updated_date"]), pointer, receiving_context(r))
    return [origin.event(InventoryReceived(receipt_id, location(at), lines), updated_at)]


def received_lines(r: Reader) -> tuple[ReceiptLine, ...]:
    """The skus with units received, in the order ShipBob lists them."""
    lines = []
    for item in r.items("inventory_quantities"):
        received = count(item, "received_quantity")
        if received < 0:
            raise PayloadError(item.at("received_quantity"), f"{received} units cannot have been received")
        if received:
            lines.append(ReceiptLine(sku=str(item.required("sku")), quantity=received))
    return tuple(lines)


def receiving_context(r: Reader) -> dict[str, Any]:
    """Status, purchase order, packaging, dates, every sku's expected/received/stowed units and the boxes."""
    center = r.child("fulfillment_center")
    return compact({
        "receiving_status": r.text("status"),
        "purchase_order_number": r.text("purchase_order_number"),
        "fulfillment_center": center.text("name") if center else None,
        "package_type": r.text("package_type"),
        "box_packaging_type": r.text("box_packaging_type"),
        "expected_arrival_date": r.text("expected_arrival_date"),
        "insert_date": r.text("insert_date"),
        "quantities": [compact({"sku": item.text("sku"), "inventory_id": item.text("inventory_id"),
                                "expected": item.data.get("expected_quantity"),
                                "received": item.data.get("received_quantity"),
                                "stowed": item.data.get("stowed_quantity")}) for item in r.items("inventory_quantities")],
        "boxes": [compact({"box_number": box.text("box_number"), "box_status": box.text("box_status"),
                           "tracking_number": box.text("tracking_number"), "arrived_date": box.text("arrived_date"),
                           "received_date": box.text("received_date")}) for box in r.items("boxes")],
    })
