"""The Shippo streams against the Shippo simulator on a real socket: full, faulty, incremental, fed by Shopify sales."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Any

import httpx
import pytest

from adapters.shippo import ADAPTER
from adapters.shippo.client import SHIPPO_LISTS, auth_headers, fetch_orders, fetch_tracks, fetch_transactions
from adapters.shippo.sample_data import synthetic_feed
from adapters.toolkit.errors import FatalApiError
from adapters.toolkit.http import PartnerClient
from adapters.toolkit.open_window import OpenWindowCursor, utc
from adapters.toolkit.rate_limit import RateLimitPolicy
from adapters.toolkit.sales_feed import Sale
from adapters.toolkit.simulation import FaultPlan
from adapters.toolkit.streams import ConnectionSettings, Page
from canonical_model.events import Event, FeeCharged, ShipmentCreated, ShipmentDelivered, ShipmentShipped
from tests.adapters.pages import listed_objects, mapped_events
from tests.adapters.toolkit.fakes import FAST_RETRIES, serving, simulator_stats

SEED, TOKEN = 7, "shippo_test_token"
QUICK = RateLimitPolicy.per_minute("shippo-test", 10_000)
SALES = synthetic_feed(50, SEED)
PARCELS = {parcel.tracking_number: (sale, parcel) for sale in SALES for parcel in sale.parcels}
FETCH = {"orders": fetch_orders, "transactions": fetch_transactions, "tracks": fetch_tracks}


@asynccontextmanager
async def account(faults: FaultPlan | None = None, token: str = TOKEN, real_limits: bool = False,
                  sales: list[Sale] | None = None) -> AsyncIterator[tuple[PartnerClient, ConnectionSettings, str]]:
    limits: dict[str, Any] = {} if real_limits else {"rate_limit": QUICK, "single_limit": QUICK, "tracks_limit": QUICK}
    app = ADAPTER.simulator(sales=SALES if sales is None else sales, seed=SEED, token=TOKEN, faults=faults, **limits)
    async with serving(app) as url:
        settings = ConnectionSettings("shippo-main", "shippo", "demo-brand", url, {"token": token},
                                      {"page_size": 10, "overlap_minutes": 0})
        client = PartnerClient(settings, SHIPPO_LISTS if real_limits else QUICK, auth=auth_headers,
                               retry=FAST_RETRIES, timeout=0.25,
                               operation_limits=ADAPTER.operation_limits(settings.options)
                               if real_limits and ADAPTER.operation_limits else None)
        async with client:
            yield client, settings, url


def _run(test: Callable[..., Coroutine[Any, Any, Any]], *args: Any) -> Any:
    return asyncio.run(test(*args))


async def _read(client: PartnerClient, settings: ConnectionSettings, stream: str, cursor: str | None = None
                ) -> list[Page]:
    return [page async for page in FETCH[stream](client, settings, cursor)]


def _objects(pages: list[Page], key: str = "object_id") -> dict[str, dict[str, Any]]:
    return listed_objects(pages, "results", key)


def _events(pages: list[Page]) -> list[Event]:
    return mapped_events(ADAPTER, pages)


def test_a_first_read_gets_every_order_label_and_track_under_the_published_limits() -> None:
    async def go() -> tuple[dict[str, list[Page]], dict[str, Any]]:
        async with account(real_limits=True) as (client, settings, url):
            return {name: await _read(client, settings, name) for name in FETCH}, await simulator_stats(url)

    read, stats = _run(go)
    assert {o["order_number"] for o in _objects(read["orders"]).values()} == {sale.reference for sale in SALES}
    labels = _objects(read["transactions"])
    assert {t["tracking_number"] for t in labels.values()} == set(PARCELS)
    assert all(isinstance(t["rate"], dict) for t in labels.values()), "labels are read with their rate"
    assert set(_objects(read["tracks"], "tracking_number")) == set(PARCELS)
    waiting = [utc(t["object_created"]) for t in labels.values() if t["tracking_status"] != "DELIVERED"]
    assert OpenWindowCursor.decode(read["transactions"][-1].cursor).open_since == min(waiting)
    assert [p.cursor for p in read["transactions"][:-1]] == [None] * (len(read["transactions"]) - 1)
    assert read["transactions"][0].documents[0][0] == "shippo:shippo-main/transactions?results=10&expand=rate"
    assert stats["violations"] == 0


def test_with_a_fifth_of_calls_failing_every_stream_reads_what_a_clean_read_reads() -> None:
    async def every(faults: FaultPlan | None) -> tuple[list[list[Page]], dict[str, Any]]:
        async with account(faults) as (client, settings, url):
            return [await _read(client, settings, name) for name in FETCH], await simulator_stats(url)

    clean, _ = _run(every, None)
    faulty, stats = _run(every, FaultPlan(rate=0.2, seed=SEED, delay=0.4, retry_after=0.01))
    for clean_pages, faulty_pages in zip(clean, faulty, strict=True):  # bodies differ only in the `next` URL's port
        assert [([o for o, _ in p.documents], p.cursor) for p in faulty_pages] == [
            ([o for o, _ in p.documents], p.cursor) for p in clean_pages]
        assert _content(_events(faulty_pages)) == _content(_events(clean_pages))
    assert sum(stats["faults"].values()) > 0 and stats["violations"] == 0


def _content(events: list[Event]) -> dict[str, Any]:
    return {e.id: (e.body, e.occurred_at, e.context, e.references) for e in events}


def test_a_wrong_token_stops_the_read_with_a_clear_401() -> None:
    async def go() -> None:
        async with account(token="shippo_wrong") as (client, settings, _):
            await _read(client, settings, "transactions")

    with pytest.raises(FatalApiError) as error:
        _run(go)
    assert error.value.status == 401 and "shippo_wrong" not in str(error.value)


def test_an_incremental_read_yields_the_labels_and_tracks_that_scanned_and_the_orders_still_open() -> None:
    async def go() -> tuple[dict[str, list[Page]], dict[str, list[Page]], dict[str, Any]]:
        async with account() as (client, settings, url):
            full = {name: await _read(client, settings, name) for name in FETCH}
            async with httpx.AsyncClient() as http:
                touched = (await http.post(f"{url}/_simulator/touch", json={"orders": 3, "advance_hours": 24})).json()
            later = {name: await _read(client, settings, name, full[name][-1].cursor) for name in FETCH}
            return full, later, touched

    full, later, touched = _run(go)
    labels = _objects(full["transactions"])
    newest = max(t["object_updated"] for t in labels.values())
    settled_newest = {i for i, t in labels.items() if t["object_updated"] == newest}
    changed = _objects(later["transactions"])
    assert set(changed) - settled_newest <= set(touched["touched"]) and set(changed) & set(touched["touched"])
    tracks = _objects(later["tracks"], "tracking_number")
    assert {t["transaction"] for t in tracks.values()} == set(changed)
    for number in set(tracks) & set(touched["touched"]):
        assert tracks[number]["tracking_status"]["status_date"] == touched["now"]
    every_order = _objects(full["orders"])
    window = OpenWindowCursor.decode(full["orders"][-1].cursor).open_since
    assert window == min(utc(o["placed_at"]) for o in every_order.values() if o["order_status"] != "SHIPPED")
    assert set(_objects(later["orders"])) == {i for i, o in every_order.items() if utc(o["placed_at"]) >= window}
    assert len(_objects(later["orders"])) < len(every_order), "orders shipped before the oldest open one are not read"


def test_the_feed_maps_to_events_of_each_shopify_order_with_its_label_costs_and_times() -> None:
    async def go() -> tuple[list[Page], list[Event], list[Event]]:
        async with account() as (client, settings, _):
            return (await _read(client, settings, "orders"), _events(await _read(client, settings, "transactions")),
                    _events(await _read(client, settings, "tracks")))

    orders, labels, tracks = _run(go)
    assert {o["order_number"] for o in _objects(orders).values()} == {sale.reference for sale in SALES}
    assert _events(orders) == [], "an order is the store's copy: the labels and tracks state the facts"
    fees = {(e.references[0], e.body.amount.amount) for e in labels if isinstance(e.body, FeeCharged)}
    assert fees == {(sale.reference, parcel.label_cost) for sale in SALES for parcel in sale.parcels}
    stated = {e.body.tracking_numbers for e in labels if isinstance(e.body, ShipmentCreated)}
    assert stated == {(number,) for number in PARCELS}
    for event in tracks:
        sale, parcel = PARCELS[event.context["tracking_number"]]
        assert event.references == (sale.reference,)
        if isinstance(event.body, ShipmentShipped):
            assert event.body.shipped_at == parcel.shipped_at
        if isinstance(event.body, ShipmentDelivered):
            assert event.body.delivered_at == parcel.delivered_at
    delivered = {e.context["tracking_number"] for e in tracks if isinstance(e.body, ShipmentDelivered)}
    assert delivered == {number for number, (_, parcel) in PARCELS.items() if parcel.delivered_at}
    assert sum((p.label_cost for _, p in PARCELS.values()), Decimal(0)) == sum(
        (e.body.amount.amount for e in labels if isinstance(e.body, FeeCharged)), Decimal(0))
