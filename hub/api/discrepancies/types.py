"""The Discrepancy type: a named, quantified, explained gap, classified as timing or error."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from hub.api.context import HubContext
from hub.api.money import Money, stored_money
from hub.read_models import DiscrepancyRecord

if TYPE_CHECKING:
    from hub.api.orders.types import Order


@strawberry.type(description="A gap between perspectives or inside one source, explained in words naming its events.")
class Discrepancy:
    id: strawberry.ID
    kind: str
    severity: str
    classification: str
    status: str
    amount: Money | None
    explanation: str
    order_id: strawberry.ID | None
    event_ids: list[str]
    opened_at: datetime
    resolved_at: datetime | None
    acknowledged_at: datetime | None
    note: str | None
    quantity: int | None = strawberry.field(description="Units, for gaps counted in units (OVERSOLD, QUANTITY_MISMATCH).")
    sku: str | None = strawberry.field(description="The sku of a stock discrepancy (OVERSOLD).")
    location: str | None = strawberry.field(description="The location an OVERSOLD is judged at.")
    channel: str | None = strawberry.field(description="The channel an OVERSOLD is judged for, or a settlement's.")
    settlement_id: strawberry.ID | None = strawberry.field(
        description="The settlement of a SETTLEMENT_TOTAL_MISMATCH (see `settlements`).")

    @strawberry.field(description="The order the discrepancy belongs to, as the hub knows it now.")
    async def order(self, info: strawberry.Info[HubContext, None]
                    ) -> Annotated[Order, strawberry.lazy("hub.api.orders.types")] | None:
        from hub.api.orders.types import Order  # imported here: hub.api.orders.types imports this module

        if self.order_id is None:
            return None
        view = await info.context.loaders.order_view_by_id.load(str(self.order_id))
        return Order(view=view) if view is not None else None


def discrepancy(record: DiscrepancyRecord) -> Discrepancy:
    return Discrepancy(
        id=strawberry.ID(record.id), kind=record.kind, severity=record.severity,
        classification=record.classification, status=record.status,
        amount=stored_money(record.amount, record.currency), explanation=record.explanation,
        order_id=strawberry.ID(record.order_id) if record.order_id else None, event_ids=list(record.event_ids),
        opened_at=record.opened_at, resolved_at=record.resolved_at, acknowledged_at=record.acknowledged_at,
        note=record.note, quantity=record.quantity, sku=record.sku, location=record.location, channel=record.channel,
        settlement_id=strawberry.ID(record.settlement_id) if record.settlement_id else None,
    )
