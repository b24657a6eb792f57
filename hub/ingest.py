"""Ingest: raw documents from files or webhooks through an adapter into the event store and projections.

Each document commits in one transaction: its raw payload, its events, their audit entries, the
re-folded order views and the quarantine records of the objects that could not be mapped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, insert
from sqlalchemy.exc import IntegrityError, OperationalError
from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_random_exponential

from adapters.toolkit import Adapter, MappingContext, PayloadError
from canonical_model.events import Event
from canonical_model.identity import content_hash
from hub.audit import append_audit
from hub.clock import utc_now
from hub.event_store import append, store_payload
from hub.order_matching import link_references
from hub.projections import project_orders
from hub.schema import quarantine


@dataclass(frozen=True)
class Rejection:
    """One object that went to quarantine: where it came from, which field, and why."""

    origin: str
    pointer: str
    field: str
    reason: str
    quarantine_id: int


@dataclass
class IngestReport:
    documents: int = 0
    objects: int = 0
    events_new: int = 0
    events_known: int = 0
    orders_projected: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    def add(self, other: IngestReport) -> None:
        self.documents += other.documents
        self.objects += other.objects
        self.events_new += other.events_new
        self.events_known += other.events_known
        self.orders_projected += other.orders_projected
        self.rejections += other.rejections


def _quarantine(connection: Connection, adapter: Adapter, account: str, origin: str, pointer: str,
                error: PayloadError, payload_hash: str) -> Rejection:
    result = connection.execute(insert(quarantine).values(
        adapter=adapter.name, account=account, origin=origin, pointer=pointer, field=error.field, reason=error.message,
        payload_hash=payload_hash, received_at=utc_now(), status="QUARANTINED"))
    return Rejection(origin, pointer, error.field, error.message, int(result.inserted_primary_key[0]))


def _map_document(connection: Connection, adapter: Adapter, account: str, origin: str, body: bytes,
                  report: IngestReport, currency: str | None) -> list[Event]:
    payload_hash = content_hash(body)
    store_payload(connection, payload_hash, body, origin)
    try:
        objects = adapter.split(adapter.parse(body))
    except PayloadError as error:
        report.rejections.append(_quarantine(connection, adapter, account, origin, "", error, payload_hash))
        return []
    mapped: list[Event] = []
    context = MappingContext(account=account, payload_hash=payload_hash, currency=currency)
    for obj in objects:
        report.objects += 1
        try:
            mapped += adapter.map_object(obj, context)
        except PayloadError as error:
            report.rejections.append(_quarantine(connection, adapter, account, origin, obj.pointer, error, payload_hash))
    return mapped


def ingest_into(connection: Connection, adapter: Adapter, account: str, documents: Iterable[tuple[str, bytes]],
                currency: str | None = None) -> IngestReport:
    """Ingest documents inside the caller's transaction (the sync runner adds its cursor to the same one).

    `currency` is the connection's own, for partners whose payloads leave it unstated.
    """
    report, mapped = IngestReport(), []
    for origin, body in documents:
        report.documents += 1
        mapped += _map_document(connection, adapter, account, origin, body, report, currency)
    fresh = append(connection, mapped)
    report.events_new = len(fresh)
    report.events_known = len({event.id for event in mapped}) - len(fresh)
    linked, records = link_references(connection, fresh)
    append_audit(connection, records)
    report.orders_projected = project_orders(connection, {e.order_id for e in fresh if e.order_id} | linked, fresh)
    return report


# A concurrent writer's conflict (same event, same stream version, SQLite busy) rolls back and retries.
retry_on_conflict = retry(retry=retry_if_exception_type((IntegrityError, OperationalError)),
                          stop=stop_after_attempt(5), wait=wait_random_exponential(multiplier=0.05, max=2),
                          reraise=True)


@retry_on_conflict
def ingest_document(engine: Engine, adapter: Adapter, account: str, origin: str, body: bytes,
                    currency: str | None = None) -> IngestReport:
    """Ingest one document in its own transaction."""
    with engine.begin() as connection:
        return ingest_into(connection, adapter, account, [(origin, body)], currency)


def ingest_documents(engine: Engine, adapter: Adapter, account: str, documents: Iterable[tuple[str, bytes]],
                     currency: str | None = None) -> IngestReport:
    """Ingest documents one after another; bad ones are quarantined and the run goes on."""
    report = IngestReport()
    for origin, body in documents:
        report.add(ingest_document(engine, adapter, account, origin, body, currency))
    return report
