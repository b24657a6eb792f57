"""Shippo payloads to canonical events: pure functions, no I/O.

`split` finds the objects in a document; `map_object` turns one object into events. Shippo is a
carrier, not a sales channel: its events carry the order references it was given (`metadata`, an
order's `order_number`) and no order, and the hub matches them.
"""

from __future__ import annotations

from adapters.shippo.orders import batch_events, order_events, rate_events
from adapters.shippo.split import split
from adapters.shippo.tracks import track_events
from adapters.shippo.transactions import transaction_events
from adapters.toolkit import MappingContext, SourceObject
from adapters.toolkit.mapping import mapped_by_type, reading_data
from canonical_model.events import Event

__all__ = ["map_object", "split"]

MAPPERS = reading_data({
    "transaction": transaction_events,
    "track": track_events,
    "order": order_events,
    "batch": batch_events,
    "rate": rate_events,
})


def map_object(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """The canonical events one Shippo object states; a payload that cannot be mapped is a PayloadError."""
    return mapped_by_type("Shippo", MAPPERS, obj, ctx)
