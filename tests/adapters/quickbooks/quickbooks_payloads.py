"""Small builders of QuickBooks Online entities and responses, shaped like the API's own, with ids and amounts tweakable.

Amounts are Decimals, as `ADAPTER.parse` reads QuickBooks' JSON numbers; `as_json` turns a document
into the bytes QuickBooks would send.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from adapters.quickbooks import ADAPTER, quickbooks_adapter
from adapters.quickbooks.books import as_json as as_json
from adapters.toolkit import MappingContext
from canonical_model.events import Event

CONTEXT = MappingContext(account="realm-9130354", payload_hash="payload-hash-qbo")
UPDATED = "2026-03-05T09:30:00-08:00"


def d(value: str) -> Decimal:
    return Decimal(value)


def meta(updated: str = UPDATED) -> dict[str, str]:
    return {"CreateTime": "2026-03-02T10:00:00-08:00", "LastUpdatedTime": updated}


def sales_line(amount: str = "40.00", item: str = "MUG-RED", qty: str = "2", price: str = "20.00", line_id: str = "1",
               **extra: Any) -> dict[str, Any]:
    return {
        "Id": line_id, "LineNum": int(line_id), "Description": "Stoneware mug", "Amount": d(amount),
        "DetailType": "SalesItemLineDetail",
        "SalesItemLineDetail": {"ItemRef": {"value": "16", "name": item}, "UnitPrice": d(price), "Qty": d(qty),
                                "TaxCodeRef": {"value": "TAX"}},
        **extra,
    }


def subtotal_line(amount: str = "40.00") -> dict[str, Any]:
    return {"Amount": d(amount), "DetailType": "SubTotalLineDetail", "SubTotalLineDetail": {}}


def discount_line(amount: str = "4.00", percent: str | None = "10") -> dict[str, Any]:
    detail: dict[str, Any] = {"PercentBased": percent is not None, "DiscountAccountRef": {"value": "86",
                                                                                          "name": "Discounts given"}}
    if percent is not None:
        detail["DiscountPercent"] = d(percent)
    return {"Amount": d(amount), "DetailType": "DiscountLineDetail", "DiscountLineDetail": detail}


def invoice(entity_id: str = "130", **extra: Any) -> dict[str, Any]:
    """An open invoice of two mugs with 8% sales tax, for a customer whose name and address QuickBooks keeps."""
    return {
        "Id": entity_id, "SyncToken": "0", "domain": "QBO", "sparse": False, "MetaData": meta(),
        "DocNumber": "1001", "TxnDate": "2026-03-02", "DueDate": "2026-04-01",
        "CurrencyRef": {"value": "USD", "name": "United States Dollar"},
        "Line": [sales_line(), subtotal_line()],
        "TxnTaxDetail": {"TotalTax": d("3.20"), "TaxLine": [{"Amount": d("3.20"), "DetailType": "TaxLineDetail",
                                                             "TaxLineDetail": {"TaxRateRef": {"value": "3"},
                                                                               "PercentBased": True,
                                                                               "TaxPercent": 8,
                                                                               "NetAmountTaxable": d("40.00")}}]},
        "CustomerRef": {"value": "58", "name": "Ann Lee"},
        "CustomerMemo": {"value": "Thank you for your business!"},
        "BillAddr": {"Id": "9", "Line1": "1 Main St", "City": "Springfield"},
        "BillEmail": {"Address": "ann@example.com"},
        "SalesTermRef": {"value": "3", "name": "Net 30"},
        "TotalAmt": d("43.20"), "Balance": d("43.20"), "EmailStatus": "NotSet", "PrintStatus": "NotSet",
        **extra,
    }


def sales_receipt(entity_id: str = "140", **extra: Any) -> dict[str, Any]:
    """A paid-at-once receipt: like an invoice without terms, paid into Undeposited Funds by card."""
    stated = {"DocNumber": "1002", "Balance": d("0"), "PaymentMethodRef": {"value": "3", "name": "Visa"},
              "DepositToAccountRef": {"value": "4", "name": "Undeposited Funds"}}
    receipt = invoice(entity_id, **{**stated, **extra})
    for field in ("DueDate", "SalesTermRef"):
        receipt.pop(field, None)
    return receipt


def refund_receipt(entity_id: str = "150", **extra: Any) -> dict[str, Any]:
    """A refund of one mug paid back from the checking account; refund receipts never state EmailStatus."""
    stated = {"DocNumber": "1003", "Line": [sales_line("20.00", qty="1"), subtotal_line("20.00")],
              "TxnTaxDetail": {"TotalTax": d("1.60")}, "TotalAmt": d("21.60"),
              "DepositToAccountRef": {"value": "35", "name": "Checking"}}
    refund = sales_receipt(entity_id, **{**stated, **extra})
    refund.pop("EmailStatus")
    return refund


def credit_memo(entity_id: str = "160", **extra: Any) -> dict[str, Any]:
    return invoice(entity_id, **{"DocNumber": "1004", "RemainingCredit": d("43.20"), **extra})


def payment(entity_id: str = "170", **extra: Any) -> dict[str, Any]:
    """A customer payment of an invoice (its DocNumber repeated in LineEx), partly left unapplied."""
    return {
        "Id": entity_id, "SyncToken": "0", "domain": "QBO", "MetaData": meta(), "TxnDate": "2026-03-04",
        "CurrencyRef": {"value": "USD"}, "CustomerRef": {"value": "58", "name": "Ann Lee"},
        "DepositToAccountRef": {"value": "4", "name": "Undeposited Funds"},
        "PaymentMethodRef": {"value": "3", "name": "Visa"}, "PaymentRefNum": "4411",
        "TotalAmt": d("50.00"), "UnappliedAmt": d("6.80"), "ProcessPayment": False,
        "Line": [payment_line("43.20", "130", "1001")],
        **extra,
    }


def payment_line(amount: str, txn_id: str, doc_number: str | None = None, txn_type: str = "Invoice") -> dict[str, Any]:
    line: dict[str, Any] = {"Amount": d(amount), "LinkedTxn": [{"TxnId": txn_id, "TxnType": txn_type}]}
    if doc_number:
        line["LineEx"] = {"any": [{"name": "{http://schema.intuit.com/finance/v3}NameValue",
                                   "value": {"Name": "txnReferenceNumber", "Value": doc_number}}]}
    return line


def deposit(entity_id: str = "180", **extra: Any) -> dict[str, Any]:
    """Two payments deposited together, less cash back moved to savings."""
    return {
        "Id": entity_id, "SyncToken": "0", "domain": "QBO", "MetaData": meta(), "TxnDate": "2026-03-06",
        "CurrencyRef": {"value": "USD"}, "DepositToAccountRef": {"value": "35", "name": "Checking"},
        "PrivateNote": "Stripe payout po_1001",
        "CashBack": {"AccountRef": {"value": "36", "name": "Savings"}, "Amount": d("10.00"), "Memo": "To savings"},
        "Line": [{"Amount": d("50.00"), "LinkedTxn": [{"TxnId": "170", "TxnType": "Payment", "TxnLineId": "0"}]},
                 {"Amount": d("21.60"), "LinkedTxn": [{"TxnId": "140", "TxnType": "SalesReceipt", "TxnLineId": "0"}]}],
        "TotalAmt": d("61.60"),
        **extra,
    }


def journal_entry(entity_id: str = "190", **extra: Any) -> dict[str, Any]:
    """Payout fees booked by hand: fees debited, clearing account credited."""
    return {
        "Id": entity_id, "SyncToken": "1", "domain": "QBO", "MetaData": meta(), "TxnDate": "2026-03-06",
        "CurrencyRef": {"value": "USD"}, "DocNumber": "JE-7", "PrivateNote": "Stripe fees for order #1001",
        "Adjustment": False,
        "Line": [journal_line("0", "2.10", "Debit", "Merchant fees"),
                 journal_line("1", "2.10", "Credit", "Stripe clearing")],
        **extra,
    }


def journal_line(line_id: str, amount: str, side: str, account: str) -> dict[str, Any]:
    return {"Id": line_id, "Description": "Fees", "Amount": d(amount), "DetailType": "JournalEntryLineDetail",
            "JournalEntryLineDetail": {"PostingType": side, "AccountRef": {"value": "77", "name": account}}}


def item(entity_id: str = "16", **extra: Any) -> dict[str, Any]:
    """A stocked mug: QuickBooks states its prices without any currency."""
    return {
        "Id": entity_id, "SyncToken": "3", "domain": "QBO", "MetaData": meta(), "Name": "Stoneware mug",
        "Sku": "MUG-RED", "Type": "Inventory", "Active": True, "UnitPrice": d("20.00"), "PurchaseCost": d("7.25"),
        "TrackQtyOnHand": True, "QtyOnHand": d("25"), "InvStartDate": "2026-01-01",
        "IncomeAccountRef": {"value": "79", "name": "Sales of Product Income"},
        **extra,
    }


def single(entity: str, data: dict[str, Any]) -> dict[str, Any]:
    return {entity: data, "time": "2026-03-07T08:00:00.000-08:00"}


def query_page(entity: str, *entities: dict[str, Any]) -> dict[str, Any]:
    return {"QueryResponse": {entity: list(entities), "startPosition": 1, "maxResults": len(entities)},
            "time": "2026-03-07T08:00:00.000-08:00"}


def cdc(*pages: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    return {"CDCResponse": [{"QueryResponse": [dict(page, startPosition=1) for page in pages]}],
            "time": "2026-03-07T08:00:00.000-08:00"}


def deleted(entity_id: str, updated: str = "2026-03-07T07:59:00-08:00") -> dict[str, Any]:
    return {"domain": "QBO", "status": "Deleted", "Id": entity_id, "MetaData": {"LastUpdatedTime": updated}}


def mapped(document: Any, home_currency: str | None = None) -> list[Event]:
    """The events of a document, as the hub would map it (the home currency is the connection's)."""
    adapter = quickbooks_adapter(home_currency) if home_currency else ADAPTER
    return [event for obj in adapter.split(document) for event in adapter.map_object(obj, CONTEXT)]


def copied(payload: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(payload)
