"""Xero manual journals and system journals as JournalPosted; items as ItemRecorded."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from adapters.toolkit import PayloadError
from adapters.xero import xero_adapter
from canonical_model.accounting_events import JournalPosted, PostedLine, RecordDeleted
from canonical_model.inventory_events import ItemRecorded
from canonical_model.money import Money
from tests.adapters.xero.xero_payloads import d, item, journal, journal_line, manual_journal, mapped, response


def nzd(amount: str) -> Money:
    return Money.of(amount, "NZD")


def test_a_manual_journal_posts_positive_lines_as_debits_and_negative_as_credits() -> None:
    (event,) = mapped(response("ManualJournals", manual_journal()), base_currency="NZD")

    assert event.body == JournalPosted(
        entry_id="99cb8353", posted_at=datetime(2026, 3, 6, tzinfo=UTC),
        lines=(PostedLine("404", nzd("2.10"), nzd("0"), "Fees"), PostedLine("610", nzd("0"), nzd("2.10"), "Clearing")),
        memo="Stripe fees, order 1001")
    assert event.references == ("1001",)
    assert event.order is None


def test_a_journal_without_a_base_currency_is_refused_not_guessed() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(response("ManualJournals", manual_journal()))

    assert error.value.field == "ManualJournals[0].CurrencyCode"
    assert "base currency" in str(error.value)


def test_a_draft_manual_journal_is_not_posted_yet() -> None:
    assert mapped(response("ManualJournals", manual_journal(Status="DRAFT")), base_currency="NZD") == []


def test_a_deleted_manual_journal_never_posted_and_a_voided_one_is_undone() -> None:
    (deleted,) = mapped(response("ManualJournals", manual_journal(Status="DELETED")), base_currency="NZD")
    posted, voided = mapped(response("ManualJournals", manual_journal(Status="VOIDED")), base_currency="NZD")

    assert deleted.body == RecordDeleted("ManualJournal", "99cb8353")
    assert isinstance(posted.body, JournalPosted) and voided.body == RecordDeleted("ManualJournal", "99cb8353")


def test_an_unbalanced_manual_journal_is_kept_as_stated() -> None:
    lines = [journal_line("2.10", "404"), journal_line("-2.00", "610")]
    (event,) = mapped(response("ManualJournals", manual_journal(JournalLines=lines)), base_currency="NZD")

    assert sum((line.debit.amount for line in event.body.lines), Decimal(0)) == d("2.10")
    assert sum((line.credit.amount for line in event.body.lines), Decimal(0)) == d("2.00")


def test_a_system_journal_posts_by_net_amount_and_never_changes_version() -> None:
    (event,) = mapped(response("Journals", journal()), base_currency="NZD")

    assert event.body.lines == (PostedLine("610", nzd("46.00"), nzd("0"), None),
                                PostedLine("200", nzd("0"), nzd("40.00"), "Stoneware mug"),
                                PostedLine("820", nzd("0"), nzd("6.00"), None))
    assert event.body.memo == "Shopify order #1001"
    assert event.source.version == "2026-03-02T18:00:00.000+00:00"
    assert event.context["source_type"] == "ACCREC"
    assert event.context["accounts"]["820"] == "GST"
    assert event.references == ("Shopify order #1001", "#1001", "1001")


def test_a_journal_line_without_account_names_its_path() -> None:
    payload = journal()
    del payload["JournalLines"][1]["AccountCode"]

    with pytest.raises(PayloadError) as error:
        mapped(response("Journals", payload), base_currency="NZD")

    assert error.value.field == "Journals[0].JournalLines[1].AccountCode"


def test_an_item_is_priced_in_the_base_currency() -> None:
    (event,) = mapped(response("Items", item()), base_currency="NZD")

    assert event.body == ItemRecorded(sku="MUG-RED", name="Stoneware mug", unit_cost=nzd("7.25"),
                                      unit_price=nzd("20.00"), tracked=True)
    assert event.context["quantity_on_hand"] == "25.0000"
    assert event.occurred_at == datetime(2026, 3, 5, 9, 30, 0, 250000, tzinfo=UTC)


def test_an_item_without_prices_needs_no_currency_but_a_priced_one_does() -> None:
    (unpriced,) = mapped(response("Items", item(PurchaseDetails={}, SalesDetails={})))

    assert unpriced.body == ItemRecorded(sku="MUG-RED", name="Stoneware mug", tracked=True)
    with pytest.raises(PayloadError) as error:
        mapped(response("Items", item()))
    assert error.value.field == "Items[0].CurrencyCode"


def test_the_base_currency_must_be_an_iso_code() -> None:
    with pytest.raises(ValueError):
        xero_adapter("nz dollars")
