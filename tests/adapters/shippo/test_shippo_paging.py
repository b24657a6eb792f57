"""Shippo paging guards, the token header and single reads."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from adapters.shippo import ADAPTER
from adapters.shippo.client import auth_headers, fetch_order, fetch_track, fetch_transaction, fetch_transactions
from adapters.toolkit.errors import FatalApiError, RepeatedPageToken
from adapters.toolkit.http import PartnerClient
from adapters.toolkit.streams import ConnectionSettings
from tests.adapters.toolkit.fakes import FAST_RETRIES, serving

BASE = "https://api.goshippo.test"
SETTINGS = ConnectionSettings("shippo-main", "shippo", "demo-brand", BASE, {"token": "shippo_x"}, {})


def test_a_next_link_handed_back_twice_stops_the_read() -> None:
    page = {"next": f"{BASE}/transactions?page=2", "previous": None, "results": []}

    async def go() -> None:
        transport = httpx.MockTransport(lambda request: httpx.Response(200, json=page))
        async with PartnerClient(SETTINGS, None, auth=auth_headers, retry=FAST_RETRIES, transport=transport) as client:
            async for _ in fetch_transactions(client, SETTINGS, None):
                pass

    with pytest.raises(RepeatedPageToken, match="Shippo handed back"):
        asyncio.run(go())


def test_the_token_goes_as_shippotoken() -> None:
    assert auth_headers({"token": "shippo_x"}) == {"Authorization": "ShippoToken shippo_x"}
    with pytest.raises(ValueError, match="token"):
        auth_headers({})


def test_one_label_track_or_order_is_read_alone_and_an_unknown_one_is_a_clear_404() -> None:
    async def go() -> tuple[dict, dict, dict, FatalApiError]:
        app = ADAPTER.simulator(count=6, seed=2, rate_limit=None)
        async with serving(app) as url:
            settings = ConnectionSettings("shippo-main", "shippo", "demo-brand", url,
                                          dict(ADAPTER.simulator_credentials), {})
            async with PartnerClient(settings, None, auth=auth_headers, retry=FAST_RETRIES) as client:
                listed = [json.loads(body) async for page in fetch_transactions(client, settings, None)
                          for _, body in page.documents][0]["results"]
                label = json.loads((await fetch_transaction(client, settings, listed[0]["object_id"])).documents[0][1])
                track = json.loads((await fetch_track(client, settings, f"{label['rate']['provider'].lower()}/"
                                                                        f"{label['tracking_number']}")).documents[0][1])
                order = json.loads((await fetch_order(client, settings, label["order"])).documents[0][1])
                try:
                    await fetch_transaction(client, settings, "0" * 32)
                except FatalApiError as error:
                    missing = error
                return label, track, order, missing

    label, track, order, missing = asyncio.run(go())
    assert label["rate"]["amount"] and track["transaction"] == label["object_id"]
    assert order["order_number"] == label["metadata"] and label["object_id"] in order["transactions"]
    assert missing.status == 404 and "Not found" in missing.reason
