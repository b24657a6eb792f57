"""The EasyPost simulator's listings behave as EasyPost's: newest first, before/after ids, creation bounds, errors."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from adapters.easypost import ADAPTER
from adapters.easypost.client import auth_headers
from adapters.easypost.sample_data import synthetic_feed
from tests.adapters.toolkit.fakes import serving

AUTH = dict(auth_headers(ADAPTER.simulator_credentials))


def _get(calls: list[tuple[str, dict[str, Any]]], headers: dict[str, str] = AUTH) -> list[httpx.Response]:
    async def go() -> list[httpx.Response]:
        app = ADAPTER.simulator(sales=synthetic_feed(20, 4), rate_limit=None)
        async with serving(app) as url, httpx.AsyncClient(base_url=url, headers=headers) as http:
            return [await http.get(path, params=params) for path, params in calls]

    return asyncio.run(go())


def test_listings_run_newest_first_and_page_by_before_and_after_id() -> None:
    everything, = _get([("/v2/trackers", {"page_size": 100})])
    trackers = everything.json()["trackers"]
    created = [(t["created_at"], t["id"]) for t in trackers]
    assert created == sorted(created, reverse=True) and everything.json()["has_more"] is False
    middle = trackers[5]["id"]
    older, newer = _get([("/v2/trackers", {"page_size": 3, "before_id": middle}),
                         ("/v2/trackers", {"page_size": 3, "after_id": middle})])
    assert [t["id"] for t in older.json()["trackers"]] == [t["id"] for t in trackers[6:9]]
    assert [t["id"] for t in newer.json()["trackers"]] == [t["id"] for t in trackers[2:5]]
    assert older.json()["has_more"] is True


def test_creation_bounds_codes_and_purchase_filter() -> None:
    everything, = _get([("/v2/trackers", {"page_size": 100})])
    trackers = everything.json()["trackers"]
    pivot = trackers[4]["created_at"]
    since, until, coded, unbought = _get([
        ("/v2/trackers", {"page_size": 100, "start_datetime": pivot}),
        ("/v2/trackers", {"page_size": 100, "end_datetime": pivot}),
        ("/v2/trackers", {"tracking_code": trackers[7]["tracking_code"]}),
        ("/v2/shipments", {"purchased": "false"})])
    assert {t["id"] for t in since.json()["trackers"]} == {t["id"] for t in trackers if t["created_at"] >= pivot}
    assert {t["id"] for t in until.json()["trackers"]} == {t["id"] for t in trackers if t["created_at"] < pivot}
    assert [t["id"] for t in coded.json()["trackers"]] == [trackers[7]["id"]]
    assert unbought.json() == {"shipments": [], "has_more": False}


def test_bad_parameters_unknown_ids_and_wrong_keys_answer_as_easypost_does() -> None:
    size, boundary, missing, denied = _get([("/v2/trackers", {"page_size": 101}),
                                            ("/v2/trackers", {"before_id": "trk_nope"}),
                                            ("/v2/shipments/shp_nope", {})]) + _get(
        [("/v2/trackers", {})], headers={"Authorization": "Basic d3Jvbmc6"})
    assert (size.status_code, size.json()["error"]["code"]) == (422, "PARAMETER.INVALID")
    assert boundary.status_code == 422 and "trk_nope" in boundary.json()["error"]["message"]
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "NOT_FOUND")
    assert denied.status_code == 401
