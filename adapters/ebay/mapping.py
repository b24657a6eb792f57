"""eBay payloads to canonical events: pure functions, no I/O.

`split` finds the objects in a document; `map_object` turns one object into events. Each kind of object
has its own module: orders (with their lines), shipments, transactions (with their fees) and payouts.
"""

from __future__ import annotations

from adapters.ebay.orders import order_events
from adapters.ebay.payouts import payout_events
from adapters.ebay.shipments import fulfillment_events
from adapters.ebay.split import split
from adapters.ebay.transactions import transaction_events
from adapters.toolkit import MappingContext, SourceObject
from adapters.toolkit.mapping import ObjectMapper, mapped_by_type
from canonical_model.events import Event

__all__ = ["map_object", "split"]

MAPPERS: dict[str, ObjectMapper] = {
    "order": order_events,
    "shipping_fulfillment": fulfillment_events,
    "transaction": transaction_events,
    "payout": payout_events,
}


def map_object(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """The canonical events one eBay object states; a payload that cannot be mapped is a PayloadError."""
    return mapped_by_type("eBay", MAPPERS, obj, ctx)
