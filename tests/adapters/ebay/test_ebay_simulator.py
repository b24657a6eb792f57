"""The eBay simulator's account: eBay's fees to the cent, payouts that add up, a sales feed that agrees with
every fact served, and only the one planted discrepancy for the hub to find."""

from __future__ import annotations

import asyncio
import hashlib
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import httpx
import pytest

from adapters.ebay import ADAPTER
from adapters.ebay.sales import sales_of
from adapters.ebay.sample_data import SHORT_BY, build_seller
from adapters.toolkit import MappingContext
from adapters.toolkit.http import PartnerClient
from adapters.toolkit.sales_feed import CATALOGUE, tracking_number
from adapters.toolkit.streams import ConnectionSettings
from canonical_model.events import Event, OrderPlaced, RefundIssued, SettlementLineRecorded, ShipmentCreated
from canonical_model.identity import OrderRef
from canonical_model.money import Money
from canonical_model.order_view import order_view
from canonical_model.settlement_rules import settlement_findings
from tests.adapters.toolkit.fakes import FAST_RETRIES, serving

SEED = 3
ACCOUNT = "acme-outlet"


def _fees_expected(order: dict[str, Any]) -> list[tuple[str, Decimal]]:
    """eBay's published final value fee: 13.25% of each line's total with shipping and tax, 0.40 per order over 10."""
    fees = []
    for index, line in enumerate(order["lineItems"]):
        fees.append(("FINAL_VALUE_FEE", (Decimal(line["total"]["value"]) * Decimal("0.1325")).quantize(
            Decimal("0.01"), ROUND_HALF_UP)))
        if index == 0:
            over_ten = Decimal(order["pricingSummary"]["total"]["value"]) > 10
            fees.append(("FINAL_VALUE_FEE_FIXED_PER_ORDER", Decimal("0.40") if over_ten else Decimal("0.30")))
    return fees


async def _served_events(**options: Any) -> tuple[list[Event], dict[str, Any], dict[str, str]]:
    """Every event the simulator's streams yield, mapped the way the hub maps them, and what the simulator says."""
    app = ADAPTER.simulator(seed=SEED, rate_limit=None, **options)
    events: list[Event] = []
    async with serving(app) as url:
        settings = ConnectionSettings("ebay-main", "ebay", ACCOUNT, url, dict(ADAPTER.simulator_credentials),
                                      {"page_size": 25, "finance_page_size": 25})
        async with PartnerClient.for_adapter(settings, ADAPTER, retry=FAST_RETRIES) as client:
            for stream in ADAPTER.streams:
                async for page in stream.fetch(client, settings, None):
                    for _, body in page.documents:
                        context = MappingContext(ACCOUNT, hashlib.sha256(body).hexdigest(), "USD")
                        events += [e for found in ADAPTER.split(ADAPTER.parse(body))
                                   for e in ADAPTER.map_object(found, context)]
        async with httpx.AsyncClient(base_url=url) as http:
            stats = (await http.get("/_simulator/stats")).json()
            planted = (await http.get("/_simulator/discrepancies")).json()
    return events, stats, planted


def test_the_account_holds_60_orders_over_45_days_most_shipped_with_the_feeds_tracking_numbers_some_refunded() -> None:
    seller = build_seller(seed=SEED)
    placed = sorted(order["creationDate"] for order in seller.orders.values())
    assert len(seller.orders) == 60 and placed[0] >= "2026-09-01" and placed[-1] < "2026-10-17"
    shipped = [order_id for order_id, parcels in seller.fulfillments.items() if parcels]
    assert len(shipped) >= 55 and all(len(seller.fulfillments[o]) == 1 for o in shipped)
    assert all(seller.fulfillments[o][0]["shipmentTrackingNumber"] == tracking_number(o, 0) for o in shipped)
    refunds = [t for t in seller.transactions if t["transactionType"] == "REFUND"]
    assert 1 <= len(refunds) <= 15
    skus = {sku: price for sku, _, price in CATALOGUE}
    for order in seller.orders.values():
        for line in order["lineItems"]:
            assert Decimal(line["lineItemCost"]["value"]) == skus[line["sku"]] * line["quantity"]


