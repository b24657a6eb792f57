"""Steps for end-to-end hub tests: canonical events in through ingest, discrepancies and audit entries out."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select

from adapters.canonical import ADAPTER as CANONICAL
from canonical_model.events import Event
from hub.clock import utc_now
from hub.ingest import ingest_documents
from hub.schema import audit_log, discrepancies
from tests.builders import jsonl


def ingest(engine: Engine, *events: Event) -> None:
    """Each event in its own document, as facts arrive one by one from the sources."""
    for event in events:
        ingest_documents(engine, CANONICAL, "acme", [("events.jsonl", jsonl([event]))])


def days_ago(days: float) -> datetime:
    return utc_now() - timedelta(days=days)


def recent(event: Event, days: float) -> Event:
    """The event as if it happened `days` ago, so a rule's window is still running when it arrives."""
    return replace(event, occurred_at=days_ago(days))


def found(engine: Engine, kind: str) -> list[Any]:
    """The discrepancies of a kind, oldest first."""
    with engine.connect() as connection:
        return list(connection.execute(select(discrepancies).where(discrepancies.c.kind == kind)
                                       .order_by(discrepancies.c.opened_at, discrepancies.c.id)))


def the_one(engine: Engine, kind: str) -> Any:
    [row] = found(engine, kind)
    return row


def audit_actions(engine: Engine, discrepancy_id: str) -> list[str]:
    """The audit trail of one discrepancy: the actions of the entries that name it, in chain order."""
    with engine.connect() as connection:
        rows = connection.execute(select(audit_log.c.action, audit_log.c.details).order_by(audit_log.c.seq))
        return [action for action, details in rows if details.get("discrepancy_id") == discrepancy_id]
