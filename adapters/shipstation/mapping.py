"""ShipStation payloads to canonical events: pure functions, no I/O.

`split` finds the objects in a document; `map_object` turns one object into events. ShipStation ships
for the brand, it does not sell: its events carry the order references the channel gave it (`orderNumber`,
`orderKey`) and no order, and the hub matches them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from adapters.shipstation.common import path_of
from adapters.shipstation.fulfillments import fulfillment_events
from adapters.shipstation.orders import order_events
from adapters.shipstation.shipments import shipment_events
from adapters.shipstation.split import split
from adapters.shipstation.webhooks import webhook_events
from adapters.toolkit import MappingContext, PayloadError, SourceObject
from canonical_model.events import Event
from canonical_model.money import MoneyError

__all__ = ["map_object", "split"]

MAPPERS: dict[str, Callable[[Any, str, MappingContext], list[Event]]] = {
    "order": order_events,
    "shipment": shipment_events,
    "fulfillment": fulfillment_events,
    "webhook": webhook_events,
}


def map_object(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """The canonical events one ShipStation object states; a payload that cannot be mapped is a PayloadError."""
    mapper = MAPPERS.get(obj.object_type)
    if mapper is None:
        raise PayloadError(obj.object_type, f"unsupported ShipStation object type {obj.object_type!r}; "
                           f"supported: {', '.join(MAPPERS)}")
    try:
        return mapper(obj.data, obj.pointer, ctx)
    except MoneyError as error:
        raise PayloadError(path_of(obj.pointer) or obj.object_type, str(error)) from error
