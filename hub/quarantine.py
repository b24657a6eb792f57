"""Quarantine retry: re-run quarantined payloads after a fix; they leave quarantine only when they ingest."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from adapters.toolkit import Adapter, MappingContext, PayloadError
from canonical_model.events import Event
from hub.audit import AuditRecord, append_audit
from hub.clock import utc_now
from hub.event_store import append
from hub.ingest import ingest_into
from hub.projections import project_orders
from hub.schema import quarantine, raw_payloads


@dataclass
class RetryReport:
    released: list[int] = field(default_factory=list)
    still_failing: dict[int, str] = field(default_factory=dict)


def _object_events(adapter: Adapter, body: bytes, pointer: str, account: str, payload_hash: str) -> list[Event]:
    """Map the one object the quarantine row points at, exactly as ingest would."""
    for obj in adapter.split(adapter.parse(body)):
        if obj.pointer == pointer:
            return adapter.map_object(obj, MappingContext(account=account, payload_hash=payload_hash))
    raise PayloadError(pointer, "the object is no longer found in its payload")


def _retry_one(connection: Connection, adapters: dict[str, Adapter], row: Any) -> str | None:
    """None when the payload now ingests; otherwise why it still fails."""
    adapter = adapters.get(row.adapter)
    if adapter is None:
        return f"adapter {row.adapter!r} is not registered"
    body = connection.execute(select(raw_payloads.c.body).where(raw_payloads.c.hash == row.payload_hash)).scalar()
    if body is None:
        return "raw payload missing"
    if row.pointer == "":
        attempt = connection.begin_nested()
        report = ingest_into(connection, adapter, row.account, [(row.origin, body)])
        whole = [r for r in report.rejections if r.pointer == ""]
        if whole:
            attempt.rollback()  # the document still does not parse: keep the one quarantine row it has
            return f"{whole[0].field}: {whole[0].reason}"
        attempt.commit()
        return None
    try:
        events = _object_events(adapter, body, row.pointer, row.account, row.payload_hash)
    except PayloadError as error:
        return f"{error.field}: {error.message}"
    fresh = append(connection, events)
    project_orders(connection, {event.order_id for event in fresh if event.order_id}, fresh)
    return None


def retry_quarantined(engine: Engine, adapters: dict[str, Adapter], ids: list[int] | None = None) -> RetryReport:
    """Retry every quarantined payload (or the given ids), each in its own transaction."""
    report = RetryReport()
    query = select(quarantine).where(quarantine.c.status == "QUARANTINED").order_by(quarantine.c.id)
    if ids:
        query = query.where(quarantine.c.id.in_(ids))
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    for row in rows:
        with engine.begin() as connection:
            reason = _retry_one(connection, adapters, row)
            if reason is None:
                connection.execute(update(quarantine).where(quarantine.c.id == row.id)
                                   .values(status="RELEASED", released_at=utc_now()))
                append_audit(connection, [AuditRecord("quarantine.released", None,
                                                      f"quarantined payload #{row.id} from {row.origin} now ingests",
                                                      {"quarantine_id": row.id})])
                report.released.append(int(row.id))
            else:
                report.still_failing[int(row.id)] = reason
    return report
