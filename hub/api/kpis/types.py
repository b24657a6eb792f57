"""The Kpis type: operations and finance figures of the orders placed in a date range."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from canonical_model.kpis import Kpis as DomainKpis
from hub.api.money import Money, required_money


def _exact(value: Decimal | None) -> str | None:
    return format(value, "f") if value is not None else None


@strawberry.type(description="Open orders waiting in one stage, and for how long (days, as of the range's end).")
class KpiStageAging:
    stage: str = strawberry.field(description="AWAITING_SHIPMENT, IN_TRANSIT, AWAITING_INSPECTION, AWAITING_SETTLEMENT.")
    orders: int
    average_days: str
    oldest_days: str


@strawberry.type
class KpiKindCount:
    kind: str
    count: int


@strawberry.type(description="What one channel's orders earned in one currency: recognised revenue less refunds "
                              "(without tax), fees and COGS, over the orders whose COGS is known.")
class KpiChannelMargin:
    channel: str
    currency: str
    orders: int = strawberry.field(description="Orders whose COGS is known (the amounts are theirs).")
    revenue: Money
    refunds: Money
    fees: Money
    cogs: Money
    margin: Money
    margin_rate: str | None = strawberry.field(description="Margin / revenue, an exact decimal string.")
    orders_without_cost: int = strawberry.field(description="Orders left out: a shipped unit has no known cost yet.")


@strawberry.type(description="KPIs of the orders placed in [from, to). Rates are exact decimal strings between 0 and 1 "
                              "(\"0.9500\" is 95%); null when there is nothing to measure.")
class Kpis:
    from_: datetime = strawberry.field(name="from")
    to: datetime
    channel: str | None
    orders: int
    perfect_order_rate: str | None = strawberry.field(
        description="Of the delivered orders: complete, on time, no return, no refund, no finding.")
    fill_rate: str | None = strawberry.field(description="Units shipped (up to what was owed) / units owed.")
    split_shipment_rate: str | None = strawberry.field(description="Of the shipped orders: those in several shipments.")
    aging: list[KpiStageAging]
    return_cycle_days: str | None = strawberry.field(description="Average days from a return's receipt to inspection.")
    settlement_lag_days: str | None = strawberry.field(description="Average days from placement to first settlement.")
    payout_variance_total: list[Money] = strawberry.field(
        description="Sum of |settled net - expected net| per currency over settled orders.")
    open_discrepancies: list[KpiKindCount] = strawberry.field(
        description="OPEN discrepancies by kind: the orders' own, and every open one of no order (stock, settlements) "
                    "of the channel.")
    margins: list[KpiChannelMargin] = strawberry.field(description="Margin per channel (and currency).")


def kpis(value: DomainKpis) -> Kpis:
    return Kpis(
        from_=value.start, to=value.end, channel=value.channel, orders=value.orders,
        perfect_order_rate=_exact(value.perfect_order_rate), fill_rate=_exact(value.fill_rate),
        split_shipment_rate=_exact(value.split_shipment_rate),
        aging=[KpiStageAging(stage=a.stage, orders=a.orders, average_days=format(a.average_days, "f"),
                             oldest_days=format(a.oldest_days, "f")) for a in value.aging],
        return_cycle_days=_exact(value.return_cycle_days), settlement_lag_days=_exact(value.settlement_lag_days),
        payout_variance_total=[required_money(m) for m in value.payout_variance_total],
        open_discrepancies=[KpiKindCount(kind=kind, count=count) for kind, count in value.open_discrepancies],
        margins=[KpiChannelMargin(channel=m.channel, currency=m.currency, orders=m.orders,
                                  revenue=required_money(m.revenue), refunds=required_money(m.refunds),
                                  fees=required_money(m.fees), cogs=required_money(m.cogs),
                                  margin=required_money(m.margin), margin_rate=_exact(m.margin_rate),
                                  orders_without_cost=m.orders_without_cost) for m in value.margins])
