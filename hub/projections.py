"""Projections: what an append changes, re-folded in the append's transaction so no view lags the log.

`project_orders` is the one entry point ingest, sync and quarantine retry call after appending: it
indexes the fresh events (`event_keys`), re-folds the settlements they name, the stock of the skus they
and the affected orders name (cost layers, positions, OVERSOLD), then each affected order with its cost
movements and the configured policies, and keeps every projection's discrepancies in step.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select

from canonical_model.codec import from_json, to_json
from canonical_model.costing import CostMovement
from canonical_model.events import Event
from canonical_model.identity import OrderRef
from canonical_model.journal import ChartOfAccounts
from canonical_model.order_view import order_view
from canonical_model.views import OrderView
from hub.audit import AuditRecord, append_audit
from hub.clock import as_utc, utc_now
from hub.discrepancy_sync import Placed, discrepancy_id, sync_discrepancies
from hub.event_keys import SETTLEMENT, SKU, index_events, reindex_all
from hub.event_store import events_for_orders
from hub.inventory_projection import StockProjection, cost_digests, fold_stock, project_stock
from hub.policies import Policies, configured_policies
from hub.schema import discrepancies, event_keys, events, inventory_skus, orders, settlements
from hub.settlement_projection import project_settlements
from hub.upsert import upsert

__all__ = ["discrepancy_id", "project_orders", "rebuild_orders", "view_from_row"]

# Kinds other projections own even when they name an order: the order fold neither opens nor resolves them.
NOT_ORDER_KINDS = ("OVERSOLD", "SETTLEMENT_TOTAL_MISMATCH", "UNMATCHED_RECORD")


def _order_ref(order_events: list[Event]) -> OrderRef:
    return next(event.order for event in order_events if event.order is not None)


def _order_row(view: OrderView, last_seq: int, costs: tuple[CostMovement, ...]) -> dict[str, Any]:
    return {
        "order_id": view.order_id,
        "channel": view.channel,
        "account": view.account,
        "external_id": view.external_id,
        "name": view.commerce.name,
        "placed_at": view.commerce.placed_at,
        "status": view.commerce.status,
        "view": to_json(view),
        "last_seq": last_seq,
        "sort_key": order_sort_key(view),
        "cost_digests": cost_digests(costs),
    }


def order_sort_key(view: OrderView) -> str:
    placed = view.commerce.placed_at
    return f"{as_utc(placed).strftime('%Y-%m-%dT%H:%M:%S.%f') if placed else ''}|{view.order_id}"


def _order_findings(view: OrderView) -> list[Placed]:
    return [Placed(finding, view.order_id) for finding in view.findings]


def _stored_discrepancies(connection: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The discrepancies the order fold owns: those of the orders, except stock and settlement ones."""
    found: dict[str, dict[str, Any]] = {order_id: {} for order_id in ids}
    for start in range(0, len(ids), 500):
        query = select(discrepancies).where(discrepancies.c.order_id.in_(ids[start:start + 500]),
                                            discrepancies.c.kind.not_in(NOT_ORDER_KINDS))
        for row in connection.execute(query):
            found[row.order_id][row.id] = row
    return found


def _events_by_order(connection: Connection, ids: list[str], fresh: list[Event],
                     stored: dict[str, tuple[int, int]]) -> dict[str, list[Event]]:
    """Each order's whole log: the fresh events in hand, plus a read of the log only for orders that had more."""
    in_hand: dict[str, list[Event]] = {order_id: [] for order_id in ids}
    for event in fresh:
        if event.order_id in in_hand:
            in_hand[event.order_id].append(event)
    older = [order_id for order_id in ids if stored.get(order_id, (0, 0))[0] != len(in_hand[order_id])]
    return in_hand | events_for_orders(connection, older)


