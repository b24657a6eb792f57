"""Stripe Connect application fees and their refunds as FeeCharged of type application_fee.

An application fee is positive, as Stripe states it; a fee refund gives part of it back and is a
negative fee of the same type, so the fees of one type add up to what was kept. Both are immutable
once created: the version is the object id, and the refunds an application fee nests map as they do
fetched alone.
"""

from __future__ import annotations

from typing import Any

from adapters.stripe.common import Via, currency_of, identifier, link, minor_money, nested, origin, unix_time
from adapters.stripe.references import charge_reference, references
from adapters.toolkit import MappingContext, Reader
from canonical_model.events import Event, FeeCharged

APPLICATION_FEE = "application_fee"


def application_fee_events(r: Reader, pointer: str, ctx: MappingContext, via: Via) -> list[Event]:
    """FeeCharged of the application fee, for the charge it was taken from; then its refunds."""
    fee_id = identifier(r)
    currency = currency_of(r)
    charge_id = link(r, "charge")
    body = FeeCharged(APPLICATION_FEE, minor_money(r, "amount", currency), charge_id)
    found = references(r, ("charge",)) + via.references + platform_charge(ctx, r)
    source = origin(ctx, "application_fee", fee_id, fee_id, pointer, {**via.context, **fee_context(r)}, found)
    events = [source.event(body, unix_time(r, "created"))]
    for refund, suffix in nested(r, "refunds"):
        events += fee_refund_events(refund, pointer + suffix, ctx, via.inherit(source.references))
    return events


def platform_charge(ctx: MappingContext, fee: Reader) -> tuple[str, ...]:
    """The followed reference of the charge of this account the fee came from: `originating_transaction` (a
    destination charge); the fee's `charge` is the payment on the connected account, another account's object."""
    return charge_reference(ctx, fee, "originating_transaction")


def fee_context(r: Reader) -> dict[str, Any]:
    """Which application and connected account the fee is about, and where it came from."""
    fee_source = r.child("fee_source") or Reader({}, r.at("fee_source"))
    return {
        "application": link(r, "application"),
        "connected_account": link(r, "account"),
        "charge": link(r, "charge"),
        "fee_source_type": fee_source.text("type"),
        "originating_transaction": link(r, "originating_transaction"),
        "balance_transaction": link(r, "balance_transaction"),
        "livemode": r.data.get("livemode"),
    }


def fee_refund_events(r: Reader, pointer: str, ctx: MappingContext, via: Via) -> list[Event]:
    """FeeCharged of minus the refunded amount, referring to the application fee it gives back."""
    refund_id = identifier(r)
    currency = currency_of(r)
    fee_id = link(r, "fee")
    body = FeeCharged(APPLICATION_FEE, -minor_money(r, "amount", currency), fee_id)
    context = {**via.context, "kind": "fee_refund", "application_fee": fee_id,
               "balance_transaction": link(r, "balance_transaction")}
    fee = r.data.get("fee")
    fee_charge = platform_charge(ctx, Reader(fee, r.at("fee"))) if isinstance(fee, dict) else ()
    found = references(r, ("fee",)) + via.references + fee_charge
    source = origin(ctx, "fee_refund", refund_id, refund_id, pointer, context, found)
    return [source.event(body, unix_time(r, "created"))]
