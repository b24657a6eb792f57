"""Where an order's money lands: amounts per accounting period, and margin per order line."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from canonical_model.costing import CostMovement
from canonical_model.events import Event, RefundIssued
from canonical_model.money import Money
from canonical_model.periods import PeriodCalendar
from canonical_model.recognition import RevenueEvent
from canonical_model.views import CommerceView, LineMargin, PeriodAmounts


@dataclass(frozen=True)
class DatedAmount:
    """An amount carried by an event, e.g. a fee or a refund without its tax."""

    event: Event
    amount: Money


def refund_without_tax(body: RefundIssued) -> Money:
    tax = body.tax if body.tax is not None and body.tax.currency == body.amount.currency else None
    return body.amount - tax if tax is not None else body.amount


def signed_cogs(movement: CostMovement) -> Money | None:
    """COGS as it counts for the order: positive when shipped, negative when a restock reverses it."""
    if movement.cost is None:
        return None
    return movement.cost if movement.kind == "COGS" else -movement.cost


def period_amounts(currency: str, calendar: PeriodCalendar, recognised: tuple[RevenueEvent, ...],
                   movements: tuple[CostMovement, ...], fees: list[DatedAmount],
                   refunds: list[DatedAmount]) -> tuple[PeriodAmounts, ...]:
    """Revenue, COGS, fees and refunds per period, each in the period of the event that carries it."""
    zero = Money.zero(currency)
    slots: dict[str, list[Money]] = defaultdict(lambda: [zero, zero, zero, zero])

    def add(period: str, column: int, amount: Money | None) -> None:
        if amount is not None and amount.currency == currency:
            slots[period][column] = slots[period][column] + amount

    for part in recognised:
        add(part.period, 0, part.revenue)
    for movement in movements:
        add(calendar.period_of_event(movement.event), 1, signed_cogs(movement))
    for item in fees:
        add(calendar.period_of_event(item.event), 2, item.amount)
    for item in refunds:
        add(calendar.period_of_event(item.event), 3, item.amount)
    return tuple(PeriodAmounts(period, *amounts) for period, amounts in sorted(slots.items()))


def line_margins(commerce: CommerceView, recognised: tuple[RevenueEvent, ...],
                 movements: tuple[CostMovement, ...] | None, refunds: list[Event]) -> tuple[LineMargin, ...]:
    """Per order line: recognised net revenue, refunds of the line, its COGS (None if unknown or not costed)."""
    currency = commerce.currency or "USD"
    zero = Money.zero(currency)
    margins = []
    for line in commerce.lines:
        revenue = zero
        for part in recognised:
            for item in part.lines:
                revenue = revenue + item.net if item.line_id == line.line_id else revenue
        refunded = zero
        for event in refunds:
            for item in event.body.lines:
                matches = item.line_id == line.line_id or (item.line_id is None and item.sku == line.sku)
                refunded = refunded + item.amount if matches and item.amount.currency == currency else refunded
        cogs = _line_cogs(line.line_id, line.sku, movements, zero)
        margin = revenue - refunded - cogs if cogs is not None else None
        margins.append(LineMargin(line.line_id, line.sku, line.quantity, revenue, refunded, cogs, margin))
    return tuple(margins)


def _line_cogs(line_id: str, sku: str | None, movements: tuple[CostMovement, ...] | None,
               zero: Money) -> Money | None:
    if movements is None:
        return None
    total = zero
    for movement in movements:
        own = movement.line_id == line_id if movement.line_id is not None else (movement.line_sku or movement.sku) == sku
        if not own:
            continue
        cost = signed_cogs(movement)
        if cost is None:
            return None
        total = total + cost
    return total
