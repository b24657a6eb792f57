"""The hub's notion of now, in one place so tests and time travel can reason about recorded times."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A database may hand back naive UTC (SQLite) or aware times (PostgreSQL); make both aware UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
