"""ShipStation payloads to canonical events: pure functions, no I/O.

`split` finds the objects in a document; `map_object` turns one object into events. ShipStation ships
for the brand, it does not sell: its events carry the order references the channel gave it (`orderNumber`,
`orderKey`) and no order, and the hub matches them.
"""

from __future__ import annotations

from adapters.shipstation.fulfillments import fulfillment_events
from adapters.shipstation.orders import order_events
from adapters.shipstation.shipments import shipment_events
from adapters.shipstation.split import split
from adapters.shipstation.webhooks import webhook_events
from adapters.toolkit import MappingContext, SourceObject
from adapters.toolkit.mapping import mapped_by_type, reading_data
from canonical_model.events import Event

__all__ = ["map_object", "split"]

MAPPERS = reading_data({
    "order": order_events,
    "shipment": shipment_events,
    "fulfillment": fulfillment_events,
    "webhook": webhook_events,
})


def map_object(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """The canonical events one ShipStation object states; a payload that cannot be mapped is a PayloadError."""
    return mapped_by_type("ShipStation", MAPPERS, obj, ctx)
