"""Fed the WooCommerce sales, the ShipStation simulator shows exactly those orders and parcels, to the unit and cent.

Read through the client on a socket and mapped as the hub maps them: every fact references its sale by
order number, allocations and shipped units are the sale's, each label costs its parcel's label cost and
ships when the parcel left, and the only differences are the two gaps the simulator says it planted.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

import httpx

from adapters.shipstation.sample_data import WAREHOUSE_LOCATION, build_account, stock_needed
from adapters.toolkit.sales_feed import Parcel, Sale, synthetic_sales
from canonical_model.events import Event
from canonical_model.money import Money
from tests.adapters.shipstation.shipstation_sim import connected, events, read, simulator


def woocommerce_feed() -> list[Sale]:
    """Forty WooCommerce-like sales ("70001"...), with a cancelled, an unpaid, a split and a courier-sent one."""
    sales = []
    for index, sale in enumerate(synthetic_sales(40, seed=3, channel="woocommerce")):
        number = str(70_001 + index)
        parcels = tuple(replace(p, carrier=("USPS", "UPS", "FEDEX")[index % 3]) for p in sale.parcels)
        sales.append(replace(sale, reference=number, external_id=number, parcels=parcels))
    cancelled, unpaid, split, courier = [i for i, s in enumerate(sales) if s.parcels and not s.refunds][:4]
    sales[cancelled] = replace(sales[cancelled], cancelled=True, paid_at=None, parcels=())
    sales[unpaid] = replace(sales[unpaid], paid_at=None, parcels=())
    whole, extra = sales[split].parcels[0], replace(sales[split].lines[0], sku="SOCK-X", line_id="split-extra")
    sales[split] = replace(sales[split], lines=(*sales[split].lines, extra), parcels=(
        whole, Parcel(f"{whole.tracking_number}2", (("SOCK-X", 1),), whole.shipped_at + timedelta(days=1))))
    sales[courier] = replace(sales[courier], parcels=(replace(sales[courier].parcels[0], carrier="Local Courier"),))
    return sales


FEED = woocommerce_feed()
BY_REFERENCE = {sale.reference: sale for sale in FEED}


def _served() -> tuple[list[Event], list[dict[str, str]], dict[str, Any]]:
    async def go() -> tuple[list[Event], list[dict[str, str]], dict[str, Any]]:
        async with connected(simulator(sales=FEED)) as (client, settings, url):
            # A page after a full one starts at its last second again: the same events twice, kept once.
            mapped = list({event.id: event for stream in ("orders", "shipments", "fulfillments")
                           for event in events(await read(client, settings, stream))}.values())
            async with httpx.AsyncClient() as http:
                planted = (await http.get(f"{url}/_simulator/discrepancies")).json()
            orders = {order["orderNumber"]: order for order in build_account(FEED).orders.values()}
            return mapped, planted, orders

    return asyncio.run(go())


SERVED, PLANTED, ORDERS = _served()
SHORT = next(gap for gap in PLANTED if gap["kind"] == "QUANTITY_MISMATCH")
REPLACEMENT = next(gap for gap in PLANTED if gap["kind"] == "UNMATCHED_RECORD")


def _sale_of(event: Event) -> Sale | None:
    return next((BY_REFERENCE[ref] for ref in event.references if ref in BY_REFERENCE), None)


def _of_sales(event_type: str) -> list[Event]:
    return [event for event in SERVED if event.type == event_type and _sale_of(event) is not None]


def test_exactly_two_gaps_are_planted_and_named() -> None:
    assert sorted(gap["kind"] for gap in PLANTED) == ["QUANTITY_MISMATCH", "UNMATCHED_RECORD"]
    assert SHORT["reference"] in BY_REFERENCE and REPLACEMENT["reference"].endswith("-REPLACE")
    assert REPLACEMENT["reference"].removesuffix("-REPLACE") in BY_REFERENCE


def test_every_fact_references_its_sale_but_the_planted_replacement() -> None:
    unmatched = [event for event in SERVED if _sale_of(event) is None]
    assert SERVED and all(event.order is None for event in SERVED)
    assert {event.source.object_id for event in unmatched} == {REPLACEMENT["shipstation_order_id"],
                                                                REPLACEMENT["shipment_id"]}
    assert all(event.references[0] == REPLACEMENT["reference"] for event in unmatched)


def test_each_order_allocates_the_sales_units_at_the_warehouse_but_the_short_one() -> None:
    allocated: dict[str, Counter[str]] = {}
    for event in _of_sales("inventory.allocated"):
        assert event.body.location == WAREHOUSE_LOCATION
        allocated.setdefault(event.references[0], Counter())[event.body.sku] += event.body.quantity
    for sale in FEED:
        expected: Counter[str] = Counter()
        for line in sale.lines:
            expected[line.sku] += line.quantity
        if sale.reference == SHORT["reference"]:
            sku = next(sku for sku, units in sale.parcels[0].lines if units >= 2)
            expected[sku] -= 1
        assert allocated[sale.reference] == expected, sale.reference
    assert {ORDERS[s.reference]["orderStatus"] for s in FEED if s.cancelled} == {"cancelled"}
    assert {ORDERS[s.reference]["orderStatus"] for s in FEED if s.paid_at is None and not s.cancelled} == {
        "awaiting_payment"}


def test_each_parcel_is_a_label_with_its_units_tracking_time_and_cost_to_the_cent() -> None:
    created = {e.body.tracking_numbers[0]: e for e in _of_sales("shipment.created")}
    shipped = {e.body.shipment_id: e.body.shipped_at for e in _of_sales("shipment.shipped")}
    fees = {e.body.reference: e.body.amount for e in _of_sales("fee.charged")}
    parcels = [(sale, parcel) for sale in FEED for parcel in sale.parcels]
    assert len(created) == len(parcels)
    for sale, parcel in parcels:
        shipment = created[parcel.tracking_number].body
        lines = Counter({line.sku: line.quantity for line in shipment.lines})
        expected = Counter(dict(parcel.lines))
        if sale.reference == SHORT["reference"]:
            expected[next(sku for sku, units in parcel.lines if units >= 2)] -= 1
        assert shipped[shipment.shipment_id] == parcel.shipped_at, "ships when the channel's parcel left"
        if parcel.carrier == "Local Courier":
            assert shipment.shipment_id.startswith("fulfillment-") and not shipment.lines and shipment.location is None
            assert shipment.shipment_id not in fees, "marked shipped: no label bought in ShipStation"
            continue
        assert lines == expected and shipment.location == WAREHOUSE_LOCATION
        assert fees[shipment.shipment_id] == Money.of(parcel.label_cost, "USD")


def test_a_parcel_delivered_by_a_courier_is_a_delivered_fulfillment() -> None:
    [sale] = [s for s in FEED if s.parcels and s.parcels[0].carrier == "Local Courier"]
    [delivered] = [e for e in _of_sales("shipment.delivered") if _sale_of(e) is sale]
    assert delivered.body.delivered_at == sale.parcels[0].delivered_at


def test_the_stock_the_warehouse_ships_is_stated_for_the_brands_receipts() -> None:
    needed = stock_needed(build_account(FEED))
    shipped: Counter[str] = Counter()
    for event in SERVED:
        if event.type == "shipment.created" and event.body.location == WAREHOUSE_LOCATION:
            for line in event.body.lines:
                shipped[line.sku] += line.quantity
    assert {sku: units for sku, (units, _) in needed.items()} == dict(shipped)
    first_label = min(e.body.shipped_at for e in SERVED if e.type == "shipment.shipped")
    assert min(first for _, first in needed.values()) == first_label
    labelled = sum(units for s in FEED for p in s.parcels if p.carrier != "Local Courier" for _, units in p.lines)
    assert sum(shipped.values()) == labelled - 1 + 1, "one unit short on one label, one sent again as a replacement"


def test_the_demo_stores_sales_are_its_orders_by_number_and_its_parcels_its_labels() -> None:
    from adapters.woocommerce.sales import sales_of
    from adapters.woocommerce.sample_data import generate_store

    sales = sales_of(generate_store(120, 1))
    account = build_account(sales, seed=1)
    numbers = {order["orderNumber"] for order in account.orders.values()}
    [gap] = [gap for gap in account.discrepancies if gap["kind"] == "UNMATCHED_RECORD"]
    assert numbers == {sale.reference for sale in sales} | {gap["reference"]} and "70007" in numbers
    labels = {s["trackingNumber"]: s for s in account.shipments.values() if s["orderNumber"] != gap["reference"]}
    parcels = {parcel.tracking_number: parcel for sale in sales for parcel in sale.parcels}
    assert set(labels) == set(parcels) and not account.fulfillments
    assert all(Decimal(str(labels[n]["shipmentCost"])) == parcel.label_cost for n, parcel in parcels.items())
