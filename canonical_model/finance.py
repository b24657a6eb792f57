"""Finance perspective: revenue by recognition policy and period, refunds, fees, COGS, margin, net, journal.

Net expected is what the channel owes after its fees and the refunds: fees billed separately by a system
that neither took the order nor settles it (a carrier's label, a 3PL's invoice) are costs of the order
but are not deducted from its payout, so they stay out of net expected. COGS comes from the costing of
the stock moves (passed in as the order's cost movements); without it COGS and margin stay unknown.
Margin = recognised net revenue - refunds (without tax) - COGS - fees.
"""

from __future__ import annotations

from dataclasses import dataclass

from canonical_model.bom import NO_BUNDLES, BillOfMaterials
from canonical_model.costing import CostMovement
from canonical_model.events import Event, FeeCharged, PaymentCaptured, RefundIssued, SettlementLineRecorded
from canonical_model.journal import ChartOfAccounts
from canonical_model.margins import DatedAmount, line_margins, period_amounts, refund_without_tax, signed_cogs
from canonical_model.money import Money, total
from canonical_model.order_journal import order_entries, settling_systems
from canonical_model.recognition import RecognitionPolicy, revenue_recognition
from canonical_model.views import CommerceView, FeeView, FinanceView, Finding, JournalEntry


def _amounts_in(currency: str, amounts: list[Money], findings: list[Finding], what: str) -> list[Money]:
    """Amounts in the order's currency; others are reported, never silently mixed or dropped."""
    for amount in amounts:
        if amount.currency != currency:
            findings.append(Finding(
                kind="SOURCE_INCONSISTENT", key=f"SOURCE_INCONSISTENT:currency:{what}:{amount.currency}",
                severity="WARNING", classification="ERROR", amount=amount,
                explanation=f"{what} of {amount} is not in the order currency {currency} and is left out of its totals",
            ))
    return [amount for amount in amounts if amount.currency == currency]


def _fees(events: list[Event]) -> list[tuple[FeeView, Event]]:
    fees = []
    for event in events:
        body = event.body
        if isinstance(body, FeeCharged):
            fees.append((FeeView(body.fee_type, body.amount, event.source.system), event))
        elif isinstance(body, SettlementLineRecorded) and body.fee is not None and not body.fee.is_zero():
            fees.append((FeeView("payment_processing", body.fee, f"{event.source.system} payout {body.settlement_id}"),
                         event))
    return fees


def _deducted_by_channel(settling: set[str], event: Event) -> bool:
    """A fee the channel or a settling system keeps from the payout (not one billed separately)."""
    return isinstance(event.body, SettlementLineRecorded) or event.source.system in settling


def _cogs(movements: tuple[CostMovement, ...] | None, currency: str) -> tuple[Money | None, tuple[str, ...]]:
    if movements is None:
        return None, ()
    unknown = tuple(
        f"{m.uncosted_units or m.quantity} of {m.quantity} units of {m.sku} "
        f"{'shipped' if m.kind == 'COGS' else 'restocked'} in {m.reference} at {m.location} have no known cost"
        for m in movements if m.cost is None)
    costs = [signed_cogs(m) for m in movements]
    return (None if unknown else total([c for c in costs if c is not None and c.currency == currency], currency)), unknown


def _balance(entries: tuple[JournalEntry, ...], account: str, currency: str) -> Money:
    """Credit balance of an account over the entries."""
    lines = [line for entry in entries for line in entry.lines if line.account == account]
    return total([line.credit - line.debit for line in lines if line.credit.currency == currency], currency)


@dataclass(frozen=True)
class _Collected:
    """The order's money facts in its currency (others reported as findings)."""

    refund_events: list[Event]
    refunds: list[Money]
    fees: list[tuple[FeeView, Event]]
    captures: list[Money]
    settlement: list[Event]
    settled: list[Money]


