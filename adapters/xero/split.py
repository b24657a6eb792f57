"""Finds the Xero objects in a document, each with its JSON pointer.

A document is an Accounting API response (`{"Invoices": [...], "Id": ..., "Status": "OK", ...}`),
a bare object or list of objects, recognised by the id field only its kind has, or a webhook body
(`{"events": [...], "firstEventSequence": ...}`, see `notifications`).
"""

from __future__ import annotations

from typing import Any

from adapters.toolkit import PayloadError, SourceObject
from adapters.xero.common import path_of
from adapters.xero.notifications import is_notification

COLLECTIONS = {
    "Invoices": "Invoice",
    "CreditNotes": "CreditNote",
    "Payments": "Payment",
    "BankTransactions": "BankTransaction",
    "ManualJournals": "ManualJournal",
    "Journals": "Journal",
    "Items": "Item",
    "BatchPayments": "BatchPayment",
    "Overpayments": "Overpayment",
    "Prepayments": "Prepayment",
}
SUPPORTED = (
    "Invoices, CreditNotes, Payments, BankTransactions, ManualJournals, Journals, Items, BatchPayments, "
    "Overpayments and Prepayments responses, bare objects of those kinds, or webhook notifications"
)
_ENVELOPE = {"Id", "Status", "ProviderName", "DateTimeUTC", "pagination", "Warnings"}
# The id field that tells a bare object's kind; checked in this order, as a Payment also names its batch.
_ID_FIELDS = (
    ("CreditNoteID", "CreditNote"), ("PrepaymentID", "Prepayment"), ("OverpaymentID", "Overpayment"),
    ("BankTransactionID", "BankTransaction"), ("InvoiceID", "Invoice"), ("PaymentID", "Payment"),
    ("BatchPaymentID", "BatchPayment"), ("ManualJournalID", "ManualJournal"), ("JournalID", "Journal"),
    ("ItemID", "Item"),
)


def split(document: Any) -> list[SourceObject]:
    """The objects of a document; a document holding none Xero could have sent is a PayloadError."""
    if isinstance(document, list):
        return [_bare(item, f"/{index}") for index, item in enumerate(document)]
    if not isinstance(document, dict) or not document:
        raise PayloadError("document", "must be a non-empty JSON object or list")
    if "ErrorNumber" in document:
        raise PayloadError("document", f"Xero answered with an error, not an object: {_error(document)}")
    if is_notification(document):
        return [SourceObject("WebhookNotification", "", document)]
    if bare_type(document):
        # Checked first: a bare invoice also has Payments, CreditNotes, Prepayments and Overpayments lists.
        return [_bare(document, "")]
    known = [key for key in document if key in COLLECTIONS]
    if known:
        return [obj for key in known for obj in _collection(document, key)]
    others = [key for key in document if key not in _ENVELOPE]
    if others:
        raise PayloadError(others[0], f"unsupported Xero object {others[0]!r}; supported: {SUPPORTED}")
    raise PayloadError("document", f"holds no Xero object; supported: {SUPPORTED}")


def _collection(document: dict[str, Any], key: str) -> list[SourceObject]:
    items = document[key]
    if not isinstance(items, list):
        raise PayloadError(key, "must be a list")
    found = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise PayloadError(f"{key}[{index}]", "must be a JSON object")
        found.append(SourceObject(COLLECTIONS[key], f"/{key}/{index}", item))
    return found


def bare_type(data: dict[str, Any]) -> str | None:
    """The kind of an unwrapped Xero object, from the id field only its kind has; None when unrecognised."""
    return next((kind for field, kind in _ID_FIELDS if data.get(field)), None)


def _bare(item: Any, pointer: str) -> SourceObject:
    kind = bare_type(item) if isinstance(item, dict) else None
    if kind is None:
        where = path_of(pointer) or "document"
        raise PayloadError(where, f"not a recognised Xero object; supported: {SUPPORTED}")
    return SourceObject(kind, pointer, item)


def _error(document: dict[str, Any]) -> str:
    messages = [str(error.get("Message")) for element in document.get("Elements") or [] if isinstance(element, dict)
                for error in element.get("ValidationErrors") or [] if isinstance(error, dict)]
    stated = f"{document.get('Type') or 'error'} {document.get('ErrorNumber')}: {document.get('Message') or ''}".strip()
    return "; ".join([stated, *messages])
