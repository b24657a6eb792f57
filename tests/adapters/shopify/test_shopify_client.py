"""The Shopify streams against the Shopify simulator on a real socket: full, faulty, resumed, incremental."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from aiohttp import web

from adapters.shopify import ADAPTER
from adapters.shopify.client import fetch_order, fetch_orders
from adapters.shopify.sample_orders import generate_orders
from adapters.toolkit.errors import FatalApiError
from adapters.toolkit.http import PartnerClient
from adapters.toolkit.simulation import FaultPlan
from adapters.toolkit.streams import ConnectionSettings, Page
from tests.adapters.toolkit.fakes import FAST_RETRIES, serving, simulator_stats

COUNT, SEED, TOKEN = 60, 7, "shpat_simulated_token"
OPTIONS = {"page_size": 8}


@asynccontextmanager
async def shop(faults: FaultPlan | None = None, token: str = TOKEN, **options: Any
               ) -> AsyncIterator[tuple[PartnerClient, ConnectionSettings, str]]:
    """A simulated shop on a socket and a client for it, with tiny retry waits and a short timeout."""
    app: web.Application = ADAPTER.simulator(orders=COUNT, seed=SEED, token=TOKEN, faults=faults)
    async with serving(app) as url:
        settings = ConnectionSettings("shopify-main", "shopify", "acme.myshopify.com", url, {"token": token},
                                      {**OPTIONS, **options})
        async with PartnerClient.for_adapter(settings, ADAPTER, retry=FAST_RETRIES, timeout=0.25) as client:
            yield client, settings, url


def _run(test: Callable[..., Coroutine[Any, Any, Any]], *args: Any, **kwargs: Any) -> Any:
    return asyncio.run(test(*args, **kwargs))


async def _pages(client: PartnerClient, settings: ConnectionSettings, cursor: str | None = None,
                 stream: str = "orders") -> list[Page]:
    fetch = next(s for s in ADAPTER.streams if s.name == stream).fetch
    return [page async for page in fetch(client, settings, cursor)]


def _orders(pages: list[Page]) -> dict[int, dict[str, Any]]:
    return {order["id"]: order for page in pages for _, body in page.documents for order in json.loads(body)["orders"]}


async def _full_fetch(faults: FaultPlan | None) -> tuple[list[Page], dict[str, Any]]:
    async with shop(faults) as (client, settings, url):
        return await _pages(client, settings), await simulator_stats(url)


async def _every_stream(faults: FaultPlan | None) -> tuple[list[list[Page]], dict[str, Any]]:
    async with shop(faults) as (client, settings, url):
        pages = [await _pages(client, settings, stream=stream.name) for stream in ADAPTER.streams]
        return pages, await simulator_stats(url)


def test_a_first_sync_fetches_every_order_page_by_page_with_a_rising_cursor() -> None:
    pages, stats = _run(_full_fetch, None)
    orders = _orders(pages)
    assert set(orders) == {order["id"] for order in generate_orders(COUNT, SEED)}
    assert len(pages) == -(-COUNT // OPTIONS["page_size"])
    cursors = [page.cursor for page in pages]
    assert cursors == sorted(cursors) and cursors[-1] == max(
        datetime.fromisoformat(o["updated_at"]) for o in orders.values()).isoformat()
    origin = pages[0].documents[0][0]
    assert origin == "shopify:shopify-main/orders.json?status=any&limit=8&order=updated_at+asc"
    assert pages[1].documents[0][0].startswith("shopify:shopify-main/orders.json?limit=8&page_info=")
    assert stats == {"requests": len(pages), "faults": {}, "violations": 0}


def test_with_a_fifth_of_calls_failing_every_stream_reads_byte_for_byte_what_a_clean_run_reads() -> None:
    clean, _ = _run(_every_stream, None)
    plan = FaultPlan(rate=0.2, seed=SEED, delay=0.4, retry_after=0.01)
    faulty, stats = _run(_every_stream, plan)
    for clean_pages, faulty_pages in zip(clean, faulty, strict=True):
        assert [(page.documents, page.cursor) for page in faulty_pages] == [
            (page.documents, page.cursor) for page in clean_pages]
    assert set(_orders(faulty[0])) == {order["id"] for order in generate_orders(COUNT, SEED)}
    assert set(stats["faults"]) == {"429", "500", "timeout", "malformed"}, "every kind of fault was survived"
    assert stats["violations"] == 0


def test_a_sync_stopped_after_page_two_resumes_from_its_cursor_and_misses_nothing() -> None:
    async def go() -> tuple[dict[int, Any], dict[int, Any], dict[int, Any]]:
        async with shop() as (client, settings, _):
            first: list[Page] = []
            async for page in fetch_orders(client, settings, None):
                first.append(page)
                if len(first) == 2:
                    break
            rest = await _pages(client, settings, first[-1].cursor)
            return _orders(first), _orders(rest), _orders(await _pages(client, settings))

    before, after, everything = _run(go)
    assert len(before) == 16 and before.keys() | after.keys() == everything.keys()
    assert len(after) < COUNT, "the resumed run starts where the cursor points, not at the beginning"


def test_an_incremental_sync_fetches_only_what_changed_since_the_cursor() -> None:
    async def go() -> tuple[list[Page], list[Page], dict[str, Any]]:
        async with shop() as (client, settings, url):
            backfill = await _pages(client, settings)
            async with httpx.AsyncClient() as http:
                touched = (await http.post(f"{url}/_simulator/touch", json={"orders": 4})).json()
            return backfill, await _pages(client, settings, backfill[-1].cursor), touched

    backfill, incremental, touched = _run(go)
    cursor = datetime.fromisoformat(backfill[-1].cursor or "")
    overlap = {i for i, o in _orders(backfill).items() if datetime.fromisoformat(o["updated_at"]) >= cursor - timedelta(
        minutes=5)}
    changed = _orders(incremental)
    assert set(changed) == set(touched["touched"]) | overlap
    assert len(changed) < 10
    [refunded] = touched["refunded"]
    assert changed[refunded]["refunds"][-1]["note"] == "customer return: damaged"
    assert incremental[-1].cursor == max(o["updated_at"] for o in changed.values())


def test_the_overlap_window_is_an_option() -> None:
    async def go() -> str:
        async with shop(overlap_minutes=60) as (client, settings, _):
            pages = [page async for page in fetch_orders(client, settings, "2026-09-01T12:00:00+00:00")]
            return pages[0].documents[0][0]

    assert "updated_at_min=2026-09-01T11%3A00%3A00%2B00%3A00" in _run(go)


def test_fetch_one_reads_a_single_order_and_moves_no_cursor() -> None:
    async def go() -> tuple[Page, FatalApiError]:
        async with shop() as (client, settings, _):
            page = await fetch_order(client, settings, "5000003")
            with pytest.raises(FatalApiError) as missing:
                await fetch_order(client, settings, "42")
            return page, missing.value

    page, missing = _run(go)
    [(origin, body)] = page.documents
    assert origin == "shopify:shopify-main/orders/5000003.json" and page.cursor is None
    assert json.loads(body)["order"]["id"] == 5000003
    assert missing.status == 404


def test_a_wrong_token_is_fatal_at_once_and_never_reported() -> None:
    async def go() -> tuple[FatalApiError, dict[str, Any]]:
        async with shop(token="shpat_wrong_token") as (client, settings, url):
            with pytest.raises(FatalApiError) as refused:
                await _pages(client, settings)
            return refused.value, await simulator_stats(url)

    refused, stats = _run(go)
    assert refused.status == 401 and stats["requests"] == 1
    assert "shpat_wrong_token" not in str(refused) and "[redacted]" in refused.request_description


def test_payouts_and_their_transactions_are_all_read_and_every_line_maps() -> None:
    async def go() -> tuple[list[Page], list[Page]]:
        async with shop() as (client, settings, _):
            return await _pages(client, settings, stream="payouts"), await _pages(
                client, settings, stream="payout_transactions")

    payout_pages, line_pages = _run(go)
    payouts = [p for page in payout_pages for _, body in page.documents for p in json.loads(body)["payouts"]]
    lines = [t for page in line_pages for _, body in page.documents for t in json.loads(body)["transactions"]]
    assert len({p["id"] for p in payouts}) == len(payouts) > 3
    assert {t["payout_id"] for t in lines} == {p["id"] for p in payouts}
    assert len({t["id"] for t in lines}) == len(lines)
    open_dates = [p["date"] for p in payouts if p["status"] != "paid"]
    assert payout_pages[-1].cursor == min(open_dates), "the next run re-reads the payouts that may still change"
    assert all(page.cursor is None for page in payout_pages[:-1])
    assert line_pages[-1].cursor == min(open_dates)
    assert [p.cursor or "" for p in line_pages] == sorted(p.cursor or "" for p in line_pages)
