"""The Amazon simulator: money that reconciles with the orders (but for two planted gaps), SP-API's listing rules."""

from __future__ import annotations

import asyncio
import json
import re
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

import httpx

from adapters.amazon import ADAPTER
from adapters.amazon.sample_data import CATALOGUE, START, build_brand
from adapters.amazon.sample_finances import event_total
from adapters.amazon.simulator import create_app
from adapters.amazon.simulator_listings import ACCOUNT, _number
from adapters.amazon.times import parse_time
from adapters.shopify.sample_orders import CATALOGUE as STOREFRONT_CATALOGUE
from adapters.toolkit import MappingContext
from canonical_model.events import Event
from canonical_model.order_view import order_view
from tests.adapters.toolkit.fakes import serving

TOKEN = "Atza|sim"
HEADERS = {"x-amz-access-token": TOKEN}
ORDERS = "/orders/v0/orders"
CONTEXT = MappingContext("A1SELLERDEMO", "0" * 64)


def _mapped(count: int, seed: int, facilitator: bool = False) -> tuple[Any, dict[Any, list[Event]]]:
    """The brand's orders, items, events and groups as the answers state them, mapped and grouped by order."""
    brand = build_brand(count, seed, facilitator)
    lists: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for kind, event in brand.events:
        lists[kind].append(event)
    documents = [{"Orders": list(brand.orders.values())}, {"FinancialEvents": dict(lists)},
                 {"FinancialEventGroupList": brand.groups()},
                 *({"AmazonOrderId": order_id, "OrderItems": items} for order_id, items in brand.items.items())]
    by_order: dict[Any, list[Event]] = defaultdict(list)
    for document in documents:
        body = json.dumps({"payload": document}, default=_number).encode()
        for obj in ADAPTER.split(ADAPTER.parse(body)):
            for event in ADAPTER.map_object(obj, CONTEXT):
                by_order[event.order].append(event)
    return brand, by_order


def test_every_order_settles_its_total_less_fees_and_refunds_but_the_two_planted_discrepancies() -> None:
    brand, by_order = _mapped(80, seed=5)
    variances = {}
    for order, events in by_order.items():
        if order is None:
            continue
        view = order_view(order, events)
        kinds = {finding.kind for finding in view.findings}
        assert "SOURCE_INCONSISTENT" not in kinds, (order.external_id, view.findings)
        if brand.orders[order.external_id]["OrderStatus"] == "Shipped":
            variances[order.external_id] = view.finance.net_expected.amount - view.finance.settled_net.amount
        if "PAYOUT_VARIANCE" in kinds:
            assert order.external_id in brand.discrepancies
    assert {order_id: gap for order_id, gap in variances.items() if gap} == dict(zip(
        brand.discrepancies, [Decimal("0.30"), Decimal("0.07")], strict=True))
    assert sum(1 for o in brand.orders.values() if o["OrderStatus"] == "Shipped") > 60


def test_with_facilitator_tax_amazon_withholds_exactly_the_tax_it_collected() -> None:
    brand, by_order = _mapped(40, seed=5, facilitator=True)
    for order, events in by_order.items():
        if order is None or order.external_id in brand.discrepancies:
            continue
        if brand.orders[order.external_id]["OrderStatus"] != "Shipped":
            continue
        view = order_view(order, events)
        withheld = sum((e.body.amount.amount for e in events if e.type == "settlement.line"
                        and e.body.line_type.startswith("MarketplaceFacilitatorTax")), Decimal(0))
        assert withheld <= 0 and view.finance.settled_net == view.finance.net_expected  # the tax was never owed
        assert withheld == -sum((e.body.amount.amount for e in events if e.type == "settlement.line"
                                 and e.body.line_type in ("Tax", "ShippingTax")), Decimal(0))


