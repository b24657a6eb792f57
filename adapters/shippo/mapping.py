"""Shippo payloads to canonical events: pure functions, no I/O.

`split` finds the objects in a document; `map_object` turns one object into events. Shippo is a
carrier, not a sales channel: its events carry the order references it was given (`metadata`, an
order's `order_number`) and no order, and the hub matches them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from adapters.shippo.common import path_of
from adapters.shippo.orders import batch_events, order_events, rate_events
from adapters.shippo.split import split
from adapters.shippo.tracks import track_events
from adapters.shippo.transactions import transaction_events
from adapters.toolkit import MappingContext, PayloadError, SourceObject
from canonical_model.events import Event
from canonical_model.money import MoneyError

__all__ = ["map_object", "split"]

MAPPERS: dict[str, Callable[[Any, str, MappingContext], list[Event]]] = {
    "transaction": transaction_events,
    "track": track_events,
    "order": order_events,
    "batch": batch_events,
    "rate": rate_events,
}


def map_object(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """The canonical events one Shippo object states; a payload that cannot be mapped is a PayloadError."""
    mapper = MAPPERS.get(obj.object_type)
    if mapper is None:
        raise PayloadError(obj.object_type, f"unsupported Shippo object type {obj.object_type!r}")
    try:
        return mapper(obj.data, obj.pointer, ctx)
    except MoneyError as error:
        raise PayloadError(path_of(obj.pointer) or obj.object_type, str(error)) from error
