"""The ShipBob streams against the ShipBob simulator on a real socket: full, paged, faulty, incremental, limited."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from adapters.shipbob import ADAPTER
from adapters.shipbob.client import fetch_order, read_levels_cursor
from adapters.toolkit.errors import FatalApiError
from adapters.toolkit.http import PartnerClient
from adapters.toolkit.rate_limit import RateLimitPolicy
from adapters.toolkit.simulation import FaultPlan
from adapters.toolkit.streams import ConnectionSettings, Page
from canonical_model.events import Event, ShipmentCreated
from canonical_model.inventory_events import InventoryLevelReported, InventoryReceived
from tests.adapters.pages import mapped_events
from tests.adapters.toolkit.fakes import FAST_RETRIES, FakeClock, serving, simulator_stats

SEED, ORDERS = 5, 30
STREAMS = {stream.name: stream for stream in ADAPTER.streams}


def settings_for(url: str, token: str = "shipbob_pat_simulated", **options: Any) -> ConnectionSettings:
    return ConnectionSettings("shipbob-demo", "shipbob", "acme-shipbob", url, {"token": token},
                              {"currency": "USD", **options})


@asynccontextmanager
async def shipbob(**app_options: Any) -> AsyncIterator[str]:
    async with serving(ADAPTER.simulator(seed=SEED, orders=ORDERS, **app_options)) as url:
        yield url


async def read(url: str, stream: str, cursor: str | None = None, **options: Any) -> list[Page]:
    settings = settings_for(url, **options)
    client_options = {key: options.pop(key) for key in ("clock", "sleep") if key in options}
    async with PartnerClient.for_adapter(settings, ADAPTER, retry=FAST_RETRIES, timeout=0.3, **client_options) as client:
        return [page async for page in STREAMS[stream].fetch(client, settings, cursor)]


def events_of(pages: list[Page]) -> list[Event]:
    return mapped_events(ADAPTER, pages, "acme-shipbob", "USD")


def ids(pages: list[Page]) -> set[str]:
    return {event.id for event in events_of(pages)}


async def touch(url: str, orders: int) -> list[str]:
    async with httpx.AsyncClient(base_url=url) as http:
        return (await http.post("/_simulator/touch", json={"orders": orders, "advance_hours": 24})).json()["touched"]


def test_a_first_sync_reads_every_order_with_its_shipments_the_receipts_and_every_level() -> None:
    async def main() -> None:
        async with shipbob() as url:
            orders, receiving, levels = [await read(url, name) for name in ("orders", "receiving", "inventory")]
        references = {ref for event in events_of(orders) for ref in event.references}
        assert len(references) == ORDERS
        shipments = {e.body.shipment_id for e in events_of(orders) if isinstance(e.body, ShipmentCreated)}
        assert len(shipments) >= ORDERS
        assert len([e for e in events_of(receiving) if isinstance(e.body, InventoryReceived)]) == 2
        assert {e.body.sku for e in events_of(levels) if isinstance(e.body, InventoryLevelReported)} >= {"MUG-RED"}
        assert orders[-1].cursor and receiving[-1].cursor and levels[-1].cursor.startswith("levels:")

    asyncio.run(main())


def test_small_pages_follow_next_page_and_give_the_events_of_one_big_page() -> None:
    async def main() -> None:
        async with shipbob() as url:
            small, big = await read(url, "orders", page_size=7), await read(url, "orders")
            since = "2026-09-05T00:00:00+00:00"  # the next-page header keeps the filter from page to page
            later_small = await read(url, "orders", since, page_size=3, overlap_minutes=0)
            later_big = await read(url, "orders", since, overlap_minutes=0)
        assert len(later_small) > 3 and ids(later_small) == ids(later_big) and ids(later_big) < ids(big)
        assert len(small) == 5 and len(big) == 1
        assert ids(small) == ids(big)
        # ShipBob sorts by creation: only the last page is a point to resume from.
        assert [page.cursor for page in small[:-1]] == [None] * 4 and small[-1].cursor == big[-1].cursor

    asyncio.run(main())


def test_with_a_fifth_of_calls_failing_every_stream_maps_to_the_events_of_a_clean_run() -> None:
    async def main() -> None:
        clean: dict[str, set[str]] = {}
        async with shipbob() as url:
            for name in STREAMS:
                clean[name] = ids(await read(url, name, page_size=7))
        faults = FaultPlan(rate=0.2, seed=3, delay=0.5)
        async with shipbob(faults=faults) as url:
            for name in STREAMS:
                assert ids(await read(url, name, page_size=7)) == clean[name], name
            stats = await simulator_stats(url)
        assert sum(stats["faults"].values()) > 0 and stats["violations"] == 0

    asyncio.run(main())


def test_an_incremental_sync_after_a_touch_reads_only_the_touched_orders_and_changed_levels() -> None:
    async def main() -> None:
        async with shipbob() as url:
            first = {name: await read(url, name, overlap_minutes=0) for name in STREAMS}
            quiet = {name: await read(url, name, first[name][-1].cursor, overlap_minutes=0) for name in STREAMS}
            touched = set(await touch(url, 4))
            after = {name: await read(url, name, first[name][-1].cursor, overlap_minutes=0) for name in STREAMS}
        assert events_of(quiet["inventory"]) == [] and len({r for e in events_of(quiet["orders"]) for r in e.references}) <= 1
        new_orders = {r for e in events_of(after["orders"]) if e.id not in ids(first["orders"]) for r in e.references}
        assert new_orders and new_orders <= touched
        changed_levels = {e.source.object_id for e in events_of(after["inventory"])}
        assert changed_levels <= touched

    asyncio.run(main())


def test_a_checkpoint_at_a_moment_still_to_come_reads_nothing_and_a_past_one_everything() -> None:
    async def main() -> None:
        async with shipbob() as url:
            for name, stream in STREAMS.items():
                assert events_of(await read(url, name, stream.checkpoint_at(datetime(2100, 1, 1, tzinfo=UTC)))) == []
            past = STREAMS["inventory"].checkpoint_at(datetime(2020, 1, 1, tzinfo=UTC))
            assert ids(await read(url, "inventory", past)) == ids(await read(url, "inventory"))
        assert read_levels_cursor("levels:1001=abc,1002=def") == {"1001": "abc", "1002": "def"}

    asyncio.run(main())


def test_the_client_keeps_to_a_per_minute_limit_where_the_simulator_counts_no_violation() -> None:
    async def main() -> None:
        clock = FakeClock()
        limit = RateLimitPolicy.per_minute("shipbob", 4, remaining_headers=("x-remaining-calls",))
        async with shipbob(rate_limit=limit, clock=clock) as url:
            settings = settings_for(url, page_size=3)
            async with PartnerClient(settings, limit, retry=FAST_RETRIES, clock=clock, sleep=clock.sleep) as client:
                pages = [page async for page in STREAMS["orders"].fetch(client, settings, None)]
            stats = await simulator_stats(url)
        assert len(pages) == 10 and stats["violations"] == 0
        assert sum(clock.sleeps) >= 60  # ten calls at four a minute wait out at least one window

    asyncio.run(main())


@pytest.mark.parametrize("token", ["wrong-token"])
def test_a_wrong_token_is_a_clear_fatal_401(token: str) -> None:
    async def main() -> None:
        async with shipbob() as url:
            with pytest.raises(FatalApiError, match="401"):
                await read(url, "orders", token=token)

    asyncio.run(main())


def test_fetch_one_reads_an_order_by_id_and_moves_no_cursor() -> None:
    async def main() -> None:
        async with shipbob() as url:
            first = json.loads((await read(url, "orders"))[0].documents[0][1])[0]
            settings = settings_for(url)
            async with PartnerClient.for_adapter(settings, ADAPTER, retry=FAST_RETRIES) as client:
                page = await fetch_order(client, settings, str(first["id"]))
        assert page.cursor is None and json.loads(page.documents[0][1])["reference_id"] == first["reference_id"]

    asyncio.run(main())


def test_levels_changed_since_the_last_read_are_fetched_one_by_one_and_only_they() -> None:
    async def main() -> tuple[list[Page], list[Page]]:
        async with shipbob() as url:
            full = await read(url, "inventory")
            stale = full[-1].cursor.replace("1001=", "1001=0", 1)  # the hub last saw MUG-RED at other levels
            return full, await read(url, "inventory", stale)

    full, changed = asyncio.run(main())
    origins = [origin for page in changed for origin, _ in page.documents]
    assert origins == ["shipbob:shipbob-demo/inventory-level/1001/locations"]
    assert {event.body.sku for event in events_of(changed)} == {"MUG-RED"}
    assert ids(changed) <= ids(full) and changed[-1].cursor == full[-1].cursor
