"""Given an order's events, when folded into finance, then revenue, COGS, fees and refunds land in the right period."""

from __future__ import annotations

from datetime import date

from canonical_model.commerce import commerce_view
from canonical_model.costing import costing
from canonical_model.finance import finance_view
from canonical_model.journal import ChartOfAccounts, is_balanced
from canonical_model.periods import PeriodCalendar
from canonical_model.recognition import AT_DELIVERY, RecognitionPolicy
from canonical_model.views import FinanceView, PeriodAmounts
from tests.builders import order_placed, refunded, settled, shipped, usd
from tests.canonical_model.stock_builders import (
    cancelled,
    chargeback,
    fee,
    placed,
    received,
    shipment,
    when,
)

ORDER_ID = order_placed().order_id


def finance(events: list, **options) -> FinanceView:
    from canonical_model.catalogue import fold_order

    ordered = sorted(events, key=fold_order)
    view, _ = finance_view(ORDER_ID, ordered, commerce_view(ordered), **options)
    assert all(is_balanced(entry) for entry in view.journal_entries)
    return view


def lines_of(view: FinanceView, entry_suffix: str) -> list[tuple[str, str, str]]:
    [entry] = [entry for entry in view.journal_entries if entry.id.endswith(entry_suffix)]
    return [(line.account, str(line.debit.amount), str(line.credit.amount)) for line in entry.lines]


def test_at_placement_nothing_is_revenue_yet() -> None:
    view = finance([order_placed()])
    assert (view.recognised_revenue, view.deferred_revenue) == (usd("0"), usd("26.50"))
    assert lines_of(view, ":sale") == [("Assets:Receivable:Channel", "27.85", "0"),
                                       ("Liabilities:DeferredRevenue", "0", "26.50"), ("Liabilities:SalesTax", "0", "1.35")]


def test_split_shipment_recognises_each_lines_share_by_units() -> None:
    """Lines 2 x 10.00 and 1 x 5.00 share net sales 22.50 by list value: 18.00 and 4.50; shipping 4.00 comes first."""
    view = finance([order_placed(), *shipment("1001", "S1", [("MUG-RED", 1)], "WH-EAST", day=2)])
    assert view.recognised_revenue == usd("13.00") and view.deferred_revenue == usd("13.50")
    assert lines_of(view, ":revenue:S1") == [("Liabilities:DeferredRevenue", "13.00", "0"),
                                             ("Income:Discounts", "1.00", "0"), ("Income:Sales", "0", "10.00"),
                                             ("Income:Shipping", "0", "4.00")]
    view = finance([order_placed(), *shipment("1001", "S1", [("MUG-RED", 1)], "WH-EAST", day=2),
                    *shipment("1001", "S2", [("MUG-RED", 1), ("CARD", 1)], "WH-EAST", day=3)])
    assert (view.recognised_revenue, view.deferred_revenue) == (usd("26.50"), usd("0.00"))


def test_at_delivery_revenue_waits_for_the_delivery_and_lands_in_its_period() -> None:
    events = [order_placed(), *shipment("1001", "S1", [("MUG-RED", 2), ("CARD", 1)], "WH-EAST", moment=when(3, 30),
                                        delivered=when(4, 2))]
    view = finance(events, recognition=RecognitionPolicy(AT_DELIVERY))
    assert view.recognition_policy == AT_DELIVERY
    assert [(p.period, p.revenue) for p in view.periods] == [("2026-04", usd("26.50"))]
    shipped_only = finance(events[:-1], recognition=RecognitionPolicy(AT_DELIVERY))
    assert shipped_only.recognised_revenue == usd("0") and shipped_only.periods == ()


def test_an_amount_learned_after_its_month_closed_lands_in_the_next_open_period() -> None:
    """March closes on April 5: a March 30 refund the hub learns of on April 8 is booked in April."""
    late_refund = refunded(day=30).recorded(when(4, 8))
    calendar = PeriodCalendar(close_dates=(("2026-03", date(2026, 4, 5)),))
    view = finance([order_placed(), *shipped(), late_refund], recognition=RecognitionPolicy(calendar=calendar))
    assert [(p.period, p.revenue, p.refunds) for p in view.periods] == [
        ("2026-03", usd("26.50"), usd("0")), ("2026-04", usd("0"), usd("10.00"))]
    [refund_entry] = [entry for entry in view.journal_entries if entry.memo.startswith("refund")]
    assert refund_entry.period == "2026-04"
    on_time = refunded(day=30).recorded(when(4, 4))
    assert finance([order_placed(), on_time], recognition=RecognitionPolicy(calendar=calendar)).periods[0].period \
        == "2026-03"


