"""Shopify payloads to canonical events: pure functions, no I/O.

`split` finds the objects in a document; `map_object` turns one object into events. Each kind of
object has its own module: orders (with their lines), refunds, shipments and payments.
"""

from __future__ import annotations

from adapters.shopify.common import path_of
from adapters.shopify.orders import order_events
from adapters.shopify.payments import payout_events, payout_transaction_events, transaction_events
from adapters.shopify.refunds import refund_events
from adapters.shopify.shipments import fulfillment_event_events, fulfillment_events
from adapters.shopify.split import split
from adapters.toolkit import MappingContext, Reader, SourceObject
from adapters.toolkit.mapping import ObjectMapper, mapped_by_type
from canonical_model.events import Event

__all__ = ["map_object", "split"]


def _refund(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    return refund_events(Reader(obj.data, path_of(obj.pointer)), obj.pointer, ctx)


def _fulfillment(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    return fulfillment_events(Reader(obj.data, path_of(obj.pointer)), obj.pointer, ctx)


MAPPERS: dict[str, ObjectMapper] = {
    "order": order_events,
    "refund": _refund,
    "fulfillment": _fulfillment,
    "fulfillment_event": fulfillment_event_events,
    "transaction": transaction_events,
    "payout": payout_events,
    "payout_transaction": payout_transaction_events,
}


def map_object(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """The canonical events one Shopify object states; a payload that cannot be mapped is a PayloadError."""
    return mapped_by_type("Shopify", MAPPERS, obj, ctx)
