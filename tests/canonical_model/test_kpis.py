"""Given order views of a fortnight, when measured, then each KPI counts what its definition says."""

from __future__ import annotations

from decimal import Decimal

from canonical_model.kpis import StageAging, kpis
from canonical_model.order_view import order_view
from tests.builders import at, order_placed, order_ref, settled, shipped, usd
from tests.canonical_model.stock_builders import return_inspected, return_received, shipment


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