def test_every_sale_is_charged_ebays_published_fees_and_credits_the_rest() -> None:
    seller = build_seller(seed=SEED)
    for sale in (t for t in seller.transactions if t["transactionType"] == "SALE"):
        order = seller.orders[sale["orderId"]]
        stated = [(fee["feeType"], Decimal(fee["amount"]["value"])) for line in sale["orderLineItems"]
                  for fee in line["marketplaceFees"]]
        assert stated == _fees_expected(order)
        fees = sum((amount for _, amount in stated), Decimal(0))
        assert Decimal(sale["totalFeeAmount"]["value"]) == fees
        assert Decimal(sale["amount"]["value"]) == Decimal(order["pricingSummary"]["total"]["value"]) - fees


def test_with_collect_and_remit_ebay_keeps_the_tax_it_remits_from_each_sale_and_gives_it_back_on_refunds() -> None:
    seller = build_seller(seed=SEED, collect_and_remit=True)
    for transaction in seller.transactions:
        order = seller.orders[transaction["orderId"]]
        assert order["ebayCollectAndRemitTax"] and all(
            [(t["taxType"], t["amount"]) for t in line["ebayCollectAndRemitTaxes"]] == [
                (t["taxType"], t["amount"]) for t in line["taxes"]] for line in order["lineItems"])
        tax = Decimal(transaction["eBayCollectedTaxAmount"]["value"])
        basis, fees = (Decimal(transaction[name]["value"]) for name in ("totalFeeBasisAmount", "totalFeeAmount"))
        assert Decimal(transaction["amount"]["value"]) == basis - fees - tax
        if transaction["transactionType"] == "SALE":
            assert tax == Decimal(order["pricingSummary"]["tax"]["value"])


def test_each_payout_adds_up_to_its_transactions_but_the_one_planted_short() -> None:
    seller = build_seller(seed=SEED)
    paid: dict[str, Decimal] = defaultdict(Decimal)
    for transaction in seller.transactions:
        if "payoutId" in transaction:
            sign = 1 if transaction["bookingEntry"] == "CREDIT" else -1
            paid[transaction["payoutId"]] += Decimal(transaction["amount"]["value"]) * sign
    gaps = {p["payoutId"]: paid[p["payoutId"]] - Decimal(p["amount"]["value"]) for p in seller.payouts}
    assert {payout_id: gap for payout_id, gap in gaps.items() if gap} == {
        payout_id: SHORT_BY for payout_id in seller.discrepancies}
    assert len(seller.discrepancies) == 1
    waiting = [t for t in seller.transactions if "payoutId" not in t]
    assert waiting and all(t["transactionDate"] >= "2026-10-13" for t in waiting), "only the last days wait"


def test_the_sales_feed_agrees_with_every_fact_the_simulator_serves_to_the_cent() -> None:
    events, stats, _ = asyncio.run(_served_events())
    sales = {sale.reference: sale for sale in sales_of(build_seller(seed=SEED))}
    assert stats["violations"] == 0
    assert {e.order.external_id for e in events if e.order} == set(sales), "every order fact names a sale"
    for event in events:
        body = event.body
        sale = sales[event.order.external_id] if event.order else None
        if isinstance(body, OrderPlaced):
            assert body.stated.total == Money(sale.total, "USD") and body.stated.tax == Money(sale.tax, "USD")
            assert [(line.sku, line.quantity, line.unit_price.amount * line.quantity) for line in body.lines] == [
                (line.sku, line.quantity, line.amount) for line in sale.lines]
        elif isinstance(body, ShipmentCreated):
            [parcel] = [p for p in sale.parcels if p.tracking_number == body.shipment_id]
            assert body.tracking_numbers == (parcel.tracking_number,) and event.occurred_at == parcel.shipped_at
            assert sum(line.quantity for line in body.lines) == sum(quantity for _, quantity in parcel.lines)
        elif isinstance(body, RefundIssued):
            [refund] = [r for r in sale.refunds if r.reference == body.refund_id]
            assert body.amount == Money(refund.amount, "USD") and event.occurred_at == refund.at
        elif isinstance(body, SettlementLineRecorded) and body.line_type == "SALE":
            assert body.amount == Money(sale.total, "USD"), "a sale's own line is the order total"
    assert sum(len(sale.refunds) for sale in sales.values()) == len([e for e in events if e.type == "refund.issued"])
    now = build_seller(seed=SEED).now
    delivered = [p.delivered_at for sale in sales.values() for p in sale.parcels]
    assert all(moment is None or moment <= now for moment in delivered), "no delivery after the account's clock"
    assert None in delivered and len([m for m in delivered if m]) > 50, "the last parcels are still on their way"


