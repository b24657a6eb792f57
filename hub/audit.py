"""The append-only, hash-chained audit log: every append and every human action, provably untampered."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from hub.clock import as_utc, utc_now
from hub.context import current_actor
from hub.schema import audit_head, audit_log

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    actor: str
    action: str
    subject: str | None
    summary: str
    details: dict[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class AuditRecord:
    """What a caller asks to be written; the chain adds seq, time, actor and hashes."""

    action: str
    subject: str | None
    summary: str
    details: dict[str, Any]


def entry_hash(prev_hash: str, seq: int, at: datetime, actor: str, action: str, subject: str | None,
               summary: str, details: dict[str, Any]) -> str:
    """sha256 over the previous hash and the entry's canonical JSON content."""
    content = json.dumps(
        {"seq": seq, "at": as_utc(at).isoformat(), "actor": actor, "action": action, "subject": subject,
         "summary": summary, "details": details},
        sort_keys=True, separators=(",", ":"), default=str,
    )
    return hashlib.sha256((prev_hash + content).encode()).hexdigest()


def _lock_head(connection: Connection) -> tuple[int, str]:
    row = connection.execute(select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)
                             .with_for_update()).first()
    if row is None:
        connection.execute(insert(audit_head).values(id=1, seq=0, hash=GENESIS))
        return 0, GENESIS
    return int(row.seq), row.hash


def append_audit(connection: Connection, records: Iterable[AuditRecord], actor: str | None = None) -> int:
    """Chain records after the current head, inside the caller's transaction; returns how many were written."""
    records = list(records)
    if not records:
        return 0
    seq, previous = _lock_head(connection)
    at, who = utc_now(), actor or current_actor()
    rows = []
    for record in records:
        seq += 1
        digest = entry_hash(previous, seq, at, who, record.action, record.subject, record.summary, record.details)
        rows.append({"seq": seq, "at": at, "actor": who, "action": record.action, "subject": record.subject,
                     "summary": record.summary, "details": record.details, "prev_hash": previous, "hash": digest})
        previous = digest
    connection.execute(insert(audit_log), rows)
    connection.execute(update(audit_head).where(audit_head.c.id == 1).values(seq=seq, hash=previous))
    return len(rows)


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(int(row.seq), as_utc(row.at), row.actor, row.action, row.subject, row.summary,
                      dict(row.details), row.prev_hash, row.hash)


def audit_for_subjects(connection: Connection, subjects: list[str]) -> dict[str, list[AuditEntry]]:
    """Audit entries per subject (an order id), oldest first, in one query."""
    found: dict[str, list[AuditEntry]] = {subject: [] for subject in subjects}
    if subjects:
        query = select(audit_log).where(audit_log.c.subject.in_(subjects)).order_by(audit_log.c.seq)
        for row in connection.execute(query):
            found[row.subject].append(_entry(row))
    return found


@dataclass(frozen=True)
class ChainCheck:
    entries: int
    broken_seq: int | None
    reason: str | None

    @property
    def intact(self) -> bool:
        return self.broken_seq is None


def verify_chain(connection: Connection) -> ChainCheck:
    """Walk the chain from the genesis; name the first entry whose hash, link or position is wrong."""
    previous, expected_seq, count = GENESIS, 1, 0
    for row in connection.execute(select(audit_log).order_by(audit_log.c.seq)).yield_per(2000):
        entry = _entry(row)
        if entry.seq != expected_seq:
            return ChainCheck(count, expected_seq, f"entry {expected_seq} is missing (next present is {entry.seq})")
        if entry.prev_hash != previous:
            return ChainCheck(count, entry.seq, f"entry {entry.seq} does not link to the hash of entry {entry.seq - 1}")
        digest = entry_hash(previous, entry.seq, entry.at, entry.actor, entry.action, entry.subject, entry.summary,
                            entry.details)
        if digest != entry.hash:
            return ChainCheck(count, entry.seq, f"entry {entry.seq} ({entry.action}) was altered: its content no "
                                                f"longer matches its hash")
        previous, expected_seq, count = entry.hash, expected_seq + 1, count + 1
    head = connection.execute(select(audit_head.c.seq, audit_head.c.hash)).first()
    if head is not None and (int(head.seq) != count or head.hash != previous):
        return ChainCheck(count, count + 1, f"the chain ends at entry {count} but its head says {head.seq}: "
                                            f"entries after {count} were deleted")
    return ChainCheck(count, None, None)
