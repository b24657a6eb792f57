"""An order's journal: placement, revenue recognition, COGS, refunds, fees, chargebacks and settlement lines.

- placement: Dr receivable (total) / Cr deferred revenue (net sales and shipping) + sales tax payable;
- recognition: Dr deferred revenue + discounts / Cr sales (at list value) + shipping revenue;
- cancellation of an unrefunded order: the remaining deferral and its tax reversed against the receivable;
- COGS: Dr COGS / Cr inventory at shipment; a restocked return reverses it;
- refund: Dr refunds (contra revenue) + sales tax (the refunded tax, when stated) / Cr receivable;
- fee: Dr the fee type's expense / Cr receivable when the channel (or a system settling the order) keeps it
  from what it owes, else Cr a payable to the system that bills it (a carrier's label, a 3PL's pick fee);
- chargeback: Dr chargebacks + chargeback fee / Cr receivable when opened; reversed once WON;
- settlement line: Dr payout clearing (net) + the line's fee / Cr receivable (gross).
Each entry lands in the period the calendar gives the event that carries it.
"""

from __future__ import annotations

from canonical_model.accounting_events import ChargebackRecorded
from canonical_model.costing import CostMovement
from canonical_model.events import Event, FeeCharged, OrderCancelled, RefundIssued, SettlementLineRecorded
from canonical_model.journal import ChartOfAccounts, balanced_entry, credit, debit
from canonical_model.money import Money, total
from canonical_model.periods import PeriodCalendar
from canonical_model.recognition import RevenueEvent, allocate, deferred_at_placement
from canonical_model.views import CommerceView, JournalEntry


def describe(event: Event) -> str:
    """The event's source object in words: "shopify refund 9876"."""
    return f"{event.source.system} {event.source.object_type} {event.source.object_id}"


def placement_entry(order_id: str, commerce: CommerceView, chart: ChartOfAccounts,
                    calendar: PeriodCalendar) -> JournalEntry:
    assert commerce.placed_at is not None and commerce.total is not None and commerce.tax_total is not None
    lines = [debit(chart.receivable, commerce.total), credit(chart.deferred_revenue, deferred_at_placement(commerce)),
             credit(chart.sales_tax, commerce.tax_total)]
    return balanced_entry(f"{order_id}:sale", commerce.placed_at, f"sale {commerce.name or order_id} (deferred)",
                          lines, chart.suspense, calendar.period_for(commerce.placed_at))


def revenue_entry(order_id: str, recognised: RevenueEvent, chart: ChartOfAccounts) -> JournalEntry:
    gross = total([line.gross for line in recognised.lines], recognised.shipping.currency)
    discount = gross - total([line.net for line in recognised.lines], recognised.shipping.currency)
    lines = [debit(chart.deferred_revenue, recognised.revenue), debit(chart.discounts, discount),
             credit(chart.revenue, gross), credit(chart.shipping_revenue, recognised.shipping)]
    memo = f"revenue recognised at {recognised.kind.lower()} {recognised.reference} ({describe(recognised.event)})"
    return balanced_entry(f"{order_id}:revenue:{recognised.reference}", recognised.event.occurred_at, memo, lines,
                          chart.suspense, recognised.period)


def cancellation_entry(order_id: str, event: Event, commerce: CommerceView, recognised: tuple[RevenueEvent, ...],
                       chart: ChartOfAccounts, calendar: PeriodCalendar) -> JournalEntry | None:
    """An unrefunded cancellation reverses what is still deferred, and its share of the tax, off the receivable."""
    deferred = deferred_at_placement(commerce)
    remaining = deferred
    for part in recognised:
        remaining = remaining - part.revenue
    if remaining.is_zero() or commerce.tax_total is None:
        return None
    tax = allocate(commerce.tax_total, [remaining.amount, deferred.amount - remaining.amount])[0]
    lines = [debit(chart.deferred_revenue, remaining), debit(chart.sales_tax, tax), credit(chart.receivable, remaining + tax)]
    return balanced_entry(f"{order_id}:cancel", event.occurred_at, f"cancelled {describe(event)}: deferral reversed",
                          lines, chart.suspense, calendar.period_of_event(event))


