"""Stripe disputes as ChargebackRecorded, one fact per stage, with the balance transactions each stage moved.

Stripe does not timestamp a dispute's changes, so a stage is its status plus a digest of its balance
transactions' ids: needs_response, under_review, won or lost, and the withdrawal or reinstatement of
funds, are each a fact, while the same stage delivered twice is one (a balance transaction turning
from pending to available is not a new stage). The fee is the sum of the
`fee` of those balance transactions (the dispute fee, net of a dispute fee given back), in their
currency; the balance transactions themselves map as they do fetched alone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from adapters.stripe.balance import balance_transaction_events
from adapters.stripe.common import (
    Via,
    content_version,
    currency_of,
    identifier,
    link,
    minor_money,
    nested,
    optional_time,
    origin,
    unix_time,
)
from adapters.stripe.references import charge_reference, references
from adapters.toolkit import MappingContext, Reader
from canonical_model.accounting_events import ChargebackRecorded
from canonical_model.events import Event
from canonical_model.money import Money, total


def dispute_events(r: Reader, pointer: str, ctx: MappingContext, via: Via) -> list[Event]:
    """ChargebackRecorded of this stage of the dispute, then the facts of its balance transactions."""
    dispute_id = identifier(r)
    currency = currency_of(r)
    status = str(r.required("status"))
    movements = nested(r, "balance_transactions")
    body = ChargebackRecorded(
        dispute_id=dispute_id,
        amount=minor_money(r, "amount", currency),
        status=status.upper(),
        reason=r.text("reason"),
        fee=stage_fee([movement for movement, _ in movements]),
    )
    version = f"{status}:{content_version([identifier(movement) for movement, _ in movements])}"
    found = references(r, ("charge", "payment_intent")) + via.references + charge_reference(ctx, r, "charge")
    source = origin(ctx, "dispute", dispute_id, version, pointer, {**via.context, **dispute_context(r)}, found)
    events = [source.event(body, stage_time(r, [movement for movement, _ in movements]))]
    for movement, suffix in movements:
        events += balance_transaction_events(movement, pointer + suffix, ctx, via.inherit(source.references))
    return events


def stage_fee(movements: list[Reader]) -> Money | None:
    """Sum of the fees of the dispute's balance transactions; None when none has moved money yet."""
    if not movements:
        return None
    fees = [minor_money(movement, "fee", currency_of(movement)) for movement in movements]
    return total(fees, fees[0].currency)


def stage_time(r: Reader, movements: list[Reader]) -> datetime:
    """When this stage happened as far as Stripe says: its latest balance transaction, else the dispute's creation."""
    return max([unix_time(r, "created")] + [unix_time(movement, "created") for movement in movements])


def dispute_context(r: Reader) -> dict[str, Any]:
    """Reason, network reason code, evidence deadline and state, and the charge; never the evidence itself."""
    details = r.child("payment_method_details") or Reader({}, r.at("payment_method_details"))
    card = details.child("card") or Reader({}, details.at("card"))
    evidence = r.child("evidence_details") or Reader({}, r.at("evidence_details"))
    movements = r.data.get("balance_transactions") or []
    return {
        "status": r.text("status"),
        "reason": r.text("reason"),
        "network_reason_code": card.text("network_reason_code"),
        "case_type": card.text("case_type"),
        "evidence_due_by": optional_time(evidence, "due_by"),
        "has_evidence": evidence.data.get("has_evidence"),
        "past_due": evidence.data.get("past_due"),
        "submission_count": evidence.data.get("submission_count"),
        "is_charge_refundable": r.data.get("is_charge_refundable"),
        "charge": link(r, "charge"),
        "payment_intent": link(r, "payment_intent"),
        "balance_transactions": ",".join(str(m.get("id")) for m in movements if isinstance(m, dict)) or None,
    }
