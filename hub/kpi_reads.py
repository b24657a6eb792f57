"""What the `kpis` query reads: the stored views of the orders placed in a range, and the open discrepancies."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import datetime

from sqlalchemy import Connection, select

from canonical_model.kpis import Kpis, kpis
from hub.projections import view_from_row
from hub.schema import discrepancies, orders


def _open_by_kind(connection: Connection, order_ids: list[str], channel: str | None) -> tuple[tuple[str, int], ...]:
    """OPEN discrepancies of the orders in range, plus every open one of no order (stock, settlements) of the channel."""
    is_open = discrepancies.c.status == "OPEN"
    counts: Counter[str] = Counter()
    for first in range(0, len(order_ids), 500):
        chunk = order_ids[first:first + 500]
        counts.update(connection.execute(select(discrepancies.c.kind).where(
            is_open, discrepancies.c.order_id.in_(chunk))).scalars())
    unowned = select(discrepancies.c.kind).where(is_open, discrepancies.c.order_id.is_(None))
    if channel:
        unowned = unowned.where(discrepancies.c.channel == channel)
    counts.update(connection.execute(unowned).scalars())
    return tuple(sorted(counts.items()))


def kpi_report(connection: Connection, start: datetime, end: datetime, channel: str | None = None) -> Kpis:
    """The KPIs of the orders placed in [start, end), one query for the views and one for the discrepancies."""
    query = select(orders.c.order_id, orders.c.view).where(orders.c.placed_at >= start, orders.c.placed_at < end)
    if channel:
        query = query.where(orders.c.channel == channel)
    views = [view_from_row(row) for row in connection.execute(query)]
    report = kpis(views, start, end, channel, findings=())
    return replace(report, open_discrepancies=_open_by_kind(connection, [v.order_id for v in views], channel))
