"""Conformance over Xero's own Accounting API response examples (shared/fixtures/xero, beside the project)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from adapters.toolkit import PayloadError
from adapters.xero import ADAPTER, xero_adapter
from canonical_model.accounting_events import (
    AccountingPaymentRecorded,
    BankDepositRecorded,
    InvoiceRecorded,
    JournalPosted,
    RecordDeleted,
)
from canonical_model.events import Event
from canonical_model.inventory_events import ItemRecorded
from canonical_model.money import Money
from tests.adapters.vendor_fixtures import at_pointer
from tests.adapters.xero.xero_payloads import CONTEXT

FIXTURES = Path(__file__).resolve().parents[3] / ".." / "shared" / "fixtures" / "xero"
FILES = sorted(FIXTURES.glob("*.json")) if FIXTURES.is_dir() else []
# The examples' organisation books in NZD (its invoices, and the GST its journals post).
BASE = "NZD"
ORGANISATION = xero_adapter(BASE)

# Elements Xero answered with validation errors (StatusAttributeString ERROR, ValidationErrors): Xero
# recorded nothing, so they are refused naming their ValidationErrors.
REFUSED = {
    "accounting-banktransactions-create-response.json": "The Contact must contain at least 1 of the following elements",
    "accounting-invoice-get.json": "Invoice # must be unique.",
    "accounting-manualjournals-create-response.json": "The total debits (100.00) must equal total credits",
    "accounting-payments-create-response.json": "Payment amount exceeds the amount outstanding",
}
# Journals and priced items state no currency: without the connection's base currency they are refused.
NEEDS_BASE_CURRENCY = {"accounting-journals-get-list.json", "accounting-manualjournal-get.json",
                       "accounting-manualjournals-get-list.json", "accounting-items-get-list.json"}
# Envelope keys and the collection key of each file.
_ENVELOPE = {"Id", "Status", "ProviderName", "DateTimeUTC", "pagination"}

pytestmark = pytest.mark.skipif(not FILES, reason=f"Xero vendor fixtures not found at {FIXTURES}")


def _load(path: Path) -> Any:
    return ADAPTER.parse(path.read_bytes())


def _key(document: dict[str, Any]) -> str:
    return next(key for key in document if key not in _ENVELOPE)


def _map(document: Any, adapter: Any = ORGANISATION) -> list[Event]:
    return [e for obj in adapter.split(document) for e in adapter.map_object(obj, CONTEXT)]


def _personal(document: Any) -> set[str]:
    """Names, emails and phone numbers of every Contact in the document, which no context may repeat."""
    found: set[str] = set()
    if isinstance(document, dict):
        contact = document.get("Contact")
        if isinstance(contact, dict):
            found |= {str(contact[k]) for k in ("Name", "FirstName", "LastName", "EmailAddress") if contact.get(k)}
            found |= {str(p["PhoneNumber"]) for p in contact.get("Phones", []) if p.get("PhoneNumber")}
        for value in document.values():
            found |= _personal(value)
    elif isinstance(document, list):
        for value in document:
            found |= _personal(value)
    return found


def test_the_fixtures_cover_every_supported_collection() -> None:
    keys = {_key(_load(path)) for path in FILES}

    assert keys == {"Invoices", "CreditNotes", "Payments", "BankTransactions", "ManualJournals", "Journals", "Items",
                    "BatchPayments", "Overpayments", "Prepayments"}


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_vendor_response_maps_or_is_refused_with_its_reason(path: Path) -> None:
    document = _load(path)
    if path.name in REFUSED:
        (obj,) = ORGANISATION.split(document)
        with pytest.raises(PayloadError) as error:
            ORGANISATION.map_object(obj, CONTEXT)
        assert error.value.field == f"{_key(document)}[0].ValidationErrors"
        assert REFUSED[path.name].casefold() in str(error.value).casefold()
        return
    events = _map(document)
    assert events
    personal = _personal(document)
    for event in events:
        assert (event.source.system, event.source.account, event.order) == ("xero", CONTEXT.account, None)
        assert event.occurred_at.tzinfo is not None
        assert event.payload_hash == CONTEXT.payload_hash
        assert isinstance(at_pointer(document, event.payload_pointer), dict)
        rendered = json.dumps(event.context)
        assert not [word for word in personal if word in rendered]
    assert _map(document) == events


@pytest.mark.parametrize("path", [p for p in FILES if p.name not in REFUSED], ids=lambda path: path.name)
def test_without_a_base_currency_only_journals_and_priced_items_are_refused(path: Path) -> None:
    document = _load(path)
    if path.name not in NEEDS_BASE_CURRENCY:
        assert [e.id for e in _map(document, ADAPTER)] == [e.id for e in _map(document)]
        return
    with pytest.raises(PayloadError) as error:
        _map(document, ADAPTER)
    assert error.value.field.endswith("].CurrencyCode")


def test_a_draft_manual_journal_states_no_posting() -> None:
    document = _load(FIXTURES / "accounting-manualjournals-get-list.json")
    posted = {e.body.entry_id for e in _map(document)}

    assert {j["ManualJournalID"] for j in document["ManualJournals"] if j["Status"] == "DRAFT"}.isdisjoint(posted)
    assert len(posted) == 2


@pytest.mark.parametrize("path", [p for p in FILES if p.name not in REFUSED], ids=lambda path: path.name)
def test_events_carry_the_payloads_own_numbers(path: Path) -> None:
    document = _load(path)
    for event in _map(document):
        _assert_numbers(event, at_pointer(document, event.payload_pointer))


def test_refused_elements_would_map_with_their_own_numbers_once_xero_accepted_them() -> None:
    for name in REFUSED:
        document = copy.deepcopy(_load(FIXTURES / name))
        for element in document[_key(document)]:
            for field in ("ValidationErrors", "StatusAttributeString", "HasValidationErrors"):
                element.pop(field, None)
        for event in _map(document):
            _assert_numbers(event, at_pointer(document, event.payload_pointer))


def _assert_numbers(event: Event, source: dict[str, Any]) -> None:
    body = event.body
    if isinstance(body, InvoiceRecorded):
        _assert_invoice(body, source)
    elif isinstance(body, AccountingPaymentRecorded):
        assert body.amount.amount == source.get("Amount", source.get("Total"))
        for allocation, application in zip(source.get("Allocations", []), body.applied_to, strict=False):
            assert application.amount.amount == allocation["Amount"]
    elif isinstance(body, BankDepositRecorded):
        stated = Decimal(str(source.get("Total", source.get("TotalAmount"))))
        outgoing = str(source["Type"]).startswith(("SPEND", "PAYBATCH"))
        assert body.amount.amount == (-stated if outgoing else stated)
    elif isinstance(body, JournalPosted):
        _assert_journal(body, source)
    elif isinstance(body, ItemRecorded):
        assert body.sku == source["Code"]
        sales = source.get("SalesDetails", {}).get("UnitPrice")
        assert body.unit_price == (Money.of(sales, BASE) if sales is not None else None)
    else:
        assert isinstance(body, RecordDeleted) and source["Status"] in ("DELETED", "VOIDED")


def _assert_invoice(body: InvoiceRecorded, source: dict[str, Any]) -> None:
    currency = source["CurrencyCode"]
    assert body.total == Money.of(source["Total"], currency)
    assert body.tax == Money.of(source["TotalTax"], currency)
    balance = source.get("AmountDue", source.get("RemainingCredit"))
    assert body.balance == Money.of(balance, currency)
    assert body.status == source["Status"]
    if body.lines:
        lines = sum((line.amount.amount for line in body.lines), Decimal(0))
        assert lines == source["SubTotal"]
        if source["LineAmountTypes"] == "Exclusive":
            assert lines + body.tax.amount == body.total.amount


def _assert_journal(body: JournalPosted, source: dict[str, Any]) -> None:
    field = "NetAmount" if "JournalID" in source else "LineAmount"
    signed = sum((line[field] for line in source["JournalLines"]), Decimal(0))
    debits = sum((line.debit.amount for line in body.lines), Decimal(0))
    credits = sum((line.credit.amount for line in body.lines), Decimal(0))
    assert debits - credits == signed
    assert debits == sum((line[field] for line in source["JournalLines"] if line[field] > 0), Decimal(0))
    if signed == 0:
        assert debits == credits
