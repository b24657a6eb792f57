"""Order projections: each affected order is re-folded from its events and stored with its discrepancies.

Runs in the same transaction as the append that caused it, so the stored view never lags the log.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from canonical_model.codec import from_json, to_json
from canonical_model.events import Event
from canonical_model.identity import OrderRef, stable_digest
from canonical_model.journal import ChartOfAccounts
from canonical_model.order_view import order_view
from canonical_model.views import Finding, OrderView
from hub.audit import AuditRecord, append_audit
from hub.clock import as_utc, utc_now
from hub.event_store import events_for_orders
from hub.schema import discrepancies, events, orders
from hub.upsert import upsert


def _order_ref(order_events: list[Event]) -> OrderRef:
    return next(event.order for event in order_events if event.order is not None)


def _order_row(view: OrderView, last_seq: int) -> dict[str, Any]:
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
    }


def order_sort_key(view: OrderView) -> str:
    placed = view.commerce.placed_at
    return f"{as_utc(placed).strftime('%Y-%m-%dT%H:%M:%S.%f') if placed else ''}|{view.order_id}"


def discrepancy_id(order_id: str, finding_key: str) -> str:
    return "dsc_" + stable_digest("discrepancy", order_id, finding_key)[:20]


def _sync_discrepancies(connection: Connection, view: OrderView, stored: dict[str, Any]) -> list[AuditRecord]:
    """Open new findings, reopen returning ones, resolve those no longer found; each change audited."""
    now, records = utc_now(), []
    current = {discrepancy_id(view.order_id, f.key): f for f in view.findings}
    for ident, finding in current.items():
        row = stored.get(ident)
        if row is None:
            connection.execute(discrepancies.insert().values(_discrepancy_row(ident, view.order_id, finding, now)))
            records.append(AuditRecord("discrepancy.opened", view.order_id, f"{finding.kind}: {finding.explanation}",
                                       {"discrepancy_id": ident}))
        elif row.status == "RESOLVED":
            connection.execute(update(discrepancies).where(discrepancies.c.id == ident)
                               .values(status="OPEN", resolved_at=None, explanation=finding.explanation))
            records.append(AuditRecord("discrepancy.reopened", view.order_id, f"{finding.kind}: {finding.explanation}",
                                       {"discrepancy_id": ident}))
    for ident, row in stored.items():
        if ident not in current and row.status != "RESOLVED":
            connection.execute(update(discrepancies).where(discrepancies.c.id == ident)
                               .values(status="RESOLVED", resolved_at=now))
            records.append(AuditRecord("discrepancy.resolved", view.order_id, f"{row.kind} resolved: {row.explanation}",
                                       {"discrepancy_id": ident}))
    return records


def _stored_discrepancies(connection: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {order_id: {} for order_id in ids}
    for start in range(0, len(ids), 500):
        query = select(discrepancies).where(discrepancies.c.order_id.in_(ids[start:start + 500]))
        for row in connection.execute(query):
            found[row.order_id][row.id] = row
    return found


def _discrepancy_row(ident: str, order_id: str, finding: Finding, now: Any) -> dict[str, Any]:
    return {
        "id": ident, "order_id": order_id, "kind": finding.kind, "finding_key": finding.key,
        "severity": finding.severity, "classification": finding.classification, "status": "OPEN",
        "amount": finding.amount.amount if finding.amount else None,
        "currency": finding.amount.currency if finding.amount else None,
        "explanation": finding.explanation, "event_ids": list(finding.event_ids), "opened_at": now,
    }


def _events_by_order(connection: Connection, ids: list[str], fresh: list[Event],
                     stored: dict[str, tuple[int, int]]) -> dict[str, list[Event]]:
    """Each order's whole log: the fresh events in hand, plus a read of the log only for orders that had more."""
    in_hand: dict[str, list[Event]] = {order_id: [] for order_id in ids}
    for event in fresh:
        if event.order_id in in_hand:
            in_hand[event.order_id].append(event)
    older = [order_id for order_id in ids if stored.get(order_id, (0, 0))[0] != len(in_hand[order_id])]
    return in_hand | events_for_orders(connection, older)


def project_orders(connection: Connection, order_ids: set[str], fresh: list[Event] | None = None,
                   chart: ChartOfAccounts | None = None) -> int:
    """Re-fold the given orders from the log and store their views and discrepancies; returns how many.

    `fresh` are events just appended in this transaction: orders whose whole log they are need no read back.
    """
    if not order_ids:
        return 0
    ids = sorted(order_ids)
    counts = _stored_counts(connection, ids)
    by_order = _events_by_order(connection, ids, fresh or [], counts)
    stored = _stored_discrepancies(connection, ids)
    rows, records = [], []
    for order_id in ids:
        order_events = by_order[order_id]
        if not order_events:
            continue
        view = order_view(_order_ref(order_events), order_events, chart)
        rows.append(_order_row(view, counts[order_id][1]))
        records += _sync_discrepancies(connection, view, stored[order_id])
    upsert(connection, orders, rows, ["order_id"])
    append_audit(connection, records)
    return len(rows)


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


def rebuild_orders(connection: Connection, chart: ChartOfAccounts | None = None) -> int:
    """Drop every stored order view and fold them all again from the log."""
    connection.execute(delete(orders))
    ids = set(connection.execute(select(events.c.order_id).where(events.c.order_id.is_not(None)).distinct()).scalars())
    count = 0
    batch = sorted(ids)
    for start in range(0, len(batch), 500):
        count += project_orders(connection, set(batch[start:start + 500]), chart=chart)
    return count
