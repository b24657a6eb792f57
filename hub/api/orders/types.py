"""The Order type and its timeline: events (with their context) and the audit trail."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from canonical_model.codec import to_json
from canonical_model.events import Event as DomainEvent
from canonical_model.views import OrderView
from hub.api.context import HubContext
from hub.api.discrepancies.types import Discrepancy, discrepancy
from hub.api.orders.perspectives import (
    Commerce,
    Completion,
    Finance,
    Fulfillment,
    commerce,
    completion,
    finance,
    fulfillment,
)
from hub.audit import AuditEntry as DomainAuditEntry


@strawberry.type(description="The source object an event was read from.")
class EventSource:
    system: str
    account: str
    object_type: str
    object_id: str
    version: str


@strawberry.type(description="One immutable fact about the order, with the context the source gave for it.")
class Event:
    id: strawberry.ID
    type: str
    occurred_at: datetime
    recorded_at: datetime
    period: str | None
    source: EventSource
    context: JSON
    data: JSON
    payload_hash: str | None
    payload_pointer: str


def event(value: DomainEvent) -> Event:
    assert value.recorded_at is not None, "stored events are always stamped"
    source = value.source
    return Event(
        id=strawberry.ID(value.id), type=value.type, occurred_at=value.occurred_at, recorded_at=value.recorded_at,
        period=value.period,
        source=EventSource(system=source.system, account=source.account, object_type=source.object_type,
                           object_id=source.object_id, version=source.version),
        context=to_json(value.context), data=to_json(value.body), payload_hash=value.payload_hash,
        payload_pointer=value.payload_pointer,
    )


@strawberry.type(description="One entry of the hash-chained audit log.")
class AuditEntry:
    seq: int
    at: datetime
    actor: str
    action: str
    subject: str | None
    summary: str
    prev_hash: str
    hash: str


def audit_entry(value: DomainAuditEntry) -> AuditEntry:
    return AuditEntry(seq=value.seq, at=value.at, actor=value.actor, action=value.action, subject=value.subject,
                      summary=value.summary, prev_hash=value.prev_hash, hash=value.hash)


@strawberry.type(description="One order seen through commerce, fulfillment and finance, side by side.")
class Order:
    view: strawberry.Private[OrderView]
    known_at: strawberry.Private[datetime | None] = None

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.view.order_id)

    @strawberry.field(description="The channel that took the order (e.g. shopify).")
    def channel(self) -> str:
        return self.view.channel

    @strawberry.field
    def account(self) -> str:
        return self.view.account

    @strawberry.field(description="The order's id in its channel.")
    def external_id(self) -> str:
        return self.view.external_id

    @strawberry.field(description="The recorded time this order is seen at; null for what the hub knows now.")
    def as_of(self) -> datetime | None:
        return self.known_at

    @strawberry.field
    def commerce(self) -> Commerce:
        return commerce(self.view.commerce)

    @strawberry.field
    def fulfillment(self) -> Fulfillment:
        return fulfillment(self.view.fulfillment)

    @strawberry.field
    def finance(self) -> Finance:
        return finance(self.view.finance)

    @strawberry.field
    def completion(self) -> Completion:
        return completion(self.view.completion)

    @strawberry.field
    async def discrepancies(self, info: strawberry.Info[HubContext, None]) -> list[Discrepancy]:
        found = await info.context.loaders.discrepancies_by_order_id.load((self.view.order_id, self.known_at))
        return [discrepancy(record) for record in found]

    @strawberry.field(description="The order's events, by occurred time then recorded time.")
    async def events(self, info: strawberry.Info[HubContext, None]) -> list[Event]:
        found = await info.context.loaders.events_by_order_id.load((self.view.order_id, self.known_at))
        return [event(value) for value in found]

    @strawberry.field(description="Audit entries about the order, by sequence number.")
    async def audit_trail(self, info: strawberry.Info[HubContext, None]) -> list[AuditEntry]:
        found = await info.context.loaders.audit_trail_by_order_id.load((self.view.order_id, self.known_at))
        return [audit_entry(entry) for entry in found]
