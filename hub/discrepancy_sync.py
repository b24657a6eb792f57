"""Findings become tracked discrepancies: opened, kept up to date, resolved when no longer found, reopened.

Every projection (orders, stock, settlements) computes the findings of what it re-folded and hands them
here with the rows it stored before for the same scope; the difference is written in the caller's
transaction and returned as audit records. A discrepancy keeps its id for life (a digest of its order and
the finding's key), so the same gap found again is the same discrepancy, and a person's acknowledgement
survives every re-fold until the gap is gone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, update

from canonical_model.identity import stable_digest
from canonical_model.views import Finding
from hub.audit import AuditRecord
from hub.schema import discrepancies

OPEN, ACKNOWLEDGED, RESOLVED = "OPEN", "ACKNOWLEDGED", "RESOLVED"


def discrepancy_id(order_id: str, finding_key: str) -> str:
    return "dsc_" + stable_digest("discrepancy", order_id, finding_key)[:20]


@dataclass(frozen=True)
class Placed:
    """A finding and what it is about: its order, or the sku and location or channel, or the settlement."""

    finding: Finding
    order_id: str | None = None
    sku: str | None = None
    location: str | None = None
    channel: str | None = None
    settlement_id: str | None = None

    @property
    def id(self) -> str:
        return discrepancy_id(self.order_id or "", self.finding.key)

    @property
    def subject(self) -> str:
        """What the audit entries are filed under: the order, else the discrepancy itself."""
        return self.order_id or self.id


def _values(placed: Placed) -> dict[str, Any]:
    finding = placed.finding
    return {
        "kind": finding.kind, "severity": finding.severity, "classification": finding.classification,
        "amount": finding.amount.amount if finding.amount else None,
        "currency": finding.amount.currency if finding.amount else None, "quantity": finding.quantity,
        "explanation": finding.explanation, "event_ids": list(finding.event_ids),
    }


def _row(placed: Placed, now: datetime) -> dict[str, Any]:
    return {"id": placed.id, "order_id": placed.order_id, "finding_key": placed.finding.key, "status": OPEN,
            "opened_at": now, "sku": placed.sku, "location": placed.location, "channel": placed.channel,
            "settlement_id": placed.settlement_id, **_values(placed)}


def _record(action: str, placed: Placed, summary: str, **details: Any) -> AuditRecord:
    return AuditRecord(action, placed.subject, summary, {"discrepancy_id": placed.id, **details})


def _changes(row: Any, placed: Placed) -> list[AuditRecord]:
    """Audit records for what changed in a discrepancy still found: its classification, amount or quantity."""
    finding, records = placed.finding, []
    if row.classification != finding.classification:
        records.append(_record("discrepancy.reclassified", placed,
                               f"{finding.kind} now {finding.classification} (was {row.classification}): "
                               f"{finding.explanation}", was=row.classification))
    amount = finding.amount.amount if finding.amount else None
    if row.amount != amount or row.quantity != finding.quantity:
        records.append(_record("discrepancy.updated", placed, f"{finding.kind}: {finding.explanation}",
                               amount=str(amount) if amount is not None else None, quantity=finding.quantity))
    return records


def _differs(row: Any, values: dict[str, Any]) -> bool:
    return any(getattr(row, name) != value for name, value in values.items())


def sync_discrepancies(connection: Connection, found: list[Placed], stored: dict[str, Any],
                       now: datetime) -> list[AuditRecord]:
    """Open new findings, update or reopen those found again, resolve stored ones no longer found."""
    records: list[AuditRecord] = []
    current = {placed.id: placed for placed in found}
    for ident, placed in current.items():
        row, kind, words = stored.get(ident), placed.finding.kind, placed.finding.explanation
        if row is None:
            connection.execute(insert(discrepancies).values(_row(placed, now)))
            records.append(_record("discrepancy.opened", placed, f"{kind}: {words}"))
            continue
        values = _values(placed)
        if row.status == RESOLVED:
            connection.execute(update(discrepancies).where(discrepancies.c.id == ident)
                               .values(status=OPEN, resolved_at=None, **values))
            records.append(_record("discrepancy.reopened", placed, f"{kind}: {words}"))
        elif _differs(row, values):
            connection.execute(update(discrepancies).where(discrepancies.c.id == ident).values(**values))
            records += _changes(row, placed)
    for ident, row in stored.items():
        if ident not in current and row.status != RESOLVED:
            connection.execute(update(discrepancies).where(discrepancies.c.id == ident)
                               .values(status=RESOLVED, resolved_at=now))
            records.append(AuditRecord("discrepancy.resolved", row.order_id or ident,
                                       f"{row.kind} resolved: {row.explanation}", {"discrepancy_id": ident}))
    return records
