"""The WooCommerce simulator: a store whose figures add up (but for two documented cents), WooCommerce's listing rules."""

from __future__ import annotations

import asyncio
import json
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

import httpx

from adapters.shopify.sample_orders import CATALOGUE as SHOPIFY_CATALOGUE
from adapters.shopify.sample_orders import generate_orders as shopify_orders
from adapters.toolkit import MappingContext
from adapters.woocommerce import ADAPTER
from adapters.woocommerce.sample_data import OFF_TAX_ID, OFF_TOTAL_ID, generate_store
from adapters.woocommerce.simulator import create_app
from canonical_model.order_view import order_view
from tests.adapters.toolkit.fakes import serving

API = "/wp-json/wc/v3"
AUTH = ("ck_sim", "cs_sim")
STORE = generate_store(120, seed=5)


def _sum(items: list[dict[str, Any]], name: str) -> Decimal:
    return sum((Decimal(item[name]) for item in items), Decimal(0))


def _meta(body: dict[str, Any], key: str) -> Any:
    return next((m["value"] for m in body["meta_data"] if m["key"] == key), None)


def test_the_store_has_every_kind_of_order_a_brand_sees() -> None:
    orders = list(STORE.orders.values())
    assert set(Counter(o["status"] for o in orders)) == {"completed", "processing", "on-hold", "cancelled", "refunded"}
    parcels = Counter(len(_meta(o, "_wc_shipment_tracking_items") or []) for o in orders)
    assert parcels[2] > 0, "some orders ship in two parcels"
    # A backordered rest ships later: no order is left half-shipped.
    assert not any(o["status"] == "processing" and _meta(o, "_wc_shipment_tracking_items") for o in orders)
    assert {c["code"] for o in orders for c in o["coupon_lines"]} == {"welcome10", "spring5"}
    assert any(o["fee_lines"] for o in orders) and any(Decimal(o["shipping_total"]) == 0 for o in orders)
    assert all(_meta(o, "_cancellation_reason") for o in orders if o["status"] == "cancelled")
    assert {sku for o in orders for line in o["line_items"] for sku in [line["sku"]]} <= {c[0] for c in SHOPIFY_CATALOGUE}
    assert not {f"#{o['number']}" for o in orders} & {o["name"] for o in shopify_orders(120, 5)}, "names never collide"


def test_totals_add_up_except_for_the_two_documented_cents() -> None:
    for order in STORE.orders.values():
        lines, tax_line = order["line_items"], order["tax_lines"][0]
        parts = (_sum(lines, "total") + _sum(order["fee_lines"], "total") + Decimal(order["shipping_total"])
                 + Decimal(order["total_tax"]))
        assert Decimal(order["total"]) - parts == (Decimal("0.01") if order["id"] == OFF_TOTAL_ID else 0)
        assert Decimal(order["discount_total"]) == _sum(lines, "subtotal") - _sum(lines, "total")
        stated_tax = Decimal(tax_line["tax_total"]) + Decimal(tax_line["shipping_tax_total"])
        assert Decimal(order["total_tax"]) - stated_tax == (Decimal("0.01") if order["id"] == OFF_TAX_ID else 0)


def test_refunds_and_the_gateways_fees_and_nets_reconcile_with_the_orders() -> None:
    for order_id, refunds in STORE.refunds.items():
        order = STORE.orders[order_id]
        assert [r["id"] for r in refunds] == [r["id"] for r in order["refunds"]], "newest first, in both forms"
        for refund, summary in zip(refunds, order["refunds"], strict=True):
            parts = [p for name in ("line_items", "shipping_lines", "fee_lines") for p in refund[name]]
            assert Decimal(refund["amount"]) == -(_sum(parts, "total") + _sum(parts, "total_tax")) == -Decimal(
                summary["total"])
        if order["status"] == "refunded":
            assert _sum(refunds, "amount") == Decimal(order["total"])
    for order in STORE.orders.values():
        if order["date_paid_gmt"] is None:
            assert _meta(order, "_stripe_fee") is None
            continue
        total, fee = Decimal(order["total"]), Decimal(_meta(order, "_stripe_fee"))
        assert fee == (total * Decimal("0.029") + Decimal("0.30")).quantize(Decimal("0.01"))
        assert Decimal(_meta(order, "_stripe_net")) == total - fee + _sum(order["refunds"], "total")


