"""Operations and finance KPIs over order views placed in a date range [start, end), optionally one channel.

- perfect order rate: of the delivered orders, those delivered complete, on or before the promised date
  (when one was promised), with no return, no refund and no finding;
- fill rate: units shipped (up to what was owed) / units owed, over orders not cancelled;
- split-shipment rate: of the orders with a shipment, those shipped in more than one;
- order aging by stage, as of `end`: each open order in its first unfinished stage (awaiting shipment since
  placement, in transit since its first shipment, awaiting inspection since a return arrived, awaiting
  settlement since its last delivery), with the count, average and oldest age in days;
- return cycle time: average days from a return's receipt to its inspection;
- settlement lag: average days from placement to the first settlement line;
- payout variance total: the sum of |settled net - expected net| per currency over settled orders;
- open discrepancies by kind: over the findings given (by default the orders' own).
Rates are fractions (0.9500 is 95%); None when there is nothing to measure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from canonical_model.money import Money
from canonical_model.views import Finding, OrderView

_RATE, _DAYS = Decimal("0.0001"), Decimal("0.01")


@dataclass(frozen=True)
class StageAging:
    stage: str
    orders: int
    average_days: Decimal
    oldest_days: Decimal


@dataclass(frozen=True)
class Kpis:
    start: datetime
    end: datetime
    channel: str | None
    orders: int
    perfect_order_rate: Decimal | None
    fill_rate: Decimal | None
    split_shipment_rate: Decimal | None
    aging: tuple[StageAging, ...]
    return_cycle_days: Decimal | None
    settlement_lag_days: Decimal | None
    payout_variance_total: tuple[Money, ...]
    open_discrepancies: tuple[tuple[str, int], ...]
    margins: tuple[ChannelMargin, ...] = ()


@dataclass(frozen=True)
class ChannelMargin:
    """What one channel's orders earned in one currency: recognised revenue less refunds (without tax), fees
    and COGS. Orders whose COGS is not known yet (no cost for a shipped unit) are counted apart and left out
    of every amount, so the margin is never flattered by revenue without its cost."""

    channel: str
    currency: str
    orders: int
    revenue: Money
    refunds: Money
    fees: Money
    cogs: Money
    margin: Money
    orders_without_cost: int

    @property
    def margin_rate(self) -> Decimal | None:
        return (self.margin.amount / self.revenue.amount).quantize(_RATE) if self.revenue.amount else None


def _rate(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) / whole).quantize(_RATE) if whole else None


def _days(span: timedelta) -> Decimal:
    return (Decimal(span.days) + Decimal(span.seconds) / 86400).quantize(_DAYS)


def _average(spans: list[timedelta]) -> Decimal | None:
    return (sum((_days(span) for span in spans), Decimal(0)) / len(spans)).quantize(_DAYS) if spans else None


def _cancelled(view: OrderView) -> bool:
    return view.commerce.status == "CANCELLED" or view.commerce.cancelled_at is not None


def _perfect(view: OrderView) -> bool:
    fulfillment, promised = view.fulfillment, view.commerce.promised_delivery
    delivered = [s.delivered_at for s in fulfillment.shipments if s.delivered_at is not None]
    on_time = promised is None or (bool(delivered) and max(delivered) <= promised)
    refunded = view.finance.refund_total is not None and not view.finance.refund_total.is_zero()
    return (fulfillment.delivered_units >= fulfillment.owed_units and on_time and not fulfillment.returns
            and not refunded and not view.findings)


def _stage(view: OrderView) -> tuple[str, datetime] | None:
    """The first unfinished stage of an open order and since when it has been there."""
    shipped = sorted(s.shipped_at for s in view.fulfillment.shipments if s.shipped_at is not None)
    delivered = sorted(s.delivered_at for s in view.fulfillment.shipments if s.delivered_at is not None)
    pending = sorted(r.received_at for r in view.fulfillment.returns if r.disposition == "PENDING" and r.received_at)
    if _cancelled(view) or view.commerce.placed_at is None:
        return None
    if not shipped:
        return "AWAITING_SHIPMENT", view.commerce.placed_at
    if not view.completion.delivered:
        return "IN_TRANSIT", shipped[0]
    if pending:
        return "AWAITING_INSPECTION", pending[0]
    if not view.completion.money_settled:
        return "AWAITING_SETTLEMENT", delivered[-1] if delivered else shipped[-1]
    return None


def _aging(views: list[OrderView], end: datetime) -> tuple[StageAging, ...]:
    ages: dict[str, list[Decimal]] = {}
    for view in views:
        stage = _stage(view)
        if stage is not None:
            ages.setdefault(stage[0], []).append(_days(max(end - stage[1], timedelta(0))))
    order = ["AWAITING_SHIPMENT", "IN_TRANSIT", "AWAITING_INSPECTION", "AWAITING_SETTLEMENT"]
    return tuple(StageAging(stage, len(ages[stage]), (sum(ages[stage], Decimal(0)) / len(ages[stage])).quantize(_DAYS),
                            max(ages[stage])) for stage in order if stage in ages)


def _variance(views: list[OrderView]) -> tuple[Money, ...]:
    totals: dict[str, Decimal] = {}
    for view in views:
        settled, expected = view.finance.settled_net, view.finance.net_expected
        if settled is not None and expected is not None and settled.currency == expected.currency:
            totals[settled.currency] = totals.get(settled.currency, Decimal(0)) + abs(settled.amount - expected.amount)
    return tuple(Money(amount, currency) for currency, amount in sorted(totals.items()))


def _channel_margins(views: list[OrderView]) -> tuple[ChannelMargin, ...]:
    groups: dict[tuple[str, str], list[OrderView]] = {}
    for view in views:
        if view.finance.currency is not None:
            groups.setdefault((view.channel, view.finance.currency), []).append(view)
    margins = []
    for (channel, currency), members in sorted(groups.items()):
        costed = [v.finance for v in members if v.finance.margin is not None]
        zero = Money.zero(currency)

        def summed(amounts: list[Money | None], zero: Money = zero) -> Money:
            return sum((amount for amount in amounts if amount is not None), zero)

        revenue = summed([f.recognised_revenue for f in costed])
        margins.append(ChannelMargin(channel, currency, len(costed), revenue, summed([f.refunds_without_tax for f in costed]),
                                     summed([f.fee_total for f in costed]), summed([f.cogs for f in costed]),
                                     summed([f.margin for f in costed]), len(members) - len(costed)))
    return tuple(margins)


def kpis(orders: Iterable[OrderView], start: datetime, end: datetime, channel: str | None = None,
         findings: Iterable[Finding] | None = None) -> Kpis:
    """The KPIs of the orders placed in [start, end) (of one channel when given)."""
    views = [v for v in orders if v.commerce.placed_at is not None and start <= v.commerce.placed_at < end
             and (channel is None or v.channel == channel)]
    live = [v for v in views if not _cancelled(v)]
    delivered = [v for v in live if v.completion.delivered and v.fulfillment.delivered_units]
    shipped = [v for v in live if any(s.shipped_at for s in v.fulfillment.shipments)]
    owed = sum(v.fulfillment.owed_units for v in live)
    filled = sum(min(v.fulfillment.shipped_units, v.fulfillment.owed_units) for v in live)
    returns = [r.inspected_at - r.received_at for v in views for r in v.fulfillment.returns
               if r.received_at is not None and r.inspected_at is not None]
    lags = [v.finance.first_settled_at - v.commerce.placed_at for v in views
            if v.finance.first_settled_at is not None and v.commerce.placed_at is not None]
    open_findings = list(findings) if findings is not None else [f for v in views for f in v.findings]
    return Kpis(
        start=start, end=end, channel=channel, orders=len(views),
        perfect_order_rate=_rate(sum(1 for v in delivered if _perfect(v)), len(delivered)),
        fill_rate=_rate(filled, owed),
        split_shipment_rate=_rate(sum(1 for v in shipped if sum(1 for s in v.fulfillment.shipments if s.shipped_at) > 1),
                                  len(shipped)),
        aging=_aging(views, end), return_cycle_days=_average(returns), settlement_lag_days=_average(lags),
        payout_variance_total=_variance(views),
        open_discrepancies=tuple(sorted(Counter(f.kind for f in open_findings).items())),
        margins=_channel_margins(live),
    )
