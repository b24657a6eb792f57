"""ShipStation's 40-a-minute window and its headers, and webhook notices followed to the objects they name."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from adapters.shipstation.client import SHIPSTATION_V1, fetch_notice
from adapters.shipstation.common import location
from adapters.toolkit.errors import FatalApiError
from adapters.toolkit.streams import Page
from tests.adapters.shipstation.shipstation_sim import KEY, SECRET, connected, events, read, rows, simulator
from tests.adapters.toolkit.fakes import FakeClock, simulator_stats


def test_the_published_limit_is_forty_a_minute_adapted_from_the_remaining_header() -> None:
    assert (SHIPSTATION_V1.kind, SHIPSTATION_V1.capacity, SHIPSTATION_V1.window_seconds) == ("window", 40, 60.0)
    assert SHIPSTATION_V1.remaining_headers == ("X-Rate-Limit-Remaining",)


def test_a_full_sync_of_many_pages_keeps_inside_the_real_window_and_waits_its_turn() -> None:
    clock = FakeClock()

    async def go() -> tuple[list[list[Page]], dict[str, Any], float]:
        app = simulator(limit=SHIPSTATION_V1, clock=clock)
        async with connected(app, SHIPSTATION_V1, clock, clock.sleep, page_size=2) as (client, settings, url):
            pages = [await read(client, settings, name) for name in ("orders", "shipments", "fulfillments")]
            return pages, await simulator_stats(url), client.limiters[""].waited

    pages, stats, waited = asyncio.run(go())
    assert len(rows(pages[0], "orders")) == 61 and len(rows(pages[1], "shipments")) == 51
    assert stats["requests"] > 80 and stats["violations"] == 0
    assert waited >= 60 * (stats["requests"] // 40), "each window's calls spent, the client waited for the next"


def test_a_client_that_ignores_the_window_is_refused_with_shipstations_headers() -> None:
    clock = FakeClock()

    async def go() -> tuple[list[httpx.Response], dict[str, Any]]:
        async with connected(simulator(limit=SHIPSTATION_V1, clock=clock)) as (_, _settings, url):
            async with httpx.AsyncClient(base_url=url, auth=(KEY, SECRET)) as plain:
                answers = [await plain.get("/orders", params={"pageSize": 1}) for _ in range(41)]
                clock.now += 60
                answers.append(await plain.get("/orders", params={"pageSize": 1}))
            return answers, await simulator_stats(url)

    answers, stats = asyncio.run(go())
    first, last_allowed, refused, next_window = answers[0], answers[39], answers[40], answers[41]
    assert (first.headers["X-Rate-Limit-Limit"], first.headers["X-Rate-Limit-Remaining"]) == ("40", "39")
    assert first.headers["X-Rate-Limit-Reset"] == "60"
    assert last_allowed.status_code == 200 and last_allowed.headers["X-Rate-Limit-Remaining"] == "0"
    assert refused.status_code == 429 and refused.headers["X-Rate-Limit-Remaining"] == "0"
    assert "Retry-After" not in refused.headers, "ShipStation states the window's reset, not Retry-After"
    assert next_window.status_code == 200 and next_window.headers["X-Rate-Limit-Remaining"] == "39"
    assert stats["violations"] == 1


def test_calls_someone_else_spent_on_the_key_are_learnt_from_the_remaining_header() -> None:
    clock = FakeClock()

    async def go() -> tuple[dict[str, Any], float]:
        app = simulator(limit=SHIPSTATION_V1, clock=clock)
        async with connected(app, SHIPSTATION_V1, clock, clock.sleep) as (client, _settings, url):
            async with httpx.AsyncClient(base_url=url, auth=(KEY, SECRET)) as other_app:
                for _ in range(35):
                    await other_app.get("/fulfillments")
            for _ in range(10):
                await client.get("/fulfillments")
            return await simulator_stats(url), client.limiters[""].waited

    stats, waited = asyncio.run(go())
    assert stats["violations"] == 0 and waited == pytest.approx(60)


def test_a_429_without_retry_after_spends_the_allowance_and_the_client_waits_the_window_out() -> None:
    clock = FakeClock()

    async def go() -> tuple[int, dict[str, Any], float]:
        app = simulator(limit=SHIPSTATION_V1, clock=clock)
        async with connected(app, SHIPSTATION_V1, clock, clock.sleep) as (client, _settings, url):
            async with httpx.AsyncClient(base_url=url, auth=(KEY, SECRET)) as other_app:
                for _ in range(40):
                    await other_app.get("/fulfillments")
            answer = await client.get("/fulfillments")
            return answer.status_code, await simulator_stats(url), client.limiters[""].waited

    status, stats, waited = asyncio.run(go())
    assert status == 200 and stats["violations"] == 1, "refused once, then answered in the next window"
    assert waited > 59 and sum(clock.sleeps) == pytest.approx(60), "the backoff, then the limiter: a window in all"


def test_a_ship_notify_notice_is_followed_to_the_labels_it_names_with_their_items() -> None:
    async def go() -> tuple[dict[str, Any], Page]:
        async with connected(simulator()) as (client, settings, url):
            async with httpx.AsyncClient() as http:
                touched = (await http.post(f"{url}/_simulator/touch", json={"orders": 6})).json()
            [notice] = touched["notices"]
            return touched, await fetch_notice(client, settings, notice)

    touched, page = asyncio.run(go())
    [notice] = touched["notices"]
    assert notice["resource_type"] == "SHIP_NOTIFY" and "includeShipmentItems=False" in notice["resource_url"]
    labels = rows([page], "shipments")
    assert labels and {str(i) for i in labels} <= set(touched["touched"]) and page.cursor is None
    assert all(label["shipmentItems"] for label in labels.values()), "the notice asks without items; the hub needs them"
    created = [e for e in events([page]) if e.type == "shipment.created"]
    assert {e.body.location for e in created} == {location("412230")}


def test_a_notice_naming_another_host_or_nothing_is_refused_without_sending_the_credentials() -> None:
    async def go() -> tuple[FatalApiError, int]:
        async with connected(simulator()) as (client, settings, url):
            with pytest.raises(FatalApiError) as elsewhere:
                await fetch_notice(client, settings, {"resource_url": "https://attacker.example/shipments?batchId=1",
                                                      "resource_type": "SHIP_NOTIFY"})
            with pytest.raises(ValueError, match="resource_url"):
                await fetch_notice(client, settings, {"resource_type": "ORDER_NOTIFY"})
            return elsewhere.value, (await simulator_stats(url))["requests"]

    elsewhere, requests = asyncio.run(go())
    assert "attacker.example" in str(elsewhere) and requests == 0
