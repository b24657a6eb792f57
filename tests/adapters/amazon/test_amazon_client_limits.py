"""The Amazon client's per-operation rate limits (scaled by `rate_scale`) and its cursors over a disordered listing."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import httpx
import pytest

from adapters.amazon import ADAPTER
from adapters.amazon.client import fetch_events, partner_client
from adapters.amazon.rate_limits import RATE_LIMIT, operation_limits, rate_scale
from adapters.toolkit.streams import ConnectionSettings, Page
from tests.adapters.toolkit.fakes import FAST_RETRIES, serving, simulator_stats

TOKEN = "Atza|limits"
ORDERS = "/orders/v0/orders"


def test_each_operation_has_its_published_limit_times_the_rate_scale() -> None:
    published = operation_limits({})
    assert {prefix: (policy.rate, policy.capacity) for prefix, policy in published.items()} == {
        ORDERS: (0.0167, 20), f"{ORDERS}/": (0.5, 30), "/finances/v0/financialEventGroups": (0.5, 30),
        "/finances/v0/financialEvents": (0.5, 30)}
    assert operation_limits({"rate_scale": 100})[ORDERS].rate == pytest.approx(1.67)
    assert {policy.rate_header for policy in published.values()} == {"x-amzn-RateLimit-Limit"}
    assert (RATE_LIMIT.rate, RATE_LIMIT.capacity) == (0.0167, 20), "one policy alone is getOrders', the strictest"
    with pytest.raises(ValueError):
        rate_scale({"rate_scale": 0})


def test_the_client_waits_its_turn_per_operation_where_a_plain_client_is_throttled() -> None:
    async def go() -> tuple[dict[str, Any], dict[str, Any], float]:
        params = {"MarketplaceIds": "ATVPDKIKX0DER", "LastUpdatedAfter": "2026-01-01T00:00:00Z"}
        async with serving(ADAPTER.simulator(orders=3, seed=2, token=TOKEN, rate_scale=600)) as url:
            settings = ConnectionSettings("amazon-us", "amazon", "A1", url, {"token": TOKEN}, {"rate_scale": 600})
            async with partner_client(settings, retry=FAST_RETRIES) as client:
                answers = [await client.get(ORDERS, params) for _ in range(24)]
                order_id = answers[-1].json()["payload"]["Orders"][0]["AmazonOrderId"]
                await client.get(f"{ORDERS}/{order_id}/orderItems")
                assert client.limiters[f"{ORDERS}/"].waited == 0, "another operation has its own bucket"
                waited = client.limiters[ORDERS].waited
            assert answers[0].headers["x-amzn-RateLimit-Limit"] == "10.02"
            paced = await simulator_stats(url)
        async with serving(ADAPTER.simulator(orders=3, seed=2, token=TOKEN)) as url:
            async with httpx.AsyncClient(base_url=url, headers={"x-amz-access-token": TOKEN}) as plain:
                answers = [await plain.get(ORDERS, params=params) for _ in range(24)]
            assert answers[-1].status_code == 429 and answers[-1].headers["x-amzn-RateLimit-Limit"] == "0.0167"
            return paced, await simulator_stats(url), waited

    paced, unpaced, waited = asyncio.run(go())
    assert paced["violations"] == 0 and waited > 0
    assert unpaced["violations"] == 4, "the burst of 20, then every call refused"


class _Listing:
    """A fake SP-API answering listFinancialEvents with fixed pages, chained by NextToken."""

    def __init__(self, pages: list[list[str]]) -> None:
        self.pages = pages

    async def get(self, url: str, params: Mapping[str, Any] | None = None) -> httpx.Response:
        index = int((params or {}).get("NextToken", 0))
        events = [{"AmazonOrderId": f"111-0000000-00000{n}", "PostedDate": posted}
                  for n, posted in enumerate(self.pages[index])]
        payload: dict[str, Any] = {"FinancialEvents": {"ShipmentEventList": events}}
        if index + 1 < len(self.pages):
            payload["NextToken"] = str(index + 1)
        return httpx.Response(200, json={"payload": payload}, request=httpx.Request("GET", f"https://sp.test{url}"))


def test_a_listing_found_out_of_order_hands_back_the_cursor_it_started_from_until_its_last_page() -> None:
    listing = _Listing([["2026-09-01T10:00:00Z", "2026-09-01T11:00:00Z"], ["2026-09-01T09:00:00Z"],
                        ["2026-09-01T08:00:00Z"], ["2026-09-01T12:00:00Z"]])
    settings = ConnectionSettings("amazon-us", "amazon", "A1", "https://sp.test")

    async def go() -> list[Page]:
        return [page async for page in fetch_events(listing, settings, "2026-09-01T06:00:00Z")]  # type: ignore[arg-type]

    cursors = [page.cursor for page in asyncio.run(go())]
    assert cursors == ["2026-09-01T11:00:00Z", "2026-09-01T06:00:00Z", "2026-09-01T06:00:00Z", "2026-09-01T12:00:00Z"]
