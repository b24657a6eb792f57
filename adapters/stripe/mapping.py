"""Stripe payloads to canonical events: pure functions, no I/O.

`split` finds the objects in a document; `map_object` turns one object into events by its `object`
kind. A webhook event maps the object it carries, with the event's id and type in context. Stripe
is a payment processor, never the sales channel: its events name no order, only the order
references its objects carry (metadata, descriptions), for the hub to match.
"""

from __future__ import annotations

from collections.abc import Callable

from adapters.stripe.balance import balance_transaction_events
from adapters.stripe.common import Via, identifier, path_of, unix_time
from adapters.stripe.disputes import dispute_events
from adapters.stripe.fees import application_fee_events, fee_refund_events
from adapters.stripe.payments import charge_events, payment_intent_events
from adapters.stripe.payouts import payout_events
from adapters.stripe.refunds import refund_events
from adapters.stripe.split import split
from adapters.toolkit import MappingContext, PayloadError, Reader, SourceObject
from canonical_model.events import Event
from canonical_model.money import MoneyError

__all__ = ["SUPPORTED", "map_object", "split"]

Mapper = Callable[[Reader, str, MappingContext, Via], list[Event]]

MAPPERS: dict[str, Mapper] = {
    "charge": charge_events,
    "payment_intent": payment_intent_events,
    "refund": refund_events,
    "dispute": dispute_events,
    "balance_transaction": balance_transaction_events,
    "payout": payout_events,
    "application_fee": application_fee_events,
    "fee_refund": fee_refund_events,
}
SUPPORTED = ", ".join(MAPPERS) + ", a list of them, or an event carrying one"
# Kinds the adapter knows and leaves out on purpose, with the reason the quarantine shows.
NOT_FACTS = {
    "balance": "a balance is a point-in-time position, not an event; the balance transactions that move it are",
    "transfer": (
        "a transfer to a connected account reaches the books as its balance transaction (type transfer), which "
        "maps to a settlement line; mapping the transfer too would count the same money twice"
    ),
    "transfer_reversal": "its balance transaction (type transfer_refund) states the money it moves",
}


def map_object(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """The canonical events one Stripe object states; a payload that cannot be mapped is a PayloadError."""
    r = Reader(obj.data, path_of(obj.pointer))
    try:
        if obj.object_type == "event":
            return event_events(r, obj.pointer, ctx)
        return object_events(r, obj.pointer, ctx, Via())
    except MoneyError as error:
        # Amounts in two currencies where one is expected; name the object rather than crash the run.
        raise PayloadError(r.path or "document", str(error)) from error


def object_events(r: Reader, pointer: str, ctx: MappingContext, via: Via) -> list[Event]:
    """The events of one Stripe object by its kind; an unsupported kind is refused naming it and why."""
    kind = r.data.get("object")
    mapper = MAPPERS.get(str(kind))
    if mapper is None:
        where = f" in event {via.context['event_type']}" if "event_type" in via.context else ""
        reason = NOT_FACTS.get(str(kind), "the hub has no fact for it")
        raise PayloadError(r.at("object"), f"unsupported Stripe object {kind!r}{where}: {reason}; supported: {SUPPORTED}")
    return mapper(r, pointer, ctx, via)


def event_events(r: Reader, pointer: str, ctx: MappingContext) -> list[Event]:
    """The events of the object a webhook event carries, with the event's id and type in their context."""
    event_id = identifier(r)
    event_type = str(r.required("type"))
    unix_time(r, "created")
    data = r.child("data")
    inner = data.child("object") if data else None
    if inner is None:
        raise PayloadError(r.at("data.object"), "is required")
    via = Via(context={"event_id": event_id, "event_type": event_type})
    return object_events(inner, f"{pointer}/data/object", ctx, via)
