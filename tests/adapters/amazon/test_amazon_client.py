"""The Amazon streams against the Amazon simulator on a real socket: full, faulty, resumed, incremental, throttled."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import httpx
import pytest
from aiohttp import web

from adapters.amazon import ADAPTER
from adapters.amazon.client import fetch_events, fetch_order, fetch_orders, partner_client
from adapters.amazon.sample_data import Brand, build_brand
from adapters.amazon.simulator_listings import ACCOUNT
from adapters.amazon.times import parse_time
from adapters.toolkit import MappingContext
from adapters.toolkit.errors import FatalApiError
from adapters.toolkit.http import RetryPolicy
from adapters.toolkit.simulation import FaultPlan
from adapters.toolkit.streams import ConnectionSettings, Page
from tests.adapters.toolkit.fakes import serving, simulator_stats

COUNT, SEED, SCALE, TOKEN = 24, 7, 5.0, "Atza|simulated-token"
OPTIONS = {"page_size": 8, "finance_page_size": 3, "rate_scale": SCALE}
RETRIES = RetryPolicy(attempts=8, base_wait=0.01, max_wait=0.05, max_retry_after=1.0)
CONTEXT = MappingContext("A1SELLERDEMO", "0" * 64)


@asynccontextmanager
async def seller(faults: FaultPlan | None = None, credentials: dict[str, str] | None = None, *,
                 retry: RetryPolicy = RETRIES, on_event: Any = None, app_options: dict[str, Any] | None = None,
                 **options: Any) -> AsyncIterator[tuple[Any, ConnectionSettings, str, web.Application]]:
    """A simulated seller on a socket and a client for it, with tiny retry waits and a short timeout."""
    app: web.Application = ADAPTER.simulator(orders=COUNT, seed=SEED, token=TOKEN, faults=faults,
                                             **{"rate_scale": SCALE, **(app_options or {})})
    async with serving(app) as url:
        settings = ConnectionSettings("amazon-us", "amazon", "A1SELLERDEMO", url,
                                      {"token": TOKEN} if credentials is None else credentials, {**OPTIONS, **options})
        async with partner_client(settings, retry=retry, timeout=0.2, on_event=on_event) as client:
            yield client, settings, url, app


def _run(test: Callable[..., Coroutine[Any, Any, Any]], *args: Any) -> Any:
    return asyncio.run(test(*args))


async def _pages(client: Any, settings: ConnectionSettings, stream: str = "orders", cursor: str | None = None
                 ) -> list[Page]:
    fetch = next(s for s in ADAPTER.streams if s.name == stream).fetch
    return [page async for page in fetch(client, settings, cursor)]


def _payloads(pages: list[Page]) -> list[dict[str, Any]]:
    return [json.loads(body)["payload"] for page in pages for _, body in page.documents]


def _orders(pages: list[Page]) -> dict[str, dict[str, Any]]:
    return {o["AmazonOrderId"]: o for payload in _payloads(pages) for o in payload.get("Orders", [])}


def _events(pages: list[Page]) -> list[dict[str, Any]]:
    return [event for payload in _payloads(pages) for events in payload["FinancialEvents"].values() for event in events]


def _plain(events: list[dict[str, Any]]) -> list[str]:
    """Events as sorted canonical JSON, amounts as the JSON numbers the answers carry."""
    return sorted(json.dumps(json.loads(json.dumps(event, default=float)), sort_keys=True) for event in events)


def _event_ids(pages: list[Page]) -> set[str]:
    return {event.id for page in pages for _, body in page.documents
            for obj in ADAPTER.split(ADAPTER.parse(body)) for event in ADAPTER.map_object(obj, CONTEXT)}


async def _every_stream(faults: FaultPlan | None) -> tuple[dict[str, list[Page]], dict[str, Any]]:
    async with seller(faults) as (client, settings, url, _):
        pages = {stream.name: await _pages(client, settings, stream.name) for stream in ADAPTER.streams}
        return pages, await simulator_stats(url)


def test_a_first_sync_reads_every_order_with_its_items_every_event_and_every_group() -> None:
    pages, stats = _run(_every_stream, None)
    brand = build_brand(COUNT, SEED)
    orders = pages["orders"]
    assert set(_orders(orders)) == set(brand.orders) and len(orders) == -(-COUNT // OPTIONS["page_size"])
    for page in orders:
        listed = [o["AmazonOrderId"] for o in json.loads(page.documents[0][1])["payload"]["Orders"]]
        assert [json.loads(body)["payload"]["AmazonOrderId"] for _, body in page.documents[1:]] == listed
    assert orders[0].documents[0][0] == ("amazon:amazon-us/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER"
                                         "&LastUpdatedAfter=2020-01-01T00%3A00%3A00Z&MaxResultsPerPage=8")
    assert orders[1].documents[0][0].startswith("amazon:amazon-us/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&NextToken=")
    cursors = [parse_time(page.cursor or "") for page in orders]
    assert cursors == sorted(cursors) and cursors[-1] == max(parse_time(o["LastUpdateDate"]) for o in brand.orders.values())
    assert _plain(_events(pages["financial_events"])) == _plain([event for _, event in brand.events])
    groups = [g for payload in _payloads(pages["financial_event_groups"]) for g in payload["FinancialEventGroupList"]]
    assert len(groups) == len(brand.groups()) == 4 and len(pages["financial_event_groups"]) == 2
    assert pages["financial_event_groups"][-1].cursor == groups[-1]["FinancialEventGroupStart"], "the open group"
    assert pages["financial_event_groups"][0].cursor is None, "group cursors move only with the last page"
    assert stats["violations"] == 0 and stats["faults"] == {}


def test_with_a_fifth_of_calls_failing_every_stream_maps_to_exactly_the_events_of_a_clean_run() -> None:
    clean, _ = _run(_every_stream, None)
    plan = FaultPlan(rate=0.2, seed=SEED, delay=0.3, retry_after=0.01)
    faulty, stats = _run(_every_stream, plan)
    for name, clean_pages in clean.items():
        assert [(p.documents, p.cursor) for p in faulty[name]] == [(p.documents, p.cursor) for p in clean_pages]
        assert _event_ids(faulty[name]) == _event_ids(clean_pages)
    assert len(_event_ids(clean["orders"])) > COUNT
    assert set(stats["faults"]) == {"429", "500", "timeout", "malformed"}, "every kind of fault was survived"
    assert stats["violations"] == 0


def test_a_sync_stopped_after_page_two_resumes_from_its_cursor_and_misses_nothing() -> None:
    async def go() -> tuple[list[Page], list[Page], list[Page], list[Page]]:
        async with seller() as (client, settings, _, _):
            stopped: dict[str, list[Page]] = {"orders": [], "financial_events": []}
            for name, fetch in (("orders", fetch_orders), ("financial_events", fetch_events)):
                async for page in fetch(client, settings, None):
                    stopped[name].append(page)
                    if len(stopped[name]) == 2:
                        break
            return (stopped["orders"], await _pages(client, settings, "orders", stopped["orders"][-1].cursor),
                    stopped["financial_events"],
                    await _pages(client, settings, "financial_events", stopped["financial_events"][-1].cursor))

    orders_before, orders_after, events_before, events_after = _run(go)
    brand = build_brand(COUNT, SEED)
    assert len(_orders(orders_before)) == 16 and _orders(orders_before).keys() | _orders(orders_after).keys() == set(
        brand.orders)
    assert len(_orders(orders_after)) < COUNT, "the resumed run starts where the cursor points"
    assert set(_plain(_events(events_before) + _events(events_after))) == set(_plain([e for _, e in brand.events]))
    assert len(_events(events_after)) < len(brand.events)


def _since(items: list[dict[str, Any]], field: str, cursor: str, minutes: float = 5) -> list[dict[str, Any]]:
    return [item for item in items if parse_time(item[field]) >= parse_time(cursor) - timedelta(minutes=minutes)]


def test_an_incremental_sync_after_a_touch_reads_only_what_changed() -> None:
    async def go() -> tuple[dict[str, list[Page]], dict[str, list[Page]], dict[str, Any], Brand]:
        async with seller() as (client, settings, url, app):
            backfill = {stream.name: await _pages(client, settings, stream.name) for stream in ADAPTER.streams}
            async with httpx.AsyncClient() as http:
                touched = (await http.post(f"{url}/_simulator/touch", json={"orders": 4})).json()
            later = {name: await _pages(client, settings, name, pages[-1].cursor) for name, pages in backfill.items()}
            return backfill, later, touched, app[ACCOUNT].brand

    backfill, later, touched, brand = _run(go)
    order_cursor = backfill["orders"][-1].cursor or ""
    overlap = {o["AmazonOrderId"] for o in _since(list(_orders(backfill["orders"]).values()), "LastUpdateDate",
                                                   order_cursor)}
    assert set(_orders(later["orders"])) == set(touched["touched"]) | overlap and len(_orders(later["orders"])) < 8
    event_cursor = backfill["financial_events"][-1].cursor or ""
    expected = _since([event for _, event in brand.events], "PostedDate", event_cursor)
    assert len(_events(later["financial_events"])) == len(expected) < 8
    [refunded] = touched["refunded"]
    assert any(e["AmazonOrderId"] == refunded and "ShipmentItemAdjustmentList" in e for e in _events(later["financial_events"]))
    [open_group] = [g for payload in _payloads(later["financial_event_groups"]) for g in payload["FinancialEventGroupList"]]
    assert open_group["ProcessingStatus"] == "Open", "only the group that may still change is read again"
    assert _event_ids(later["financial_event_groups"]) - _event_ids(backfill["financial_event_groups"]), "its new total"


def test_finance_pages_still_throttled_after_retries_are_asked_for_again_at_half_the_size() -> None:
    seen: list[tuple[str, dict[str, Any]]] = []

    async def go() -> tuple[list[Page], dict[str, Any]]:
        async with seller(retry=RetryPolicy(attempts=2, base_wait=0.001, max_wait=0.002), finance_page_size=100,
                          rate_scale=100, on_event=lambda kind, detail: seen.append((kind, detail)),
                          app_options={"rate_scale": 100, "finance_page_limit": 25}) as (client, settings, url, _):
            return await _pages(client, settings, "financial_events"), await simulator_stats(url)

    pages, stats = _run(go)
    sizes = {httpx.URL(origin.split(":", 2)[-1]).params["MaxResultsPerPage"] for page in pages for origin, _ in page.documents}
    assert sizes == {"25"}, "100 and 50 were refused; 25 got through and was kept for the following pages"
    assert len(_events(pages)) == len(build_brand(COUNT, SEED).events)
    assert {detail["status"] for kind, detail in seen} == {429} and {kind for kind, _ in seen} == {"retry", "gave_up"}
    assert stats["violations"] == 0


def test_fetch_one_reads_an_order_and_its_items_and_moves_no_cursor() -> None:
    order_id = next(iter(build_brand(COUNT, SEED).orders))

    async def go() -> tuple[Page, FatalApiError]:
        async with seller() as (client, settings, _, _):
            page = await fetch_order(client, settings, order_id)
            with pytest.raises(FatalApiError) as missing:
                await fetch_order(client, settings, "111-0000000-0000000")
            return page, missing.value

    page, missing = _run(go)
    assert [origin for origin, _ in page.documents] == [f"amazon:amazon-us/orders/v0/orders/{order_id}",
                                                        f"amazon:amazon-us/orders/v0/orders/{order_id}/orderItems"]
    assert page.cursor is None and json.loads(page.documents[0][1])["payload"]["AmazonOrderId"] == order_id
    assert missing.status == 404


@pytest.mark.parametrize("credentials", [{}, {"token": "Atza|wrong-token"}], ids=["missing", "wrong"])
def test_a_missing_or_wrong_token_is_fatal_at_once_and_never_reported(credentials: dict[str, str]) -> None:
    async def go() -> tuple[FatalApiError, dict[str, Any]]:
        async with seller(credentials=credentials) as (client, settings, url, _):
            with pytest.raises(FatalApiError) as refused:
                await _pages(client, settings)
            return refused.value, await simulator_stats(url)

    refused, stats = _run(go)
    assert refused.status == 401 and stats["requests"] == 1
    assert "wrong-token" not in str(refused)


def test_the_overlap_window_and_the_start_date_are_options() -> None:
    async def go() -> list[str]:
        async with seller(overlap_minutes=60, start_date="2026-10-01T00:00:00Z") as (client, settings, _, _):
            resumed = [page async for page in fetch_orders(client, settings, "2026-09-01T12:00:00Z")]
            first = [page async for page in fetch_events(client, settings, None)]
            return [resumed[0].documents[0][0], first[0].documents[0][0]]

    resumed, first = _run(go)
    assert "LastUpdatedAfter=2026-09-01T11%3A00%3A00Z" in resumed
    assert "PostedAfter=2026-10-01T00%3A00%3A00Z" in first
