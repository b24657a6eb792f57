"""ShipBob payloads to canonical events: pure functions, no I/O.

`split` finds the objects in a document; `map_object` turns one object into events. ShipBob fulfils for
the brand, it does not sell: its order and shipment facts carry the order references the channel gave it
(`order_number`, `reference_id`) and no order, and the hub matches them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from adapters.shipbob.common import path_of
from adapters.shipbob.inventory import inventory_events, inventory_level_events
from adapters.shipbob.orders import order_events
from adapters.shipbob.receiving import receiving_events
from adapters.shipbob.shipments import shipment_events
from adapters.shipbob.split import split
from adapters.toolkit import MappingContext, PayloadError, SourceObject
from canonical_model.events import Event
from canonical_model.money import MoneyError

__all__ = ["map_object", "split"]

MAPPERS: dict[str, Callable[[Any, str, MappingContext], list[Event]]] = {
    "order": order_events,
    "shipment": shipment_events,
    "inventory": inventory_events,
    "inventory_level": inventory_level_events,
    "receiving": receiving_events,
}


def map_object(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """The canonical events one ShipBob object states; a payload that cannot be mapped is a PayloadError."""
    mapper = MAPPERS.get(obj.object_type)
    if mapper is None:
        raise PayloadError(obj.object_type, f"unsupported ShipBob object type {obj.object_type!r}; "
                           f"supported: {', '.join(MAPPERS)}")
    try:
        return mapper(obj.data, obj.pointer, ctx)
    except MoneyError as error:
        raise PayloadError(path_of(obj.pointer) or obj.object_type, str(error)) from error
