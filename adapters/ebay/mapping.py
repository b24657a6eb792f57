"""eBay payloads to canonical events: pure functions, no I/O.

`split` finds the objects in a document; `map_object` turns one object into events. Each kind of object
has its own module: orders (with their lines), shipments, transactions (with their fees) and payouts.
"""

from __future__ import annotations

from collections.abc import Callable

from adapters.ebay.common import path_of
from adapters.ebay.orders import order_events
from adapters.ebay.payouts import payout_events
from adapters.ebay.shipments import fulfillment_events
from adapters.ebay.split import split
from adapters.ebay.transactions import transaction_events
from adapters.toolkit import MappingContext, PayloadError, SourceObject
from canonical_model.events import Event
from canonical_model.money import MoneyError

__all__ = ["map_object", "split"]

MAPPERS: dict[str, Callable[[SourceObject, MappingContext], list[Event]]] = {
    "order": order_events,
    "shipping_fulfillment": fulfillment_events,
    "transaction": transaction_events,
    "payout": payout_events,
}


def map_object(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """The canonical events one eBay object states; a payload that cannot be mapped is a PayloadError."""
    mapper = MAPPERS.get(obj.object_type)
    if mapper is None:
        raise PayloadError(obj.object_type, f"unsupported eBay object type {obj.object_type!r}; supported: "
                           f"{', '.join(MAPPERS)}")
    try:
        return mapper(obj, ctx)
    except MoneyError as error:
        # Amounts in two currencies inside one object; name the object rather than crash the run.
        raise PayloadError(path_of(obj.pointer) or obj.object_type, str(error)) from error
