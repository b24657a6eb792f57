"""Queries the API reads through: stored order views, pages, discrepancies and quarantine, each in one query."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, Select, func, select

from canonical_model.order_view import order_view
from canonical_model.settlements import SettlementView
from canonical_model.views import OrderView
from hub.clock import as_utc
from hub.event_store import events_for_orders
from hub.inventory_projection import order_costs_as_of
from hub.policies import configured_policies
from hub.projections import view_from_row
from hub.schema import discrepancies, orders, quarantine, settlements, sync_state
from hub.settlement_projection import view_from_row as settlement_from_row

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    cursors: list[str]
    total_count: int
    has_next: bool


@dataclass(frozen=True)
class OrderFilter:
    channel: str | None = None
    status: str | None = None
    placed_from: datetime | None = None
    placed_to: datetime | None = None


@dataclass(frozen=True)
class DiscrepancyRecord:
    id: str
    order_id: str | None
    kind: str
    severity: str
    classification: str
    status: str
    amount: Decimal | None
    currency: str | None
    explanation: str
    event_ids: list[str]
    opened_at: datetime
    resolved_at: datetime | None
    acknowledged_at: datetime | None
    note: str | None
    quantity: int | None = None
    sku: str | None = None
    location: str | None = None
    channel: str | None = None
    settlement_id: str | None = None


@dataclass(frozen=True)
class QuarantineRecord:
    id: int
    adapter: str
    account: str
    origin: str
    pointer: str
    field: str | None
    reason: str
    payload_hash: str | None
    received_at: datetime
    status: str


def encode_cursor(value: str) -> str:
    return base64.urlsafe_b64encode(value.encode()).decode()


def decode_cursor(cursor: str) -> str:
    try:
        return base64.urlsafe_b64decode(cursor.encode()).decode()
    except (ValueError, UnicodeDecodeError) as error:
        raise ValueError(f"after: {cursor!r} is not a cursor this API gave out") from error


def resolve_order_id(connection: Connection, order_id: str | None, channel: str | None,
                     external_id: str | None) -> str | None:
    """The hub order id from either the id itself or a channel and the channel's own order id."""
    if order_id:
        return order_id
    if external_id is None:
        return None
    query = select(orders.c.order_id).where(orders.c.external_id == external_id)
    if channel:
        query = query.where(orders.c.channel == channel)
    return connection.execute(query.limit(1)).scalar()


def order_views(connection: Connection, order_ids: list[str]) -> dict[str, OrderView]:
    rows = connection.execute(select(orders.c.order_id, orders.c.view).where(orders.c.order_id.in_(order_ids)))
    return {row.order_id: view_from_row(row) for row in rows}


def order_view_as_of(connection: Connection, order_id: str, as_of: datetime) -> OrderView | None:
    """What the hub knew of the order at a recorded time: a fold of the events recorded by then."""
    known = events_for_orders(connection, [order_id], as_of=as_utc(as_of))[order_id]
    if not known:
        return None
    ref = next(event.order for event in known if event.order is not None)
    policies = configured_policies()
    return order_view(ref, known, policies.chart, recognition=policies.recognition,
                      costs=order_costs_as_of(connection, order_id, policies, as_of),
                      reconciliation=policies.reconciliation, now=as_of, bom=policies.bom)


def _page(connection: Connection, query: Select[Any], key: Any, first: int, after: str | None,
          convert: Any, newest_first: bool = False) -> Page[Any]:
    """A keyset page over one unique, sortable column; the cursor is that column's value."""
    total = int(connection.execute(select(func.count()).select_from(query.subquery())).scalar_one())
    if after is not None:
        value = _cursor_value(key, decode_cursor(after))
        query = query.where(key < value if newest_first else key > value)
    rows = list(connection.execute(query.order_by(key.desc() if newest_first else key).limit(first + 1)))
    items = rows[:first]
    return Page([convert(row) for row in items], [encode_cursor(str(getattr(row, key.name))) for row in items],
                total, len(rows) > first)


def _cursor_value(key: Any, raw: str) -> Any:
    return int(raw) if key.type.python_type is int else raw


def orders_page(connection: Connection, first: int, after: str | None, where: OrderFilter) -> Page[OrderView]:
    """Orders newest placement first; orders whose placement has not arrived yet come last."""
    query = select(orders.c.order_id, orders.c.sort_key, orders.c.view)
    if where.channel:
        query = query.where(orders.c.channel == where.channel)
    if where.status:
        query = query.where(orders.c.status == where.status)
    if where.placed_from:
        query = query.where(orders.c.placed_at >= where.placed_from)
    if where.placed_to:
        query = query.where(orders.c.placed_at < where.placed_to)
    return _page(connection, query, orders.c.sort_key, first, after, view_from_row, newest_first=True)


