"""The Shippo simulator's listings behave as Shippo's: newest first, absolute `next`, filters, expand, limits."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from adapters.shippo import ADAPTER
from adapters.shippo.client import auth_headers
from adapters.toolkit.rate_limit import RateLimitPolicy
from tests.adapters.toolkit.fakes import serving, simulator_stats

AUTH = dict(auth_headers(ADAPTER.simulator_credentials))


def _get(calls: list[tuple[str, dict[str, Any]]], **options: Any) -> tuple[list[httpx.Response], dict[str, Any]]:
    async def go() -> tuple[list[httpx.Response], dict[str, Any]]:
        app = ADAPTER.simulator(count=12, seed=4, **({"rate_limit": None} | options))
        async with serving(app) as url, httpx.AsyncClient(base_url=url, headers=AUTH) as http:
            return [await http.get(path, params=params) for path, params in calls], await simulator_stats(url)

    return asyncio.run(go())


def test_transactions_run_newest_first_with_an_absolute_next_and_their_rate_only_when_expanded() -> None:
    (first, plain, past), _ = _get([("/transactions", {"results": 4, "expand": "rate"}),
                                    ("/transactions", {"results": 4}), ("/transactions", {"results": 4, "page": 99})])
    body = first.json()
    created = [t["object_created"] for t in body["results"]]
    assert created == sorted(created, reverse=True) and body["previous"] is None
    assert body["next"].startswith("http://127.0.0.1:") and "page=2" in body["next"] and "expand=rate" in body["next"]
    assert isinstance(body["results"][0]["rate"], dict) and isinstance(plain.json()["results"][0]["rate"], str)
    assert (past.status_code, past.json()) == (404, {"detail": "Invalid page."})


def test_orders_filter_by_when_placed_and_status() -> None:
    (everything,), _ = _get([("/orders", {"results": 100})])
    orders = everything.json()["results"]
    pivot = orders[5]["placed_at"]
    (since, paid), _ = _get([("/orders", {"results": 100, "start_date": pivot}),
                             ("/orders", {"results": 100, "order_status[]": "PAID"})])
    assert {o["object_id"] for o in since.json()["results"]} == {o["object_id"] for o in orders if o["placed_at"] >= pivot}
    assert {o["object_id"] for o in paid.json()["results"]} == {o["object_id"] for o in orders
                                                               if o["order_status"] == "PAID"}


def test_each_endpoint_keeps_its_own_published_allowance() -> None:
    tight = RateLimitPolicy.per_minute("tight", 2)
    calls = [("/transactions", {})] * 3 + [("/orders", {})] * 2
    responses, stats = _get(calls, rate_limit=tight, single_limit=tight, tracks_limit=tight)
    assert [r.status_code for r in responses] == [200, 200, 429, 200, 200]
    assert stats["violations"] == 1 and float(responses[2].headers["Retry-After"]) > 0
