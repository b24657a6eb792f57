"""The ShipHero simulator fed with sales: every fact it serves agrees with the sales, stock never runs out, one gap."""

from __future__ import annotations

import asyncio
from collections import Counter
from decimal import Decimal
from typing import Any

from adapters.shiphero import ADAPTER
from adapters.toolkit.sales_feed import UNIT_COSTS, Sale, synthetic_sales
from canonical_model.events import Event, FeeCharged, ShipmentCreated, ShipmentShipped
from canonical_model.inventory_events import InventoryAllocated, InventoryLevelReported, InventoryReceived
from tests.adapters.shiphero.test_shiphero_client import STREAMS, events_of, post_graphql, read
from tests.adapters.stock_moves import assert_stock_never_runs_short, shipped_moves
from tests.adapters.toolkit.fakes import planted_discrepancies, serving, simulator_stats

SALES = synthetic_sales(40, seed=9, channel="ebay")


def served(sales: list[Sale], **options: Any) -> tuple[dict[str, list[Event]], list[dict[str, Any]]]:
    async def main() -> tuple[dict[str, list[Event]], list[dict[str, Any]]]:
        async with serving(ADAPTER.simulator(sales=sales, **options)) as url:
            return {name: events_of(await read(url, name)) for name in STREAMS}, await planted_discrepancies(url)

    return asyncio.run(main())


def test_every_shipment_is_a_parcel_of_its_sale_its_units_tracking_carrier_and_label_except_the_planted_one() -> None:
    events, gaps = served(SALES)
    by_reference = {sale.reference: sale for sale in SALES}
    parcels = {parcel.tracking_number: (sale, parcel) for sale in SALES for parcel in sale.parcels}
    assert len(gaps) == 1 and gaps[0]["kind"] == "QUANTITY_MISMATCH" and gaps[0]["packed"] == gaps[0]["sold"] - 1
    seen = set()
    for event in events["shipments"]:
        assert event.references and set(event.references) <= set(by_reference)
        body = event.body
        if isinstance(body, ShipmentCreated):
            sale, parcel = parcels[body.tracking_numbers[0]]
            assert event.references[0] == sale.reference and body.carrier == parcel.carrier
            expected = Counter(dict(parcel.lines))
            if parcel.tracking_number == next(p.tracking_number for p in by_reference[gaps[0]["reference"]].parcels):
                expected[gaps[0]["sku"]] -= 1
            assert Counter({line.sku: line.quantity for line in body.lines}) == expected
            # EasyPost sold the label and bills it: ShipHero states its cost, which is no fee of ShipHero's.
            assert event.context["shipped_off_shiphero"] is True
            assert [Decimal(p["cost"]) for p in event.context["packages"]] == [parcel.label_cost]
            seen.add(parcel.tracking_number)
        if isinstance(body, ShipmentShipped):
            assert body.shipped_at in {p.shipped_at for p in by_reference[event.references[0]].parcels}
        assert not isinstance(body, FeeCharged)
    assert seen == set(parcels)


def test_orders_carry_the_channel_order_id_and_allocate_every_sold_unit_at_the_warehouse() -> None:
    events, _ = served(SALES)
    allocated: Counter[tuple[str, str]] = Counter()
    for event in events["orders"]:
        assert isinstance(event.body, InventoryAllocated) and event.body.location.startswith("shiphero:")
        allocated[(event.references[0], event.body.sku)] += event.body.quantity
    sold: Counter[tuple[str, str]] = Counter()
    for sale in SALES:
        if not sale.cancelled:
            sold.update({(sale.reference, line.sku): line.quantity for line in sale.lines})
    assert allocated == sold


def test_purchase_orders_are_received_in_time_at_the_unit_costs_and_stock_never_goes_below_zero() -> None:
    events, _ = served(SALES)
    moves: list[tuple[Any, str, int]] = []
    for event in events["purchase_orders"]:
        assert isinstance(event.body, InventoryReceived)
        for line in event.body.lines:
            assert line.unit_cost is not None and line.unit_cost.amount == UNIT_COSTS[line.sku]
            moves.append((event.occurred_at, line.sku, line.quantity))
    assert_stock_never_runs_short(moves + shipped_moves(events["shipments"]))


def test_warehouse_products_are_receipts_less_shipped_units_and_available_leaves_out_what_is_allocated() -> None:
    events, _ = served(SALES)
    received: Counter[str] = Counter()
    for event in events["purchase_orders"]:
        received.update({line.sku: line.quantity for line in event.body.lines})
    shipped: Counter[str] = Counter()
    for event in events["shipments"]:
        if isinstance(event.body, ShipmentCreated):
            shipped.update({line.sku: line.quantity for line in event.body.lines})
    owed: Counter[str] = Counter()
    for sale in SALES:
        if not sale.cancelled:
            owed.update({line.sku: line.quantity for line in sale.lines})
    levels = {e.body.sku: e.body for e in events["warehouse_products"] if isinstance(e.body, InventoryLevelReported)}
    for sku, level in levels.items():
        assert level.on_hand == received[sku] - shipped[sku]
        assert level.available == level.on_hand - (owed[sku] - shipped[sku])


def test_analyze_states_the_complexity_without_charging_or_answering() -> None:
    async def main() -> tuple[dict[str, Any], dict[str, Any]]:
        async with serving(ADAPTER.simulator(sales=SALES[:5], credits=10, restore_per_second=0.001)) as url:
            query = "{ orders(analyze: true) { complexity data { edges { node { id } } } } }"
            answers = [await post_graphql(url, {"query": query}) for _ in range(3)]
            return answers[-1], await simulator_stats(url)

    answer, stats = asyncio.run(main())
    assert answer["data"]["orders"] == {"complexity": 6, "data": None} and stats["violations"] == 0


def test_a_bad_query_answers_graphql_errors_and_a_total_is_the_sales_to_the_cent() -> None:
    async def main() -> tuple[dict[str, Any], dict[str, Any]]:
        async with serving(ADAPTER.simulator(sales=SALES[:4])) as url:
            bad = await post_graphql(url, {"query": "{ orders { data { edges { node { no_such_field } } } } }"})
            good = await post_graphql(url, {"query": "{ orders { data { edges { node { order_number total_price "
                                                     "shipping_lines { price } } } } } }"})
            return bad, good

    bad, good = asyncio.run(main())
    assert "no_such_field" in bad["errors"][0]["message"]
    totals = {e["node"]["order_number"]: e["node"] for e in good["data"]["orders"]["data"]["edges"]}
    for sale in SALES[:4]:
        assert Decimal(totals[sale.reference]["total_price"]) == sale.total
        assert Decimal(totals[sale.reference]["shipping_lines"]["price"]) == sale.shipping
