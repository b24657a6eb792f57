"""EasyPost payloads to canonical events: pure functions, no I/O.

`split` finds the objects in a document; `map_object` turns one object into events. EasyPost is a
carrier, not a sales channel: its events carry the order references it was given (`reference`,
options such as invoice_number and print_custom_*) and no order, and the hub matches them.
"""

from __future__ import annotations

from adapters.easypost.groups import batch_events, order_events
from adapters.easypost.insurance import insurance_events
from adapters.easypost.refunds import refund_events
from adapters.easypost.shipments import shipment_events
from adapters.easypost.split import split
from adapters.easypost.trackers import tracker_events
from adapters.toolkit import MappingContext, SourceObject
from adapters.toolkit.mapping import mapped_by_type, reading_data
from canonical_model.events import Event

__all__ = ["map_object", "split"]

MAPPERS = reading_data({
    "shipment": shipment_events,
    "tracker": tracker_events,
    "refund": refund_events,
    "insurance": insurance_events,
    "order": order_events,
    "batch": batch_events,
})


def map_object(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """The canonical events one EasyPost object states; a payload that cannot be mapped is a PayloadError."""
    return mapped_by_type("EasyPost", MAPPERS, obj, ctx)
