"""Xero invoices, bills and credit notes as InvoiceRecorded, and their removal as RecordDeleted."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from adapters.toolkit import PayloadError
from canonical_model.accounting_events import InvoiceLine, InvoiceRecorded, RecordDeleted
from canonical_model.money import Money
from tests.adapters.xero.xero_payloads import CONTEXT, credit_note, d, invoice, line_item, mapped, response


def nzd(amount: str) -> Money:
    return Money.of(amount, "NZD")


def test_an_invoice_states_its_lines_totals_tax_balance_and_status() -> None:
    (event,) = mapped(response("Invoices", invoice()))

    assert event.body == InvoiceRecorded(
        invoice_id="ed255415", kind="INVOICE", number="INV-0101", issued_at=datetime(2026, 3, 2, tzinfo=UTC),
        lines=(InvoiceLine("Stoneware mug", nzd("40.00"), sku="MUG-RED", quantity="2.0", unit_price=nzd("20.00")),),
        total=nzd("46.00"), tax=nzd("6.00"), balance=nzd("46.00"), status="AUTHORISED",
    )
    assert event.occurred_at == datetime(2026, 3, 2, tzinfo=UTC)
    assert (event.source.system, event.source.account, event.source.object_type, event.source.version) == (
        "xero", "org-8f2c", "Invoice", "2026-03-05T09:30:00.250+00:00")
    assert event.order is None
    assert event.references == ("INV-0101", "Shopify order #1001", "#1001", "1001")
    assert (event.payload_hash, event.payload_pointer) == (CONTEXT.payload_hash, "/Invoices/0")
    assert event.context["line_amount_types"] == "Exclusive"
    assert event.context["due_date"] == "2026-03-16"


def test_a_bill_keeps_its_type_in_kind() -> None:
    (event,) = mapped(response("Invoices", invoice(Type="ACCPAY", Reference="PO-77")))

    assert event.body.kind == "BILL"
    assert event.context["type"] == "ACCPAY"


def test_an_unknown_invoice_type_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(response("Invoices", invoice(), invoice(Type="QUOTE")))

    assert error.value.field == "Invoices[1].Type"


def test_a_credit_note_is_a_credit_note_with_its_remaining_credit_as_balance() -> None:
    (event,) = mapped(response("CreditNotes", credit_note()))

    assert (event.body.kind, event.body.number, event.body.total, event.body.balance) == (
        "CREDIT_NOTE", "CN-0005", nzd("23.00"), nzd("13.00"))
    assert event.source.object_type == "CreditNote"
    assert mapped(response("CreditNotes", credit_note(Type="ACCPAYCREDIT")))[0].body.kind == "SUPPLIER_CREDIT_NOTE"


@pytest.mark.parametrize("status", ["VOIDED", "DELETED"])
def test_a_voided_or_deleted_invoice_is_recorded_with_its_status_and_deleted(status: str) -> None:
    recorded, gone = mapped(response("Invoices", invoice(Status=status)))

    assert recorded.body.status == status
    assert gone.body == RecordDeleted(object_type="Invoice", object_id="ed255415")
    assert gone.occurred_at == datetime(2026, 3, 5, 9, 30, 0, 250000, tzinfo=UTC)
    assert gone.id != recorded.id and gone.source == recorded.source


def test_a_list_without_line_items_is_a_header_only_version_of_its_own() -> None:
    (full,) = mapped(response("Invoices", invoice()))
    (header,) = mapped(response("Invoices", invoice(LineItems=[])))

    assert header.body.lines == () and header.body.total == full.body.total
    assert header.context["lines_stated"] is False
    assert header.source.version == full.source.version + "#header"
    assert header.id != full.id


def test_an_empty_draft_is_not_header_only() -> None:
    (event,) = mapped(response("Invoices", invoice(Status="DRAFT", LineItems=[], SubTotal=d("0"), TotalTax=d("0"),
                                                   Total=d("0"), AmountDue=d("0"))))

    assert "lines_stated" not in event.context


def test_line_discounts_stay_in_context_and_line_amounts_stay_as_stated() -> None:
    discounted = line_item("36.00", DiscountRate=d("10"))
    (event,) = mapped(response("Invoices", invoice(LineItems=[discounted])))

    assert event.body.lines[0].amount == nzd("36.00")
    assert event.context["discounts"] == [{"line": 0, "item_code": "MUG-RED", "discount_rate": "10"}]


def test_replay_gives_identical_events_and_an_update_a_new_fact() -> None:
    first = mapped(response("Invoices", invoice()))

    assert mapped(response("Invoices", invoice())) == first
    later = mapped(response("Invoices", invoice(UpdatedDateUTC="2026-03-06T10:00:00")))
    assert later[0].id != first[0].id
    assert later[0].source.version == "2026-03-06T10:00:00.000+00:00"


def test_an_element_xero_refused_records_nothing() -> None:
    refused = invoice(StatusAttributeString="ERROR", ValidationErrors=[{"Message": "Invoice # must be unique."}])

    with pytest.raises(PayloadError) as error:
        mapped(response("Invoices", refused))

    assert error.value.field == "Invoices[0].ValidationErrors"
    assert "Invoice # must be unique." in str(error.value)


def test_a_missing_currency_or_total_names_its_path() -> None:
    payload = invoice()
    del payload["CurrencyCode"]
    with pytest.raises(PayloadError) as error:
        mapped(response("Invoices", payload))
    assert error.value.field == "Invoices[0].CurrencyCode"

    payload = invoice()
    del payload["Total"]
    with pytest.raises(PayloadError) as error:
        mapped(response("Invoices", payload))
    assert error.value.field == "Invoices[0].Total"


def test_a_float_amount_is_refused_naming_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(response("Invoices", invoice(LineItems=[line_item(LineAmount=40.0)])))

    assert error.value.field == "Invoices[0].LineItems[0].LineAmount"


def test_context_holds_no_personal_data() -> None:
    (event,) = mapped(response("Invoices", invoice()))

    rendered = json.dumps(event.context)
    assert not [word for word in ("Ann", "Lee", "ann@example.com", "555-0100") if word in rendered]
