"""Stripe balance transactions as settlement lines, with one FeeCharged per entry of their fee breakdown.

A balance transaction is immutable apart from its status, so its version is its id. The line's
amount is Stripe's gross `amount`, signed as Stripe signs it (credits positive), and its fee is
Stripe's `fee` (net = amount - fee). Stripe does not say on a balance transaction which payout pays
it out, except on the payout's own transaction (type payout, source the payout): every other line
is in settlement "pending" until a payout-level report says otherwise. Stripe's fees are a cost and
stated positive; a fee refund (a dispute fee given back) is stated negative, as Stripe states it.
The FeeCharged facts name their settlement line in context: they itemise the line's `fee`.
"""

from __future__ import annotations

from typing import Any

from adapters.stripe.common import (
    Via,
    amount_text,
    currency_of,
    identifier,
    link,
    minor_money,
    optional_time,
    origin,
    plain,
    unix_time,
)
from adapters.stripe.references import references
from adapters.toolkit import MappingContext, Reader
from canonical_model.events import Event, FeeCharged, SettlementLineRecorded

PENDING = "pending"
_PAYOUT_TYPES = {"payout", "payout_cancel", "payout_failure", "payout_minimum_balance_hold",
                 "payout_minimum_balance_release"}


def balance_transaction_events(r: Reader, pointer: str, ctx: MappingContext, via: Via) -> list[Event]:
    """SettlementLineRecorded of the transaction, then FeeCharged for each fee_details entry."""
    line_id = identifier(r)
    currency = currency_of(r)
    line_type = str(r.required("type"))
    source_id = link(r, "source")
    settlement_id = source_id if line_type in _PAYOUT_TYPES and source_id else PENDING
    body = SettlementLineRecorded(
        settlement_id=settlement_id,
        line_id=line_id,
        line_type=line_type,
        amount=minor_money(r, "amount", currency),
        description=r.text("description") or r.text("reporting_category"),
        fee=minor_money(r, "fee", currency),
    )
    context = {**via.context, **line_context(r, currency)}
    source = origin(ctx, "balance_transaction", line_id, line_id, pointer, context, references(r, ("source",)) + via.references)
    created = unix_time(r, "created")
    events = [source.event(body, created)]
    for index, detail in enumerate(r.items("fee_details")):
        fee_currency = currency_of(detail)
        fee = FeeCharged(str(detail.required("type")), minor_money(detail, "amount", fee_currency), source_id)
        extra = {"fee_description": detail.text("description"), "fee_application": detail.text("application"),
                 "settlement_line": line_id}
        events.append(source.event(fee, created, key=f"fee_details[{index}]", extra=extra))
    return events


def line_context(r: Reader, currency: str) -> dict[str, Any]:
    """Type, reporting category, status, availability, net and exchange rate of a balance transaction."""
    return {
        "type": r.text("type"),
        "reporting_category": r.text("reporting_category"),
        "status": r.text("status"),
        "available_on": optional_time(r, "available_on"),
        "net": amount_text(r, "net", currency),
        "exchange_rate": plain(r.data.get("exchange_rate")),
        "source": link(r, "source"),
        "balance_type": r.text("balance_type"),
    }
