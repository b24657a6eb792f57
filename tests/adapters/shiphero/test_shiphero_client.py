"""The ShipHero streams against the ShipHero GraphQL simulator on a real socket: full, paged, faulty, incremental,
and within the account's credits."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from adapters.shiphero import ADAPTER
from adapters.shiphero.client import ORDERS, walk
from adapters.shiphero.credits import CreditBudget
from adapters.toolkit.errors import FatalApiError
from adapters.toolkit.http import PartnerClient
from adapters.toolkit.simulation import FaultPlan
from adapters.toolkit.streams import ConnectionSettings, Page
from canonical_model.events import Event, ShipmentCreated
from canonical_model.inventory_events import InventoryAllocated, InventoryLevelReported, InventoryReceived
from tests.adapters.pages import mapped_events
from tests.adapters.toolkit.fakes import FAST_RETRIES, serving, simulator_stats

SEED, ORDERS_SOLD = 6, 30
TOKEN = "shiphero-simulated-access-token"
STREAMS = {stream.name: stream for stream in ADAPTER.streams}


def settings_for(url: str, token: str = TOKEN, **options: Any) -> ConnectionSettings:
    return ConnectionSettings("shiphero-demo", "shiphero", "acme-shiphero", url, {"token": token},
                              {"currency": "USD", **options})


@asynccontextmanager
async def shiphero(**app_options: Any) -> AsyncIterator[str]:
    async with serving(ADAPTER.simulator(seed=SEED, orders=ORDERS_SOLD, **app_options)) as url:
        yield url


async def read(url: str, stream: str, cursor: str | None = None, **options: Any) -> list[Page]:
    settings = settings_for(url, **options)
    async with PartnerClient.for_adapter(settings, ADAPTER, retry=FAST_RETRIES, timeout=0.3) as client:
        return [page async for page in STREAMS[stream].fetch(client, settings, cursor)]


def events_of(pages: list[Page]) -> list[Event]:
    return mapped_events(ADAPTER, pages, "acme-shiphero", "USD")


def ids(pages: list[Page]) -> set[str]:
    return {event.id for event in events_of(pages)}


async def post_graphql(url: str, body: dict[str, Any], token: str = TOKEN) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"}) as http:
        return (await http.post("/graphql", json=body)).json()


async def touch(url: str, orders: int) -> list[str]:
    async with httpx.AsyncClient(base_url=url) as http:
        return (await http.post("/_simulator/touch", json={"orders": orders, "advance_hours": 24})).json()["touched"]


def test_a_first_sync_reads_every_order_shipment_level_and_purchase_order() -> None:
    async def main() -> dict[str, list[Event]]:
        async with shiphero() as url:
            return {name: events_of(await read(url, name)) for name in STREAMS}

    events = asyncio.run(main())
    assert len({ref for event in events["orders"] for ref in event.references}) == ORDERS_SOLD
    assert all(isinstance(event.body, InventoryAllocated) for event in events["orders"])
    assert len({e.body.shipment_id for e in events["shipments"] if isinstance(e.body, ShipmentCreated)}) >= 20
    assert len([e for e in events["warehouse_products"] if isinstance(e.body, InventoryLevelReported)]) == 8
    assert len([e for e in events["purchase_orders"] if isinstance(e.body, InventoryReceived)]) == 2


def test_small_pages_give_the_events_of_one_big_page_and_every_cursor_moves_forward() -> None:
    async def main() -> None:
        async with shiphero() as url:
            for name in ("orders", "shipments"):
                small, big = await read(url, name, page_size=7), await read(url, name)
                assert ids(small) == ids(big) and len(small) > len(big)
                cursors = [page.cursor for page in small]
                assert None not in cursors and cursors == sorted(cursors) and cursors[-1] == big[-1].cursor

    asyncio.run(main())


def test_resuming_after_any_page_misses_nothing() -> None:
    async def main() -> None:
        async with shiphero() as url:
            full = await read(url, "orders", page_size=7, overlap_minutes=0)
            for index in range(len(full)):
                before = {e.id for page in full[: index + 1] for e in events_of([page])}
                rest = await read(url, "orders", full[index].cursor, page_size=7, overlap_minutes=0)
                assert before | ids(rest) == ids(full)

    asyncio.run(main())


def test_with_a_fifth_of_calls_failing_every_stream_maps_to_the_events_of_a_clean_run() -> None:
    async def main() -> None:
        async with shiphero() as url:
            clean = {name: ids(await read(url, name, page_size=9)) for name in STREAMS}
        async with shiphero(faults=FaultPlan(rate=0.2, seed=5, delay=0.5)) as url:
            for name in STREAMS:
                assert ids(await read(url, name, page_size=9)) == clean[name], name
            stats = await simulator_stats(url)
        assert sum(stats["faults"].values()) > 0 and stats["violations"] == 0

    asyncio.run(main())


def test_an_incremental_sync_after_a_touch_reads_only_the_touched_orders_and_their_stock() -> None:
    async def main() -> None:
        async with shiphero() as url:
            first = {name: await read(url, name, overlap_minutes=0) for name in STREAMS}
            touched = set(await touch(url, 5))
            after = {name: await read(url, name, first[name][-1].cursor, overlap_minutes=0) for name in STREAMS}
        for name in ("orders", "shipments"):
            fresh = {ref for e in events_of(after[name]) if e.id not in ids(first[name]) for ref in e.references}
            assert fresh <= touched, name
        assert {ref for e in events_of(after["orders"]) if e.id not in ids(first["orders"]) for ref in e.references}
        known_levels = ids(first["warehouse_products"])
        assert {e.source.object_id for e in events_of(after["warehouse_products"]) if e.id not in known_levels} <= touched
        assert events_of(after["purchase_orders"]) == [] or ids(after["purchase_orders"]) <= ids(first["purchase_orders"])

    asyncio.run(main())


def test_the_client_waits_for_credits_where_the_account_has_few_and_is_never_refused() -> None:
    async def main() -> None:
        async with shiphero(credits=80, restore_per_second=400) as url:
            settings = settings_for(url, page_size=10)
            budget = CreditBudget()
            async with PartnerClient.for_adapter(settings, ADAPTER, retry=FAST_RETRIES) as client:
                pages = [page async for page in walk(client, settings, ORDERS, None, budget)]
            stats = await simulator_stats(url)
        assert len(pages) >= 3 and budget.capacity == 80 and budget.rate == 400
        assert budget.waited > 0 and budget.refusals == 0 and stats["violations"] == 0

    asyncio.run(main())


def test_two_runs_sharing_the_credits_are_refused_wait_as_told_and_still_read_everything() -> None:
    async def main() -> None:
        async with shiphero() as url:
            expected = ids(await read(url, "orders", page_size=10))
        async with shiphero(credits=50, restore_per_second=300) as url:  # two first pages (29 credits each) cannot both fit
            settings = settings_for(url, page_size=10)
            budgets = [CreditBudget(), CreditBudget()]
            async with PartnerClient.for_adapter(settings, ADAPTER, retry=FAST_RETRIES) as client:
                async def run(budget: CreditBudget) -> list[Page]:
                    return [page async for page in walk(client, settings, ORDERS, None, budget)]

                reads = await asyncio.gather(*(run(budget) for budget in budgets))
            stats = await simulator_stats(url)
        assert [ids(pages) for pages in reads] == [expected, expected]
        assert sum(budget.refusals for budget in budgets) == stats["violations"] > 0

    asyncio.run(main())


def test_a_plain_client_that_ignores_credits_is_refused_with_code_30() -> None:
    async def main() -> list[dict[str, Any]]:
        async with shiphero(credits=40, restore_per_second=1) as url:
            return [await post_graphql(url, {"query": ORDERS.query(), "variables": {"first": 10}}) for _ in range(3)]

    answers = asyncio.run(main())
    refused = [answer["errors"][0] for answer in answers if "errors" in answer]
    assert refused and refused[0]["code"] == 30 and "not enough credits" in refused[0]["message"]
    assert refused[0]["required_credits"] > refused[0]["remaining_credits"]


@pytest.mark.parametrize("token", ["wrong-token"])
def test_a_wrong_token_is_a_clear_fatal_401(token: str) -> None:
    async def main() -> None:
        async with shiphero() as url:
            with pytest.raises(FatalApiError, match="401"):
                await read(url, "orders", token=token)

    asyncio.run(main())


def test_a_checkpoint_in_the_future_reads_nothing_and_fetch_one_reads_an_order() -> None:
    async def main() -> None:
        async with shiphero() as url:
            for name, stream in STREAMS.items():
                later = await read(url, name, stream.checkpoint_at(datetime(2100, 1, 1, tzinfo=UTC)))
                assert events_of(later) == [], name
            order = events_of(await read(url, "orders"))[0]
            settings = settings_for(url)
            async with PartnerClient.for_adapter(settings, ADAPTER, retry=FAST_RETRIES) as client:
                page = await STREAMS["orders"].fetch_one(client, settings, order.source.object_id)
        assert page.cursor is None and {e.source.object_id for e in events_of([page])} == {order.source.object_id}

    asyncio.run(main())
