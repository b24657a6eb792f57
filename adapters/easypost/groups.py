"""EasyPost orders (several shipments bought together) and batches, mapped through their shipments.

An order's or batch's own `reference` is an order reference of every shipment in it. A batch lists its
shipments as full objects only sometimes: a stub (id, batch_status, tracking_code) states no fact the
shipment itself will not state when fetched, so a batch of stubs maps to no events.
"""

from __future__ import annotations

from typing import Any

from adapters.easypost.common import compact, reader, required_text, unique
from adapters.easypost.shipments import shipment_events
from adapters.toolkit import MappingContext, PayloadError
from canonical_model.events import Event

# A full Shipment always states these; a batch stub states none of them.
_FULL_SHIPMENT = ("created_at", "updated_at", "rates", "parcel")


def order_events(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    """The events of each shipment of the order, carrying the order's reference and id."""
    r = reader(data, pointer)
    order_id = required_text(r, "id")
    references = unique([r.text("reference")])
    context = {"easypost_order_id": order_id}
    events: list[Event] = []
    for index, shipment in enumerate(r.items("shipments")):
        if not is_full_shipment(shipment.data):
            raise PayloadError(shipment.path, "an order's shipment must be a full Shipment object")
        events += shipment_events(shipment.data, f"{pointer}/shipments/{index}", ctx, references, context)
    return events


def batch_events(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    """The events of each full shipment in the batch; stubs map to nothing (the shipment states them)."""
    r = reader(data, pointer)
    batch_id = required_text(r, "id")
    references = unique([r.text("reference")])
    context = compact({"batch_id": batch_id, "batch_state": r.text("state")})
    events: list[Event] = []
    for index, shipment in enumerate(r.items("shipments")):
        required_text(shipment, "id")
        if is_full_shipment(shipment.data):
            events += shipment_events(shipment.data, f"{pointer}/shipments/{index}", ctx, references, context)
    return events


def is_full_shipment(data: dict[str, Any]) -> bool:
    """Whether a listed shipment is a whole Shipment object rather than a batch stub."""
    return data.get("object") == "Shipment" or any(name in data for name in _FULL_SHIPMENT)
