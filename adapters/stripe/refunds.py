"""Stripe refunds as RefundIssued, nested in their charge or fetched alone, under the same identity.

A refund's version is its id: a pending refund that later succeeds is one refund, not two. A refund
that failed or was canceled gave no money back and states no RefundIssued (the catalogue has no fact
for a refund that did not happen; its payload stays with the hub).
"""

from __future__ import annotations

from typing import Any

from adapters.stripe.common import Via, currency_of, identifier, link, minor_money, origin, unix_time
from adapters.stripe.references import charge_reference, references
from adapters.toolkit import MappingContext, Reader
from canonical_model.events import Event, RefundIssued

_NOT_REFUNDED = {"failed", "canceled"}


def refund_events(r: Reader, pointer: str, ctx: MappingContext, via: Via) -> list[Event]:
    """RefundIssued with the refund's amount, signed as Stripe signs it; none for a failed or canceled refund."""
    refund_id = identifier(r)
    currency = currency_of(r)
    amount = minor_money(r, "amount", currency)
    if r.text("status") in _NOT_REFUNDED:
        return []
    found = references(r, ("charge", "payment_intent")) + via.references + charge_reference(ctx, r, "charge")
    source = origin(ctx, "refund", refund_id, refund_id, pointer, {**via.context, **refund_context(r)}, found)
    return [source.event(RefundIssued(refund_id, amount, payment_refund_id=refund_id), unix_time(r, "created"))]


def refund_context(r: Reader) -> dict[str, Any]:
    """Why and how the money went back: reason, status, description and the objects it moves."""
    destination = r.child("destination_details") or Reader({}, r.at("destination_details"))
    return {
        "reason": r.text("reason"),
        "status": r.text("status"),
        "description": r.text("description"),
        "failure_reason": r.text("failure_reason"),
        "destination_type": destination.text("type"),
        "charge": link(r, "charge"),
        "payment_intent": link(r, "payment_intent"),
        "balance_transaction": link(r, "balance_transaction"),
    }
