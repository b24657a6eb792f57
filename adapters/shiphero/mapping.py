"""ShipHero payloads to canonical events: pure functions, no I/O.

`split` finds the objects in a GraphQL response; `map_object` turns one object into events. ShipHero
fulfils for the brand, it does not sell: its order and shipment events carry the order references the
channel gave it (`order_number`, `partner_order_id`) and no order, and the hub matches them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from adapters.shiphero.common import path_of
from adapters.shiphero.inventory import product_events, warehouse_product_events
from adapters.shiphero.orders import order_events
from adapters.shiphero.receipts import purchase_order_events
from adapters.shiphero.shipments import shipment_events
from adapters.shiphero.split import split
from adapters.toolkit import MappingContext, PayloadError, SourceObject
from canonical_model.events import Event
from canonical_model.money import MoneyError

__all__ = ["map_object", "split"]

MAPPERS: dict[str, Callable[[Any, str, MappingContext], list[Event]]] = {
    "order": order_events,
    "shipment": shipment_events,
    "purchase_order": purchase_order_events,
    "warehouse_product": warehouse_product_events,
    "product": product_events,
}


def map_object(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """The canonical events one ShipHero object states; a payload that cannot be mapped is a PayloadError."""
    mapper = MAPPERS.get(obj.object_type)
    if mapper is None:
        raise PayloadError(obj.object_type, f"unsupported ShipHero object type {obj.object_type!r}; "
                           f"supported: {', '.join(MAPPERS)}")
    try:
        return mapper(obj.data, obj.pointer, ctx)
    except MoneyError as error:
        raise PayloadError(path_of(obj.pointer) or obj.object_type, str(error)) from error