def discrepancy_record(row: Any) -> DiscrepancyRecord:
    return DiscrepancyRecord(
        row.id, row.order_id, row.kind, row.severity, row.classification, row.status, row.amount, row.currency,
        row.explanation, list(row.event_ids), as_utc(row.opened_at),
        as_utc(row.resolved_at) if row.resolved_at else None,
        as_utc(row.acknowledged_at) if row.acknowledged_at else None, row.note,
        row.quantity, row.sku, row.location, row.channel, row.settlement_id,
    )


def discrepancies_for_orders(connection: Connection, order_ids: list[str]) -> dict[str, list[DiscrepancyRecord]]:
    found: dict[str, list[DiscrepancyRecord]] = {order_id: [] for order_id in order_ids}
    query = select(discrepancies).where(discrepancies.c.order_id.in_(order_ids)).order_by(discrepancies.c.opened_at)
    for row in connection.execute(query):
        found[row.order_id].append(discrepancy_record(row))
    return found


def discrepancies_page(connection: Connection, first: int, after: str | None, kind: str | None = None,
                       status: str | None = None, classification: str | None = None) -> Page[DiscrepancyRecord]:
    query = select(discrepancies)
    for column, value in ((discrepancies.c.kind, kind), (discrepancies.c.status, status),
                          (discrepancies.c.classification, classification)):
        if value:
            query = query.where(column == value)
    return _page(connection, query, discrepancies.c.id, first, after, discrepancy_record)


def settlements_page(connection: Connection, first: int, after: str | None,
                     channel: str | None = None) -> Page[SettlementView]:
    """Settlements newest deposit first; settlements without a deposit date (lines only, pending) come last."""
    query = select(settlements.c.sort_key, settlements.c.view)
    if channel:
        query = query.where(settlements.c.channel == channel)
    return _page(connection, query, settlements.c.sort_key, first, after, settlement_from_row, newest_first=True)


def settlement_by_id(connection: Connection, settlement_id: str) -> SettlementView | None:
    row = connection.execute(select(settlements.c.view).where(settlements.c.id == settlement_id)).first()
    return settlement_from_row(row) if row is not None else None


def discrepancies_for_settlements(connection: Connection, ids: list[str]) -> dict[str, list[DiscrepancyRecord]]:
    found: dict[str, list[DiscrepancyRecord]] = {ident: [] for ident in ids}
    query = select(discrepancies).where(discrepancies.c.settlement_id.in_(ids)).order_by(discrepancies.c.opened_at)
    for row in connection.execute(query):
        found[row.settlement_id].append(discrepancy_record(row))
    return found


def quarantine_page(connection: Connection, first: int, after: str | None,
                    status: str | None = "QUARANTINED") -> Page[QuarantineRecord]:
    query = select(quarantine)
    if status:
        query = query.where(quarantine.c.status == status)
    return _page(connection, query, quarantine.c.id, first, after, lambda row: QuarantineRecord(
        int(row.id), row.adapter, row.account, row.origin, row.pointer, row.field, row.reason, row.payload_hash,
        as_utc(row.received_at), row.status))


@dataclass(frozen=True)
class SyncStatusRecord:
    connection: str
    adapter: str
    account: str
    stream: str
    cursor: str | None
    pages: int
    last_success_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    lease_owner: str | None
    quarantined: int


def _maybe_utc(moment: datetime | None) -> datetime | None:
    return as_utc(moment) if moment is not None else None


def sync_status(connection: Connection) -> list[SyncStatusRecord]:
    """Every synced stream with its cursor, last success and error, and what its account has in quarantine."""
    held = dict(((row.adapter, row.account), int(row.count)) for row in connection.execute(
        select(quarantine.c.adapter, quarantine.c.account, func.count().label("count"))
        .where(quarantine.c.status == "QUARANTINED").group_by(quarantine.c.adapter, quarantine.c.account)))
    rows = connection.execute(select(sync_state).order_by(sync_state.c.connection, sync_state.c.stream))
    return [SyncStatusRecord(
        row.connection, row.adapter, row.account, row.stream, row.cursor, int(row.pages),
        _maybe_utc(row.last_success_at), row.last_error, _maybe_utc(row.last_error_at), row.lease_owner,
        held.get((row.adapter, row.account), 0)) for row in rows]
