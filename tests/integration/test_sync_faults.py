"""A full sync through the hub against the Shopify simulator failing 20% of requests (429, 5xx,
timeouts, malformed bodies) ends with exactly the events of a fault-free sync, and the simulator
counts no rate-limit violation.
"""

from __future__ import annotations

import asyncio
from contextlib import AbstractAsyncContextManager
from pathlib import Path

from sqlalchemy import Engine, select

from adapters.shopify import ADAPTER as SHOPIFY
from adapters.toolkit import Adapter
from adapters.toolkit.http import PartnerClient, RetryPolicy
from adapters.toolkit.simulation import STATS, FaultPlan, start_simulator
from adapters.toolkit.streams import ConnectionSettings, PartnerHttp
from hub.db import database_engine, upgrade
from hub.schema import events
from hub.sync_runner import sync_once

TOKEN = "shpat_faults"
RETRIES = RetryPolicy(attempts=10, base_wait=0.001, max_wait=0.01, max_retry_after=1.0)


def _client(settings: ConnectionSettings, adapter: Adapter) -> AbstractAsyncContextManager[PartnerHttp]:
    return PartnerClient.for_adapter(settings, adapter, retry=RETRIES, timeout=0.25)


async def _sync(engine: Engine, faults: FaultPlan | None) -> dict[str, int]:
    app = SHOPIFY.simulator(orders=60, seed=11, token=TOKEN, faults=faults)
    runner, url = await start_simulator(app)
    try:
        settings = ConnectionSettings("shopify-main", "shopify", "acme.myshopify.com", url, {"token": TOKEN},
                                      {"page_size": 10})
        runs = await sync_once(engine, [settings], {"shopify": SHOPIFY}, _client, "test-worker")
        assert [run.error for run in runs] == [None] * len(runs)
        stats = app[STATS]
        return {"violations": stats.violations, "faults": sum(stats.faults.values()), "requests": stats.requests}
    finally:
        await runner.cleanup()


def _event_ids(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(connection.execute(select(events.c.id)).scalars())


async def _both(engine: Engine, clean: Engine) -> tuple[dict[str, int], dict[str, int]]:
    return await _sync(clean, None), await _sync(engine, FaultPlan(rate=0.2, seed=5, delay=0.5, retry_after=0.01))


def test_faulty_sync_ends_with_the_events_of_a_clean_one(engine: Engine, tmp_path: Path) -> None:
    clean = database_engine(f"sqlite:///{tmp_path / 'clean.db'}")
    upgrade(clean)
    calm, stormy = asyncio.run(_both(engine, clean))
    assert stormy["faults"] >= 0.1 * stormy["requests"], stormy
    assert calm["violations"] == 0 and stormy["violations"] == 0
    assert _event_ids(engine) == _event_ids(clean) and len(_event_ids(clean)) > 200
    clean.dispose()


