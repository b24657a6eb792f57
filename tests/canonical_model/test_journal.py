"""Given orders, stock and payouts, when journaled, then every entry balances and Beancount accepts the ledger."""

from __future__ import annotations

import pytest

from canonical_model.beancount import LedgerError, beancount_ledger, check_account, journal_csv
from canonical_model.costing import costing
from canonical_model.journal import ChartOfAccounts, account_component, is_balanced
from canonical_model.order_view import order_view
from canonical_model.periods import PeriodCalendar
from canonical_model.stock_journal import payout_entries, stock_entries
from canonical_model.views import JournalEntry
from tests.builders import order_placed, order_ref, refunded, settled, shipped
from tests.canonical_model.stock_builders import (
    adjusted,
    cancelled,
    chargeback,
    fee,
    payout,
    received,
    transfer_in,
    transfer_out,
)

STOCK = [received("PO1", "WH-EAST", [("MUG-RED", 10, "4.00"), ("CARD", 10, "1.00")], day=1, landed="0.25"),
         transfer_out("T1", "WH-EAST", "WH-WEST", [("MUG-RED", 3)], day=2, freight="1.50"),
         transfer_in("T1", "WH-WEST", [("MUG-RED", 3)], day=3), adjusted("CARD", "WH-EAST", -1, day=4)]


def _all_entries() -> list[JournalEntry]:
    orders = {
        "1001": [order_placed("1001"), *shipped("1001"), refunded("1001"), settled("1001"),
                 fee("1001", "shipping_label", "5.10", system="easypost"),
                 chargeback("1001", "DP1", "10.00", "WON", day=12)],
        "1002": [order_placed("1002", day=3), cancelled("1002", day=4)],
    }
    state = costing(STOCK + [event for events in orders.values() for event in events])
    entries = []
    for external_id, events in orders.items():
        ref = order_ref(external_id)
        entries += order_view(ref, events, costs=state.for_order(ref.order_id)).finance.journal_entries
    calendar = PeriodCalendar()
    return entries + stock_entries(state, ChartOfAccounts(), calendar) + payout_entries(
        [payout("P1", "26.74"), payout("P1", "26.74", day=8)], ChartOfAccounts(), calendar)


def test_every_entry_of_orders_stock_and_payouts_balances() -> None:
    entries = _all_entries()
    assert entries and all(is_balanced(entry) for entry in entries)
    accounts = {line.account for entry in entries for line in entry.lines}
    assert {"Assets:Inventory", "Liabilities:FreightPayable", "Expenses:Inventory:Shrinkage", "Assets:Bank",
            "Expenses:COGS", "Liabilities:Payable:Easypost"} <= accounts


def test_payout_restated_posts_once() -> None:
    [entry] = payout_entries([payout("P1", "26.74"), payout("P1", "26.74", day=8)], ChartOfAccounts(), PeriodCalendar())
    assert [(line.account, str(line.debit.amount)) for line in entry.lines] == [
        ("Assets:Bank", "26.74"), ("Assets:Clearing:Payouts", "0")]


def test_receipt_is_inventory_against_goods_received() -> None:
    entries = stock_entries(costing(STOCK[:1]), ChartOfAccounts(), PeriodCalendar())
    assert [[(line.account, str(line.debit.amount), str(line.credit.amount)) for line in e.lines] for e in entries] == [
        [("Assets:Inventory", "42.50", "0"), ("Liabilities:GoodsReceivedNotInvoiced", "0", "42.50")],
        [("Assets:Inventory", "12.50", "0"), ("Liabilities:GoodsReceivedNotInvoiced", "0", "12.50")]]


def test_account_names_become_beancount_components() -> None:
    assert account_component("shipping_label") == "ShippingLabel"
    assert account_component("FBA Per Unit Fulfillment Fee") == "FBAPerUnitFulfillmentFee"
    with pytest.raises(LedgerError, match="'Income:Sales revenue'"):
        check_account("Income:Sales revenue")


def test_ledger_text_opens_accounts_and_writes_postings() -> None:
    text = beancount_ledger(_all_entries())
    assert "2026-03-01 open Assets:Receivable:Channel USD" in text
    assert '2026-03-01 * "sale #1001 (deferred)"' in text
    assert "  Liabilities:DeferredRevenue  -26.50 USD" in text


def test_bean_check_accepts_the_ledger() -> None:
    loader = pytest.importorskip("beancount.loader")
    ledger = beancount_ledger(_all_entries())
    _, errors, _ = loader.load_string(ledger)
    assert errors == [], [error.message for error in errors]


def test_csv_has_one_row_per_journal_line() -> None:
    entries = _all_entries()
    rows = journal_csv(entries).splitlines()
    assert rows[0] == "entry_id,period,date,memo,account,debit,credit,currency"
    assert len(rows) == 1 + sum(len(entry.lines) for entry in entries)