def test_cogs_and_margin_from_cost_layers() -> None:
    """Net revenue 26.50 - COGS (2 x 4.00 + 1 x 1.00) 9.00 - fee 1.11 = margin 16.39."""
    stock = [received("PO1", "WH-EAST", [("MUG-RED", 5, "4.00"), ("CARD", 5, "1.00")], day=1)]
    events = [order_placed(), *shipped(), settled()]
    costs = costing(stock + events).for_order(ORDER_ID)
    view = finance(events, costs=costs)
    assert (view.cogs, view.margin) == (usd("9.00"), usd("16.39"))
    assert [(line.sku, line.revenue, line.cogs, line.margin) for line in view.lines] == [
        ("MUG-RED", usd("18.00"), usd("8.00"), usd("10.00")), ("CARD", usd("4.50"), usd("1.00"), usd("3.50"))]
    assert view.periods == (PeriodAmounts("2026-03", usd("26.50"), usd("9.00"), usd("1.11"), usd("0")),)
    assert ("Expenses:COGS", "8.00", "0") in lines_of(view, ":cogs:0")


def test_cogs_without_layers_is_unknown_and_said_so() -> None:
    events = [order_placed(), *shipped()]
    view = finance(events, costs=costing(events).for_order(ORDER_ID))
    assert (view.cogs, view.margin) == (None, None)
    assert view.cogs_unknown[0] == "2 of 2 units of MUG-RED shipped in S1 at WH-EAST have no known cost"


def test_fee_billed_separately_is_a_cost_but_not_kept_from_the_payout() -> None:
    view = finance([order_placed(), fee("1001", "shipping_label", "6.20", system="easypost"),
                    fee("1001", "commission", "2.00", ident="F2")])
    assert (view.fee_total, view.net_expected) == (usd("8.20"), usd("25.85"))
    [label] = [entry for entry in view.journal_entries if entry.memo.startswith("shipping_label")]
    assert [(line.account, str(line.debit.amount), str(line.credit.amount)) for line in label.lines] == [
        ("Expenses:Fees:ShippingLabel", "6.20", "0"), ("Liabilities:Payable:Easypost", "0", "6.20")]


def test_fee_accounts_follow_the_chart() -> None:
    chart = ChartOfAccounts(fee_accounts=(("commission", "Expenses:Marketplace:Commission"),))
    view = finance([order_placed(), fee("1001", "commission", "2.00")], chart=chart)
    assert lines_of(view, view.journal_entries[1].id)[0] == ("Expenses:Marketplace:Commission", "2.00", "0")


def test_cancelled_unpaid_order_reverses_its_deferral() -> None:
    view = finance([order_placed(), cancelled("1001", day=2)])
    assert lines_of(view, ":cancel") == [("Liabilities:DeferredRevenue", "26.50", "0"),
                                         ("Liabilities:SalesTax", "1.35", "0"),
                                         ("Assets:Receivable:Channel", "0", "27.85")]
    assert view.deferred_revenue == usd("0.00")


def test_cancelled_and_refunded_order_closes_its_deferral_into_revenue_the_refund_offsets() -> None:
    view = finance([order_placed(), cancelled("1001", day=2), refunded(amount="27.85", day=2)])
    assert (view.recognised_revenue, view.deferred_revenue, view.refund_total) == (
        usd("26.50"), usd("0.00"), usd("27.85"))


def test_chargeback_is_withdrawn_when_opened_and_returned_when_won() -> None:
    view = finance([order_placed(), chargeback("1001", "DP1", "27.85", "NEEDS_RESPONSE"),
                    chargeback("1001", "DP1", "27.85", "WON", day=20, version="2")])
    opened, won = [entry for entry in view.journal_entries if entry.memo.startswith("chargeback")]
    assert [(line.account, str(line.debit.amount)) for line in opened.lines if not line.debit.is_zero()] == [
        ("Expenses:Chargebacks", "27.85"), ("Expenses:Fees:Chargeback", "15.00")]
    assert [(line.account, str(line.debit.amount), str(line.credit.amount)) for line in won.lines] == [
        ("Assets:Receivable:Channel", "27.85", "0"), ("Expenses:Chargebacks", "0", "27.85")]


def test_a_bundle_line_is_recognised_as_its_components_ship() -> None:
    """One gift set (2 mugs and a card) for 30.00: the mugs are 2 of its 3 component units, 20.00 of its revenue."""
    bom = {"GIFT-SET": {"MUG": 2, "CARD": 1}}
    order = placed("2001", [("GIFT-SET", 1, "30.00")], day=1)
    mugs = shipment("2001", "S1", [("MUG", 2)], "WH", day=2)
    view, _ = finance_view(order.order_id, [order, *mugs], commerce_view([order]), bom=bom)
    assert view.recognised_revenue == usd("20.00")
    card = shipment("2001", "S2", [("CARD", 1)], "WH", day=3)
    view, _ = finance_view(order.order_id, [order, *mugs, *card], commerce_view([order]), bom=bom)
    assert (view.recognised_revenue, view.deferred_revenue) == (usd("30.00"), usd("0.00"))