def _collect(events: list[Event], currency: str, findings: list[Finding]) -> _Collected:
    refund_events = [e for e in events if isinstance(e.body, RefundIssued)]
    settlement = [e for e in events if isinstance(e.body, SettlementLineRecorded)]
    return _Collected(
        refund_events=refund_events,
        refunds=_amounts_in(currency, [e.body.amount for e in refund_events], findings, "a refund"),
        fees=[(fee, event) for fee, event in _fees(events)
              if _amounts_in(currency, [fee.amount], findings, f"a {fee.type} fee")],
        captures=_amounts_in(currency, [e.body.amount for e in events if isinstance(e.body, PaymentCaptured)],
                             findings, "a payment"),
        settlement=settlement,
        settled=_amounts_in(currency, [e.body.amount - (e.body.fee or Money.zero(e.body.amount.currency))
                                       for e in settlement], findings, "a settlement line"),
    )


def _remitted(settlement: list[Event], currency: str) -> Money:
    return total([e.body.amount for e in settlement if e.body.remitted_tax and e.body.amount.currency == currency],
                 currency)


def finance_view(order_id: str, events: list[Event], commerce: CommerceView,
                 chart: ChartOfAccounts | None = None, *, recognition: RecognitionPolicy | None = None,
                 costs: tuple[CostMovement, ...] | None = None,
                 bom: BillOfMaterials = NO_BUNDLES) -> tuple[FinanceView, list[Finding]]:
    """Fold sorted events into the finance perspective, with any currency contradictions found on the way.

    `costs` are the order's cost movements (`CostingState.for_order`); None when costing is not known.
    `bom` lets shipments that name a bundle's components recognise the bundle line's revenue.
    """
    chart, policy = chart or ChartOfAccounts(), recognition or RecognitionPolicy()
    findings: list[Finding] = []
    currency = commerce.currency
    if currency is None:
        return FinanceView(), findings
    money = _collect(events, currency, findings)
    refund_total, fee_total = total(money.refunds, currency), total([fee.amount for fee, _ in money.fees], currency)
    settling = settling_systems(events)
    deducted = total([fee.amount for fee, event in money.fees if _deducted_by_channel(settling, event)], currency)
    recognised = revenue_recognition(events, commerce, policy, bom)
    cogs, cogs_unknown = _cogs(costs, currency)
    revenue = total([part.revenue for part in recognised], currency)
    refunds = [DatedAmount(e, refund_without_tax(e.body)) for e in money.refund_events]
    refunds_net = total([item.amount for item in refunds if item.amount.currency == currency], currency)
    entries = tuple(order_entries(order_id, events, commerce, chart, policy.calendar, recognised, costs or ()))
    return FinanceView(
        currency=currency,
        gross_revenue=commerce.subtotal + commerce.discount_total if commerce.subtotal is not None else None,
        discount_total=commerce.discount_total, tax_total=commerce.tax_total, shipping_revenue=commerce.shipping_total,
        refund_total=refund_total, refunds_without_tax=refunds_net, fee_total=fee_total, cogs=cogs,
        margin=revenue - refunds_net - cogs - fee_total if cogs is not None else None,
        # Tax a marketplace remits itself was never the seller's: its withheld lines (signed as the channel
        # signs them, negative when kept) come off what the channel owes.
        net_expected=commerce.total - refund_total - deducted + _remitted(money.settlement, currency)
        if commerce.total is not None else None,
        settled_net=total(money.settled, currency) if money.settlement else None,
        captured=total(money.captures, currency) if money.captures else None,
        fees=tuple(fee for fee, _ in money.fees), journal_entries=entries,
        recognition_policy=policy.revenue_at, recognised_revenue=revenue,
        deferred_revenue=_balance(entries, chart.deferred_revenue, currency) if entries else None,
        periods=period_amounts(currency, policy.calendar, recognised, costs or (),
                               [DatedAmount(event, fee.amount) for fee, event in money.fees], refunds),
        lines=line_margins(commerce, recognised, costs, money.refund_events), cogs_unknown=cogs_unknown,
        first_settled_at=money.settlement[0].occurred_at if money.settlement else None,
        last_settled_at=money.settlement[-1].occurred_at if money.settlement else None,
    ), findings
