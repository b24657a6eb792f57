"""WooCommerce payloads to canonical events: pure functions, no I/O.

`split` finds the objects in a document; `map_object` turns one object into events. Orders (with the
refunds they list) live in `orders`, their lines in `order_lines`, refund objects in `refunds`.
"""

from __future__ import annotations

from adapters.toolkit import MappingContext, PayloadError, Reader, SourceObject
from adapters.toolkit.mapping import ObjectMapper, mapped_by_type
from adapters.woocommerce.common import path_of
from adapters.woocommerce.orders import deleted_order_events, order_events
from adapters.woocommerce.refunds import refund_events
from adapters.woocommerce.split import split
from canonical_model.events import Event

__all__ = ["map_object", "split"]


def batch_error(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """A batch item WooCommerce refused: it records no fact, so it goes to quarantine with WooCommerce's words."""
    error = Reader(obj.data, path_of(obj.pointer)).child("error")
    code = error.text("code") if error else None
    message = error.text("message") if error else None
    where = f"{path_of(obj.pointer)}.error"
    raise PayloadError(where, f"WooCommerce refused this batch item ({code}: {message}); it records no order fact")


MAPPERS: dict[str, ObjectMapper] = {
    "order": order_events,
    "deleted_order": deleted_order_events,
    "refund": refund_events,
    "batch_error": batch_error,
}


def map_object(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """The canonical events one WooCommerce object states; a payload that cannot be mapped is a PayloadError."""
    return mapped_by_type("WooCommerce", MAPPERS, obj, ctx)
