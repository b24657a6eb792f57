"""The settlement projection: payouts with their lines and deposits, and SETTLEMENT_TOTAL_MISMATCH.

For every settlement id an append names (a payout, a settlement line, a bank deposit referencing a payout),
the settlement is folded again from all of its events, stored for the `settlements` query, and its
findings (lines that do not add up to the payout, a deposit that differs from it) kept in step as
discrepancies without an order, in the append's transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select

from canonical_model.codec import from_json, to_json
from canonical_model.events import Event, SettlementLineRecorded
from canonical_model.settlement_rules import KIND as MISMATCH
from canonical_model.settlement_rules import settlement_findings
from canonical_model.settlements import SettlementView, settlement_id, settlement_views
from hub.audit import AuditRecord
from hub.clock import as_utc
from hub.discrepancy_sync import Placed, sync_discrepancies
from hub.event_keys import events_of_settlements
from hub.policies import Policies
from hub.schema import discrepancies, settlements
from hub.upsert import upsert


def settlement_sort_key(view: SettlementView) -> str:
    deposited = as_utc(view.deposit_date).strftime("%Y-%m-%dT%H:%M:%S") if view.deposit_date else ""
    return f"{deposited}|{view.id}"


def _row(view: SettlementView) -> dict[str, Any]:
    return {"id": view.id, "channel": view.channel, "account": view.account, "external_id": view.external_id,
            "deposit_date": view.deposit_date, "sort_key": settlement_sort_key(view), "view": to_json(view)}


def view_from_row(row: Any) -> SettlementView:
    return from_json(SettlementView, row.view)


def _stored(connection: Connection, ids: list[str]) -> dict[str, Any]:
    stored: dict[str, Any] = {}
    for start in range(0, len(ids), 500):
        query = select(discrepancies).where(discrepancies.c.kind == MISMATCH,
                                            discrepancies.c.settlement_id.in_(ids[start:start + 500]))
        stored.update({row.id: row for row in connection.execute(query)})
    return stored


def project_settlements(connection: Connection, settlement_ids: set[str], policies: Policies,
                        now: datetime, fresh: list[Event] | None = None) -> list[AuditRecord]:
    """Fold, store and reconcile the named settlements; returns the audit records of discrepancy changes."""
    if not settlement_ids:
        return []
    loaded = events_of_settlements(connection, settlement_ids, {event.id: event for event in fresh or []})
    # Lines restated elsewhere are loaded with the settlement they left: the other settlement is not all here.
    views = [view for view in settlement_views(loaded) if view.external_id in settlement_ids]
    upsert(connection, settlements, [_row(view) for view in views], ["id"])
    emptied = {settlement_id(e.source.system, e.source.account, e.body.settlement_id) for e in loaded
               if isinstance(e.body, SettlementLineRecorded) and e.body.settlement_id in settlement_ids}
    emptied -= {view.id for view in views}
    if emptied:  # every line it held was paid out in other settlements
        connection.execute(delete(settlements).where(settlements.c.id.in_(sorted(emptied))))
    # Both kinds of finding name the payout's event first; the payout's settlement places them.
    by_payout = {view.event_ids[0]: view for view in views if view.total is not None and view.event_ids}
    found = [Placed(finding, settlement_id=payout.id if payout else None, channel=payout.channel if payout else None)
             for finding in settlement_findings(loaded, policies.reconciliation, now)
             for payout in [by_payout.get(finding.event_ids[0])]]
    return sync_discrepancies(connection, found, _stored(connection, [view.id for view in views]), now)
