"""Small builders of Xero Accounting API objects and responses, shaped like Xero's own, with ids and amounts tweakable.

Amounts are Decimals, as `ADAPTER.parse` reads Xero's JSON numbers; dates are Xero's `/Date(ms+0000)/`.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from adapters.toolkit import MappingContext
from adapters.xero import ADAPTER, xero_adapter
from canonical_model.events import Event

CONTEXT = MappingContext(account="org-8f2c", payload_hash="payload-hash-xero")
UPDATED = "2026-03-05T09:30:00.250+00:00"
CONTACT = {"ContactID": "430fa14a", "Name": "Ann Lee", "FirstName": "Ann", "LastName": "Lee",
           "EmailAddress": "ann@example.com", "Phones": [{"PhoneType": "MOBILE", "PhoneNumber": "555-0100"}]}


def d(value: str) -> Decimal:
    return Decimal(value)


def ms_date(iso: str) -> str:
    """Xero's Microsoft JSON date for an ISO time."""
    moment = datetime.fromisoformat(iso)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return f"/Date({int(moment.timestamp() * 1000)}+0000)/"


def line_item(amount: str = "40.00", code: str | None = "MUG-RED", quantity: str = "2.0", unit: str = "20.00",
              **extra: Any) -> dict[str, Any]:
    line: dict[str, Any] = {"Description": "Stoneware mug", "Quantity": d(quantity), "UnitAmount": d(unit),
                            "TaxType": "OUTPUT2", "TaxAmount": d("6.00"), "LineAmount": d(amount),
                            "AccountCode": "200", "Tracking": [], "LineItemID": "5f7a612b", "ValidationErrors": []}
    if code:
        line["ItemCode"] = code
    return {**line, **extra}


def invoice(invoice_id: str = "ed255415", **extra: Any) -> dict[str, Any]:
    """An authorised sales invoice of two mugs with 15% GST, for a contact whose details Xero keeps."""
    return {
        "Type": "ACCREC", "InvoiceID": invoice_id, "InvoiceNumber": "INV-0101", "Reference": "Shopify order #1001",
        "Contact": CONTACT, "DateString": "2026-03-02T00:00:00", "Date": ms_date("2026-03-02T00:00:00"),
        "DueDateString": "2026-03-16T00:00:00", "DueDate": ms_date("2026-03-16T00:00:00"), "Status": "AUTHORISED",
        "LineAmountTypes": "Exclusive", "LineItems": [line_item()], "SubTotal": d("40.00"), "TotalTax": d("6.00"),
        "Total": d("46.00"), "AmountDue": d("46.00"), "AmountPaid": d("0.00"), "AmountCredited": d("0.00"),
        "CurrencyRate": d("1.0"), "UpdatedDateUTC": ms_date(UPDATED), "CurrencyCode": "NZD", "HasErrors": False,
        **extra,
    }


def credit_note(credit_id: str = "249f15fa", **extra: Any) -> dict[str, Any]:
    """A credit note for one mug, part of it already refunded."""
    note = {
        "Type": "ACCRECCREDIT", "CreditNoteID": credit_id, "CreditNoteNumber": "CN-0005", "Reference": "#1001",
        "Contact": CONTACT, "DateString": "2026-03-09T00:00:00", "Date": ms_date("2026-03-09T00:00:00"),
        "Status": "AUTHORISED", "LineAmountTypes": "Exclusive",
        "LineItems": [line_item("20.00", quantity="1.0", TaxAmount=d("3.00"))], "SubTotal": d("20.00"),
        "TotalTax": d("3.00"), "Total": d("23.00"), "RemainingCredit": d("13.00"), "CurrencyRate": d("1.0"),
        "UpdatedDateUTC": ms_date(UPDATED), "CurrencyCode": "NZD",
    }
    return {**note, **extra}


