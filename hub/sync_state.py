"""Cursors and leases of sync streams: a row per (connection, stream), claimed with a conditional update.

A lease is held until `lease_expires_at`; a worker that dies simply stops renewing it and the next
worker takes the stream over. On PostgreSQL the claim skips rows another worker has locked.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, and_, insert, or_, select, update

from hub.clock import utc_now
from hub.schema import sync_errors, sync_state
from hub.upsert import insert_missing


class LeaseLost(RuntimeError):
    """Another worker holds the stream now; this worker's page must not move the cursor."""


def ensure_stream(connection: Connection, connection_name: str, stream: str, adapter: str, account: str) -> None:
    insert_missing(connection, sync_state, [{"connection": connection_name, "stream": stream, "adapter": adapter,
                                             "account": account, "pages": 0}])


def claim(connection: Connection, connection_name: str, stream: str, owner: str, ttl: timedelta,
          now: datetime | None = None) -> tuple[bool, str | None]:
    """Take the stream's lease if it is free, expired or ours; returns (claimed, cursor)."""
    now = now or utc_now()
    key = and_(sync_state.c.connection == connection_name, sync_state.c.stream == stream)
    row = connection.execute(select(sync_state).where(key).with_for_update(skip_locked=True)).first()
    if row is None:
        return False, None
    free = or_(sync_state.c.lease_owner.is_(None), sync_state.c.lease_owner == owner,
               sync_state.c.lease_expires_at < now)
    result = connection.execute(update(sync_state).where(key, free).values(
        lease_owner=owner, lease_expires_at=now + ttl, last_attempt_at=now))
    return result.rowcount == 1, row.cursor


def advance(connection: Connection, connection_name: str, stream: str, owner: str, cursor: str | None,
            ttl: timedelta) -> None:
    """Persist the cursor after a page (in the page's transaction) and renew the lease."""
    now = utc_now()
    key = and_(sync_state.c.connection == connection_name, sync_state.c.stream == stream,
               sync_state.c.lease_owner == owner)
    values = {"pages": sync_state.c.pages + 1, "last_success_at": now, "lease_expires_at": now + ttl}
    if cursor is not None:
        values["cursor"] = cursor
    if connection.execute(update(sync_state).where(key).values(**values)).rowcount != 1:
        raise LeaseLost(f"{connection_name}/{stream}: lease taken over by another worker")


def finish(connection: Connection, connection_name: str, stream: str, owner: str, error: str | None) -> None:
    """Release the lease; a run that ended in error records it, a clean run clears the last error."""
    now = utc_now()
    key = and_(sync_state.c.connection == connection_name, sync_state.c.stream == stream,
               sync_state.c.lease_owner == owner)
    values: dict[str, object] = {"lease_owner": None, "lease_expires_at": None}
    if error is None:
        values.update(last_error=None, last_success_at=now)
    else:
        values.update(last_error=error, last_error_at=now)
    connection.execute(update(sync_state).where(key).values(**values))


def record_error(connection: Connection, connection_name: str, stream: str, request: str | None, reason: str) -> None:
    connection.execute(insert(sync_errors).values(connection=connection_name, stream=stream, at=utc_now(),
                                                  request=request, reason=reason))