def cogs_entries(movements: tuple[CostMovement, ...], chart: ChartOfAccounts,
                 calendar: PeriodCalendar) -> list[JournalEntry]:
    """One entry per costed movement; movements of unknown cost post nothing (they are reported instead)."""
    entries = []
    for index, movement in enumerate(movements):
        if movement.cost is None:
            continue
        sign = movement.cost if movement.kind == "COGS" else -movement.cost
        what = "COGS" if movement.kind == "COGS" else "COGS reversed (restocked)"
        memo = f"{what}: {movement.quantity} x {movement.sku} at {movement.location} ({describe(movement.event)})"
        entries.append(balanced_entry(f"{movement.event.id}:cogs:{index}", movement.event.occurred_at, memo,
                                      [debit(chart.cogs, sign), credit(chart.inventory, sign)], chart.suspense,
                                      calendar.period_of_event(movement.event)))
    return entries


def _refund_lines(body: RefundIssued, chart: ChartOfAccounts) -> list:
    tax = body.tax if body.tax is not None and body.tax.currency == body.amount.currency else None
    net = body.amount - tax if tax is not None else body.amount
    return [debit(chart.refunds, net), *([debit(chart.sales_tax, tax)] if tax is not None else []),
            credit(chart.receivable, body.amount)]


def _chargeback_lines(body: ChargebackRecorded, first: bool, won: bool, chart: ChartOfAccounts) -> list:
    lines = []
    if first:
        fee = body.fee or Money.zero(body.amount.currency)
        lines += [debit(chart.chargebacks, body.amount), debit(chart.fee_account("chargeback"), fee),
                  credit(chart.receivable, body.amount + fee)]
    if won:
        lines += [debit(chart.receivable, body.amount), credit(chart.chargebacks, body.amount)]
    return lines


def settling_systems(events: list[Event]) -> set[str]:
    """Systems that took or settle the order: fees they charge are kept from what they pay out."""
    systems = {event.order.system for event in events if event.order is not None}
    return systems | {event.source.system for event in events if isinstance(event.body, SettlementLineRecorded)}


def event_entries(events: list[Event], chart: ChartOfAccounts, calendar: PeriodCalendar) -> list[JournalEntry]:
    """Entries for the order's refunds, fees, chargebacks and settlement lines, in event order."""
    entries, disputes_seen, disputes_won = [], set(), set()
    settling = settling_systems(events)
    for event in events:
        body, ref = event.body, describe(event)
        if isinstance(body, RefundIssued):
            lines, memo = _refund_lines(body, chart), f"refund {ref}"
        elif isinstance(body, FeeCharged):
            owed_to = chart.receivable if event.source.system in settling else chart.payable_to(event.source.system)
            lines = [debit(chart.fee_account(body.fee_type), body.amount), credit(owed_to, body.amount)]
            memo = f"{body.fee_type} fee {ref}"
        elif isinstance(body, SettlementLineRecorded):
            fee = body.fee or Money.zero(body.amount.currency)
            lines = [debit(chart.clearing, body.amount - fee), debit(chart.fee_account("payment_processing"), fee),
                     credit(chart.receivable, body.amount)]
            memo = f"settlement {body.settlement_id} line {body.line_id} ({body.line_type})"
        elif isinstance(body, ChargebackRecorded):
            first, won = body.dispute_id not in disputes_seen, body.status.upper() == "WON"
            won = won and body.dispute_id not in disputes_won
            disputes_seen.add(body.dispute_id)
            if won:
                disputes_won.add(body.dispute_id)
            lines, memo = _chargeback_lines(body, first, won, chart), f"chargeback {ref} ({body.status})"
        else:
            continue
        if lines:
            entries.append(balanced_entry(event.id, event.occurred_at, memo, lines, chart.suspense,
                                          calendar.period_of_event(event)))
    return entries


def order_entries(order_id: str, events: list[Event], commerce: CommerceView, chart: ChartOfAccounts,
                  calendar: PeriodCalendar, recognised: tuple[RevenueEvent, ...],
                  movements: tuple[CostMovement, ...] = ()) -> list[JournalEntry]:
    """Every journal entry of one order, each balanced."""
    entries = []
    if commerce.placed_at is not None and commerce.total is not None and commerce.subtotal is not None:
        entries.append(placement_entry(order_id, commerce, chart, calendar))
        entries += [revenue_entry(order_id, part, chart) for part in recognised]
        refunded = any(isinstance(event.body, RefundIssued) for event in events)
        cancelled = [event for event in events if isinstance(event.body, OrderCancelled)]
        if cancelled and not refunded:
            entry = cancellation_entry(order_id, cancelled[0], commerce, recognised, chart, calendar)
            entries += [entry] if entry is not None else []
    entries += cogs_entries(movements, chart, calendar)
    return entries + event_entries(events, chart, calendar)
