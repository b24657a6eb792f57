"""ShipBob payloads to canonical events: pure functions, no I/O.

`split` finds the objects in a document; `map_object` turns one object into events. ShipBob fulfils for
the brand, it does not sell: its order and shipment facts carry the order references the channel gave it
(`order_number`, `reference_id`) and no order, and the hub matches them.
"""

from __future__ import annotations

from adapters.shipbob.inventory import inventory_events, inventory_level_events
from adapters.shipbob.orders import order_events
from adapters.shipbob.receiving import receiving_events
from adapters.shipbob.shipments import shipment_events
from adapters.shipbob.split import split
from adapters.toolkit import MappingContext, SourceObject
from adapters.toolkit.mapping import mapped_by_type, reading_data
from canonical_model.events import Event

__all__ = ["map_object", "split"]

MAPPERS = reading_data({
    "order": order_events,
    "shipment": shipment_events,
    "inventory": inventory_events,
    "inventory_level": inventory_level_events,
    "receiving": receiving_events,
})


def map_object(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """The canonical events one ShipBob object states; a payload that cannot be mapped is a PayloadError."""
    return mapped_by_type("ShipBob", MAPPERS, obj, ctx)
