"""QuickBooks journal entries as JournalPosted and items as ItemRecorded."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.toolkit import PayloadError
from canonical_model.accounting_events import JournalPosted, PostedLine
from canonical_model.inventory_events import ItemRecorded
from canonical_model.money import Money
from tests.adapters.quickbooks.quickbooks_payloads import (
    d,
    item,
    journal_entry,
    journal_line,
    mapped,
    query_page,
    single,
)


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def test_a_journal_entry_posts_each_line_on_the_side_quickbooks_names() -> None:
    (event,) = mapped(single("JournalEntry", journal_entry()))

    assert event.body == JournalPosted(
        entry_id="190", posted_at=datetime(2026, 3, 6, tzinfo=UTC),
        lines=(PostedLine("Merchant fees", usd("2.10"), usd("0"), "Fees"),
               PostedLine("Stripe clearing", usd("0"), usd("2.10"), "Fees")),
        memo="Stripe fees for order #1001")
    assert event.references == ("JE-7", "#1001", "1001")
    assert event.source.version == "2026-03-05T17:30:00+00:00#1"


def test_an_unbalanced_journal_entry_is_kept_as_stated() -> None:
    lines = [journal_line("0", "2.10", "Debit", "Merchant fees"), journal_line("1", "2.00", "Credit", "Clearing")]
    (event,) = mapped(single("JournalEntry", journal_entry(Line=lines)))

    assert [line.debit for line in event.body.lines] == [usd("2.10"), usd("0")]
    assert [line.credit for line in event.body.lines] == [usd("0"), usd("2.00")]


def test_an_unknown_posting_type_names_its_path() -> None:
    lines = [journal_line("0", "2.10", "Sideways", "Merchant fees")]

    with pytest.raises(PayloadError) as error:
        mapped(single("JournalEntry", journal_entry(Line=lines)))

    assert error.value.field == "JournalEntry.Line[0].JournalEntryLineDetail.PostingType"


def test_an_item_is_priced_in_the_connections_home_currency() -> None:
    (event,) = mapped(single("Item", item()), home_currency="USD")

    assert event.body == ItemRecorded(sku="MUG-RED", name="Stoneware mug", unit_cost=usd("7.25"),
                                      unit_price=usd("20.00"), tracked=True)
    assert event.context["qty_on_hand"] == "25"
    assert event.occurred_at == datetime(2026, 3, 5, 17, 30, tzinfo=UTC)


def test_a_priced_item_without_a_known_currency_is_refused_not_guessed() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(query_page("Item", item()))

    assert error.value.field == "QueryResponse.Item[0].CurrencyRef"
    assert "home currency" in str(error.value)


def test_an_item_without_prices_needs_no_currency_and_falls_back_to_its_name_for_sku() -> None:
    payload = item(Type="Category", TrackQtyOnHand=False)
    for field in ("Sku", "UnitPrice", "PurchaseCost"):
        del payload[field]

    (event,) = mapped(single("Item", payload))

    assert event.body == ItemRecorded(sku="Stoneware mug", name="Stoneware mug", tracked=False)


def test_a_float_price_is_refused_naming_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(single("Item", item(UnitPrice=20.0)), home_currency="USD")

    assert error.value.field == "Item.UnitPrice"


def test_the_home_currency_must_be_an_iso_code() -> None:
    from adapters.quickbooks import quickbooks_adapter

    with pytest.raises(ValueError):
        quickbooks_adapter("dollars")
    assert mapped(single("Item", item(UnitPrice=d("21"))), home_currency="USD")[0].body.unit_price == usd("21")
