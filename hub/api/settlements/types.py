"""The Settlement type: a payout with its lines, the total it states, the sum of its lines and its deposit."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from canonical_model.settlements import SettlementLineView, SettlementView
from hub.api.context import HubContext
from hub.api.discrepancies.types import Discrepancy, discrepancy
from hub.api.money import Money, money, required_money

if TYPE_CHECKING:
    from hub.api.orders.types import Order


@strawberry.type(description="One line of a settlement: a charge, refund, fee or adjustment, with the order it names.")
class SettlementLine:
    id: strawberry.ID
    type: str
    description: str | None
    order_id: strawberry.ID | None
    order_external_id: str | None
    sku: str | None
    amount: Money
    fee: Money | None
    net: Money = strawberry.field(description="Amount less fee: what the line adds to the payout.")
    occurred_at: datetime
    event_id: str

    @strawberry.field(description="The order the line names, as the hub knows it now.")
    async def order(self, info: strawberry.Info[HubContext, None]
                    ) -> Annotated[Order, strawberry.lazy("hub.api.orders.types")] | None:
        from hub.api.orders.types import Order  # imported here: the order types import the discrepancy types

        if self.order_id is None:
            return None
        view = await info.context.loaders.order_view_by_id.load(str(self.order_id))
        return Order(view=view) if view is not None else None


def settlement_line(value: SettlementLineView) -> SettlementLine:
    return SettlementLine(
        id=strawberry.ID(value.line_id), type=value.type, description=value.description,
        order_id=strawberry.ID(value.order_id) if value.order_id else None,
        order_external_id=value.order_external_id, sku=value.sku, amount=required_money(value.amount),
        fee=money(value.fee), net=required_money(value.net), occurred_at=value.occurred_at, event_id=value.event_id)


@strawberry.type(description="A payout (settlement) with its lines: `total` as the source states it, `linesTotal` "
                              "the sum of its lines' nets, `deposited` what the bank statement shows.")
class Settlement:
    id: strawberry.ID
    channel: str
    account: str
    external_id: str
    status: str | None
    period_start: datetime | None
    period_end: datetime | None
    deposit_date: datetime | None
    total: Money | None
    lines_total: Money | None
    deposited: Money | None
    lines: list[SettlementLine]

    @strawberry.field(description="Discrepancies of the settlement itself (lines vs total, payout vs deposit).")
    async def discrepancies(self, info: strawberry.Info[HubContext, None]) -> list[Discrepancy]:
        found = await info.context.loaders.discrepancies_by_settlement_id.load(str(self.id))
        return [discrepancy(record) for record in found]


def settlement(value: SettlementView) -> Settlement:
    return Settlement(
        id=strawberry.ID(value.id), channel=value.channel, account=value.account, external_id=value.external_id,
        status=value.status, period_start=value.period_start, period_end=value.period_end,
        deposit_date=value.deposit_date, total=money(value.total), lines_total=money(value.lines_total),
        deposited=money(value.deposited), lines=[settlement_line(line) for line in value.lines])
