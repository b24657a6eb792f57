"""Time turns TIMING into ERROR: re-judging the open TIMING discrepancies as of now.

Rules judge their windows as of the append that re-folds them, so a TIMING gap whose window has since
passed stays TIMING until something re-folds it. `refresh_due` re-folds every order and settlement that
has an open (or acknowledged) TIMING discrepancy, as of now; a classification that changed is updated
and audited like any other change. `hub sync` runs it after every pass and `hub serve` every
`[reconciliation] refresh_minutes` (`refresh_periodically`), so a window closes on time even when no
sync runs.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, select

from hub.audit import append_audit
from hub.clock import utc_now
from hub.discrepancy_sync import ACKNOWLEDGED, OPEN
from hub.ingest import retry_on_conflict
from hub.order_matching import rejudge_unmatched
from hub.policies import Policies, configured_policies
from hub.projections import NOT_ORDER_KINDS, project_orders
from hub.schema import discrepancies, settlements
from hub.settlement_projection import project_settlements


def refresh_due(connection: Connection, now: datetime | None = None, policies: Policies | None = None) -> int:
    """Re-judge every open TIMING discrepancy as of now; returns how many orders and settlements were re-folded."""
    policies, now = policies or configured_policies(), now or utc_now()
    timing = select(discrepancies.c.order_id, discrepancies.c.settlement_id, discrepancies.c.kind).where(
        discrepancies.c.status.in_((OPEN, ACKNOWLEDGED)), discrepancies.c.classification == "TIMING")
    rows = connection.execute(timing).all()
    order_ids = {row.order_id for row in rows if row.order_id and row.kind not in NOT_ORDER_KINDS}
    settlement_ids = {row.settlement_id for row in rows if row.settlement_id}
    external = set(connection.execute(select(settlements.c.external_id)
                                      .where(settlements.c.id.in_(settlement_ids))).scalars())
    append_audit(connection, project_settlements(connection, external, policies, now))
    append_audit(connection, rejudge_unmatched(connection))
    return project_orders(connection, order_ids, policies=policies, now=now) + len(external)


@retry_on_conflict
def refresh_timing_gaps(engine: Engine) -> None:
    """Re-judge open TIMING discrepancies as of now, so a gap whose window has passed becomes an ERROR."""
    with engine.begin() as connection:
        refresh_due(connection)


async def refresh_periodically(engine: Engine, interval: timedelta) -> None:
    """`refresh_timing_gaps` every `interval`, in a worker thread (it blocks on the database), until cancelled."""
    while True:
        await asyncio.sleep(interval.total_seconds())
        await asyncio.to_thread(refresh_timing_gaps, engine)
