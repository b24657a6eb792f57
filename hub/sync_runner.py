"""The sync runner: for each connection and stream, claim its lease, page from the stored cursor, and
commit every page's events together with the cursor after it, so a crash anywhere resumes without
loss and without duplicates.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine

from adapters.toolkit import Adapter
from adapters.toolkit.streams import ConnectionSettings, Page, PartnerHttp, Stream
from hub.ingest import ingest_into, retry_on_conflict
from hub.sync_state import LeaseLost, advance, claim, ensure_stream, finish, record_error

log = logging.getLogger("hub.sync")
ClientFactory = Callable[[ConnectionSettings, Adapter], AbstractAsyncContextManager[PartnerHttp]]
Progress = Callable[["StreamRun"], None]
DEFAULT_LEASE_SECONDS = 90


def lease_of(settings: ConnectionSettings) -> timedelta:
    """How long a worker holds a stream between page commits (connection option `lease_seconds`).

    Longer than the slowest page a partner serves; a dead worker's streams wait this long for a taker.
    """
    return timedelta(seconds=float(settings.options.get("lease_seconds", DEFAULT_LEASE_SECONDS)))


@dataclass
class StreamRun:
    """What one pass over one stream did."""

    connection: str
    stream: str
    claimed: bool = True
    pages: int = 0
    events_new: int = 0
    quarantined: int = 0
    error: str | None = None
    request: str | None = None


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@retry_on_conflict
def _commit_page(engine: Engine, adapter: Adapter, settings: ConnectionSettings, stream: Stream, page: Page,
                 owner: str) -> tuple[int, int]:
    with engine.begin() as connection:
        report = ingest_into(connection, adapter, settings.account, page.documents, settings.options.get("currency"))
        advance(connection, settings.name, stream.name, owner, page.cursor, lease_of(settings))
    return report.events_new, len(report.rejections)


@retry_on_conflict
def _claim(engine: Engine, settings: ConnectionSettings, stream: Stream, owner: str) -> tuple[bool, str | None]:
    with engine.begin() as connection:
        ensure_stream(connection, settings.name, stream.name, settings.adapter, settings.account)
        return claim(connection, settings.name, stream.name, owner, lease_of(settings))


def _finish(engine: Engine, settings: ConnectionSettings, stream: Stream, owner: str, run: StreamRun) -> None:
    with engine.begin() as connection:
        if run.error:
            record_error(connection, settings.name, stream.name, run.request, run.error)
        finish(connection, settings.name, stream.name, owner, run.error)


async def _pages(stream: Stream, client: PartnerHttp, settings: ConnectionSettings,
                 cursor: str | None) -> AsyncIterator[Page]:
    async for page in stream.fetch(client, settings, cursor):
        yield page


async def run_stream(engine: Engine, adapter: Adapter, settings: ConnectionSettings, stream: Stream,
                     client: PartnerHttp, owner: str, progress: Progress | None = None) -> StreamRun:
    """One pass over a stream: every page committed with its cursor; an error ends the pass and is recorded."""
    run = StreamRun(settings.name, stream.name)
    claimed, cursor = await asyncio.to_thread(_claim, engine, settings, stream, owner)
    if not claimed:
        run.claimed = False
        return run
    try:
        async for page in _pages(stream, client, settings, cursor):
            new, rejected = await asyncio.to_thread(_commit_page, engine, adapter, settings, stream, page, owner)
            run.pages, run.events_new, run.quarantined = run.pages + 1, run.events_new + new, run.quarantined + rejected
            if progress:
                progress(run)
            log.info("page committed", extra={"connection": settings.name, "stream": stream.name,
                                              "events_new": new, "cursor": page.cursor})
    except LeaseLost as error:
        run.error = str(error)
        return run
    except Exception as error:  # noqa: BLE001 - a partner failure ends this stream's pass, never the whole sync
        run.error = f"{type(error).__name__}: {error}"
        # The toolkit's give-up names the (redacted) request it gave up on.
        run.request = getattr(error, "request_description", None)
        log.warning("stream failed", extra={"connection": settings.name, "stream": stream.name, "error": run.error})
    await asyncio.to_thread(_finish, engine, settings, stream, owner, run)
    return run


async def sync_connection(engine: Engine, adapter: Adapter, settings: ConnectionSettings, clients: ClientFactory,
                          owner: str, progress: Progress | None = None) -> list[StreamRun]:
    try:
        client_context = clients(settings, adapter)
    except (ValueError, KeyError) as error:
        # A misconfigured connection (say, no token) fails its own streams, never the others.
        reason = f"connection {settings.name} cannot be reached as configured: {error}"
        return [StreamRun(settings.name, stream.name, error=reason) for stream in adapter.streams]
    async with client_context as client:
        return [await run_stream(engine, adapter, settings, stream, client, owner, progress)
                for stream in adapter.streams]


async def sync_once(engine: Engine, connections: list[ConnectionSettings], adapters: dict[str, Adapter],
                    clients: ClientFactory, owner: str | None = None, progress: Progress | None = None
                    ) -> list[StreamRun]:
    """One pass over every stream of every connection; connections run side by side."""
    owner = owner or worker_name()
    runs = await asyncio.gather(*(sync_connection(engine, adapters[c.adapter], c, clients, owner, progress)
                                  for c in connections))
    return [run for connection_runs in runs for run in connection_runs]


async def resync_object(engine: Engine, adapter: Adapter, settings: ConnectionSettings, clients: ClientFactory,
                        object_id: str, stream_name: str | None = None) -> tuple[str, int, int]:
    """Fetch one object again on demand and ingest it; the stream's cursor is left where it was.

    Returns (stream, new events, quarantined). Raises LookupError when no stream can fetch one object.
    """
    candidates = [s for s in adapter.streams if s.fetch_one and (stream_name is None or s.name == stream_name)]
    if not candidates:
        raise LookupError(f"{adapter.name} has no stream that fetches a single object"
                          + (f" named {stream_name!r}" if stream_name else ""))
    stream = candidates[0]
    async with clients(settings, adapter) as client:
        page = await stream.fetch_one(client, settings, object_id)
    new, rejected = await asyncio.to_thread(_ingest_page, engine, adapter, settings, page)
    return stream.name, new, rejected


@retry_on_conflict
def _ingest_page(engine: Engine, adapter: Adapter, settings: ConnectionSettings, page: Page) -> tuple[int, int]:
    with engine.begin() as connection:
        report = ingest_into(connection, adapter, settings.account, page.documents, settings.options.get("currency"))
    return report.events_new, len(report.rejections)
