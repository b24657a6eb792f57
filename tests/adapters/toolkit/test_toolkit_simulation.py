"""Simulator parts on a real socket: seeded faults, the rate-limit enforcer and its statistics."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from aiohttp import web

from adapters.toolkit.http import PartnerClient, RetryPolicy
from adapters.toolkit.rate_limit import RateLimitPolicy
from adapters.toolkit.simulation import FaultPlan, decode_token, encode_token, keyset_page, partner_app, query_time
from adapters.toolkit.streams import ConnectionSettings
from tests.adapters.toolkit.fakes import serving, simulator_stats

TIGHT = RateLimitPolicy.leaky_bucket("tight", capacity=4, leak_per_second=40, usage_header="X-Call-Limit", headroom=1)
BODY = {"items": [{"id": number, "name": f"item {number}"} for number in range(20)]}


async def _items(request: web.Request) -> web.Response:
    return web.json_response(BODY)


def _app(**options: Any) -> web.Application:
    app = partner_app(**options)
    app.router.add_get("/items", _items)
    return app


def _run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    return asyncio.run(coroutine)


async def _statuses(app: web.Application, calls: int) -> tuple[list[tuple[int, bool]], dict[str, Any]]:
    async with serving(app) as url, httpx.AsyncClient(base_url=url, timeout=5) as client:
        seen = []
        for _ in range(calls):
            response = await client.get("/items")
            parses = True
            try:
                response.json()
            except ValueError:
                parses = False
            seen.append((response.status_code, parses))
        return seen, await simulator_stats(url)


def test_the_fault_plan_is_repeatable_for_a_seed_and_counts_each_kind() -> None:
    plan = FaultPlan(rate=0.5, seed=11, kinds=("429", "500", "malformed"), retry_after=0.01)
    first, stats = _run(_statuses(_app(faults=plan), 40))
    again, _ = _run(_statuses(_app(faults=plan), 40))
    assert first == again
    assert stats["requests"] == 40 and stats["violations"] == 0
    faults = stats["faults"]
    assert set(faults) == {"429", "500", "malformed"} and 10 < sum(faults.values()) < 30
    assert first.count((429, True)) == faults["429"] and first.count((500, True)) == faults["500"]
    assert first.count((200, False)) == faults["malformed"], "malformed: a 200 whose body is cut short"


def test_a_timeout_fault_answers_only_after_the_delay() -> None:
    async def go() -> float:
        app = _app(faults=FaultPlan(rate=1.0, seed=1, kinds=("timeout",), delay=0.3))
        async with serving(app) as url, httpx.AsyncClient(base_url=url) as client:
            started = time.monotonic()
            response = await client.get("/items")
            assert response.json() == BODY
            return time.monotonic() - started

    assert _run(go()) >= 0.3


def test_a_client_that_ignores_the_limit_is_answered_429_and_counted_as_a_violation() -> None:
    async def go() -> tuple[list[httpx.Response], dict[str, Any]]:
        async with serving(_app(rate_limit=TIGHT)) as url, httpx.AsyncClient(base_url=url) as client:
            responses = await asyncio.gather(*(client.get("/items") for _ in range(12)))
            return list(responses), await simulator_stats(url)

    responses, stats = _run(go())
    refused = [r for r in responses if r.status_code == 429]
    assert refused and stats["violations"] == len(refused) and stats["faults"] == {}
    assert all(float(r.headers["Retry-After"]) > 0 for r in refused)
    assert {r.headers["X-Call-Limit"].split("/")[1] for r in responses} == {"4"}


def test_a_partner_client_under_the_same_policy_causes_no_violation() -> None:
    async def go() -> dict[str, Any]:
        async with serving(_app(rate_limit=TIGHT)) as url:
            settings = ConnectionSettings("sim", "sim", "acme", url)
            async with PartnerClient(settings, TIGHT, retry=RetryPolicy(attempts=2)) as client:
                await asyncio.gather(*(client.get("/items") for _ in range(30)))
            return await simulator_stats(url)

    stats = _run(go())
    assert stats == {"requests": 30, "faults": {}, "violations": 0}


def test_calls_without_credentials_are_refused_but_the_stats_route_is_open() -> None:
    app = _app(authenticate=lambda request: request.headers.get("X-Key") == "k")

    async def go() -> tuple[int, int, dict[str, Any]]:
        async with serving(app) as url, httpx.AsyncClient(base_url=url) as client:
            refused = (await client.get("/items")).status_code
            accepted = (await client.get("/items", headers={"X-Key": "k"})).status_code
            return refused, accepted, await simulator_stats(url)

    assert _run(go()) == (401, 200, {"requests": 2, "faults": {}, "violations": 0})


def test_fault_plans_are_checked() -> None:
    with pytest.raises(ValueError):
        FaultPlan(rate=0.2, seed=1, kinds=("404",))
    with pytest.raises(ValueError):
        FaultPlan(rate=1.5, seed=1)


def test_page_tokens_round_trip_and_keyset_pages_resume_after_a_position() -> None:
    token = encode_token({"filters": {"status": "any"}, "after": [1.5, 7]})
    assert decode_token(token) == {"filters": {"status": "any"}, "after": [1.5, 7]}
    assert decode_token("not a token!") is None
    rows = [{"id": number} for number in range(1, 8)]
    page, after = keyset_page(rows, lambda row: [row["id"]], 3)
    assert [row["id"] for row in page] == [1, 2, 3] and after == [3]
    page, after = keyset_page(rows, lambda row: [row["id"]], 3, [6])
    assert [row["id"] for row in page] == [7] and after is None
    descending = list(reversed(rows))
    page, after = keyset_page(descending, lambda row: [row["id"]], 2, [5], descending=True)
    assert [row["id"] for row in page] == [4, 3] and after == [3]


def test_a_query_time_reads_an_unencoded_offset_plus_and_answers_in_utc() -> None:
    query = {"start_datetime": "2026-10-05T09:30:00 02:00", "end_datetime": " 2026-10-06T00:00:00Z", "bad": "yesterday"}
    assert query_time(query, "start_datetime") == datetime(2026, 10, 5, 7, 30, tzinfo=UTC)
    assert query_time(query, "start_datetime").tzinfo is UTC
    assert query_time(query, "end_datetime") == datetime(2026, 10, 6, tzinfo=UTC)
    assert query_time(query, "before") is None
    with pytest.raises(ValueError):
        query_time(query, "bad")
