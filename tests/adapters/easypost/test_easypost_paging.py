"""EasyPost paging guards and single reads: a looping listing stops with a clear error; one object moves no cursor."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from adapters.easypost import ADAPTER
from adapters.easypost.client import auth_headers, fetch_shipment, fetch_tracker, fetch_trackers
from adapters.easypost.sample_data import synthetic_feed
from adapters.toolkit.errors import FatalApiError, RepeatedPageToken
from adapters.toolkit.http import PartnerClient
from adapters.toolkit.streams import ConnectionSettings
from tests.adapters.easypost.easypost_payloads import tracker
from tests.adapters.toolkit.fakes import FAST_RETRIES, serving

SETTINGS = ConnectionSettings("easypost-main", "easypost", "demo-brand", "https://api.easypost.test",
                              {"api_key": "EZAK_x"}, {"page_size": 2})


def test_a_listing_that_hands_back_the_same_page_stops_instead_of_looping() -> None:
    page = {"trackers": [tracker("trk_a"), tracker("trk_b")], "has_more": True}

    async def go() -> list[str]:
        transport = httpx.MockTransport(lambda request: httpx.Response(200, json=page))
        seen = []
        async with PartnerClient(SETTINGS, None, auth=auth_headers, retry=FAST_RETRIES, transport=transport) as client:
            async for read in fetch_trackers(client, SETTINGS, None):
                seen += [origin for origin, _ in read.documents]
        return seen

    with pytest.raises(RepeatedPageToken, match="trk_b"):
        asyncio.run(go())


def test_the_key_goes_as_the_basic_user_with_no_password() -> None:
    assert auth_headers({"api_key": "EZAK_x"}) == {"Authorization": "Basic RVpBS194Og=="}
    with pytest.raises(ValueError, match="api_key"):
        auth_headers({})


def test_one_tracker_or_shipment_is_read_alone_and_an_unknown_id_is_a_clear_404() -> None:
    sales = synthetic_feed(10, 3)

    async def go() -> tuple[dict, dict, FatalApiError]:
        app = ADAPTER.simulator(sales=sales, rate_limit=None)
        async with serving(app) as url:
            settings = ConnectionSettings("easypost-main", "easypost", "demo-brand", url,
                                          dict(ADAPTER.simulator_credentials), {})
            async with PartnerClient(settings, None, auth=auth_headers, retry=FAST_RETRIES) as client:
                listed = [json.loads(body) async for page in fetch_trackers(client, settings, None)
                          for _, body in page.documents][0]["trackers"]
                with_label = next(t for t in listed if t["shipment_id"])
                one = await fetch_tracker(client, settings, with_label["id"])
                label = await fetch_shipment(client, settings, with_label["shipment_id"])
                try:
                    await fetch_tracker(client, settings, "trk_unknown")
                except FatalApiError as error:
                    missing = error
                assert one.cursor is None and label.cursor is None
                return json.loads(one.documents[0][1]), json.loads(label.documents[0][1]), missing

    one, label, missing = asyncio.run(go())
    assert one["object"] == "Tracker" and label["tracker"]["id"] == one["id"]
    assert label["tracking_code"] == one["tracking_code"]
    assert missing.status == 404 and "NOT_FOUND" in missing.reason
