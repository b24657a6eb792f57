"""What an adapter offers the sync runner: streams of pages, each page a set of documents and a cursor.

Like a dlt source: a plain async generator per stream, the cursor passed in and handed back with
every page, so the runner can commit a page's events and its cursor in one transaction.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class ConnectionSettings:
    """One configured connection to a partner: its name, account, endpoint and resolved credentials."""

    name: str
    adapter: str
    account: str
    base_url: str
    credentials: Mapping[str, str] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    """Raw documents as fetched (origin, body) and the cursor to persist once they are ingested."""

    documents: list[tuple[str, bytes]]
    cursor: str | None


class PartnerHttp(Protocol):
    """The HTTP client a stream uses (adapters.toolkit.http.PartnerClient): rate limited, retrying."""

    async def get(self, url: str, params: Mapping[str, Any] | None = None) -> Any: ...


FetchPages = Callable[[PartnerHttp, ConnectionSettings, str | None], AsyncIterator[Page]]
FetchOne = Callable[[PartnerHttp, ConnectionSettings, str], Awaitable[Page]]


@dataclass(frozen=True)
class Stream:
    """One incremental stream of a partner (orders, payouts...): how to page through it from a cursor."""

    name: str
    fetch: FetchPages
    fetch_one: FetchOne | None = None
    # The checkpoint that resumes the stream at a moment (for `hub resync --since` and the contract's
    # checkpoint in the future); None: the cursor is the moment in ISO 8601.
    cursor_at: Callable[[datetime], str] | None = None

    def checkpoint_at(self, moment: datetime) -> str:
        return self.cursor_at(moment) if self.cursor_at else moment.isoformat()
