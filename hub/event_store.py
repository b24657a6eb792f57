"""The event store: append-only, duplicates impossible by a unique event id, optimistic stream versions.

Appends happen inside the caller's transaction so projections and the audit log commit with them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from sqlalchemy import Connection, func, insert, select

from canonical_model.events import Event
from canonical_model.journal import period_of
from hub.audit import AuditRecord, append_audit
from hub.clock import utc_now
from hub.event_rows import event_from_row, event_row, stream_of
from hub.schema import events, raw_payloads


def store_payload(connection: Connection, payload_hash: str, body: bytes, origin: str) -> None:
    """Keep a raw payload once, addressed by its content hash."""
    exists = connection.execute(select(raw_payloads.c.hash).where(raw_payloads.c.hash == payload_hash)).first()
    if exists is None:
        connection.execute(insert(raw_payloads).values(
            hash=payload_hash, body=body, size=len(body), origin=origin, first_seen_at=utc_now()))


def _unseen(connection: Connection, batch: list[Event]) -> list[Event]:
    by_id = {event.id: event for event in batch}
    seen: set[str] = set()
    ids = list(by_id)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        seen.update(connection.execute(select(events.c.id).where(events.c.id.in_(chunk))).scalars())
    return [event for event_id, event in by_id.items() if event_id not in seen]


def _next_versions(connection: Connection, streams: set[str]) -> dict[str, int]:
    versions: dict[str, int] = defaultdict(int)
    names = list(streams)
    for start in range(0, len(names), 500):
        query = (select(events.c.stream_id, func.max(events.c.stream_version))
                 .where(events.c.stream_id.in_(names[start:start + 500])).group_by(events.c.stream_id))
        versions.update({stream: int(version) for stream, version in connection.execute(query)})
    return versions


def _audit_record(event: Event) -> AuditRecord:
    source = event.source
    return AuditRecord(
        action="event.appended",
        subject=stream_of(event),
        summary=f"{event.type} from {source.system} {source.object_type} {source.object_id} (version {source.version})",
        details={"event_id": event.id, "payload_hash": event.payload_hash, "occurred_at": event.occurred_at.isoformat()},
    )


def append(connection: Connection, batch: Iterable[Event], recorded_at: datetime | None = None) -> list[Event]:
    """Append the events not stored yet, stamped with recorded_at; return them. Replays change nothing."""
    fresh = _unseen(connection, list(batch))
    if not fresh:
        return []
    at = recorded_at or utc_now()
    fresh = [replace(event, recorded_at=at, period=event.period or period_of(event.occurred_at)) for event in fresh]
    versions = _next_versions(connection, {stream_of(event) for event in fresh})
    rows = []
    for event in fresh:
        row = event_row(event)
        versions[row["stream_id"]] += 1
        row["stream_version"] = versions[row["stream_id"]]
        rows.append(row)
    connection.execute(insert(events), rows)
    append_audit(connection, [_audit_record(event) for event in fresh])
    return fresh


def events_for_orders(connection: Connection, order_ids: list[str], as_of: datetime | None = None
                      ) -> dict[str, list[Event]]:
    """Every event of the given orders (known at as_of, if given), in one query per 500 orders."""
    found: dict[str, list[Event]] = {order_id: [] for order_id in order_ids}
    for start in range(0, len(order_ids), 500):
        query = select(events).where(events.c.order_id.in_(order_ids[start:start + 500])).order_by(events.c.seq)
        if as_of is not None:
            query = query.where(events.c.recorded_at <= as_of)
        for row in connection.execute(query):
            found[row.order_id].append(event_from_row(row))
    return found


def count_events(connection: Connection) -> int:
    return int(connection.execute(select(func.count()).select_from(events)).scalar_one())