def test_each_group_pays_the_events_posted_in_its_period_and_only_the_last_is_open() -> None:
    brand = build_brand(60, seed=3)
    groups = brand.groups()
    assert [g["ProcessingStatus"] for g in groups] == ["Closed", "Closed", "Closed", "Open"]
    assert {g.get("FundTransferStatus") for g in groups[:-1]} == {"Succeeded"}
    for group in groups:
        begins = parse_time(group["FinancialEventGroupStart"])
        ends = parse_time(group.get("FinancialEventGroupEnd") or "9999-12-31T00:00:00Z")
        posted = [event for _, event in brand.events if begins <= parse_time(event["PostedDate"]) < ends]
        assert group["OriginalTotal"]["CurrencyAmount"] == sum((event_total(e) for e in posted), Decimal(0))
    assert sum(g["OriginalTotal"]["CurrencyAmount"] for g in groups) == sum(
        (event_total(e) for _, e in brand.events), Decimal(0))


def test_the_brand_sells_its_one_catalogue_under_amazon_order_ids() -> None:
    brand = build_brand(200, seed=7)
    assert {sku for sku, *_ in CATALOGUE} == {sku for sku, _, _ in STOREFRONT_CATALOGUE}
    assert all(re.fullmatch(r"\d{3}-\d{7}-\d{7}", order_id) for order_id in brand.orders)
    # No order is left half-shipped at the seller's clock (a split order's second parcel ships before it).
    assert Counter(o["OrderStatus"] for o in brand.orders.values()).keys() == {
        "Pending", "Unshipped", "Shipped", "Canceled"}
    parcels = Counter(event["AmazonOrderId"] for kind, event in brand.events if kind == "ShipmentEventList")
    assert 2 in parcels.values(), "some merchant-fulfilled orders still ship in two parcels"
    assert {o["FulfillmentChannel"] for o in brand.orders.values()} == {"AFN", "MFN"}
    [pending] = [i for i, o in brand.orders.items() if o["OrderStatus"] == "Pending"]
    assert "OrderTotal" not in brand.orders[pending] and all("ItemPrice" not in i for i in brand.items[pending])
    cancelled = [i for i, o in brand.orders.items() if o["OrderStatus"] == "Canceled"]
    assert all(item["BuyerRequestedCancel"]["BuyerCancelReason"] for i in cancelled for item in brand.items[i])
    assert {kind for kind, _ in brand.events} == {"ShipmentEventList", "RefundEventList", "AdjustmentEventList"}
    assert min(parse_time(e["PostedDate"]) for _, e in brand.events) >= START


async def _get(url: str, path: str, params: dict[str, Any] | None = None,
               headers: dict[str, str] | None = None) -> httpx.Response:
    async with httpx.AsyncClient(base_url=url) as client:
        return await client.get(path, params=params, headers=HEADERS if headers is None else headers)


