"""Stripe streams against the simulator on a real socket: paging, backfill then events, checkpoints at a
moment, faults, the published rate limit, bad keys, one object on demand, and Stripe's list parameters."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from adapters.stripe import ADAPTER
from adapters.stripe.client import API_VERSION, auth_headers
from adapters.stripe.rate_limits import STRIPE_TEST_MODE
from adapters.toolkit import MappingContext
from adapters.toolkit.errors import FatalApiError
from adapters.toolkit.http import PartnerClient
from adapters.toolkit.simulation import FaultPlan
from adapters.toolkit.streams import ConnectionSettings, Page, Stream
from canonical_model.events import Event
from tests.adapters.toolkit.fakes import FAST_RETRIES, serving, simulator_stats

STREAMS = {stream.name: stream for stream in ADAPTER.streams}


def settings_for(url: str, **options: Any) -> ConnectionSettings:
    return ConnectionSettings("stripe-test", "stripe", "brand", url, dict(ADAPTER.simulator_credentials),
                              {**ADAPTER.simulator_options, **options})


def mapped(page: Page) -> list[Event]:
    events = []
    for _, body in page.documents:
        context = MappingContext("brand", hashlib.sha256(body).hexdigest(), "USD")
        events += [event for found in ADAPTER.split(ADAPTER.parse(body)) for event in ADAPTER.map_object(found, context)]
    return events


async def read(settings: ConnectionSettings, stream: Stream, cursor: str | None = None) -> list[Page]:
    async with PartnerClient.for_adapter(settings, ADAPTER, retry=FAST_RETRIES) as client:
        return [page async for page in stream.fetch(client, settings, cursor)]


async def read_every_stream(settings: ConnectionSettings) -> dict[str, set[str]]:
    """Every stream through one client, as the sync runner reads a connection: one limiter for all of them."""
    async with PartnerClient.for_adapter(settings, ADAPTER, retry=FAST_RETRIES) as client:
        return {stream.name: ids([page async for page in stream.fetch(client, settings, None)])
                for stream in ADAPTER.streams}


def ids(pages: list[Page]) -> set[str]:
    return {event.id for page in pages for event in mapped(page)}


def objects(pages: list[Page]) -> set[str]:
    return {event.source.object_id for page in pages for event in mapped(page)}


def run(app_options: dict[str, Any], check: Callable[[str], Awaitable[None]]) -> None:
    async def main() -> None:
        async with serving(ADAPTER.simulator(**app_options)) as url:
            await check(url)

    asyncio.run(main())


def test_small_pages_read_the_same_events_as_large_ones_and_each_page_but_the_last_can_resume() -> None:
    async def check(url: str) -> None:
        for stream in ADAPTER.streams:
            small, large = await read(settings_for(url, page_size=7), stream), await read(settings_for(url), stream)
            assert ids(small) == ids(large) and ids(large), stream.name
            assert len(small) > len(large) or len(large) == 1
            if stream.name != "balance_transactions":
                assert all(page.cursor.startswith("backfill ") for page in small[:-1]), stream.name
                assert small[-1].cursor.startswith("evt_"), stream.name

    run({"seed": 4, "rate_limit": None}, check)


def test_after_the_backfill_only_the_events_since_its_cursor_are_read() -> None:
    async def check(url: str) -> None:
        settings = settings_for(url, page_size=10)
        first = {name: await read(settings, stream) for name, stream in STREAMS.items()}
        quiet = {name: await read(settings, STREAMS[name], pages[-1].cursor) for name, pages in first.items()}
        assert all(pages == [] for name, pages in quiet.items() if name != "balance_transactions")

        async with httpx.AsyncClient(base_url=url) as http:
            answer = (await http.post("/_simulator/touch", json={"orders": 2, "advance_hours": 30})).json()
        after = {name: await read(settings, STREAMS[name], pages[-1].cursor) for name, pages in first.items()}

        refunds = {item for item in answer["touched"] if item.startswith("re_")}
        charges = {item for item in answer["touched"] if item.startswith("ch_")}
        assert len(refunds) == 2 and objects(after["refunds"]) == refunds
        assert objects(after["charges"]) == charges
        assert objects(after["disputes"]) == set()
        assert objects(after["payouts"]) and objects(after["payouts"]) <= set(answer["changed"])
        assert after["charges"][-1].cursor > first["charges"][-1].cursor

    run({"seed": 5, "rate_limit": None}, check)


def test_a_cursor_whose_event_stripe_no_longer_keeps_backfills_again() -> None:
    async def check(url: str) -> None:
        settings = settings_for(url)
        for stream in (STREAMS["charges"], STREAMS["payouts"]):
            again = await read(settings, stream, "evt_3Q0000000000expired1")
            assert ids(again) == ids(await read(settings, stream)) and again[-1].cursor.startswith("evt_")

    run({"seed": 6, "rate_limit": None}, check)


def test_a_checkpoint_at_a_moment_reads_what_changed_since_then() -> None:
    async def check(url: str) -> None:
        settings = settings_for(url)
        async with httpx.AsyncClient(base_url=url) as http:
            (gap,) = (await http.get("/_simulator/discrepancies")).json()
        # The dispute is the account's last change, an hour before its clock: a day before finds it alone.
        disputes = STREAMS["disputes"]
        full = await read(settings, disputes)
        since = await read(settings, disputes, disputes.checkpoint_at(datetime.fromtimestamp(
            max(event.occurred_at.timestamp() for page in full for event in mapped(page)) - 86400, UTC)))
        stated = {event.source.object_type: event.source.object_id for page in since for event in mapped(page)}
        assert stated["dispute"] == gap["dispute"] and set(stated) == {"dispute", "balance_transaction"}
        assert since[-1].cursor.startswith("evt_")
        later = await read(settings, STREAMS["charges"], STREAMS["charges"].checkpoint_at(datetime(2100, 1, 1, tzinfo=UTC)))
        assert ids(later) == set()

    run({"seed": 6, "rate_limit": None}, check)


def test_a_full_read_at_full_speed_keeps_within_the_test_mode_limit() -> None:
    async def check(url: str) -> None:
        settings = settings_for(url, page_size=5)
        started = time.monotonic()
        await read_every_stream(settings)
        elapsed, stats = time.monotonic() - started, await simulator_stats(url)
        assert stats["requests"] > 100 and stats["violations"] == 0, stats
        # 25 a second after the first burst: the client waited its turn rather than being refused.
        assert elapsed >= (stats["requests"] - STRIPE_TEST_MODE.capacity) / STRIPE_TEST_MODE.rate * 0.9

    run({"seed": 8, "orders": 120, "rate_limit": STRIPE_TEST_MODE}, check)


def test_twenty_percent_faults_give_the_events_of_a_clean_read_without_overdrawing() -> None:
    faults = FaultPlan(rate=0.2, seed=11, delay=0.3, retry_after=0.01)

    async def check(url: str) -> None:
        settings = settings_for(url, page_size=5, timeout_seconds=0.2)
        faulty = await read_every_stream(settings)
        stats = await simulator_stats(url)
        assert stats["requests"] > 100 and sum(stats["faults"].values()) >= 15
        assert set(stats["faults"]) == {"429", "500", "timeout", "malformed"}
        assert stats["violations"] == 0, stats
        async with serving(ADAPTER.simulator(seed=8, orders=120, rate_limit=None)) as clean_url:
            clean = await read_every_stream(settings_for(clean_url))
        assert faulty == clean

    run({"seed": 8, "orders": 120, "faults": faults, "rate_limit": STRIPE_TEST_MODE}, check)


def test_a_wrong_key_is_a_401_that_names_the_request_but_not_the_key() -> None:
    async def check(url: str) -> None:
        settings = ConnectionSettings("stripe-test", "stripe", "brand", url, {"secret_key": "sk_test_wrong"})
        with pytest.raises(FatalApiError) as raised:
            await read(settings, STREAMS["charges"])
        assert raised.value.status == 401
        assert "/v1/events" in str(raised.value) and "sk_test_wrong" not in str(raised.value)

    run({"seed": 2, "rate_limit": None}, check)


def test_the_key_goes_as_a_bearer_token_with_the_pinned_api_version() -> None:
    assert auth_headers({"secret_key": "sk_live_x"}) == {"Authorization": "Bearer sk_live_x", "Stripe-Version": API_VERSION}
    with pytest.raises(ValueError, match="secret_key"):
        auth_headers({})


def test_one_payout_on_demand_comes_with_its_balance_transactions_naming_it() -> None:
    async def check(url: str) -> None:
        settings = settings_for(url)
        full = await read(settings, STREAMS["payouts"])
        payout_id = next(e.body.payout_id for page in full for e in mapped(page) if e.type == "payout.recorded")
        async with PartnerClient.for_adapter(settings, ADAPTER, retry=FAST_RETRIES) as client:
            page = await STREAMS["payouts"].fetch_one(client, settings, payout_id)
        events = mapped(page)
        lines = [e for e in events if e.type == "settlement.line"]
        assert page.cursor is None and lines and {e.body.settlement_id for e in lines} == {payout_id}
        (payout,) = [e for e in events if e.type == "payout.recorded"]
        assert sum(e.body.amount.amount for e in lines) == payout.body.amount.amount

    run({"seed": 3, "rate_limit": None}, check)


def test_the_simulator_answers_stripes_list_parameters_and_errors() -> None:
    async def check(url: str) -> None:
        headers = {"Authorization": f"Bearer {ADAPTER.simulator_credentials['secret_key']}"}
        async with httpx.AsyncClient(base_url=url, headers=headers) as http:
            newest = (await http.get("/v1/charges", params={"limit": 3})).json()
            assert newest["object"] == "list" and newest["url"] == "/v1/charges" and newest["has_more"]
            older = (await http.get("/v1/charges", params={"limit": 3, "starting_after": newest["data"][-1]["id"]})).json()
            back = (await http.get("/v1/charges", params={"limit": 3, "ending_before": older["data"][0]["id"]})).json()
            assert [c["id"] for c in back["data"]] == [c["id"] for c in newest["data"]]
            assert all(a["created"] >= b["created"] for a, b in zip(newest["data"], newest["data"][1:], strict=False))
            both = await http.get("/v1/charges", params={"starting_after": "x", "ending_before": "y"})
            assert both.status_code == 400 and both.json()["error"]["param"] == "ending_before"
            too_many = await http.get("/v1/charges", params={"limit": 101})
            assert too_many.status_code == 400 and too_many.json()["error"]["param"] == "limit"
            missing = await http.get("/v1/charges/ch_nothing")
            assert missing.status_code == 404 and missing.json()["error"]["code"] == "resource_missing"
            refused = await http.get("/v1/charges", params={"expand[]": "data.customer"})
            assert refused.status_code == 400 and refused.json()["error"]["param"] == "expand"
            disputes = (await http.get("/v1/disputes", params={"expand[]": "data.charge"})).json()
            assert disputes["data"][0]["charge"]["object"] == "charge"
            wildcard = (await http.get("/v1/events", params={"type": "charge.dispute.*"})).json()
            assert {e["type"] for e in wildcard["data"]} == {"charge.dispute.created", "charge.dispute.funds_withdrawn"}

    run({"seed": 2, "rate_limit": None}, check)
