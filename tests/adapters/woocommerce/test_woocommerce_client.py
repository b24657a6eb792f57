"""The WooCommerce streams against the WooCommerce simulator on a real socket: full, faulty, resumed, incremental."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from aiohttp import web

from adapters.toolkit import MappingContext
from adapters.toolkit.errors import FatalApiError
from adapters.toolkit.http import PartnerClient, RetryPolicy
from adapters.toolkit.rate_limit import RateLimitPolicy
from adapters.toolkit.simulation import FaultPlan
from adapters.toolkit.streams import ConnectionSettings, Page
from adapters.woocommerce import ADAPTER
from adapters.woocommerce.client import WOOCOMMERCE_REST, auth_headers, fetch_order, fetch_order_refunds, fetch_orders
from adapters.woocommerce.sample_data import generate_store
from adapters.woocommerce.simulator import STORE
from adapters.woocommerce.store import set_date
from tests.adapters.toolkit.fakes import serving, simulator_stats

COUNT, SEED = 60, 7
KEY, SECRET = "ck_simulated_key", "cs_simulated_secret"
CREDENTIALS = {"consumer_key": KEY, "consumer_secret": SECRET}
OPTIONS = {"page_size": 8, "currency": "USD"}
RETRY = RetryPolicy(attempts=8, base_wait=0.01, max_wait=0.05)
# The real limit (5/s) would make these tests slow; the same kind of bucket, faster, is enforced the same way.
QUICK = RateLimitPolicy.token_bucket("woocommerce-test", rate=100, burst=10, headroom=1)
ALL_IDS = set(generate_store(COUNT, SEED).orders)
REFUND_IDS = {refund["id"] for refunds in generate_store(COUNT, SEED).refunds.values() for refund in refunds}


@asynccontextmanager
async def store(faults: FaultPlan | None = None, credentials: dict[str, str] | None = None,
                limit: RateLimitPolicy = QUICK, app: web.Application | None = None, **options: Any
                ) -> AsyncIterator[tuple[PartnerClient, ConnectionSettings, str]]:
    """A simulated store on a socket and a client for it, with tiny retry waits and a short timeout."""
    app = app or ADAPTER.simulator(orders=COUNT, seed=SEED, consumer_key=KEY, consumer_secret=SECRET, faults=faults,
                                   rate_limit=limit)
    async with serving(app) as url:
        settings = ConnectionSettings("woo-main", "woocommerce", "demo-brand.example", url,
                                      CREDENTIALS if credentials is None else credentials, {**OPTIONS, **options})
        async with PartnerClient(settings, limit, auth=auth_headers, retry=RETRY, timeout=0.25) as client:
            yield client, settings, url


def _run(test: Callable[..., Coroutine[Any, Any, Any]], *args: Any) -> Any:
    return asyncio.run(test(*args))


async def _pages(client: PartnerClient, settings: ConnectionSettings, cursor: str | None = None,
                 stream: str = "orders") -> list[Page]:
    fetch = next(s for s in ADAPTER.streams if s.name == stream).fetch
    return [page async for page in fetch(client, settings, cursor)]


def _documents(pages: list[Page]) -> list[dict[str, Any]]:
    return [item for page in pages for _, body in page.documents for item in json.loads(body)]


def _orders(pages: list[Page]) -> dict[int, dict[str, Any]]:
    return {order["id"]: order for order in _documents(pages)}


def _event_ids(pages: list[Page]) -> set[str]:
    ids = set()
    for page in pages:
        for _, body in page.documents:
            context = MappingContext("demo-brand.example", hashlib.sha256(body).hexdigest(), currency="USD")
            ids |= {event.id for obj in ADAPTER.split(ADAPTER.parse(body)) for event in ADAPTER.map_object(obj, context)}
    return ids


def test_a_first_sync_reads_every_order_under_the_real_limit_with_a_rising_cursor() -> None:
    async def go() -> tuple[list[Page], dict[str, Any]]:
        async with store(limit=WOOCOMMERCE_REST) as (client, settings, url):
            return await _pages(client, settings), await simulator_stats(url)

    pages, stats = _run(go)
    orders = _orders(pages)
    assert set(orders) == ALL_IDS
    cursors = [page.cursor or "" for page in pages]
    assert cursors == sorted(cursors) and cursors[-1] == max(
        datetime.fromisoformat(o["date_modified_gmt"] + "+00:00") for o in orders.values()).isoformat()
    assert pages[0].documents[0][0] == "woocommerce:woo-main/orders?orderby=modified&order=asc&per_page=8&page=1"
    assert "&modified_after=" in pages[1].documents[0][0] and "dates_are_gmt=true" in pages[1].documents[0][0]
    assert stats == {"requests": len(pages), "faults": {}, "violations": 0}


def test_with_a_fifth_of_calls_failing_both_streams_read_what_a_clean_run_reads() -> None:
    async def every_stream(faults: FaultPlan | None) -> tuple[list[list[Page]], dict[str, Any]]:
        async with store(faults) as (client, settings, url):
            pages = [await _pages(client, settings, stream=stream.name) for stream in ADAPTER.streams]
            return pages, await simulator_stats(url)

    clean, _ = _run(every_stream, None)
    faulty, stats = _run(every_stream, FaultPlan(rate=0.2, seed=SEED, delay=0.4, retry_after=0.01))
    for clean_pages, faulty_pages in zip(clean, faulty, strict=True):
        assert [(p.documents, p.cursor) for p in faulty_pages] == [(p.documents, p.cursor) for p in clean_pages]
        assert _event_ids(faulty_pages) == _event_ids(clean_pages)
    assert set(_orders(faulty[0])) == ALL_IDS
    assert {refund["id"] for refund in _documents(faulty[1])} == REFUND_IDS
    assert set(stats["faults"]) == {"429", "500", "timeout", "malformed"}, "every kind of fault was survived"
    assert stats["violations"] == 0


def test_a_sync_stopped_after_page_two_resumes_from_its_cursor_and_misses_nothing() -> None:
    async def go() -> tuple[dict[int, Any], dict[int, Any]]:
        async with store() as (client, settings, _):
            first: list[Page] = []
            async for page in fetch_orders(client, settings, None):
                first.append(page)
                if len(first) == 2:
                    break
            return _orders(first), _orders(await _pages(client, settings, first[-1].cursor))

    before, after = _run(go)
    assert len(before) == 15, "the second page starts again at the first page's last second"
    assert before.keys() | after.keys() == ALL_IDS and len(after) < COUNT


def test_an_incremental_sync_reads_only_the_touched_orders_and_the_new_refund() -> None:
    async def go() -> tuple[list[Page], list[Page], list[Page], dict[str, Any]]:
        async with store() as (client, settings, url):
            backfill = await _pages(client, settings)
            async with httpx.AsyncClient() as http:
                touched = (await http.post(f"{url}/_simulator/touch", json={"orders": 4})).json()
            cursor = backfill[-1].cursor
            return (backfill, await _pages(client, settings, cursor),
                    await _pages(client, settings, cursor, stream="refunds"), touched)

    backfill, incremental, refund_pages, touched = _run(go)
    cursor = datetime.fromisoformat(backfill[-1].cursor or "")
    overlap = {i for i, o in _orders(backfill).items()
               if datetime.fromisoformat(o["date_modified_gmt"] + "+00:00") >= cursor - timedelta(minutes=5)}
    changed = _orders(incremental)
    assert set(changed) == set(touched["touched"]) | overlap and len(changed) < 10
    [refunded] = touched["refunded"]
    assert changed[refunded]["refunds"][0]["reason"] == "customer return: damaged"
    listed = {origin for page in refund_pages for origin, _ in page.documents}
    assert listed == {f"woocommerce:woo-main/orders/{i}/refunds?per_page=100" for i, o in changed.items() if o["refunds"]}
    [new] = [r for r in _documents(refund_pages) if r["reason"] == "customer return: damaged"]
    assert new["id"] == changed[refunded]["refunds"][0]["id"] and new["_links"]["up"][0]["href"].endswith(
        f"/orders/{refunded}")
    assert {p.cursor for p in refund_pages} <= {p.cursor for p in incremental}
    assert incremental[-1].cursor == max(o["date_modified_gmt"] for o in changed.values()) + "+00:00"


def test_orders_modified_mid_sync_never_push_an_unread_order_past_the_walk() -> None:
    async def go() -> dict[int, Any]:
        app = ADAPTER.simulator(orders=COUNT, seed=SEED, consumer_key=KEY, consumer_secret=SECRET, rate_limit=QUICK)
        async with store(app=app) as (client, settings, _):
            read: list[Page] = []
            async for page in fetch_orders(client, settings, None):
                read.append(page)
                shop = app[STORE]
                for order_id in list(_orders([page]))[:2]:  # modified while we read: they move to the end
                    set_date(shop.orders[order_id], "date_modified", shop.now)
                    shop.now += timedelta(seconds=1)
            return _orders(read)

    assert set(_run(go)) == ALL_IDS


def test_a_page_of_orders_modified_in_one_second_is_followed_by_its_link() -> None:
    async def go() -> tuple[list[Page], dict[int, Any]]:
        app = ADAPTER.simulator(orders=30, seed=SEED, consumer_key=KEY, consumer_secret=SECRET, rate_limit=QUICK)
        shop = app[STORE]
        for order_id in sorted(shop.orders)[:20]:  # a bulk status change: twenty orders saved in one second
            set_date(shop.orders[order_id], "date_modified", shop.now)
        async with store(app=app) as (client, settings, _):
            pages = await _pages(client, settings)
            return pages, _orders(pages)

    pages, orders = _run(go)
    assert len(orders) == 30
    assert any("page=2" in origin for page in pages for origin, _ in page.documents)


def test_the_overlap_window_is_an_option() -> None:
    async def go() -> str:
        async with store(overlap_minutes=60) as (client, settings, _):
            pages = [page async for page in fetch_orders(client, settings, "2026-09-01T12:00:00+00:00")]
            return pages[0].documents[0][0]

    assert "modified_after=2026-09-01T10%3A59%3A59" in _run(go), "an hour back, and the second itself included"


def test_fetch_one_reads_an_order_or_its_refunds_and_moves_no_cursor() -> None:
    refunded = next(i for i, refunds in generate_store(COUNT, SEED).refunds.items() if refunds)

    async def go() -> tuple[Page, Page, FatalApiError]:
        async with store() as (client, settings, _):
            order = await fetch_order(client, settings, str(refunded))
            refunds = await fetch_order_refunds(client, settings, str(refunded))
            with pytest.raises(FatalApiError) as missing:
                await fetch_order(client, settings, "42")
            return order, refunds, missing.value

    order, refunds, missing = _run(go)
    [(origin, body)] = order.documents
    assert origin == f"woocommerce:woo-main/orders/{refunded}" and order.cursor is None and refunds.cursor is None
    assert json.loads(body)["id"] == refunded
    [(origin, body)] = refunds.documents
    assert origin == f"woocommerce:woo-main/orders/{refunded}/refunds?per_page=100"
    assert [r["id"] for r in json.loads(body)] == [r["id"] for r in json.loads(order.documents[0][1])["refunds"]]
    assert missing.status == 404


@pytest.mark.parametrize("credentials", [{"consumer_key": KEY, "consumer_secret": "cs_wrong_secret"}, {}])
def test_missing_or_wrong_credentials_are_fatal_at_once_and_never_reported(credentials: dict[str, str]) -> None:
    async def go() -> tuple[FatalApiError, dict[str, Any]]:
        app = ADAPTER.simulator(orders=5, consumer_key=KEY, consumer_secret=SECRET, rate_limit=QUICK)
        async with serving(app) as url:
            settings = ConnectionSettings("woo-main", "woocommerce", "demo", url, credentials, OPTIONS)
            auth = auth_headers if credentials else (lambda _: {})
            async with PartnerClient(settings, QUICK, auth=auth, retry=RETRY) as client:
                with pytest.raises(FatalApiError) as refused:
                    await _pages(client, settings)
            return refused.value, await simulator_stats(url)

    refused, stats = _run(go)
    assert refused.status == 401 and stats["requests"] == 1
    assert "cs_wrong_secret" not in str(refused)
    assert ("[redacted]" in refused.request_description) == bool(credentials)


def test_a_connection_without_a_key_is_refused_before_any_call() -> None:
    with pytest.raises(ValueError, match="consumer_key"):
        auth_headers({"consumer_key": KEY})
    assert auth_headers(CREDENTIALS) == {"Authorization": "Basic Y2tfc2ltdWxhdGVkX2tleTpjc19zaW11bGF0ZWRfc2VjcmV0"}
