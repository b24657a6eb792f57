"""The ShipBob simulator fed with sales: every fact it serves agrees with the sales, stock never runs out, one gap."""

from __future__ import annotations

import asyncio
from collections import Counter
from decimal import Decimal
from typing import Any

import httpx

from adapters.shipbob import ADAPTER
from adapters.toolkit.sales_feed import Sale, synthetic_sales
from canonical_model.events import Event, FeeCharged, ShipmentCreated, ShipmentDelivered, ShipmentShipped
from canonical_model.inventory_events import InventoryLevelReported, InventoryReceived
from tests.adapters.shipbob.test_shipbob_client import STREAMS, events_of, read
from tests.adapters.stock_moves import assert_stock_never_runs_short, shipped_moves
from tests.adapters.toolkit.fakes import planted_discrepancies, serving

SALES = synthetic_sales(36, seed=4, channel="amazon")


def served(sales: list[Sale], **options: Any) -> tuple[dict[str, list[Event]], list[dict[str, Any]]]:
    async def main() -> tuple[dict[str, list[Event]], list[dict[str, Any]]]:
        async with serving(ADAPTER.simulator(sales=sales, **options)) as url:
            return {name: events_of(await read(url, name)) for name in STREAMS}, await planted_discrepancies(url)

    return asyncio.run(main())


def test_every_shipment_is_a_parcel_of_its_sale_with_its_units_tracking_times_and_label_cost_except_the_planted_one() -> None:
    events, gaps = served(SALES)
    by_reference = {sale.reference: sale for sale in SALES}
    parcels = {parcel.tracking_number: (sale, parcel) for sale in SALES for parcel in sale.parcels}
    assert len(gaps) == 1 and gaps[0]["kind"] == "QUANTITY_MISMATCH"
    shipped = 0
    for event in events["orders"]:
        assert set(event.references) == {event.references[0]} and event.references[0] in by_reference
        body = event.body
        if isinstance(body, ShipmentCreated) and body.tracking_numbers:
            sale, parcel = parcels[body.tracking_numbers[0]]
            assert event.references == (sale.reference,) and body.carrier == parcel.carrier
            units = Counter({line.sku: line.quantity for line in body.lines})
            expected = Counter(dict(parcel.lines))
            if sale.reference == gaps[0]["reference"]:
                expected[gaps[0]["sku"]] += 1
            assert units == expected
            shipped += 1
        if isinstance(body, ShipmentShipped):
            assert body.shipped_at in {parcel.shipped_at for parcel in by_reference[event.references[0]].parcels}
        if isinstance(body, ShipmentDelivered):
            assert body.delivered_at in {p.delivered_at for p in by_reference[event.references[0]].parcels}
        if isinstance(body, FeeCharged):
            label_costs = {p.label_cost for p in by_reference[event.references[0]].parcels}
            assert body.amount.amount in label_costs and body.amount.currency == "USD"
    assert shipped == sum(len(sale.parcels) for sale in SALES)


def test_receipts_come_before_the_first_shipment_and_stock_never_goes_below_zero() -> None:
    events, _ = served(SALES)
    moves: list[tuple[Any, str, int]] = []
    for event in events["receiving"]:
        assert isinstance(event.body, InventoryReceived) and event.body.location == "shipbob:9"
        moves += [(event.occurred_at, line.sku, line.quantity) for line in event.body.lines]
    assert_stock_never_runs_short(moves + shipped_moves(events["orders"]))


def test_levels_served_are_receipts_less_shipped_units_and_fulfillable_leaves_out_what_is_committed() -> None:
    events, _ = served(SALES)
    received: Counter[str] = Counter()
    for event in events["receiving"]:
        received.update({line.sku: line.quantity for line in event.body.lines})
    shipments = {e.body.shipment_id: e.body for e in events["orders"] if isinstance(e.body, ShipmentCreated)}
    shipped: Counter[str] = Counter()
    waiting: Counter[str] = Counter()
    for body in shipments.values():
        target = shipped if body.status == "SHIPPED" else waiting if body.status == "PROCESSING" else Counter()
        for line in body.lines:
            target[line.sku] += line.quantity
    levels = {e.body.sku: e.body for e in events["inventory"] if isinstance(e.body, InventoryLevelReported)}
    assert waiting, "some sales wait unshipped, so some stock is committed"
    for sku, level in levels.items():
        assert level.on_hand == received[sku] - shipped[sku]
        assert level.available == level.on_hand - waiting[sku]


def test_without_planted_gaps_every_shipment_holds_exactly_its_parcel() -> None:
    events, gaps = served(SALES[:10], plant_gaps=False)
    assert gaps == []
    parcels = {p.tracking_number: Counter(dict(p.lines)) for sale in SALES[:10] for p in sale.parcels}
    for event in events["orders"]:
        if isinstance(event.body, ShipmentCreated) and event.body.tracking_numbers:
            assert Counter({line.sku: line.quantity for line in event.body.lines}) == parcels[event.body.tracking_numbers[0]]


async def api(url: str, path: str, params: dict[str, Any] | None = None) -> httpx.Response:
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": "Bearer shipbob_pat_simulated"}) as http:
        return await http.get(path, params=params)


def test_a_bad_parameter_is_a_400_naming_it_and_an_unknown_order_a_404() -> None:
    async def main() -> None:
        async with serving(ADAPTER.simulator(sales=SALES[:3])) as url:
            bad = await api(url, "/2026-01/order", {"Limit": "900"})
            late = await api(url, "/2026-01/order", {"LastUpdateStartDate": "yesterday"})
            missing = await api(url, "/2026-01/order/1")
        assert bad.status_code == 400 and "Limit" in bad.json()["errors"]
        assert late.status_code == 400 and "LastUpdateStartDate" in late.json()["errors"]
        assert missing.status_code == 404

    asyncio.run(main())


def test_an_order_total_and_line_prices_are_the_sales_to_the_cent() -> None:
    async def main() -> list[dict[str, Any]]:
        async with serving(ADAPTER.simulator(sales=SALES)) as url:
            return (await api(url, "/2026-01/order", {"Limit": 250})).json()

    orders = {order["reference_id"]: order for order in asyncio.run(main())}
    for sale in SALES:
        order = orders[sale.reference]
        assert Decimal(str(order["financials"]["total_price"])) == sale.total
        assert [(p["sku"], p["quantity"], Decimal(str(p["unit_price"]))) for p in order["products"]] == [
            (line.sku, line.quantity, line.unit_price) for line in sale.lines]
