"""`hub sync`: poll the configured connections once or continuously, with progress and structured logs."""

from __future__ import annotations

import asyncio
import logging
import sys
from contextlib import AbstractAsyncContextManager
from functools import partial
from typing import Any

from sqlalchemy import Engine

from adapters.toolkit import Adapter
from adapters.toolkit.http import PartnerClient
from adapters.toolkit.oauth import TokenStore
from adapters.toolkit.streams import ConnectionSettings, PartnerHttp
from hub import logs
from hub.config import ConfigError, Settings
from hub.connections import load_connections
from hub.oauth_tokens import DatabaseTokenStore
from hub.reconcile import refresh_timing_gaps
from hub.registry import ADAPTERS
from hub.sync_runner import ClientFactory, StreamRun, sync_once, worker_name

log = logging.getLogger("hub.sync")


def partner_client(settings: ConnectionSettings, adapter: Adapter,
                   tokens: TokenStore | None = None) -> AbstractAsyncContextManager[PartnerHttp]:
    """The rate-limited, retrying client of a connection; retries and give-ups go to the structured log."""

    def report(kind: str, detail: dict[str, Any]) -> None:
        log.info(f"partner {kind}", extra={"connection": settings.name, **detail})

    return PartnerClient.for_adapter(settings, adapter, on_event=report, tokens=tokens)


def stored_token_clients(engine: Engine) -> ClientFactory:
    """`partner_client` whose OAuth connections keep their rotated tokens in the database (hub/oauth_tokens.py)."""
    return partial(partner_client, tokens=DatabaseTokenStore(engine))


def selected(settings: Settings, adapter: str | None, connection: str | None) -> list[ConnectionSettings]:
    chosen = [c for c in load_connections(settings)
              if (adapter is None or c.adapter == adapter) and (connection is None or c.name == connection)]
    if not chosen:
        raise ConfigError(f"{settings.config_path}: no configured connection matches "
                          f"(adapter={adapter or 'any'}, connection={connection or 'any'})")
    return chosen


def terminal_progress(run: StreamRun) -> None:
    """One overwritten line per stream on a terminal, so a long backfill shows it is moving."""
    if sys.stderr.isatty():
        print(f"\r{run.connection}/{run.stream}: {run.pages} page(s), {run.events_new} new event(s)\033[K",
              end="", file=sys.stderr, flush=True)


def print_runs(runs: list[StreamRun]) -> None:
    if sys.stderr.isatty():
        print(file=sys.stderr)
    for run in runs:
        state = "skipped: another worker holds its lease" if not run.claimed else (
            f"error: {run.error}" if run.error else "ok")
        print(f"{run.connection}/{run.stream}: {run.pages} page(s), {run.events_new} new event(s), "
              f"{run.quarantined} quarantined; {state}", file=sys.stderr)


async def _every(engine: Engine, connection: ConnectionSettings, owner: str) -> None:
    while True:
        print_runs(await sync_once(engine, [connection], ADAPTERS, stored_token_clients(engine), owner,
                                   terminal_progress))
        await asyncio.to_thread(refresh_timing_gaps, engine)
        await asyncio.sleep(int(connection.options.get("interval_seconds", 300)))


async def _forever(engine: Engine, connections: list[ConnectionSettings], owner: str) -> None:
    """Each connection on its own interval."""
    await asyncio.gather(*(_every(engine, connection, owner) for connection in connections))


def run_sync(engine: Engine, settings: Settings, adapter: str | None, connection: str | None, once: bool) -> int:
    """Exit 0 when every stream synced, 1 when any ended in error (it is recorded and shown in syncStatus)."""
    logs.configure()
    connections, owner = selected(settings, adapter, connection), worker_name()
    if not once:
        try:
            asyncio.run(_forever(engine, connections, owner))
        except KeyboardInterrupt:
            return 0
    runs = asyncio.run(sync_once(engine, connections, ADAPTERS, stored_token_clients(engine), owner,
                                 terminal_progress))
    print_runs(runs)
    refresh_timing_gaps(engine)
    return 1 if any(run.error for run in runs) else 0
