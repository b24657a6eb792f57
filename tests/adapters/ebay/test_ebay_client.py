"""The eBay streams against the eBay simulator on a real socket: full, faulty, resumed, incremental, refused."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from aiohttp import web

from adapters.ebay import ADAPTER
from adapters.ebay.client import fetch_order, fetch_orders, parse_time
from adapters.ebay.rate_limits import FINANCES_PATH, FULFILLMENT_PATH, daily_quota, operation_limits
from adapters.ebay.sample_data import build_seller
from adapters.toolkit.errors import FatalApiError, GaveUp
from adapters.toolkit.http import PartnerClient
from adapters.toolkit.simulation import FaultPlan
from adapters.toolkit.streams import ConnectionSettings, Page
from tests.adapters.toolkit.fakes import FAST_RETRIES, FakeClock, serving, simulator_stats

COUNT, SEED, TOKEN = 40, 7, "v^1.1#i^1#test-user-token"
OPTIONS = {"page_size": 8, "finance_page_size": 10, "overlap_minutes": 0}


@asynccontextmanager
async def account(faults: FaultPlan | None = None, token: str = TOKEN, **options: Any
                  ) -> AsyncIterator[tuple[PartnerClient, ConnectionSettings, str]]:
    """A simulated eBay account on a socket and a client for it, with tiny retry waits and a short timeout."""
    app: web.Application = ADAPTER.simulator(orders=COUNT, seed=SEED, token=TOKEN, faults=faults)
    async with serving(app) as url:
        settings = ConnectionSettings("ebay-main", "ebay", "acme-outlet", url, {"token": token}, {**OPTIONS, **options})
        async with PartnerClient.for_adapter(settings, ADAPTER, retry=FAST_RETRIES, timeout=0.25) as client:
            yield client, settings, url


def _run(test: Callable[..., Coroutine[Any, Any, Any]], *args: Any) -> Any:
    return asyncio.run(test(*args))


def _stream(name: str) -> Any:
    return next(stream for stream in ADAPTER.streams if stream.name == name)


async def _pages(client: PartnerClient, settings: ConnectionSettings, cursor: str | None = None,
                 stream: str = "orders") -> list[Page]:
    return [page async for page in _stream(stream).fetch(client, settings, cursor)]


def _documents(pages: list[Page], key: str) -> list[dict[str, Any]]:
    return [record for page in pages for _, body in page.documents for record in json.loads(body).get(key, [])]


def _by_id(pages: list[Page], key: str, id_field: str) -> dict[str, dict[str, Any]]:
    return {record[id_field]: record for record in _documents(pages, key)}


async def _touch(url: str, orders: int) -> dict[str, Any]:
    async with httpx.AsyncClient() as http:
        return (await http.post(f"{url}/_simulator/touch", json={"orders": orders, "advance_hours": 24})).json()


def test_a_first_sync_reads_every_order_with_its_fulfillments_and_hands_out_the_cursor_with_the_last_page() -> None:
    async def go() -> tuple[list[Page], dict[str, Any]]:
        async with account() as (client, settings, url):
            return await _pages(client, settings), await simulator_stats(url)

    pages, stats = _run(go)
    seller = build_seller(COUNT, SEED)
    orders = _by_id(pages, "orders", "orderId")
    assert set(orders) == set(seller.orders)
    assert len(pages) == -(-COUNT // OPTIONS["page_size"])
    assert [page.cursor for page in pages[:-1]] == [None] * (len(pages) - 1), "getOrders is not ordered by change"
    assert parse_time(pages[-1].cursor or "") == max(parse_time(o["lastModifiedDate"]) for o in orders.values())
    shipped = {order_id for order_id, shipments in seller.fulfillments.items() if shipments}
    fulfillment_documents = [json.loads(body) for page in pages for origin, body in page.documents
                             if origin.endswith("/shipping_fulfillment")]
    assert {document["orderId"] for document in fulfillment_documents} == shipped, "each names its order"
    assert all(document["fulfillments"][0]["shipmentTrackingNumber"] == seller.fulfillments[document["orderId"]][0][
        "shipmentTrackingNumber"] for document in fulfillment_documents)
    assert pages[0].documents[0][0] == "ebay:ebay-main/sell/fulfillment/v1/order?limit=8&offset=0"
    assert stats == {"requests": len(pages) + len(shipped), "faults": {}, "violations": 0}


def test_with_a_fifth_of_calls_failing_every_stream_reads_byte_for_byte_what_a_clean_run_reads() -> None:
    async def every_stream(faults: FaultPlan | None) -> tuple[list[list[Any]], dict[str, Any]]:
        async with account(faults) as (client, settings, url):
            # The simulator's host and port are in eBay's hrefs; they differ from one run to the next.
            read = [[([(origin, body.replace(url.encode(), b"")) for origin, body in page.documents], page.cursor)
                     for page in await _pages(client, settings, stream=s.name)] for s in ADAPTER.streams]
            return read, await simulator_stats(url)

    clean, _ = _run(every_stream, None)
    faulty, stats = _run(every_stream, FaultPlan(rate=0.2, seed=SEED, delay=0.4, retry_after=0.01))
    assert faulty == clean
    assert all(clean), "every stream has data"
    assert set(stats["faults"]) == {"429", "500", "timeout", "malformed"}, "every kind of fault was survived"
    assert stats["violations"] == 0


def test_transactions_come_oldest_first_and_every_page_cursor_is_a_safe_resume_point() -> None:
    async def go() -> tuple[list[Page], list[Page]]:
        async with account() as (client, settings, _):
            full = await _pages(client, settings, stream="transactions")
            return full, await _pages(client, settings, full[1].cursor, stream="transactions")

    full, resumed = _run(go)
    every = _by_id(full, "transactions", "transactionId")
    dates = [t["transactionDate"] for t in _documents(full, "transactions")]
    assert dates == sorted(dates) and len(full) > 3
    before = _by_id(full[:2], "transactions", "transactionId")
    assert before.keys() | _by_id(resumed, "transactions", "transactionId").keys() == every.keys()
    assert len(_documents(resumed, "transactions")) < len(every), "the resumed read starts at the cursor"
    waiting = [t for t in every.values() if "payoutId" not in t]
    assert waiting, "recent transactions wait for their payout"
    oldest_waiting = min(parse_time(t["transactionDate"]) for t in waiting)
    assert parse_time(full[-1].cursor or "") == oldest_waiting, "the next run reads them again until they are paid"


def test_an_incremental_sync_reads_only_what_changed_since_its_cursors() -> None:
    async def go() -> tuple[dict[str, list[Page]], dict[str, list[Page]], dict[str, Any]]:
        async with account() as (client, settings, url):
            full = {s.name: await _pages(client, settings, stream=s.name) for s in ADAPTER.streams}
            touched = await _touch(url, 4)
            since = {name: await _pages(client, settings, pages[-1].cursor, stream=name) for name, pages in full.items()}
            return full, since, touched

    full, since, touched = _run(go)
    changed_orders = set(_by_id(since["orders"], "orders", "orderId"))
    newest = max(_documents(full["orders"], "orders"), key=lambda o: parse_time(o["lastModifiedDate"]))
    assert changed_orders == (set(touched["shipped"]) | set(touched["refunded"]) | {newest["orderId"]})
    new_refunds = [t for t in _documents(since["transactions"], "transactions") if t["transactionType"] == "REFUND"
                   and t["transactionId"] not in _by_id(full["transactions"], "transactions", "transactionId")]
    assert {t["orderId"] for t in new_refunds} == set(touched["refunded"])
    assert len(_documents(since["transactions"], "transactions")) < len(_documents(full["transactions"], "transactions"))
    payouts = _documents(since["payouts"], "payouts")
    assert {p["payoutId"] for p in payouts} >= {p for p in touched["touched"] if p.startswith("6000")}
    assert len(payouts) < len(_documents(full["payouts"], "payouts"))


def test_a_checkpoint_in_the_future_reads_nothing_and_eBay_answers_204_to_an_empty_finances_listing() -> None:
    async def go() -> list[list[Page]]:
        async with account() as (client, settings, _):
            return [await _pages(client, settings, s.checkpoint_at(parse_time("2100-01-01T00:00:00Z")), s.name)
                    for s in ADAPTER.streams]

    orders, transactions, payouts = _run(go)
    assert _documents(orders, "orders") == [] and transactions == [] and payouts == []


def test_fetch_one_reads_an_order_with_its_fulfillments_and_moves_no_cursor() -> None:
    seller = build_seller(COUNT, SEED)
    order_id = next(o for o, shipments in seller.fulfillments.items() if shipments)

    async def go() -> tuple[Page, FatalApiError]:
        async with account() as (client, settings, _):
            page = await fetch_order(client, settings, order_id)
            with pytest.raises(FatalApiError) as missing:
                await fetch_order(client, settings, "99-00000-00000")
            return page, missing.value

    page, missing = _run(go)
    (origin, body), (_, shipments) = page.documents
    assert origin == f"ebay:ebay-main/sell/fulfillment/v1/order/{order_id}" and page.cursor is None
    assert json.loads(body)["orderId"] == order_id and json.loads(shipments)["orderId"] == order_id
    assert missing.status == 404 and "Invalid Order Id" in str(missing)


def test_a_wrong_token_is_fatal_at_once_and_never_reported() -> None:
    async def go() -> tuple[FatalApiError, dict[str, Any]]:
        async with account(token="v^1.1#i^1#wrong-token") as (client, settings, url):
            with pytest.raises(FatalApiError) as refused:
                await _pages(client, settings)
            return refused.value, await simulator_stats(url)

    refused, stats = _run(go)
    assert refused.status == 401 and "Invalid access token" in refused.reason and stats["requests"] == 1
    assert "wrong-token" not in str(refused) and "[redacted]" in refused.request_description


def test_the_overlap_window_and_eBays_filter_syntax() -> None:
    async def go() -> str:
        async with account(overlap_minutes=60) as (client, settings, _):
            pages = [page async for page in fetch_orders(client, settings, "2026-09-01T12:00:00.000Z")]
            return pages[0].documents[0][0]

    assert "filter=lastmodifieddate%3A%5B2026-09-01T11%3A00%3A00.000Z..%5D" in _run(go)


DAY = 24 * 60 * 60
TINY_QUOTAS = {FULFILLMENT_PATH: daily_quota("fulfillment", 6, headroom=0), FINANCES_PATH: daily_quota("finances", 6,
                                                                                                        headroom=0)}


def test_the_client_keeps_within_each_apis_daily_quota_by_waiting_for_the_day_to_turn() -> None:
    clock = FakeClock()

    async def go() -> tuple[list[Page], list[Page], dict[str, Any]]:
        app = ADAPTER.simulator(orders=COUNT, seed=SEED, token=TOKEN, rate_limit=TINY_QUOTAS, clock=clock)
        async with serving(app) as url:
            settings = ConnectionSettings("ebay-main", "ebay", "acme-outlet", url, {"token": TOKEN}, OPTIONS)
            async with PartnerClient(settings, auth=ADAPTER.auth_headers, operation_limits=TINY_QUOTAS,
                                     retry=FAST_RETRIES, clock=clock, sleep=clock.sleep) as client:
                orders = await _pages(client, settings)
                return orders, await _pages(client, settings, stream="payouts"), await simulator_stats(url)

    orders, payouts, stats = _run(go)
    assert stats["violations"] == 0 and stats["requests"] > 6 * 6
    assert len(_documents(orders, "orders")) == COUNT and payouts
    assert sum(clock.sleeps) >= DAY * (stats["requests"] // 6 - 2), "six calls a day per API, a day's wait each time"


def test_a_spent_quota_is_a_429_the_client_gives_up_on_rather_than_wait_a_day() -> None:
    async def go() -> GaveUp:
        app = ADAPTER.simulator(orders=COUNT, seed=SEED, token=TOKEN, rate_limit=TINY_QUOTAS)
        async with serving(app) as url:
            settings = ConnectionSettings("ebay-main", "ebay", "acme-outlet", url, {"token": TOKEN}, OPTIONS)
            async with PartnerClient(settings, auth=ADAPTER.auth_headers, retry=FAST_RETRIES) as client:
                with pytest.raises(GaveUp) as refused:
                    await _pages(client, settings)
                return refused.value

    refused = _run(go)
    assert refused.status == 429 and "The request limit has been reached" in refused.reason
    assert "more than" in refused.reason, "the partner asked to wait longer than a sync waits"


def test_published_quotas_and_quotas_granted_after_a_growth_check() -> None:
    published = operation_limits({})
    assert (published[FULFILLMENT_PATH].capacity, published[FINANCES_PATH].capacity) == (100_000, 15_000)
    assert published[FULFILLMENT_PATH].window_seconds == DAY
    granted = operation_limits({"daily_quotas": {"finances": 50_000}})
    assert (granted[FULFILLMENT_PATH].capacity, granted[FINANCES_PATH].capacity) == (100_000, 50_000)
    with pytest.raises(ValueError, match="unknown API"):
        operation_limits({"daily_quotas": {"trading": 5}})
