"""QuickBooks invoices, sales receipts, refund receipts and credit memos as InvoiceRecorded."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from adapters.quickbooks import ADAPTER
from adapters.toolkit import PayloadError
from canonical_model.accounting_events import InvoiceLine, InvoiceRecorded
from canonical_model.money import Money
from tests.adapters.quickbooks.quickbooks_payloads import (
    CONTEXT,
    as_json,
    copied,
    credit_memo,
    d,
    discount_line,
    invoice,
    mapped,
    query_page,
    refund_receipt,
    sales_line,
    sales_receipt,
    single,
    subtotal_line,
)


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def test_an_invoice_states_its_lines_totals_tax_and_balance() -> None:
    (event,) = mapped(single("Invoice", invoice()))

    assert event.body == InvoiceRecorded(
        invoice_id="130", kind="INVOICE", number="1001", issued_at=datetime(2026, 3, 2, tzinfo=UTC),
        lines=(InvoiceLine("Stoneware mug", usd("40.00"), sku="MUG-RED", quantity="2", unit_price=usd("20.00")),),
        total=usd("43.20"), tax=usd("3.20"), balance=usd("43.20"),
    )
    assert event.occurred_at == datetime(2026, 3, 2, tzinfo=UTC)
    assert (event.source.system, event.source.account, event.source.object_type, event.source.object_id) == (
        "quickbooks", "realm-9130354", "Invoice", "130")
    assert event.source.version == "2026-03-05T17:30:00+00:00#0"
    assert event.order is None
    assert event.payload_hash == CONTEXT.payload_hash and event.payload_pointer == "/Invoice"
    assert event.context["subtotal"] == "40.00"
    assert event.context["terms"] == "Net 30"


@pytest.mark.parametrize(("entity", "builder", "kind"), [
    ("Invoice", invoice, "INVOICE"), ("SalesReceipt", sales_receipt, "SALES_RECEIPT"),
    ("RefundReceipt", refund_receipt, "REFUND_RECEIPT"), ("CreditMemo", credit_memo, "CREDIT_NOTE"),
])
def test_each_sales_document_keeps_its_kind_and_stated_total(
    entity: str, builder: Callable[[], dict[str, Any]], kind: str
) -> None:
    payload = builder()
    (event,) = mapped(single(entity, payload))

    assert event.body.kind == kind
    assert event.source.object_type == entity
    assert event.body.total == usd(str(payload["TotalAmt"]))


def test_a_refund_receipt_keeps_quickbooks_positive_amounts() -> None:
    (event,) = mapped(single("RefundReceipt", refund_receipt()))

    assert event.body.total == usd("21.60")
    assert event.body.lines[0].amount == usd("20.00")
    assert event.context["deposit_account"] == "Checking"


def test_a_discount_line_is_a_negative_line_and_the_discount_stays_in_context() -> None:
    receipt = sales_receipt(Line=[sales_line(), subtotal_line(), discount_line("4.00", "10")],
                            TxnTaxDetail={"TotalTax": d("2.88")}, TotalAmt=d("38.88"))
    (event,) = mapped(single("SalesReceipt", receipt))

    assert event.body.lines[1] == InvoiceLine("Discount 10%", usd("-4.00"))
    assert sum((line.amount.amount for line in event.body.lines), d("0")) + event.body.tax.amount == d("38.88")
    assert event.context["discounts"] == [{"amount": "4.00", "percent": "10", "account": "Discounts given"}]


def test_a_group_line_becomes_its_component_lines() -> None:
    group = {"Id": "3", "Amount": d("30.00"), "DetailType": "GroupLineDetail",
             "GroupLineDetail": {"GroupItemRef": {"value": "40", "name": "Mug gift set"}, "Quantity": 1,
                                 "Line": [sales_line("20.00", "MUG-RED", "1"), sales_line("10.00", "COASTER", "1", "10")]}}
    (event,) = mapped(single("Invoice", invoice(Line=[group])))

    assert [(line.sku, line.amount) for line in event.body.lines] == [("MUG-RED", usd("20.00")),
                                                                       ("COASTER", usd("10.00"))]


def test_replaying_the_same_bytes_gives_identical_events() -> None:
    body = as_json(query_page("Invoice", invoice(), invoice("131")))

    first = [e for obj in ADAPTER.split(ADAPTER.parse(body)) for e in ADAPTER.map_object(obj, CONTEXT)]
    again = [e for obj in ADAPTER.split(ADAPTER.parse(body)) for e in ADAPTER.map_object(obj, CONTEXT)]

    assert [e.id for e in first] == [e.id for e in again]
    assert first == again
    assert len({e.id for e in first}) == 2


def test_a_new_sync_token_is_a_new_version_and_a_new_fact() -> None:
    (before,) = mapped(single("Invoice", invoice()))
    (after,) = mapped(single("Invoice", invoice(SyncToken="1", Balance=d("0"))))

    assert before.id != after.id
    assert after.source.version.endswith("#1")


def test_amounts_stay_exact_decimals_through_parsing() -> None:
    body = as_json(single("Invoice", invoice(Line=[sales_line("0.30", qty="3", price="0.10")], TotalAmt=d("0.30"),
                                             TxnTaxDetail={"TotalTax": d("0")}, Balance=d("0.30"))))
    (event,) = [e for obj in ADAPTER.split(ADAPTER.parse(body)) for e in ADAPTER.map_object(obj, CONTEXT)]

    assert event.body.lines[0].unit_price == usd("0.10")
    assert str(event.body.total.amount) == "0.30"


def test_a_float_amount_is_refused_naming_its_path() -> None:
    payload = invoice(Line=[sales_line()])
    payload["Line"][0]["Amount"] = 40.0

    with pytest.raises(PayloadError) as error:
        mapped(query_page("Invoice", invoice(), payload))

    assert error.value.field == "QueryResponse.Invoice[1].Line[0].Amount"


def test_a_missing_total_names_its_path() -> None:
    payload = invoice()
    del payload["TotalAmt"]

    with pytest.raises(PayloadError) as error:
        mapped(single("Invoice", payload))

    assert error.value.field == "Invoice.TotalAmt"


def test_a_missing_currency_is_refused_unless_the_connection_names_the_home_currency() -> None:
    payload = invoice()
    del payload["CurrencyRef"]

    with pytest.raises(PayloadError) as error:
        mapped(single("Invoice", payload))
    (event,) = mapped(single("Invoice", payload), home_currency="CAD")

    assert error.value.field == "Invoice.CurrencyRef"
    assert event.body.total == Money.of("43.20", "CAD")


def test_an_unknown_line_detail_is_refused_naming_it() -> None:
    payload = invoice(Line=[sales_line(), {"Amount": d("1"), "DetailType": "TDSLineDetail"}])

    with pytest.raises(PayloadError) as error:
        mapped(single("Invoice", payload))

    assert error.value.field == "Invoice.Line[1].DetailType"


def test_order_numbers_in_memos_and_order_custom_fields_become_references() -> None:
    payload = invoice(PrivateNote="Shopify order #1001 via connector",
                      CustomField=[{"DefinitionId": "1", "Name": "Order #", "Type": "StringType",
                                    "StringValue": "SO-77"},
                                   {"DefinitionId": "2", "Name": "Crew #", "Type": "StringType", "StringValue": "104"}],
                      LinkedTxn=[{"TxnId": "170", "TxnType": "Payment"}])
    (event,) = mapped(single("Invoice", payload))

    assert event.references == ("1001", "#1001", "SO-77", "Payment:170")
    assert event.context["private_note"] == "Shopify order #1001 via connector"
    assert event.order is None


def test_context_holds_no_personal_data() -> None:
    (event,) = mapped(single("Invoice", invoice()))

    rendered = json.dumps(event.context)
    assert not [word for word in ("Ann", "Lee", "Main St", "ann@example.com") if word in rendered]


def test_a_document_without_lines_says_its_lines_were_not_stated() -> None:
    payload = copied(invoice())
    del payload["Line"]

    (event,) = mapped(single("Invoice", payload))

    assert event.body.lines == ()
    assert event.context["lines_stated"] is False
