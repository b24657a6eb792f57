"""Stripe charges and payment intents as payment facts.

A payment is identified by its charge, the object that moves the money (balance transactions,
refunds and disputes all point at it). A payment intent that embeds its charges maps them as if
they were fetched alone; one that only names its latest charge states its fact under that charge's
identity. Either way a charge and its payment intent never count one payment twice. The version of
a charge's facts is the charge id: a charge is authorized once and captured once.
"""

from __future__ import annotations

from typing import Any

from adapters.stripe.common import (
    GATEWAY,
    Via,
    currency_of,
    identifier,
    link,
    minor_money,
    nested,
    origin,
    unix_time,
)
from adapters.stripe.references import charge_reference, references
from adapters.stripe.refunds import refund_events
from adapters.toolkit import MappingContext, Reader
from canonical_model.events import Event, PaymentAuthorized, PaymentCaptured

_SUCCEEDED = {"succeeded", "paid"}  # "paid" is how charges of old API versions said succeeded


def charge_events(r: Reader, pointer: str, ctx: MappingContext, via: Via) -> list[Event]:
    """PaymentCaptured for a captured, succeeded charge, PaymentAuthorized for an uncaptured one; its refunds."""
    charge_id = identifier(r)
    currency = currency_of(r)
    found = references(r, ("payment_intent",)) + via.references + charge_reference(ctx, r, "id")
    source = origin(ctx, "charge", charge_id, charge_id, pointer, {**via.context, **charge_context(r)}, found)
    events = []
    body = charge_payment(r, charge_id, currency)
    if body is not None:
        events.append(source.event(body, unix_time(r, "created")))
    for refund, suffix in nested(r, "refunds"):
        events += refund_events(refund, pointer + suffix, ctx, via.inherit(source.references))
    return events


def charge_payment(r: Reader, charge_id: str, currency: str) -> PaymentCaptured | PaymentAuthorized | None:
    """The payment a charge states; None while it is pending or when it failed."""
    if r.text("status") not in _SUCCEEDED:
        return None
    if r.data.get("captured") is True:
        # Charges of older API versions state no amount_captured (dj-stripe fills in 0): the whole amount was taken.
        name = "amount_captured" if r.data.get("amount_captured") else "amount"
        return PaymentCaptured(charge_id, minor_money(r, name, currency), GATEWAY)
    return PaymentAuthorized(charge_id, minor_money(r, "amount", currency), GATEWAY)


def charge_context(r: Reader) -> dict[str, Any]:
    """Why the charge went the way it did (outcome, failure) and how it was paid, never card holder data."""
    outcome = r.child("outcome") or Reader({}, r.at("outcome"))
    details = r.child("payment_method_details") or Reader({}, r.at("payment_method_details"))
    return {
        "status": r.text("status"),
        "captured": r.data.get("captured"),
        "outcome_type": outcome.text("type"),
        "outcome_reason": outcome.text("reason"),
        "seller_message": outcome.text("seller_message"),
        "network_status": outcome.text("network_status"),
        "risk_level": outcome.text("risk_level"),
        "failure_code": r.text("failure_code"),
        "failure_message": r.text("failure_message"),
        "payment_method_type": details.text("type"),
        "statement_descriptor": r.text("calculated_statement_descriptor") or r.text("statement_descriptor"),
        "payment_intent": link(r, "payment_intent"),
        "balance_transaction": link(r, "balance_transaction"),
        "invoice": link(r, "invoice"),
        "livemode": r.data.get("livemode"),
    }


def payment_intent_events(r: Reader, pointer: str, ctx: MappingContext, via: Via) -> list[Event]:
    """The payment facts of a payment intent: its embedded charges, else its own status and amounts."""
    intent_id = identifier(r)
    currency = currency_of(r)
    own = via.inherit(references(r))
    charges = nested(r, "charges")
    latest = r.data.get("latest_charge")
    if not charges and isinstance(latest, dict):
        charges = [(Reader(latest, r.at("latest_charge")), "/latest_charge")]
    if charges:
        return [event for charge, suffix in charges for event in charge_events(charge, pointer + suffix, ctx, own)]
    charge_id = link(r, "latest_charge")
    body = intent_payment(r, charge_id or intent_id, currency)
    if body is None:
        return []
    object_type, object_id = ("charge", charge_id) if charge_id else ("payment_intent", intent_id)
    context = {**via.context, **intent_context(r)}
    found = own.references + charge_reference(ctx, r, "latest_charge")
    source = origin(ctx, object_type, object_id, object_id, pointer, context, found)
    return [source.event(body, unix_time(r, "created"))]


def intent_payment(r: Reader, transaction_id: str, currency: str) -> PaymentCaptured | PaymentAuthorized | None:
    """PaymentCaptured of amount_received once succeeded, PaymentAuthorized of amount_capturable while awaiting capture."""
    status = r.text("status")
    if status == "succeeded":
        return PaymentCaptured(transaction_id, minor_money(r, "amount_received", currency), GATEWAY)
    if status == "requires_capture":
        return PaymentAuthorized(transaction_id, minor_money(r, "amount_capturable", currency), GATEWAY)
    return None


def intent_context(r: Reader) -> dict[str, Any]:
    """Status, capture method and the last error of a payment intent."""
    error = r.child("last_payment_error") or Reader({}, r.at("last_payment_error"))
    methods = r.data.get("payment_method_types")
    return {
        "stated_by": "payment_intent",
        "payment_intent": identifier(r),
        "status": r.text("status"),
        "capture_method": r.text("capture_method"),
        "cancellation_reason": r.text("cancellation_reason"),
        "last_payment_error_type": error.text("type"),
        "last_payment_error_code": error.text("code"),
        "decline_code": error.text("decline_code"),
        "last_payment_error_message": error.text("message"),
        "payment_method_types": ",".join(str(m) for m in methods) if isinstance(methods, list) else None,
        "invoice": link(r, "invoice"),
        "livemode": r.data.get("livemode"),
    }
