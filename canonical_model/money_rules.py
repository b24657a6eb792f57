"""Order rules on money: REFUND_NOT_SETTLED, PAYOUT_VARIANCE, FEE_ANOMALY and PERIOD_MISMATCH.

A refund is settled by a settlement line of the order that takes exactly its amount back, by the refund
lines of one settlement that add up to it, or by a credit note (or refund receipt) of its amount; each
settling record settles one refund only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from canonical_model.accounting_events import InvoiceRecorded
from canonical_model.costing import CostMovement
from canonical_model.events import Event, FeeCharged, RefundIssued, SettlementLineRecorded
from canonical_model.money import Money, minor_units, total
from canonical_model.recognition import RevenueEvent
from canonical_model.reconciliation_policy import ReconciliationPolicy, classify, dated, describe, finding
from canonical_model.views import CommerceView, FinanceView, Finding

CREDIT_KINDS = {"CREDIT_NOTE", "REFUND_RECEIPT"}


def _source_key(event: Event) -> tuple[str, str, str]:
    return (event.source.system, event.source.object_type, event.source.object_id)


def _settling_records(events: list[Event]) -> list[tuple[Money, list[Event]]]:
    """Candidates that can settle a refund: single negative lines, refund lines per settlement, the money lines
    (fees apart) of one source record such as a marketplace's refund event, and credit notes."""
    candidates: list[tuple[Money, list[Event]]] = []
    # A settlement line with a fee twin from the same record and key is a fee, not money given back.
    fees = {(*_source_key(e), e.key) for e in events if isinstance(e.body, FeeCharged)}
    groups: dict[tuple[str, ...], list[Event]] = defaultdict(list)
    for event in events:
        body = event.body
        if isinstance(body, SettlementLineRecorded):
            if (*_source_key(event), event.key) not in fees:
                groups[("record", *_source_key(event))].append(event)
            if body.amount.amount < 0:
                candidates.append((-body.amount, [event]))
                if "REFUND" in body.line_type.upper():
                    groups[("settlement", body.settlement_id)].append(event)
        elif isinstance(body, InvoiceRecorded) and body.kind.upper() in CREDIT_KINDS:
            candidates.append((Money(abs(body.total.amount), body.total.currency), [event]))
    for lines in groups.values():
        if len(lines) > 1:
            candidates.append((-total([e.body.amount for e in lines], lines[0].body.amount.currency), lines))
    return candidates


def refunds_not_settled(order_id: str, events: list[Event], policy: ReconciliationPolicy,
                        now: datetime | None) -> list[Finding]:
    """Refunds with no settlement line or credit note taking their amount back (yet)."""
    candidates, used, findings = _settling_records(events), set(), []
    for event in events:
        body = event.body
        if not isinstance(body, RefundIssued) or body.amount.is_zero():
            continue
        match = next((records for amount, records in candidates
                      if amount == body.amount and not {r.id for r in records} & used), None)
        if match is not None:
            used |= {record.id for record in match}
            continue
        classification, window = classify(event.occurred_at, policy.refund_window, now)
        explanation = (f"refund of {body.amount} on {dated(event)} ({describe(event)}) has no matching settlement "
                       f"line or credit note; {window}")
        findings.append(finding("REFUND_NOT_SETTLED", body.refund_id, classification, explanation, [event],
                                amount=body.amount, order_id=order_id))
    return findings


def payout_variance(order_id: str, events: list[Event], finance: FinanceView, policy: ReconciliationPolicy,
                    now: datetime | None, name: str | None = None) -> list[Finding]:
    """Settled net that differs from expected net by more than the tolerance, once anything has settled."""
    if finance.settled_net is None or finance.net_expected is None:
        return []
    gap = finance.settled_net - finance.net_expected
    if abs(gap.amount) <= policy.payout_tolerance:
        return []
    lines = [e for e in events if isinstance(e.body, SettlementLineRecorded)]
    money = [e for e in events if isinstance(e.body, (SettlementLineRecorded, RefundIssued, FeeCharged))]
    classification, window = classify(money[-1].occurred_at, policy.settlement_window, now)
    named = ", ".join(dict.fromkeys(f"{describe(e)} in settlement {e.body.settlement_id} on {dated(e)}" for e in lines))
    direction = "more" if gap.amount > 0 else "less"
    explanation = (f"{name or f'order {order_id}'}: settled net {finance.settled_net} ({named}) is {direction} than "
                   f"expected net {finance.net_expected} (total less refunds {finance.refund_total} and fees kept) "
                   f"by {Money(abs(gap.amount), gap.currency)}; {window}")
    return [finding("PAYOUT_VARIANCE", order_id, classification, explanation, lines,
                    amount=Money(abs(gap.amount), gap.currency), order_id=order_id)]


def fee_anomalies(order_id: str, channel: str, events: list[Event], commerce: CommerceView,
                  policy: ReconciliationPolicy) -> list[Finding]:
    """Fee types whose rate on the order total is off the channel's usual rate by more than the threshold."""
    if commerce.total is None or commerce.total.is_zero():
        return []
    by_type: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if isinstance(event.body, FeeCharged) and event.body.amount.currency == commerce.total.currency:
            by_type[event.body.fee_type].append(event)
    findings = []
    for fee_type, fee_events in sorted(by_type.items()):
        usual = policy.usual_rate(channel, fee_type)
        charged = total([e.body.amount for e in fee_events], commerce.total.currency)
        rate = charged.amount / commerce.total.amount
        if usual is None or abs(rate - usual) <= policy.fee_rate_threshold:
            continue
        exponent = Decimal(1).scaleb(-minor_units(charged.currency))
        gap = (charged.amount - usual * commerce.total.amount).quantize(exponent, ROUND_HALF_UP)
        explanation = (f"{fee_type} fees of {charged} ({', '.join(describe(e) + ' on ' + dated(e) for e in fee_events)}) "
                       f"are {rate:.2%} of the order total {commerce.total}; {channel} usually charges {usual:.2%}")
        findings.append(finding("FEE_ANOMALY", fee_type, "ERROR", explanation, fee_events,
                                amount=Money(abs(gap), charged.currency), order_id=order_id))
    return findings


def period_mismatches(order_id: str, recognised: tuple[RevenueEvent, ...], movements: tuple[CostMovement, ...],
                      period_of: Callable[[Event], str]) -> list[Finding]:
    """Shipments whose revenue and COGS landed in different periods (e.g. shipped in March, delivered in April)."""
    findings = []
    for part in recognised:
        costs = [m for m in movements if m.kind == "COGS" and m.reference == part.reference and m.cost is not None]
        periods = sorted({period_of(m.event) for m in costs} - {part.period})
        known = [m.cost for m in costs if m.cost is not None]
        if not known or not periods:
            continue
        cogs = total(known, known[0].currency)
        explanation = (f"revenue of {part.revenue} for shipment {part.reference} is recognised in {part.period} "
                       f"({describe(part.event)} on {dated(part.event)}) but its COGS of {cogs} is in "
                       f"{', '.join(periods)} ({describe(costs[0].event)} on {dated(costs[0].event)})")
        findings.append(finding("PERIOD_MISMATCH", part.reference, "ERROR", explanation,
                                [part.event, *(m.event for m in costs)], amount=cogs, order_id=order_id))
    return findings