def _fold_orders(connection: Connection, ids: list[str], fresh: list[Event], policies: Policies,
                 stock: StockProjection, now: datetime) -> tuple[int, list[AuditRecord]]:
    counts = _stored_counts(connection, ids)
    by_order = _events_by_order(connection, ids, fresh, counts)
    stored = _stored_discrepancies(connection, ids)
    rows, records = [], []
    for order_id in ids:
        order_events = by_order[order_id]
        if not order_events:
            continue
        costs = stock.costs_for(order_id)
        view = order_view(_order_ref(order_events), order_events, policies.chart, recognition=policies.recognition,
                          costs=costs, reconciliation=policies.reconciliation, now=now, bom=policies.bom)
        rows.append(_order_row(view, counts[order_id][1], costs))
        records += sync_discrepancies(connection, _order_findings(view), stored[order_id], now)
    upsert(connection, orders, rows, ["order_id"])
    return len(rows), records


def _policies(chart: ChartOfAccounts | None, policies: Policies | None) -> Policies:
    chosen = policies or configured_policies()
    return replace(chosen, chart=chart) if chart is not None else chosen


def project_orders(connection: Connection, order_ids: set[str], fresh: list[Event] | None = None,
                   chart: ChartOfAccounts | None = None, policies: Policies | None = None,
                   now: datetime | None = None) -> int:
    """Project an append: settlements and stock it touches, then the given orders; returns how many orders.

    `fresh` are events just appended in this transaction: they are indexed here, and orders whose whole
    log they are need no read back. Findings are judged as of `now`, by default the append's recorded time.
    """
    fresh, policies = fresh or [], _policies(chart, policies)
    now = now or max((event.recorded_at for event in fresh if event.recorded_at), default=None) or utc_now()
    touched = index_events(connection, fresh)
    records = project_settlements(connection, touched[SETTLEMENT], policies, now, fresh)
    ids = sorted(order_ids)
    stock = project_stock(connection, touched[SKU], ids, policies, now, fresh)
    ids = sorted(set(ids) | stock.repriced)
    count, order_records = _fold_orders(connection, ids, fresh, policies, stock, now) if ids else (0, [])
    append_audit(connection, [*records, *stock.records, *order_records])
    return count


def _stored_counts(connection: Connection, ids: list[str]) -> dict[str, tuple[int, int]]:
    """Per order: how many events the log holds and the position of the newest."""
    found: dict[str, tuple[int, int]] = {}
    for start in range(0, len(ids), 500):
        query = (select(events.c.order_id, func.count(), func.max(events.c.seq))
                 .where(events.c.order_id.in_(ids[start:start + 500])).group_by(events.c.order_id))
        found.update({order_id: (int(count), int(seq)) for order_id, count, seq in connection.execute(query)})
    return found


def view_from_row(row: Any) -> OrderView:
    return from_json(OrderView, row.view)


def _all_keys(connection: Connection, prefix: str) -> set[str]:
    query = select(event_keys.c.key).distinct().where(event_keys.c.key.startswith(prefix))
    return {key.removeprefix(prefix) for key in connection.execute(query).scalars()}


def rebuild_orders(connection: Connection, chart: ChartOfAccounts | None = None,
                   policies: Policies | None = None) -> int:
    """Index the log again and fold every settlement, every sku's stock and every order view from it."""
    policies, now = _policies(chart, policies), utc_now()
    for table in (orders, inventory_skus, settlements):
        connection.execute(delete(table))
    reindex_all(connection)
    records = project_settlements(connection, _all_keys(connection, SETTLEMENT), policies, now)
    ids = sorted(set(connection.execute(select(events.c.order_id).where(events.c.order_id.is_not(None))
                                        .distinct()).scalars()))
    stock = fold_stock(connection, policies.components(_all_keys(connection, SKU)), policies, now, [], set(ids))
    count = 0
    for start in range(0, len(ids), 500):
        folded, order_records = _fold_orders(connection, ids[start:start + 500], [], policies, stock, now)
        count, records = count + folded, records + order_records
    append_audit(connection, [*records, *stock.records])
    return count
