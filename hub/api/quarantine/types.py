"""The QuarantineItem type: an object that could not be mapped, where it was, which field and why."""

from __future__ import annotations

from datetime import datetime

import strawberry

from hub.read_models import QuarantineRecord


@strawberry.type(description="A payload object the hub could not map; the run went on without it.")
class QuarantineItem:
    id: strawberry.ID
    adapter: str
    account: str
    origin: str
    pointer: str
    field: str | None
    reason: str
    payload_hash: str | None
    received_at: datetime
    status: str


def quarantine_item(record: QuarantineRecord) -> QuarantineItem:
    return QuarantineItem(
        id=strawberry.ID(str(record.id)), adapter=record.adapter, account=record.account, origin=record.origin,
        pointer=record.pointer, field=record.field, reason=record.reason, payload_hash=record.payload_hash,
        received_at=record.received_at, status=record.status,
    )
