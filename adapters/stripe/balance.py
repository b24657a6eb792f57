"""Stripe balance transactions as settlement lines, with one FeeCharged per entry of their fee breakdown.

A line states what the transaction moved in the balance: Stripe's `net` (gross `amount` less `fee`),
signed as Stripe signs it (credits positive), and carries no fee of its own: the fee is itemised by
the FeeCharged facts of its `fee_details` (positive costs; a dispute fee given back is negative), so
a fee is counted once, as eBay's and Amazon's lines do. The gross amount and fee stay in context.

Stripe does not say on a balance transaction which payout pays it out: only the listing
`GET /v1/balance_transactions?payout=po_...` does, and `split` hands each transaction of such a
listing its payout as `listed_for_payout`. A line is in that payout's settlement, else in settlement
"pending"; once its payout is known the line is restated (version `<transaction id>@<payout id>`, which
folds after the pending statement of the same moment), while its fees keep the transaction id as
version, so a restated line does not repeat them. The payout's own balance
transaction (type payout, and the failure, cancel and minimum-balance moves) is the money leaving for
the bank, which the payout itself states: as a line of its own settlement it would cancel the lines it
pays out, so it maps to no fact.
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
from adapters.stripe.references import charge_reference, object_references, references
from adapters.toolkit import MappingContext, Reader
from canonical_model.events import Event, FeeCharged, SettlementLineRecorded

PENDING = "pending"
LISTED_FOR_PAYOUT = "listed_for_payout"
# Types whose source is the charge itself (`payment` is a charge by a non-card method, `py_...`).
CHARGE_TYPES = {"charge", "payment"}
PAYOUT_TYPES = {"payout", "payout_cancel", "payout_failure", "payout_minimum_balance_hold",
                 "payout_minimum_balance_release"}


def balance_transaction_events(r: Reader, pointer: str, ctx: MappingContext, via: Via) -> list[Event]:
    """SettlementLineRecorded of the transaction's net, then FeeCharged for each fee_details entry."""
    line_id = identifier(r)
    currency = currency_of(r)
    line_type = str(r.required("type"))
    if line_type in PAYOUT_TYPES:
        return []
    source_id = link(r, "source")
    payout_id = r.text(LISTED_FOR_PAYOUT)
    body = SettlementLineRecorded(
        settlement_id=payout_id or PENDING,
        line_id=line_id,
        line_type=line_type,
        amount=minor_money(r, "net", currency),
        description=r.text("description") or r.text("reporting_category"),
    )
    context = {**via.context, **line_context(r, currency)}
    found = line_references(r) + via.references + line_charge(ctx, r)
    source = origin(ctx, "balance_transaction", line_id, line_id, pointer, context, found)
    created = unix_time(r, "created")
    events = [source.event(body, created, version=f"{line_id}@{payout_id}" if payout_id else None)]
    for index, detail in enumerate(r.items("fee_details")):
        fee_currency = currency_of(detail)
        fee = FeeCharged(str(detail.required("type")), minor_money(detail, "amount", fee_currency), source_id)
        extra = {"fee_description": detail.text("description"), "fee_application": detail.text("application"),
                 "settlement_line": line_id}
        events.append(source.event(fee, created, key=f"fee_details[{index}]", extra=extra))
    return events


def line_references(r: Reader) -> tuple[str, ...]:
    """The order references of the transaction, of its expanded source, and of that source's expanded charge
    (a refund or a dispute names its order only through the charge: `expand[]=data.source.charge`)."""
    found = references(r, ("source",))
    source = r.data.get("source")
    if isinstance(source, dict) and isinstance(source.get("charge"), dict):
        found += object_references(source["charge"])
    return tuple(dict.fromkeys(found))


def line_charge(ctx: MappingContext, r: Reader) -> tuple[str, ...]:
    """The followed reference of the charge the transaction moves money for: its source when that is the charge,
    else the charge its expanded source names (a refund, a dispute, an application fee)."""
    source = r.data.get("source")
    if isinstance(source, dict):
        expanded = Reader(source, r.at("source"))
        return charge_reference(ctx, expanded, "id" if source.get("object") == "charge" else "charge")
    return charge_reference(ctx, r, "source") if r.text("type") in CHARGE_TYPES else ()


def line_context(r: Reader, currency: str) -> dict[str, Any]:
    """Type, reporting category, status, availability, net and exchange rate of a balance transaction."""
    return {
        "type": r.text("type"),
        "reporting_category": r.text("reporting_category"),
        "status": r.text("status"),
        "available_on": optional_time(r, "available_on"),
        "gross": amount_text(r, "amount", currency),
        "fee": amount_text(r, "fee", currency),
        "net": amount_text(r, "net", currency),
        "exchange_rate": plain(r.data.get("exchange_rate")),
        "source": link(r, "source"),
        "balance_type": r.text("balance_type"),
        "payout": r.text(LISTED_FOR_PAYOUT),
    }
