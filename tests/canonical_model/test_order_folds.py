"""Given events, when folded, then the three perspectives say what the sources said."""

from __future__ import annotations

import random

from canonical_model.events import OrderUpdated
from canonical_model.journal import is_balanced
from canonical_model.order_view import order_view
from tests.builders import order_placed, order_ref, refunded, settled, shipped, source, usd


def test_commerce_reports_stated_totals() -> None:
    view = order_view(order_ref(), [order_placed()])
    commerce = view.commerce
    assert (commerce.subtotal, commerce.discount_total, commerce.tax_total, commerce.shipping_total, commerce.total) == (
        usd("22.50"), usd("2.50"), usd("1.35"), usd("4.00"), usd("27.85"))
    assert commerce.discounts[0].reason == "spring promotion"
    assert view.findings == ()


def test_partial_snapshot_keeps_what_the_full_one_said() -> None:
    partial = order_placed(day=3)
    partial = type(partial)(OrderUpdated(status="PAID"), source("order", "1001", "v3"), partial.occurred_at,
                            order_ref())
    view = order_view(order_ref(), [order_placed(), partial])
    assert len(view.commerce.lines) == 2 and view.commerce.status == "PAID"
    assert view.commerce.total == usd("27.85")


def test_contradicting_source_is_reported_with_both_figures() -> None:
    view = order_view(order_ref(), [order_placed(line_items=usd("20.00"), discounts=usd("0.00"))])
    kinds = {finding.key: finding for finding in view.findings}
    assert view.commerce.discount_total == usd("0.00")
    line_items = kinds["SOURCE_INCONSISTENT:line_items"]
    assert "20.00 USD" in line_items.explanation and "25.00 USD" in line_items.explanation
    assert line_items.amount == usd("5.00")
    assert "SPRING10" in kinds["SOURCE_INCONSISTENT:discounts"].explanation


def test_arrival_order_does_not_matter() -> None:
    events = [order_placed(), *shipped(), refunded(), settled()]
    expected = order_view(order_ref(), events)
    for seed in range(5):
        shuffled = events[:]
        random.Random(seed).shuffle(shuffled)
        assert order_view(order_ref(), shuffled) == expected


def test_shipment_before_order_still_folds() -> None:
    view = order_view(order_ref(), shipped())
    assert view.commerce.placed_at is None
    assert view.fulfillment.shipped_units == 3
    assert "order lines (no order placement received yet)" in view.completion.missing


def test_every_journal_entry_balances() -> None:
    view = order_view(order_ref(), [order_placed(), *shipped(), refunded(), settled()])
    assert [entry.memo for entry in view.finance.journal_entries] == [
        "sale #1001 (deferred)", "revenue recognised at shipment S1 (shop fulfillment S1)", "refund shop refund R1",
        "settlement P1 line T-1001 (charge)"]
    assert all(is_balanced(entry) for entry in view.finance.journal_entries)


def test_completion_names_what_is_missing() -> None:
    view = order_view(order_ref(), [order_placed(), *shipped(delivered_day=None)])
    assert not view.completion.delivered and not view.completion.money_settled
    assert view.completion.missing == ("delivery of 3 of 3 units", "settlement of 27.85 USD expected net")


def test_a_settlement_line_restated_when_paid_out_counts_once() -> None:
    from dataclasses import replace

    pending = settled(amount="27.85", fee="1.11")
    paid = replace(pending, source=replace(pending.source, version="paid"), occurred_at=pending.occurred_at)
    view = order_view(order_ref(), [order_placed(), pending, paid])
    assert view.finance.settled_net == usd("26.74")


def test_a_label_voided_after_shipping_leaves_nothing_shipped() -> None:
    from canonical_model.events import Event, ShipmentStatusChanged
    from tests.builders import at

    voided = Event(ShipmentStatusChanged("S1", "VOIDED"), source("fulfillment", "S1", "void"), at(3), order_ref())
    view = order_view(order_ref(), [order_placed(), *shipped(delivered_day=None), voided])
    assert view.fulfillment.shipped_units == 0 and view.fulfillment.status == "UNFULFILLED"
