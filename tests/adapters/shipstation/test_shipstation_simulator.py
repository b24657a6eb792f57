"""The ShipStation simulator's V1 lists as a plain HTTP client sees them: filters, sorting, pages, errors, touch."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import httpx

from adapters.shipstation.common import pacific_text
from adapters.shipstation.sample_data import build_account
from adapters.shipstation.simulator_listings import ACCOUNT
from tests.adapters.shipstation.shipstation_sim import KEY, SECRET, simulator
from tests.adapters.toolkit.fakes import serving

ACCOUNT_7 = build_account(None, 7)


def _get(calls: list[tuple[str, dict[str, Any]]], app: Any = None) -> list[httpx.Response]:
    async def go() -> list[httpx.Response]:
        async with serving(app or simulator()) as url, httpx.AsyncClient(base_url=url, auth=(KEY, SECRET)) as http:
            return [await http.get(path, params=params) for path, params in calls]

    return asyncio.run(go())


def test_lists_page_by_number_and_state_total_and_pages() -> None:
    first, last, past = _get([("/orders", {"pageSize": 25}), ("/orders", {"pageSize": 25, "page": 3}),
                              ("/orders", {"pageSize": 25, "page": 9})])
    assert {k: first.json()[k] for k in ("total", "page", "pages")} == {"total": 61, "page": 1, "pages": 3}
    assert len(first.json()["orders"]) == 25 and len(last.json()["orders"]) == 11 and past.json()["orders"] == []


def test_start_filters_are_after_the_moment_given_in_pacific_time() -> None:
    app = simulator()
    order_id = sorted(ACCOUNT_7.orders)[30]
    app[ACCOUNT].orders[order_id]["modifyDate"] = "2026-09-20T10:00:00.0000000"
    at, before = _get([("/orders", {"modifyDateStart": "2026-09-20 10:00:00"}),
                       ("/orders", {"modifyDateStart": "2026-09-20 09:59:59"})], app)
    assert order_id not in [o["orderId"] for o in at.json()["orders"]]
    assert order_id in [o["orderId"] for o in before.json()["orders"]]


def test_sorting_both_ways_with_ties_broken_by_id() -> None:
    ascending, descending = _get([("/shipments", {"sortBy": "CreateDate", "pageSize": 500}),
                                  ("/shipments", {"sortBy": "CreateDate", "sortDir": "DESC", "pageSize": 500})])
    up = [(s["createDate"], s["shipmentId"]) for s in ascending.json()["shipments"]]
    assert up == sorted(up) and [s["shipmentId"] for s in descending.json()["shipments"]] == [i for _, i in up][::-1]


def test_labels_list_their_items_only_when_asked() -> None:
    bare, with_items = _get([("/shipments", {}), ("/shipments", {"includeShipmentItems": "true"})])
    assert {s["shipmentItems"] is None for s in bare.json()["shipments"]} == {True}
    assert all(s["shipmentItems"] for s in with_items.json()["shipments"])


def test_a_label_batch_and_an_import_batch_select_what_a_webhook_notice_names() -> None:
    label = next(iter(ACCOUNT_7.shipments.values()))
    order_id = next(iter(ACCOUNT_7.orders))
    batch, imported = _get([("/shipments", {"batchId": label["batchNumber"]}),
                            ("/orders", {"importBatch": ACCOUNT_7.import_batches[order_id]})])
    assert [s["shipmentId"] for s in batch.json()["shipments"]] == [label["shipmentId"]]
    assert [o["orderId"] for o in imported.json()["orders"]] == [order_id]


def test_a_bad_parameter_is_a_400_naming_it() -> None:
    answers = _get([("/orders", {"sortBy": "Total"}), ("/shipments", {"pageSize": 501}),
                    ("/fulfillments", {"createDateStart": "yesterday"}), ("/orders", {"sortDir": "UP"})])
    assert [a.status_code for a in answers] == [400] * 4
    assert [next(iter(a.json()["ModelState"])) for a in answers] == ["sortBy", "pageSize", "createDateStart", "sortDir"]


def test_touch_moves_the_clock_and_changes_only_what_it_names() -> None:
    app = simulator()

    async def go() -> tuple[dict[str, Any], dict[str, Any]]:
        async with serving(app) as url, httpx.AsyncClient(base_url=url, auth=(KEY, SECRET)) as http:
            before = app[ACCOUNT].now
            touched = (await http.post("/_simulator/touch", json={"orders": 5, "advance_hours": 48})).json()
            since = pacific_text(before).replace("T", " ")[:19]
            changed = {"orders": (await http.get("/orders", params={"modifyDateStart": since})).json(),
                       "created": (await http.get("/shipments", params={"createDateStart": since})).json(),
                       "voided": (await http.get("/shipments", params={"voidDateStart": since})).json()}
            return touched | {"before": before}, changed

    touched, changed = asyncio.run(go())
    ids = {str(o["orderId"]) for o in changed["orders"]["orders"]}
    ids |= {str(s["shipmentId"]) for key in ("created", "voided") for s in changed[key]["shipments"]}
    assert ids == set(touched["touched"]) and len(changed["orders"]["orders"]) == 5
    assert len(changed["voided"]["shipments"]) == 1 and changed["created"]["shipments"]
    assert datetime.fromisoformat(touched["now"]) - touched["before"] == timedelta(hours=48)
