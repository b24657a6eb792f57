"""Stripe payouts as PayoutRecorded; the version is the status, so each status a payout passes through is a fact."""

from __future__ import annotations

from typing import Any

from adapters.stripe.common import Via, currency_of, identifier, link, minor_money, origin, unix_time
from adapters.toolkit import MappingContext, Reader
from canonical_model.events import Event, PayoutRecorded


def payout_events(r: Reader, pointer: str, ctx: MappingContext, via: Via) -> list[Event]:
    """PayoutRecorded with Stripe's amount, status and arrival date; it happened on arrival once paid."""
    payout_id = identifier(r)
    currency = currency_of(r)
    status = str(r.required("status"))
    arrival = unix_time(r, "arrival_date")
    body = PayoutRecorded(payout_id, minor_money(r, "amount", currency), status.upper(), deposit_date=arrival)
    source = origin(ctx, "payout", payout_id, status, pointer, {**via.context, **payout_context(r)}, via.references)
    return [source.event(body, arrival if status == "paid" else unix_time(r, "created"))]


def payout_context(r: Reader) -> dict[str, Any]:
    """How and why the payout went as it did: method, schedule, failure, reversal and its balance transaction."""
    return {
        "status": r.text("status"),
        "method": r.text("method"),
        "type": r.text("type"),
        "automatic": r.data.get("automatic"),
        "description": r.text("description"),
        "statement_descriptor": r.text("statement_descriptor"),
        "source_type": r.text("source_type"),
        "reconciliation_status": r.text("reconciliation_status"),
        "failure_code": r.text("failure_code"),
        "failure_message": r.text("failure_message"),
        "balance_transaction": link(r, "balance_transaction"),
        "failure_balance_transaction": link(r, "failure_balance_transaction"),
        "original_payout": link(r, "original_payout"),
        "reversed_by": link(r, "reversed_by"),
        "livemode": r.data.get("livemode"),
    }
