"""ShipHero payloads to canonical events: pure functions, no I/O.

`split` finds the objects in a GraphQL response; `map_object` turns one object into events. ShipHero
fulfils for the brand, it does not sell: its order and shipment events carry the order references the
channel gave it (`order_number`, `partner_order_id`) and no order, and the hub matches them.
"""

from __future__ import annotations

from adapters.shiphero.inventory import product_events, warehouse_product_events
from adapters.shiphero.orders import order_events
from adapters.shiphero.receipts import purchase_order_events
from adapters.shiphero.shipments import shipment_events
from adapters.shiphero.split import split
from adapters.toolkit import MappingContext, SourceObject
from adapters.toolkit.mapping import mapped_by_type, reading_data
from canonical_model.events import Event

__all__ = ["map_object", "split"]

MAPPERS = reading_data({
    "order": order_events,
    "shipment": shipment_events,
    "purchase_order": purchase_order_events,
    "warehouse_product": warehouse_product_events,
    "product": product_events,
})


def map_object(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """The canonical events one ShipHero object states; a payload that cannot be mapped is a PayloadError."""
    return mapped_by_type("ShipHero", MAPPERS, obj, ctx)