def test_listings_follow_amazons_rules() -> None:
    async def go() -> dict[str, httpx.Response]:
        app = create_app(orders=30, seed=3, token=TOKEN, rate_limit=None, finance_page_limit=20)
        async with serving(app) as url:
            since = {"MarketplaceIds": "ATVPDKIKX0DER", "LastUpdatedAfter": "2026-09-10T00:00:00Z",
                     "MaxResultsPerPage": 5}
            first = await _get(url, ORDERS, since)
            token = first.json()["payload"]["NextToken"]
            return {
                "first": first, "second": await _get(url, ORDERS, {"NextToken": token}),
                "second_again": await _get(url, ORDERS, {"NextToken": token, "LastUpdatedAfter": "2020-01-01T00:00:00Z"}),
                "created": await _get(url, ORDERS, {"MarketplaceIds": "ATVPDKIKX0DER", "CreatedAfter": "2026-09-01"}),
                "no_market": await _get(url, ORDERS, {"LastUpdatedAfter": "2026-09-10T00:00:00Z"}),
                "no_date": await _get(url, ORDERS, {"MarketplaceIds": "ATVPDKIKX0DER"}),
                "too_many": await _get(url, ORDERS, {**since, "MaxResultsPerPage": 101}),
                "bad_token": await _get(url, ORDERS, {"NextToken": "not-a-token"}),
                "groups": await _get(url, "/finances/v0/financialEventGroups"),
                "events": await _get(url, "/finances/v0/financialEvents", {"MaxResultsPerPage": 20}),
                "heavy": await _get(url, "/finances/v0/financialEvents", {"MaxResultsPerPage": 21}),
                "anonymous": await _get(url, ORDERS, since, headers={}),
                "missing": await _get(url, f"{ORDERS}/111-0000000-0000000/orderItems"),
            }

    answers = asyncio.run(go())
    first = answers["first"].json()["payload"]
    assert [o["LastUpdateDate"] for o in first["Orders"]] == sorted(o["LastUpdateDate"] for o in first["Orders"])
    assert all(o["LastUpdateDate"] >= "2026-09-10T00:00:00Z" for o in first["Orders"])
    assert first["LastUpdatedBefore"] == "2026-10-15T23:58:00Z", "two minutes before the seller's clock"
    second = answers["second"].json()["payload"]["Orders"]
    assert answers["second_again"].json()["payload"]["Orders"] == second, "with a NextToken, filters are ignored"
    assert second[0]["LastUpdateDate"] >= first["Orders"][-1]["LastUpdateDate"]
    created = answers["created"].json()["payload"]
    assert len(created["Orders"]) == 30 and "CreatedBefore" in created and "NextToken" not in created
    for name in ("no_market", "no_date", "too_many", "bad_token"):
        assert answers[name].status_code == 400 and answers[name].json()["errors"][0]["code"] == "InvalidInput", name
    groups = answers["groups"].json()["payload"]
    assert len(groups["FinancialEventGroupList"]) == 4 and "NextToken" not in groups
    events = answers["events"].json()["payload"]
    assert sum(map(len, events["FinancialEvents"].values())) == 20 and "NextToken" in events
    assert answers["heavy"].status_code == 429 and answers["heavy"].json()["errors"][0]["code"] == "QuotaExceeded"
    assert answers["anonymous"].status_code == 401 and answers["missing"].status_code == 404


def test_touch_ships_or_bumps_orders_refunds_one_and_the_open_group_takes_the_money() -> None:
    async def go() -> tuple[dict[str, Any], Any, Any, dict[str, str]]:
        app = create_app(orders=30, seed=3, token=TOKEN, rate_limit=None)
        brand = app[ACCOUNT].brand
        before = brand.groups()[-1]["OriginalTotal"]["CurrencyAmount"]
        async with serving(app) as url, httpx.AsyncClient(base_url=url) as client:
            touched = (await client.post("/_simulator/touch", json={"orders": 30})).json()
            planted = (await client.get("/_simulator/discrepancies")).json()
        return touched, brand, before, planted

    touched, brand, before, planted = asyncio.run(go())
    assert touched["now"] == "2026-10-17T00:00:00Z" and set(touched["touched"]) == set(brand.orders)
    assert touched["shipped"] and all(brand.orders[i]["OrderStatus"] == "Shipped" for i in touched["shipped"])
    [refunded] = touched["refunded"]
    refunds = [e for kind, e in brand.events if kind == "RefundEventList" and e["AmazonOrderId"] == refunded]
    assert refunds and refunds[-1]["PostedDate"] > "2026-10-16T23:00:00Z"
    assert brand.groups()[-1]["OriginalTotal"]["CurrencyAmount"] != before
    assert planted == brand.discrepancies and len(planted) == 2


def test_amazon_ships_its_fba_orders_from_its_network_and_leaves_merchant_parcels_to_the_3pl() -> None:
    brand, by_order = _mapped(60, seed=7)
    shipped = {order_id: order for order_id, order in brand.orders.items() if order["OrderStatus"] == "Shipped"}
    assert {o["FulfillmentChannel"] for o in shipped.values()} == {"AFN", "MFN"}
    for order, events in by_order.items():
        if order is None or order.external_id not in shipped:
            continue
        fulfillment = order_view(order, events).fulfillment
        if shipped[order.external_id]["FulfillmentChannel"] == "AFN":
            assert fulfillment.shipped_units == fulfillment.ordered_units > 0
            assert {s.location for s in fulfillment.shipments} == {"amazon-fba"}
        else:
            assert fulfillment.shipments == ()  # ShipBob and the carrier report these parcels
