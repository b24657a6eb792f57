"""The Shopify simulator: payouts that reconcile with the orders, Shopify's listing rules, its headers."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from decimal import Decimal
from typing import Any

import httpx

from adapters.shopify import ADAPTER
from adapters.shopify.simulator import build_shop, create_app
from adapters.toolkit import MappingContext
from tests.adapters.toolkit.fakes import serving

TOKEN = "shpat_sim"
API = "/admin/api/2024-10"
HEADERS = {"X-Shopify-Access-Token": TOKEN}


def test_each_payout_is_the_sum_of_its_lines_and_charges_carry_the_processing_fee() -> None:
    shop = build_shop(80, seed=5)
    lines_by_payout: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for line in shop.balance:
        lines_by_payout[line["payout_id"]].append(line)
    for payout in shop.payouts:
        lines = lines_by_payout[payout["id"]]
        assert Decimal(payout["amount"]) == sum(Decimal(line["net"]) for line in lines)
        assert Decimal(payout["summary"]["charges_gross_amount"]) == sum(
            Decimal(line["amount"]) for line in lines if line["type"] == "charge")
        assert {line["payout_status"] for line in lines} == {payout["status"]}
    for line in shop.balance:
        amount, fee, net = Decimal(line["amount"]), Decimal(line["fee"]), Decimal(line["net"])
        assert net == amount - fee
        if line["type"] == "charge":
            assert fee == (amount * Decimal("0.029") + Decimal("0.30")).quantize(Decimal("0.01"))
        else:
            assert line["type"] == "refund" and amount < 0 and fee == 0


def test_charges_and_refunds_reconcile_with_the_orders() -> None:
    shop = build_shop(80, seed=5)
    paid = [order for order in shop.orders.values() if not order.get("cancelled_at")]
    charges = [line for line in shop.balance if line["type"] == "charge"]
    refunds = [line for line in shop.balance if line["type"] == "refund"]
    assert sum(Decimal(line["amount"]) for line in charges) == sum(Decimal(order["total_price"]) for order in paid)
    refunded = sum(Decimal(t["amount"]) for order in paid for refund in order.get("refunds", [])
                   for t in refund["transactions"])
    assert refunds and -sum(Decimal(line["amount"]) for line in refunds) == refunded
    assert {p["status"] for p in shop.payouts} >= {"paid", "scheduled"}


def test_payout_documents_map_to_payouts_and_settlement_lines() -> None:
    shop = build_shop(30, seed=2)
    context = MappingContext("acme.myshopify.com", "0" * 64)
    events = [event for document in ({"payouts": shop.payouts}, {"transactions": shop.balance})
              for obj in ADAPTER.split(document) for event in ADAPTER.map_object(obj, context)]
    types = {event.type for event in events}
    assert types == {"payout.recorded", "settlement.line"}
    assert len(events) == len(shop.payouts) + len(shop.balance)


async def _get(url: str, path: str, params: dict[str, Any] | None = None,
               headers: dict[str, str] | None = None) -> httpx.Response:
    async with httpx.AsyncClient(base_url=url) as client:
        return await client.get(path, params=params, headers=HEADERS if headers is None else headers)


def test_listings_follow_shopifys_rules() -> None:
    async def go() -> dict[str, Any]:
        async with serving(create_app(orders=40, seed=3, token=TOKEN)) as url:
            orders = f"{API}/orders.json"
            first = await _get(url, orders, {"status": "any", "limit": 5, "order": "updated_at asc",
                                              "updated_at_min": "2026-09-01T05:00:00+00:00"})
            next_url = first.links["next"]["url"]
            return {
                "first": first, "second": await _get(url, next_url),
                "mixed": await _get(url, next_url + "&status=any"),
                "open": await _get(url, orders, {"limit": 250}),
                "all": await _get(url, orders, {"status": "any", "limit": 500}),
                "fields": await _get(url, orders, {"status": "any", "fields": "id,updated_at", "limit": 1}),
                "anonymous": await _get(url, orders, headers={}),
                "bad": await _get(url, orders, {"order": "price asc"}),
            }

    answers = asyncio.run(go())
    first = answers["first"].json()["orders"]
    assert len(first) == 5 and all(o["updated_at"] >= "2026-09-01T05:00:00" for o in first)
    assert [o["updated_at"] for o in first] == sorted(o["updated_at"] for o in first)
    assert answers["first"].headers["X-Shopify-Shop-Api-Call-Limit"].endswith("/40")
    second = answers["second"].json()["orders"]
    assert second[0]["updated_at"] >= first[-1]["updated_at"] and not {o["id"] for o in first} & {o["id"] for o in second}
    assert answers["mixed"].status_code == 400, "page_info cannot be combined with other filters"
    everything = answers["all"].json()["orders"]
    assert len(everything) == 40 and "Link" not in answers["all"].headers, "limit is capped at 250"
    cancelled = [o for o in everything if o["cancelled_at"]]
    assert len(answers["open"].json()["orders"]) == 40 - len(cancelled), "status defaults to open"
    assert answers["fields"].json()["orders"][0].keys() == {"id", "updated_at"}
    assert "fields=id,updated_at>" in answers["fields"].headers["Link"]
    assert answers["anonymous"].status_code == 401 and answers["bad"].status_code == 400


def test_touch_changes_orders_refunds_one_and_schedules_its_payout() -> None:
    async def go() -> tuple[dict[str, Any], httpx.Response, httpx.Response]:
        async with serving(create_app(orders=40, seed=3, token=TOKEN)) as url:
            async with httpx.AsyncClient() as client:
                touched = (await client.post(f"{url}/_simulator/touch", json={"orders": 3})).json()
            since = {"status": "any", "updated_at_min": touched["now"], "limit": 250}
            return (touched, await _get(url, f"{API}/orders.json", since),
                    await _get(url, f"{API}/shopify_payments/payouts.json", {"status": "scheduled"}))

    touched, changed, scheduled = asyncio.run(go())
    orders = {o["id"]: o for o in changed.json()["orders"]}
    assert set(orders) == set(touched["touched"])
    [refunded] = touched["refunded"]
    assert orders[refunded]["financial_status"] == "partially_refunded"
    newest = max(scheduled.json()["payouts"], key=lambda p: p["date"])
    assert Decimal(newest["summary"]["refunds_gross_amount"]) < 0
