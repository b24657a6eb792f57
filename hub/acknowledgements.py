"""A person acknowledges a discrepancy with a note: it stays open in substance but is marked as seen.

The acknowledgement survives re-folds until the gap itself is resolved (see `hub.discrepancy_sync`), and is
written to the audit log under whoever acted (`key:<name>` over HTTP).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select, update

from hub.audit import AuditRecord, append_audit
from hub.clock import utc_now
from hub.read_models import DiscrepancyRecord, discrepancy_record
from hub.schema import discrepancies

ACKNOWLEDGED, RESOLVED = "ACKNOWLEDGED", "RESOLVED"
MAX_NOTE = 2000


def _record(row: Any) -> DiscrepancyRecord:
    return discrepancy_record(row)


class AcknowledgementRefused(ValueError):
    """Why a discrepancy cannot be acknowledged as asked."""


def acknowledge_discrepancy(engine: Engine, discrepancy_id: str, note: str) -> DiscrepancyRecord:
    """Mark an open discrepancy ACKNOWLEDGED with the note (acknowledging again replaces the note); audited."""
    note = note.strip()
    if not note or len(note) > MAX_NOTE:
        raise AcknowledgementRefused(f"note: say why, in 1 to {MAX_NOTE} characters")
    with engine.begin() as connection:
        row = connection.execute(select(discrepancies).where(discrepancies.c.id == discrepancy_id)).first()
        if row is None:
            raise AcknowledgementRefused(f"no discrepancy has the id {discrepancy_id!r}")
        if row.status == RESOLVED:
            raise AcknowledgementRefused(f"discrepancy {discrepancy_id} is already resolved")
        now = utc_now()
        connection.execute(update(discrepancies).where(discrepancies.c.id == discrepancy_id)
                           .values(status=ACKNOWLEDGED, acknowledged_at=now, note=note))
        append_audit(connection, [AuditRecord("discrepancy.acknowledged", row.order_id or discrepancy_id,
                                              f"{row.kind} acknowledged: {note}",
                                              {"discrepancy_id": discrepancy_id, "was": row.status})])
        stored = connection.execute(select(discrepancies).where(discrepancies.c.id == discrepancy_id)).one()
    return _record(stored)