@pytest.mark.parametrize("collect_and_remit", [False, True])
def test_the_hubs_reconciliation_finds_the_planted_short_payout_and_nothing_else(collect_and_remit: bool) -> None:
    events, _, planted = asyncio.run(_served_events(collect_and_remit=collect_and_remit))
    by_order: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if event.order:
            by_order[event.order.external_id].append(event)
    for order_id, order_events in by_order.items():
        view = order_view(OrderRef("ebay", ACCOUNT, order_id), order_events)
        assert view.findings == (), f"{order_id}: {[f.explanation for f in view.findings]}"
        assert view.finance.settled_net is None or view.finance.settled_net == view.finance.net_expected
    [finding] = settlement_findings(events)
    [payout_id] = planted
    assert finding.kind == "SETTLEMENT_TOTAL_MISMATCH" and payout_id in finding.explanation
    assert finding.amount == Money(SHORT_BY, "USD")


def test_touch_ships_waiting_orders_refunds_shipped_ones_and_names_every_object_it_changed() -> None:
    async def go() -> tuple[dict[str, Any], dict[str, Any]]:
        async with serving(ADAPTER.simulator(seed=SEED, rate_limit=None)) as url, httpx.AsyncClient(base_url=url) as http:
            first = (await http.post("/_simulator/touch", json={"orders": 5, "advance_hours": 48})).json()
            headers = {"Authorization": f"Bearer {ADAPTER.simulator_credentials['token']}"}
            order = (await http.get(f"/sell/fulfillment/v1/order/{(first['shipped'] + first['refunded'])[0]}",
                                    headers=headers)).json()
            return first, order

    touched, order = asyncio.run(go())
    assert len(touched["shipped"]) + len(touched["refunded"]) == 5
    assert set(touched["shipped"]) | set(touched["refunded"]) <= set(touched["touched"])
    assert any(name.startswith("6000") for name in touched["touched"]), "payouts came due and were made"
    assert order["lastModifiedDate"] > "2026-10-16" and order["orderFulfillmentStatus"] == "FULFILLED"


def test_ebays_listings_refuse_what_ebay_refuses() -> None:
    async def go() -> list[httpx.Response]:
        async with serving(ADAPTER.simulator(seed=SEED, rate_limit=None)) as url, httpx.AsyncClient(base_url=url) as http:
            headers = {"Authorization": f"Bearer {ADAPTER.simulator_credentials['token']}"}
            return [await http.get(path, params=params, headers=headers) for path, params in (
                ("/sell/fulfillment/v1/order", {"filter": "modified:[2026-09-01T00:00:00.000Z..]"}),
                ("/sell/fulfillment/v1/order", {"limit": "201"}),
                ("/sell/finances/v1/transaction", {"sort": "amount"}),
                ("/sell/finances/v1/payout", {"filter": "payoutDate:[2030-01-01T00:00:00.000Z..]"}),
                ("/sell/fulfillment/v1/order", {"filter": "lastmodifieddate:[2030-01-01T00:00:00.000Z..]"}))]

    bad_filter, too_many, bad_sort, no_payouts, no_orders = asyncio.run(go())
    assert bad_filter.status_code == too_many.status_code == bad_sort.status_code == 400
    assert bad_filter.json()["errors"][0]["domain"] == "API_FULFILLMENT"
    assert "lastmodifieddate" in bad_filter.json()["errors"][0]["message"]
    assert no_payouts.status_code == 204 and no_payouts.content == b""
    assert no_orders.status_code == 200 and no_orders.json()["orders"] == [] and no_orders.json()["total"] == 0
