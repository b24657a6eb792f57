"""EasyPost payloads to canonical events: pure functions, no I/O.

`split` finds the objects in a document; `map_object` turns one object into events. EasyPost is a
carrier, not a sales channel: its events carry the order references it was given (`reference`,
options such as invoice_number and print_custom_*) and no order, and the hub matches them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from adapters.easypost.common import path_of
from adapters.easypost.groups import batch_events, order_events
from adapters.easypost.insurance import insurance_events
from adapters.easypost.refunds import refund_events
from adapters.easypost.shipments import shipment_events
from adapters.easypost.split import split
from adapters.easypost.trackers import tracker_events
from adapters.toolkit import MappingContext, PayloadError, SourceObject
from canonical_model.events import Event
from canonical_model.money import MoneyError

__all__ = ["map_object", "split"]

MAPPERS: dict[str, Callable[[Any, str, MappingContext], list[Event]]] = {
    "shipment": shipment_events,
    "tracker": tracker_events,
    "refund": refund_events,
    "insurance": insurance_events,
    "order": order_events,
    "batch": batch_events,
}


def map_object(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """The canonical events one EasyPost object states; a payload that cannot be mapped is a PayloadError."""
    mapper = MAPPERS.get(obj.object_type)
    if mapper is None:
        raise PayloadError(obj.object_type, f"unsupported EasyPost object type {obj.object_type!r}")
    try:
        return mapper(obj.data, obj.pointer, ctx)
    except MoneyError as error:
        raise PayloadError(path_of(obj.pointer) or obj.object_type, str(error)) from error