def payment(payment_id: str = "99ea7f6b", **extra: Any) -> dict[str, Any]:
    """A customer's payment of the invoice, in the invoice's currency, part of a deposit batch."""
    return {
        "PaymentID": payment_id, "BatchPaymentID": "b54aa50c", "Date": ms_date("2026-03-04T00:00:00"),
        "BankAmount": d("46.00"), "Amount": d("46.00"), "Reference": "", "CurrencyRate": d("1.0"),
        "PaymentType": "ACCRECPAYMENT", "Status": "AUTHORISED", "UpdatedDateUTC": ms_date(UPDATED),
        "HasAccount": True, "IsReconciled": False, "Account": {"AccountID": "5690f1e8", "Code": "090"},
        "Invoice": {"Type": "ACCREC", "InvoiceID": "ed255415", "InvoiceNumber": "INV-0101",
                    "Reference": "Shopify order #1001", "Contact": CONTACT, "CurrencyCode": "NZD", "LineItems": []},
        "HasValidationErrors": False,
        **extra,
    }


def bank_transaction(transaction_id: str = "db54aab0", kind: str = "RECEIVE", **extra: Any) -> dict[str, Any]:
    """Money received into the business account, as Xero states it: a positive Total and a Type."""
    return {
        "BankTransactionID": transaction_id, "Type": kind, "Reference": "Stripe payout po_1001",
        "BankAccount": {"AccountID": "6f7594f2", "Code": "090", "Name": "Business Account"}, "Contact": CONTACT,
        "IsReconciled": True, "DateString": "2026-03-06T00:00:00", "Date": ms_date("2026-03-06T00:00:00"),
        "Status": "AUTHORISED", "LineAmountTypes": "Inclusive",
        "LineItems": [line_item("61.60", code=None, quantity="1.0", unit="61.60")],
        "SubTotal": d("53.57"), "TotalTax": d("8.03"), "Total": d("61.60"),
        "UpdatedDateUTC": ms_date(UPDATED), "CurrencyCode": "NZD",
        **extra,
    }


def batch_payment(batch_id: str = "d0e9bbbf", kind: str = "RECBATCH", **extra: Any) -> dict[str, Any]:
    """A deposit slip of two invoice payments."""
    payments = [{"Invoice": {"InvoiceID": f"inv-{n}", "InvoiceNumber": f"INV-010{n}", "CurrencyCode": "NZD"},
                 "PaymentID": f"pay-{n}", "Amount": d("50.00"), "BankAmount": d("50.00")} for n in (1, 2)]
    return {
        "Account": {"AccountID": "6f7594f2", "CurrencyCode": "NZD"}, "Reference": "Deposit 17",
        "BatchPaymentID": batch_id, "DateString": "2026-03-06T00:00:00", "Date": ms_date("2026-03-06T00:00:00"),
        "Payments": payments, "Type": kind, "Status": "AUTHORISED", "TotalAmount": d("100.00"),
        "UpdatedDateUTC": ms_date(UPDATED), "IsReconciled": False,
        **extra,
    }


def credit(kind: str = "Prepayment", credit_id: str = "ce0cddef", **extra: Any) -> dict[str, Any]:
    """A prepayment or overpayment received from a customer, one dollar of it allocated to an invoice."""
    return {
        f"{kind}ID": credit_id, "ID": credit_id, "Type": f"RECEIVE-{kind.upper()}", "Reference": "Order 1001 deposit",
        "Contact": CONTACT, "RemainingCredit": d("99.00"), "CurrencyRate": d("1.0"),
        "Allocations": [{"Amount": d("1.00"), "Date": ms_date("2026-03-07T00:00:00"),
                         "Invoice": {"InvoiceID": "ed255415", "InvoiceNumber": "INV-0101"}}],
        "Payments": [], "DateString": "2026-03-03T00:00:00", "Date": ms_date("2026-03-03T00:00:00"),
        "Status": "AUTHORISED", "LineAmountTypes": "NoTax", "LineItems": [], "SubTotal": d("100.00"),
        "TotalTax": d("0.00"), "Total": d("100.00"), "UpdatedDateUTC": ms_date(UPDATED), "CurrencyCode": "NZD",
        **extra,
    }


