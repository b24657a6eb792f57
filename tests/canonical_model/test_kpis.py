"""Given order views of a fortnight, when measured, then each KPI counts what its definition says."""

from __future__ import annotations

from decimal import Decimal

from canonical_model.costing import costing
from canonical_model.kpis import StageAging, kpis
from canonical_model.order_view import order_view
from tests.builders import at, order_placed, order_ref, refunded, settled, shipped, usd
from tests.canonical_model.stock_builders import received, return_inspected, return_received, shipment


def _views() -> list:
    orders = {
        "1001": [order_placed("1001", day=1), *shipped("1001", day=2, delivered_day=4), settled("1001", day=6)],
        "1002": [order_placed("1002", day=2), *shipment("1002", "S2A", [("MUG-RED", 2)], "WH", day=3, delivered=at(6)),
                 *shipment("1002", "S2B", [("CARD", 1)], "WH", day=5, delivered=at(6))],
        "1003": [order_placed("1003", day=3), *shipment("1003", "S3", [("MUG-RED", 1)], "WH", day=4)],
        "1004": [order_placed("1004", day=5)],
        "1005": [order_placed("1005", day=1), *shipped("1005", "S5", day=2, delivered_day=3),
                 return_received("1005", "RT5", [("CARD", 1)], day=6), return_inspected("1005", "RT5", "RESTOCK",
                                                                                       [("CARD", 1)], day=8)],
        "1006": [order_placed("1006", day=2), settled("1006", amount="25.00", day=6)],
        "1099": [order_placed("1099", day=20)],
    }
    return [order_view(order_ref(external_id), events) for external_id, events in orders.items()]


def test_kpis_over_a_date_range() -> None:
    result = kpis(_views(), at(1, 0), at(15))
    assert result.orders == 6
    assert result.perfect_order_rate == Decimal("0.6667")  # 1001 and 1002 of the delivered 1001, 1002, 1005
    assert result.fill_rate == Decimal("0.5556")  # 10 of 18 owed units shipped
    assert result.split_shipment_rate == Decimal("0.2500")  # 1002 of the shipped 1001, 1002, 1003, 1005
    assert result.aging == (
        StageAging("AWAITING_SHIPMENT", 2, Decimal("11.50"), Decimal("13.00")),
        StageAging("IN_TRANSIT", 1, Decimal("11.00"), Decimal("11.00")),
        StageAging("AWAITING_SETTLEMENT", 2, Decimal("10.50"), Decimal("12.00")),
    )
    assert (result.return_cycle_days, result.settlement_lag_days) == (Decimal("2.00"), Decimal("4.50"))
    assert result.payout_variance_total == (usd("2.85"),)
    assert result.open_discrepancies == (("PAYOUT_VARIANCE", 1), ("QUANTITY_MISMATCH", 2))


def test_kpis_for_one_channel_and_nothing_to_measure() -> None:
    result = kpis(_views(), at(1, 0), at(15), channel="amazon")
    assert (result.orders, result.perfect_order_rate, result.fill_rate, result.aging) == (0, None, None, ())


def test_margin_per_channel_adds_the_costed_orders_and_counts_the_others_apart() -> None:
    """Order 1001 (costed): revenue 26.50 - COGS 9.00 - fee 1.11 = 16.39; order 1002 refunds 10.00 of
    revenue 26.50 with the same COGS and no fee: 7.50; order 1003 ships two mugs beyond the four received, so
    its cost is not known."""
    stock = [received("PO1", "WH-EAST", [("MUG-RED", 4, "4.00"), ("CARD", 5, "1.00")], day=1)]
    orders = {
        "1001": [order_placed("1001", day=1), *shipped("1001", "S1", day=2), settled("1001", day=6)],
        "1002": [order_placed("1002", day=2), *shipped("1002", "S2", day=3), refunded("1002", "R2", day=7)],
        "1003": [order_placed("1003", day=3), *shipped("1003", "S3", day=4)],
    }
    state = costing(stock + [event for events in orders.values() for event in events])
    views = [order_view(order_ref(key), events, costs=state.for_order(order_ref(key).order_id))
             for key, events in orders.items()]
    [margin] = kpis(views, at(1, 0), at(15)).margins
    assert (margin.channel, margin.orders, margin.orders_without_cost) == ("shop", 2, 1)
    assert (margin.revenue, margin.refunds, margin.fees, margin.cogs) == (
        usd("53.00"), usd("10.00"), usd("1.11"), usd("18.00"))
    assert margin.margin == usd("23.89") and margin.margin_rate == Decimal("0.4508")
