"""The EasyPost streams against the EasyPost simulator on a real socket: full, faulty, incremental, fed by sales."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

from adapters.easypost import ADAPTER
from adapters.easypost.client import EASYPOST_API, auth_headers, fetch_shipments, fetch_trackers
from adapters.easypost.sample_data import synthetic_feed
from adapters.toolkit.errors import FatalApiError
from adapters.toolkit.http import PartnerClient
from adapters.toolkit.open_window import OpenWindowCursor, utc
from adapters.toolkit.rate_limit import RateLimitPolicy
from adapters.toolkit.sales_feed import Sale, synthetic_sales
from adapters.toolkit.simulation import FaultPlan
from adapters.toolkit.streams import ConnectionSettings, Page
from canonical_model.events import Event, FeeCharged, ShipmentCreated, ShipmentDelivered, ShipmentShipped
from tests.adapters.pages import listed_objects, mapped_events
from tests.adapters.toolkit.fakes import FAST_RETRIES, serving, simulator_stats

SEED, KEY = 7, "EZAK_test_key"
QUICK = RateLimitPolicy.token_bucket("easypost-test", rate=200, burst=10, headroom=1)
SALES = synthetic_feed(40, SEED)
PARCELS = {parcel.tracking_number: (sale, parcel) for sale in SALES for parcel in sale.parcels}


@asynccontextmanager
async def account(faults: FaultPlan | None = None, key: str = KEY, limit: RateLimitPolicy = QUICK,
                  sales: list[Sale] | None = None, **options: Any
                  ) -> AsyncIterator[tuple[PartnerClient, ConnectionSettings, str]]:
    app = ADAPTER.simulator(sales=SALES if sales is None else sales, seed=SEED, api_key=KEY, faults=faults,
                            rate_limit=limit)
    async with serving(app) as url:
        settings = ConnectionSettings("easypost-main", "easypost", "demo-brand", url, {"api_key": key},
                                      {"page_size": 10, "overlap_minutes": 0, **options})
        async with PartnerClient(settings, limit, auth=auth_headers, retry=FAST_RETRIES, timeout=0.25) as client:
            yield client, settings, url


def _run(test: Callable[..., Coroutine[Any, Any, Any]], *args: Any) -> Any:
    return asyncio.run(test(*args))


async def _read(client: PartnerClient, settings: ConnectionSettings, stream: str, cursor: str | None = None
                ) -> list[Page]:
    fetch = fetch_trackers if stream == "trackers" else fetch_shipments
    return [page async for page in fetch(client, settings, cursor)]


def _objects(pages: list[Page], collection: str) -> dict[str, dict[str, Any]]:
    return listed_objects(pages, collection, "id")


def _events(pages: list[Page]) -> list[Event]:
    return mapped_events(ADAPTER, pages)


def test_a_first_read_lists_every_tracker_and_label_under_the_real_limit() -> None:
    async def go() -> tuple[list[Page], list[Page], dict[str, Any]]:
        async with account(limit=EASYPOST_API) as (client, settings, url):
            return (await _read(client, settings, "trackers"), await _read(client, settings, "shipments"),
                    await simulator_stats(url))

    trackers, shipments, stats = _run(go)
    listed = _objects(trackers, "trackers")
    assert {t["tracking_code"] for t in listed.values()} == set(PARCELS)
    labels = _objects(shipments, "shipments")
    assert {s["reference"] for s in labels.values()} == {sale.reference for sale in SALES if sale.channel == "ebay"
                                                         and sale.parcels}
    assert [p.cursor for p in trackers[:-1]] == [None] * (len(trackers) - 1), "no resume point inside the walk"
    cursor = OpenWindowCursor.decode(trackers[-1].cursor)
    waiting = [t for t in listed.values() if t["status"] != "delivered"]
    assert cursor.open_since == min(utc(t["created_at"]) for t in waiting)
    assert cursor.changed_since == max(utc(t["updated_at"]) for t in listed.values())
    assert trackers[1].documents[0][0].startswith("easypost:easypost-main/trackers?page_size=10&before_id=trk_")
    assert stats["violations"] == 0 and stats["requests"] == len(trackers) + len(shipments)


def test_with_a_fifth_of_calls_failing_both_streams_read_what_a_clean_read_reads() -> None:
    async def both(faults: FaultPlan | None) -> tuple[list[list[Page]], dict[str, Any]]:
        async with account(faults) as (client, settings, url):
            pages = [await _read(client, settings, stream) for stream in ("trackers", "shipments")]
            return pages, await simulator_stats(url)

    clean, _ = _run(both, None)
    faulty, stats = _run(both, FaultPlan(rate=0.2, seed=SEED, delay=0.4, retry_after=0.01))
    for clean_pages, faulty_pages in zip(clean, faulty, strict=True):
        assert [(p.documents, p.cursor) for p in faulty_pages] == [(p.documents, p.cursor) for p in clean_pages]
        assert {e.id for e in _events(faulty_pages)} == {e.id for e in _events(clean_pages)}
    assert sum(stats["faults"].values()) > 0 and stats["violations"] == 0


def test_bad_credentials_stop_the_read_with_a_clear_401() -> None:
    async def go() -> None:
        async with account(key="EZAK_wrong") as (client, settings, _):
            await _read(client, settings, "trackers")

    with pytest.raises(FatalApiError) as error:
        _run(go)
    assert error.value.status == 401 and "GET " in str(error.value) and "EZAK_wrong" not in str(error.value)


def test_an_incremental_read_yields_just_the_trackers_that_scanned_and_their_labels() -> None:
    async def go() -> tuple[list[Page], list[Page], list[Page], list[Page], dict[str, Any]]:
        async with account() as (client, settings, url):
            trackers, shipments = await _read(client, settings, "trackers"), await _read(client, settings, "shipments")
            async with httpx.AsyncClient() as http:
                touched = (await http.post(f"{url}/_simulator/touch", json={"orders": 3, "advance_hours": 24})).json()
            return (trackers, await _read(client, settings, "trackers", trackers[-1].cursor), shipments,
                    await _read(client, settings, "shipments", shipments[-1].cursor), touched)

    trackers, later, shipments, later_labels, touched = _run(go)
    scanned = _objects(later, "trackers")
    newest = max(t["updated_at"] for t in _objects(trackers, "trackers").values())
    assert set(scanned) - set(touched["touched"]) <= {i for i, t in _objects(trackers, "trackers").items()
                                                     if t["updated_at"] == newest}
    assert set(touched["touched"]) & set(scanned) and len(scanned) < 6
    for tracker_id in set(touched["touched"]) & set(scanned):
        assert scanned[tracker_id]["tracking_details"][-1]["datetime"] == touched["now"]
    relabelled = _objects(later_labels, "shipments")
    assert set(relabelled) <= set(touched["touched"]) | {
        i for i, s in _objects(shipments, "shipments").items() if s["updated_at"] == max(
            x["updated_at"] for x in _objects(shipments, "shipments").values())}
    assert OpenWindowCursor.decode(later[-1].cursor).changed_since == utc(touched["now"])


def test_the_open_window_closes_on_parcels_open_longer_than_open_days() -> None:
    async def go() -> tuple[list[Page], list[Page]]:
        async with account(open_days=0.5) as (client, settings, _):
            full = await _read(client, settings, "trackers")
            return full, await _read(client, settings, "trackers", full[-1].cursor)

    full, again = _run(go)
    cursor = OpenWindowCursor.decode(full[-1].cursor)
    listed = _objects(full, "trackers")
    newest_change = max(utc(t["updated_at"]) for t in listed.values())
    waiting = [utc(t["created_at"]) for t in listed.values() if t["status"] != "delivered"]
    assert waiting and max(waiting) < newest_change - timedelta(days=0.5)
    assert cursor.open_since == max(utc(t["created_at"]) for t in listed.values()), (
        "parcels open for longer than open_days are taken as final: the window starts at the newest tracker")
    assert set(_objects(again, "trackers")) == {i for i, t in listed.items() if utc(t["updated_at"]) == newest_change
                                                and utc(t["created_at"]) >= cursor.open_since}


def test_the_feed_maps_to_events_of_each_sale_with_its_amounts_and_times() -> None:
    amazon = [sale for sale in SALES if sale.channel == "amazon"]
    ebay = [sale for sale in SALES if sale.channel == "ebay"]

    async def go() -> tuple[list[Event], list[Event]]:
        async with account() as (client, settings, _):
            return (_events(await _read(client, settings, "trackers")),
                    _events(await _read(client, settings, "shipments")))

    tracker_events, label_events = _run(go)
    stated = {e.body.tracking_numbers[0]: e for e in tracker_events if isinstance(e.body, ShipmentCreated)}
    assert set(stated) == {p.tracking_number for sale in amazon for p in sale.parcels}
    tracker_fees = [e.body for e in tracker_events if isinstance(e.body, FeeCharged)]
    assert {(f.fee_type, f.amount.amount) for f in tracker_fees} == {("tracking", Decimal("0.02"))}
    assert len(tracker_fees) == len(stated)
    by_shipment = {e.body.shipment_id: e for e in tracker_events if isinstance(e.body, ShipmentCreated)}
    for event in tracker_events:
        if isinstance(event.body, ShipmentShipped | ShipmentDelivered):
            number = event.context["tracking_code"]
            _, parcel = PARCELS[number]
            moment = event.body.shipped_at if isinstance(event.body, ShipmentShipped) else event.body.delivered_at
            assert moment == (parcel.shipped_at if isinstance(event.body, ShipmentShipped) else parcel.delivered_at)
            assert event.body.shipment_id in by_shipment or event.body.shipment_id.startswith("shp_")
    labels = [e for e in label_events if isinstance(e.body, FeeCharged) and e.body.fee_type == "shipping_label"]
    expected = {(sale.reference, parcel.label_cost) for sale in ebay for parcel in sale.parcels}
    assert {(e.references[0], e.body.amount.amount) for e in labels} == expected
    assert all(e.references == (e.references[0],) for e in label_events)
    delivered = {e.body.shipment_id: e.body.delivered_at for e in label_events if isinstance(e.body, ShipmentDelivered)}
    assert len(delivered) == sum(1 for sale in ebay for p in sale.parcels if p.delivered_at)


def test_a_demo_feed_is_shown_whole_and_delivered_when_the_sales_say_so() -> None:
    sales = synthetic_sales(6, SEED, channel="ebay")

    async def go() -> list[Page]:
        async with account(sales=sales) as (client, settings, _):
            return await _read(client, settings, "shipments")

    shipments = _objects(_run(go), "shipments")
    assert {s["reference"] for s in shipments.values()} == {sale.reference for sale in sales if sale.parcels}
    assert all(s["tracker"]["status"] == "delivered" for s in shipments.values())