def manual_journal(journal_id: str = "99cb8353", **extra: Any) -> dict[str, Any]:
    """A posted manual journal moving payout fees out of a clearing account."""
    return {
        "Date": ms_date("2026-03-06T00:00:00"), "Status": "POSTED", "LineAmountTypes": "NoTax",
        "UpdatedDateUTC": ms_date(UPDATED), "ManualJournalID": journal_id, "Narration": "Stripe fees, order 1001",
        "JournalLines": [journal_line("2.10", "404"), journal_line("-2.10", "610", "Clearing")],
        "ShowOnCashBasisReports": True,
        **extra,
    }


def journal_line(amount: str, code: str, description: str = "Fees", field: str = "LineAmount") -> dict[str, Any]:
    return {"Description": description, "TaxType": "NONE", field: d(amount), "AccountCode": code, "Tracking": []}


def journal(journal_id: str = "1b31feeb", **extra: Any) -> dict[str, Any]:
    """The system journal Xero wrote for the invoice: receivable debited, sales and GST credited."""
    lines = [
        {"JournalLineID": "l1", "AccountCode": "610", "AccountName": "Accounts Receivable", "Description": "",
         "NetAmount": d("46.00"), "GrossAmount": d("46.00"), "TaxAmount": d("0.00")},
        {"JournalLineID": "l2", "AccountCode": "200", "AccountName": "Sales", "Description": "Stoneware mug",
         "NetAmount": d("-40.00"), "GrossAmount": d("-46.00"), "TaxAmount": d("-6.00")},
        {"JournalLineID": "l3", "AccountCode": "820", "AccountName": "GST", "Description": "",
         "NetAmount": d("-6.00"), "GrossAmount": d("-6.00"), "TaxAmount": d("0.00")},
    ]
    return {
        "JournalID": journal_id, "JournalDate": ms_date("2026-03-02T00:00:00"), "JournalNumber": 41,
        "CreatedDateUTC": ms_date("2026-03-02T18:00:00"), "Reference": "Shopify order #1001",
        "SourceID": "ed255415", "SourceType": "ACCREC", "JournalLines": lines,
        **extra,
    }


def item(item_id: str = "c8c54d65", **extra: Any) -> dict[str, Any]:
    """A stocked mug: Xero states its prices without any currency."""
    return {
        "ItemID": item_id, "Code": "MUG-RED", "Name": "Stoneware mug", "Description": "Red stoneware mug",
        "UpdatedDateUTC": ms_date(UPDATED), "IsTrackedAsInventory": True, "IsSold": True, "IsPurchased": True,
        "PurchaseDetails": {"UnitPrice": d("7.25"), "COGSAccountCode": "310", "TaxType": "INPUT2"},
        "SalesDetails": {"UnitPrice": d("20.00"), "AccountCode": "200", "TaxType": "OUTPUT2"},
        "InventoryAssetAccountCode": "630", "QuantityOnHand": d("25.0000"), "TotalCostPool": d("181.25"),
        **extra,
    }


def response(key: str, *objects: dict[str, Any]) -> dict[str, Any]:
    """An Accounting API response envelope around objects of one kind."""
    return {"Id": "18e7e80c", "Status": "OK", "ProviderName": "Order hub", "DateTimeUTC": "/Date(1772800000000)/",
            key: list(objects)}


def mapped(document: Any, base_currency: str | None = None) -> list[Event]:
    """The events of a document, as the hub would map it (the base currency is the connection's)."""
    adapter = xero_adapter(base_currency) if base_currency else ADAPTER
    return [event for obj in adapter.split(document) for event in adapter.map_object(obj, CONTEXT)]


def copied(payload: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(payload)
