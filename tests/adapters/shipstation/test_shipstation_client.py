"""The ShipStation streams against the ShipStation simulator on a real socket: full, faulty, resumed, incremental."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from adapters.shipstation import ADAPTER
from adapters.shipstation.client import fetch_orders, pacific_filter, stated_time
from adapters.shipstation.common import pacific_text
from adapters.shipstation.sample_data import build_account
from adapters.shipstation.simulator_listings import ACCOUNT
from adapters.toolkit.errors import FatalApiError
from adapters.toolkit.streams import Page
from tests.adapters.shipstation.shipstation_sim import (
    CREDENTIALS,
    KEY,
    connected,
    events,
    faults,
    read,
    rows,
    simulator,
)
from tests.adapters.toolkit.fakes import simulator_stats

ACCOUNT_7 = build_account(None, 7)
ORDER_IDS, SHIPMENT_IDS = set(ACCOUNT_7.orders), set(ACCOUNT_7.shipments)


def _modified(order: dict[str, Any]) -> datetime:
    return stated_time(order["modifyDate"])


def test_a_first_sync_reads_every_order_and_label_with_a_rising_safe_cursor() -> None:
    async def go() -> tuple[list[Page], list[Page], list[Page]]:
        async with connected(simulator()) as (client, settings, _):
            return (await read(client, settings, "orders"), await read(client, settings, "shipments"),
                    await read(client, settings, "fulfillments"))

    orders, shipments, fulfillments = asyncio.run(go())
    assert set(rows(orders, "orders")) == ORDER_IDS and set(rows(shipments, "shipments")) == SHIPMENT_IDS
    cursors = [page.cursor or "" for page in orders]
    assert cursors == sorted(cursors)
    assert cursors[-1] == max(map(_modified, rows(orders, "orders").values())).isoformat()
    assert orders[0].documents[0][0] == "shipstation:shipstation-main/orders?sortBy=ModifyDate&sortDir=ASC&pageSize=7&page=1"
    assert "modifyDateStart=" in orders[1].documents[0][0], "every full page starts again from its last change"
    assert all(s["shipmentItems"] for s in rows(shipments, "shipments").values()), "labels are read with their items"
    assert rows(fulfillments, "fulfillments") == {}, "ShipStation bought every label of the synthetic feed"


def test_with_a_fifth_of_calls_failing_every_stream_reads_what_a_clean_run_reads() -> None:
    async def every_stream(plan: Any) -> tuple[list[list[Page]], dict[str, Any]]:
        async with connected(simulator(faults=plan), page_size=4) as (client, settings, url):
            pages = [await read(client, settings, stream.name) for stream in ADAPTER.streams]
            return pages, await simulator_stats(url)

    clean, _ = asyncio.run(every_stream(None))
    faulty, stats = asyncio.run(every_stream(faults()))
    for clean_pages, faulty_pages in zip(clean, faulty, strict=True):
        assert [(p.documents, p.cursor) for p in faulty_pages] == [(p.documents, p.cursor) for p in clean_pages]
        assert {e.id for e in events(faulty_pages)} == {e.id for e in events(clean_pages)}
    assert set(stats["faults"]) == {"429", "500", "timeout", "malformed"}, "every kind of fault was survived"
    assert stats["violations"] == 0


def test_a_sync_stopped_after_page_two_resumes_from_its_cursor_and_misses_nothing() -> None:
    async def go() -> tuple[dict[int, Any], dict[int, Any]]:
        async with connected(simulator()) as (client, settings, _):
            first: list[Page] = []
            async for page in fetch_orders(client, settings, None):
                first.append(page)
                if len(first) == 2:
                    break
            return rows(first, "orders"), rows(await read(client, settings, "orders", first[-1].cursor), "orders")

    before, after = asyncio.run(go())
    assert len(before) == 13, "the second page starts again at the first page's last second"
    assert before.keys() | after.keys() == ORDER_IDS and len(after) < len(ORDER_IDS)


def test_orders_modified_mid_sync_never_push_an_unread_order_past_the_walk() -> None:
    app = simulator()

    async def go() -> dict[int, Any]:
        async with connected(app) as (client, settings, _):
            read_pages: list[Page] = []
            async for page in fetch_orders(client, settings, None):
                read_pages.append(page)
                account = app[ACCOUNT]
                for order_id in list(rows([page], "orders"))[:2]:  # modified while we read: they move to the end
                    account.now += timedelta(seconds=1)
                    account.orders[order_id]["modifyDate"] = pacific_text(account.now)
            return rows(read_pages, "orders")

    assert set(asyncio.run(go())) == ORDER_IDS


def test_an_incremental_sync_reads_only_what_the_touch_changed() -> None:
    async def go() -> tuple[dict[str, list[Page]], dict[str, list[Page]], dict[str, Any]]:
        async with connected(simulator(), overlap_minutes=0) as (client, settings, url):
            backfill = {s.name: await read(client, settings, s.name) for s in ADAPTER.streams}
            async with httpx.AsyncClient() as http:
                touched = (await http.post(f"{url}/_simulator/touch", json={"orders": 4})).json()
            later = {s.name: await read(client, settings, s.name, backfill[s.name][-1].cursor) for s in ADAPTER.streams}
            return backfill, later, touched

    backfill, later, touched = asyncio.run(go())
    changed = {str(i) for i in rows(later["orders"], "orders")} | {str(i) for i in rows(later["shipments"], "shipments")}
    last_order = max(rows(backfill["orders"], "orders").values(), key=_modified)["orderId"]
    last_label = max(rows(backfill["shipments"], "shipments").values(), key=lambda s: s["createDate"])["shipmentId"]
    assert changed - {str(last_order), str(last_label)} == set(touched["touched"]), "the cursor's own second again"
    voided = [s for s in rows(later["shipments"], "shipments").values() if s["voided"]]
    assert len(voided) == 1 and str(voided[0]["shipmentId"]) in touched["touched"]
    assert [e.type for e in events(later["shipments"]) if e.source.object_id == str(voided[0]["shipmentId"])].count(
        "shipment.status_changed") == 1
    assert later["shipments"][0].cursor == backfill["shipments"][-1].cursor, "the voids' pages keep the cursor"
    assert later["shipments"][-1].cursor == max(
        stated_time(s["voidDate"] or s["createDate"]) for s in rows(later["shipments"], "shipments").values()).isoformat()


def test_a_checkpoint_in_the_future_reads_nothing_and_the_overlap_is_an_option() -> None:
    async def go() -> tuple[list[Page], str]:
        async with connected(simulator(), overlap_minutes=60) as (client, settings, _):
            future = await read(client, settings, "orders", "2100-01-01T00:00:00+00:00")
            resumed = await read(client, settings, "shipments", "2026-09-01T12:00:00+00:00")
            return future, resumed[0].documents[0][0]

    future, origin = asyncio.run(go())
    assert rows(future, "orders") == {}
    assert "voidDateStart=2026-09-01+03%3A59%3A59" in origin, "an hour back, in Pacific time, the second included"
    assert pacific_filter(datetime.fromisoformat("2026-09-01T12:00:59.9+00:00")) == "2026-09-01 05:00:58"


def test_fetch_one_reads_an_order_its_labels_or_a_fulfillment_and_moves_no_cursor() -> None:
    from adapters.shipstation.client import fetch_fulfillment, fetch_order, fetch_order_shipments

    order_id = next(s["orderId"] for s in ACCOUNT_7.shipments.values())

    async def go() -> tuple[Page, Page, Page, FatalApiError]:
        async with connected(simulator()) as (client, settings, _):
            order = await fetch_order(client, settings, str(order_id))
            labels = await fetch_order_shipments(client, settings, str(order_id))
            nothing = await fetch_fulfillment(client, settings, "42")
            with pytest.raises(FatalApiError) as missing:
                await fetch_order(client, settings, "42")
            return order, labels, nothing, missing.value

    order, labels, nothing, missing = asyncio.run(go())
    assert order.cursor is labels.cursor is nothing.cursor is None
    assert list(rows([order], "orders")) == [order_id] and order.documents[0][0].endswith(f"/orders/{order_id}")
    assert {s["orderId"] for s in rows([labels], "shipments").values()} == {order_id}
    assert all(s["shipmentItems"] for s in rows([labels], "shipments").values())
    assert rows([nothing], "fulfillments") == {} and missing.status == 404


@pytest.mark.parametrize("credentials", [{**CREDENTIALS, "api_secret": "ss_wrong_secret"}, {}])
def test_missing_or_wrong_credentials_are_fatal_at_once_and_never_reported(credentials: dict[str, str]) -> None:
    async def go() -> tuple[FatalApiError, dict[str, Any]]:
        async with connected(simulator(), credentials=credentials) as (client, settings, url):
            with pytest.raises(FatalApiError) as refused:
                await read(client, settings, "orders")
            return refused.value, await simulator_stats(url)

    refused, stats = asyncio.run(go())
    assert refused.status == 401 and stats["requests"] == 1
    assert "ss_wrong_secret" not in str(refused)
    assert ("[redacted]" in refused.request_description) == bool(credentials)


def test_a_connection_without_key_and_secret_is_refused_before_any_call() -> None:
    from adapters.shipstation.client import auth_headers

    with pytest.raises(ValueError, match="api_secret"):
        auth_headers({"api_key": KEY})
    assert auth_headers({"api_key": "k", "api_secret": "s"}) == {"Authorization": "Basic azpz"}
