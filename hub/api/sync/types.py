"""The SyncStream type: one stream of one connection, its cursor, last success, lag and last error."""

from __future__ import annotations

from datetime import datetime

import strawberry

from hub.clock import utc_now
from hub.read_models import SyncStatusRecord


@strawberry.type(description="One stream of one connection: how far it has synced and whether it is healthy.")
class SyncStream:
    connection: str
    adapter: str
    account: str
    stream: str
    cursor: str | None
    pages: int
    last_success_at: datetime | None
    lag_seconds: int | None = strawberry.field(description="Seconds since the last successful page or pass.")
    last_error: str | None
    last_error_at: datetime | None
    lease_owner: str | None = strawberry.field(description="The worker syncing this stream right now, if any.")
    quarantined: int = strawberry.field(description="Payloads of this connection's account waiting in quarantine.")


def sync_stream(record: SyncStatusRecord) -> SyncStream:
    lag = int((utc_now() - record.last_success_at).total_seconds()) if record.last_success_at else None
    return SyncStream(
        connection=record.connection, adapter=record.adapter, account=record.account, stream=record.stream,
        cursor=record.cursor, pages=record.pages, last_success_at=record.last_success_at, lag_seconds=lag,
        last_error=record.last_error, last_error_at=record.last_error_at, lease_owner=record.lease_owner,
        quarantined=record.quarantined,
    )