def test_every_document_maps_and_the_hub_finds_exactly_the_two_deliberate_errors() -> None:
    context = MappingContext("demo-brand.example", "0" * 64, currency="USD")
    documents = [list(STORE.orders.values()), *STORE.refunds.values()]
    by_order = defaultdict(list)
    for document in documents:
        for obj in ADAPTER.split(ADAPTER.parse(json.dumps(document).encode())):
            for event in ADAPTER.map_object(obj, context):
                by_order[event.order].append(event)
    assert len(by_order) == len(STORE.orders)
    inconsistent = {ref.external_id: finding.explanation for ref, events in by_order.items()
                    for finding in order_view(ref, events).findings if finding.kind == "SOURCE_INCONSISTENT"}
    assert inconsistent.keys() == {str(OFF_TOTAL_ID), str(OFF_TAX_ID)}
    assert "states a total of" in inconsistent[str(OFF_TOTAL_ID)] and "total tax" in inconsistent[str(OFF_TAX_ID)]


async def _get(url: str, path: str, params: dict[str, Any] | None = None, auth: Any = AUTH) -> httpx.Response:
    async with httpx.AsyncClient(base_url=url, auth=auth) as client:
        return await client.get(path, params=params)


def test_listings_follow_woocommerces_rules() -> None:
    async def go() -> dict[str, httpx.Response]:
        async with serving(create_app(orders=40, seed=3, consumer_key=AUTH[0], consumer_secret=AUTH[1])) as url:
            orders = f"{API}/orders"
            asc = {"orderby": "modified", "order": "asc", "per_page": 5}
            first = await _get(url, orders, asc | {"page": 2})
            return {
                "first": first, "next": await _get(url, first.links["next"]["url"]),
                "default": await _get(url, orders), "past": await _get(url, orders, {"page": 99}),
                "gmt": await _get(url, orders, asc | {"modified_after": "2026-09-02T12:00:00", "dates_are_gmt": "true"}),
                "local": await _get(url, orders, asc | {"modified_after": "2026-09-02T07:00:00"}),
                "cancelled": await _get(url, orders, {"status": "cancelled,on-hold", "per_page": 100}),
                "too_many": await _get(url, orders, {"per_page": 101}), "bad_order": await _get(url, orders, {"order": "up"}),
                "anonymous": await _get(url, orders, auth=None),
                "query_key": await _get(url, orders, {"consumer_key": AUTH[0], "consumer_secret": AUTH[1]}, auth=None),
                "missing": await _get(url, f"{API}/orders/42"),
            }

    answers = asyncio.run(go())
    first, following = answers["first"].json(), answers["next"].json()
    assert answers["first"].headers["X-WP-Total"] == "40" and answers["first"].headers["X-WP-TotalPages"] == "8"
    assert set(answers["first"].links) == {"prev", "next"} and "page=3" in answers["first"].links["next"]["url"]
    assert [o["date_modified_gmt"] for o in first + following] == sorted(o["date_modified_gmt"] for o in first + following)
    default = answers["default"].json()
    assert len(default) == 10 and default == sorted(default, key=lambda o: o["date_created_gmt"], reverse=True)
    assert answers["past"].json() == [] and "next" not in answers["past"].links
    assert answers["gmt"].json() == answers["local"].json(), "store time is UTC-5 unless dates_are_gmt"
    assert all(o["date_modified_gmt"] > "2026-09-02T12:00:00" for o in answers["gmt"].json())
    assert {o["status"] for o in answers["cancelled"].json()} == {"cancelled", "on-hold"}
    assert answers["too_many"].status_code == 400 and answers["too_many"].json()["code"] == "rest_invalid_param"
    assert answers["bad_order"].status_code == 400
    assert answers["anonymous"].status_code == 401 and answers["query_key"].status_code == 200
    assert answers["missing"].status_code == 404 and answers["missing"].json()["code"].endswith("invalid_id")


def test_touch_modifies_orders_ships_the_processing_ones_and_refunds_one() -> None:
    async def go() -> tuple[dict[str, Any], httpx.Response, httpx.Response]:
        async with serving(create_app(orders=40, seed=3, consumer_key=AUTH[0], consumer_secret=AUTH[1])) as url:
            async with httpx.AsyncClient() as client:
                touched = (await client.post(f"{url}/_simulator/touch", json={"orders": 5})).json()
            since = {"modified_after": touched["now"], "per_page": 100}
            [refunded] = touched["refunded"]
            return touched, await _get(url, f"{API}/orders", since), await _get(url, f"{API}/orders/{refunded}/refunds")

    touched, changed, refunds = asyncio.run(go())
    orders = {o["id"]: o for o in changed.json()}
    assert set(orders) == set(touched["touched"])
    assert "processing" not in {o["status"] for o in orders.values()}, "what was waiting has shipped"
    [refunded] = touched["refunded"]
    [newest, *_] = refunds.json()
    assert newest["reason"] == "customer return: damaged" and orders[refunded]["refunds"][0]["id"] == newest["id"]
    assert newest["line_items"][0]["quantity"] == -1 and Decimal(newest["amount"]) > 0
