"""Finance perspective: revenue, discounts, tax, shipping, refunds, fees, expected vs settled net, journal."""

from __future__ import annotations

from canonical_model.events import Event, FeeCharged, PaymentCaptured, RefundIssued, SettlementLineRecorded
from canonical_model.journal import ChartOfAccounts, balanced_entry, credit, debit
from canonical_model.money import Money, total
from canonical_model.refunds import distinct_refunds
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


def _sale_entry(order_id: str, commerce: CommerceView, chart: ChartOfAccounts) -> JournalEntry:
    assert commerce.placed_at is not None and commerce.total is not None
    gross = commerce.subtotal + commerce.discount_total
    tax = commerce.tax_total
    revenue = gross - tax if _taxes_inside(commerce) else gross
    lines = [
        debit(chart.receivable, commerce.total),
        debit(chart.discounts, commerce.discount_total),
        credit(chart.revenue, revenue),
        credit(chart.shipping_revenue, commerce.shipping_total),
        credit(chart.sales_tax, tax),
    ]
    memo = f"sale {commerce.name or order_id}"
    return balanced_entry(f"{order_id}:sale", commerce.placed_at, memo, lines, chart.suspense)


def _taxes_inside(commerce: CommerceView) -> bool:
    # When the stated total equals subtotal + shipping, the tax was already inside the prices.
    return commerce.total == commerce.subtotal + commerce.shipping_total and not commerce.tax_total.is_zero()


def _event_entry(event: Event, chart: ChartOfAccounts) -> JournalEntry | None:
    body = event.body
    ref = f"{event.source.system} {event.source.object_type} {event.source.object_id}"
    if isinstance(body, RefundIssued):
        lines = [debit(chart.refunds, body.amount), credit(chart.receivable, body.amount)]
        memo = f"refund {ref}"
    elif isinstance(body, FeeCharged):
        lines = [debit(f"{chart.fees}:{body.fee_type}", body.amount), credit(chart.receivable, body.amount)]
        memo = f"{body.fee_type} fee {ref}"
    elif isinstance(body, SettlementLineRecorded):
        fee = body.fee or Money.zero(body.amount.currency)
        lines = [debit(chart.clearing, body.amount - fee), debit(f"{chart.fees}:payment_processing", fee),
                 credit(chart.receivable, body.amount)]
        memo = f"settlement {body.settlement_id} line {body.line_id} ({body.line_type})"
    else:
        return None
    return balanced_entry(f"{event.id}", event.occurred_at, memo, lines, chart.suspense, event.period)


def _fees(events: list[Event]) -> list[FeeView]:
    fees = []
    for event in events:
        body = event.body
        if isinstance(body, FeeCharged):
            fees.append(FeeView(body.fee_type, body.amount, event.source.system))
        elif isinstance(body, SettlementLineRecorded) and body.fee is not None and not body.fee.is_zero():
            fees.append(FeeView("payment_processing", body.fee, f"{event.source.system} payout {body.settlement_id}"))
    return fees


def finance_view(order_id: str, events: list[Event], commerce: CommerceView,
                 chart: ChartOfAccounts | None = None) -> tuple[FinanceView, list[Finding]]:
    """Fold sorted events into the finance perspective, with any currency contradictions found on the way."""
    chart = chart or ChartOfAccounts()
    findings: list[Finding] = []
    currency = commerce.currency
    if currency is None:
        return FinanceView(), findings
    refunds = _amounts_in(currency, [e.body.amount for e in distinct_refunds(events)], findings, "a refund")
    fees = [fee for fee in _fees(events) if _amounts_in(currency, [fee.amount], findings, f"a {fee.type} fee")]
    captures = _amounts_in(currency, [e.body.amount for e in events if isinstance(e.body, PaymentCaptured)],
                           findings, "a payment")
    settlement = [e.body for e in events if isinstance(e.body, SettlementLineRecorded)]
    settled = _amounts_in(currency, [line.amount - (line.fee or Money.zero(line.amount.currency))
                                     for line in settlement], findings, "a settlement line")
    refund_total, fee_total = total(refunds, currency), total([fee.amount for fee in fees], currency)
    entries = [_sale_entry(order_id, commerce, chart)] if commerce.placed_at and commerce.total else []
    kept_refunds = {id(event) for event in distinct_refunds(events)}
    counted = [event for event in events if not isinstance(event.body, RefundIssued) or id(event) in kept_refunds]
    entries += [entry for event in counted if (entry := _event_entry(event, chart)) is not None]
    gross = commerce.subtotal + commerce.discount_total if commerce.subtotal is not None else None
    net_expected = commerce.total - refund_total - fee_total if commerce.total is not None else None
    return FinanceView(
        currency=currency,
        gross_revenue=gross,
        discount_total=commerce.discount_total,
        tax_total=commerce.tax_total,
        shipping_revenue=commerce.shipping_total,
        refund_total=refund_total,
        fee_total=fee_total,
        cogs=None,
        margin=None,
        net_expected=net_expected,
        settled_net=total(settled, currency) if settlement else None,
        captured=total(captures, currency) if captures else None,
        fees=tuple(fees),
        journal_entries=tuple(entries),
    ), findings
