"""Finds the QuickBooks Online entities in a document, each with its JSON pointer.

A document is a single-entity response (`{"Invoice": {...}, "time": ...}`), a query page
(`{"QueryResponse": {"Invoice": [...], "startPosition": 1, ...}}`), a change-data-capture response
(`{"CDCResponse": [{"QueryResponse": [{"Invoice": [...]}, ...]}]}`), or a bare entity or list of them as
Airbyte-style exports record them. A bare entity does not name its type, so it is recognised by the
fields only that entity has (a Sales receipt states EmailStatus, a Refund receipt never does); the
wrapped forms are unambiguous and preferred.
"""

from __future__ import annotations

from typing import Any

from adapters.quickbooks.common import path_of
from adapters.toolkit import PayloadError, SourceObject

SUPPORTED_ENTITIES = ("Invoice", "SalesReceipt", "RefundReceipt", "CreditMemo", "Payment", "Deposit", "JournalEntry",
                      "Item")
SUPPORTED = (
    "Invoice, SalesReceipt, RefundReceipt, CreditMemo, Payment, Deposit, JournalEntry and Item entities, alone, "
    "wrapped ({\"Invoice\": {...}}), in a QueryResponse page or in a CDCResponse"
)
_PAGE_KEYS = {"startPosition", "maxResults", "totalCount"}
_ITEM_TYPES = {"Inventory", "NonInventory", "Service", "Group", "Category"}
_SALES_DETAILS = {"SalesItemLineDetail", "GroupLineDetail", "DiscountLineDetail"}


def split(document: Any) -> list[SourceObject]:
    """The entities of a document; a document holding none QuickBooks could have sent is a PayloadError."""
    if isinstance(document, list):
        return [_bare(item, f"/{index}") for index, item in enumerate(document)]
    if not isinstance(document, dict) or not document:
        raise PayloadError("document", "must be a non-empty JSON object or list")
    if "Fault" in document:
        raise PayloadError("Fault", f"QuickBooks answered with an error, not an entity: {_fault(document['Fault'])}")
    if "CDCResponse" in document:
        return _change_data(document["CDCResponse"])
    if "QueryResponse" in document:
        return _page(document["QueryResponse"], "/QueryResponse")
    if "Id" in document:
        return [_bare(document, "")]
    return _single(document)


def _single(document: dict[str, Any]) -> list[SourceObject]:
    entities = {key: value for key, value in document.items() if key != "time"}
    if not entities:
        raise PayloadError("document", f"holds no QuickBooks entity; supported: {SUPPORTED}")
    key = next(iter(entities))
    if key not in SUPPORTED_ENTITIES or not isinstance(entities[key], dict):
        raise PayloadError(key, f"unsupported QuickBooks object {key!r}; supported: {SUPPORTED}")
    return [SourceObject(key, f"/{key}", entities[key])]


def _page(page: Any, pointer: str) -> list[SourceObject]:
    """The entities of one QueryResponse; entity kinds the hub does not map still become objects it refuses."""
    if not isinstance(page, dict):
        raise PayloadError(path_of(pointer), "must be a JSON object")
    found: list[SourceObject] = []
    for key, value in page.items():
        if key in _PAGE_KEYS:
            continue
        if not isinstance(value, list):
            raise PayloadError(path_of(f"{pointer}/{key}"), "must be a list")
        for index, entity in enumerate(value):
            if not isinstance(entity, dict):
                raise PayloadError(path_of(f"{pointer}/{key}/{index}"), "must be a JSON object")
            found.append(SourceObject(key, f"{pointer}/{key}/{index}", entity))
    return found


def _change_data(responses: Any) -> list[SourceObject]:
    if not isinstance(responses, list):
        raise PayloadError("CDCResponse", "must be a list")
    found: list[SourceObject] = []
    for index, response in enumerate(responses):
        pages = response.get("QueryResponse") if isinstance(response, dict) else None
        if not isinstance(pages, list):
            raise PayloadError(f"CDCResponse[{index}].QueryResponse", "must be a list")
        for number, page in enumerate(pages):
            found += _page(page, f"/CDCResponse/{index}/QueryResponse/{number}")
    return found


def _bare(entity: Any, pointer: str) -> SourceObject:
    kind = bare_type(entity) if isinstance(entity, dict) else None
    if kind is None:
        where = path_of(pointer) or "document"
        keys = ", ".join(list(entity)[:8]) if isinstance(entity, dict) else type(entity).__name__
        raise PayloadError(where, f"not a recognised QuickBooks entity (keys: {keys}); supported: {SUPPORTED}")
    return SourceObject(kind, pointer, entity)


def bare_type(data: dict[str, Any]) -> str | None:
    """The entity type of an unwrapped QuickBooks entity, from the fields only that type has; None when unsure."""
    if "Id" not in data or data.get("status") == "Deleted":
        return None
    lines = [line for line in data.get("Line") or [] if isinstance(line, dict)]
    details = {line.get("DetailType") for line in lines}
    if "JournalEntryLineDetail" in details:
        return "JournalEntry"
    if "Line" not in data and data.get("Type") in _ITEM_TYPES and "Name" in data:
        return "Item"
    if details & _SALES_DETAILS:
        return _sales_type(data)
    if "UnappliedAmt" in data or ("CustomerRef" in data and lines and all("LinkedTxn" in line for line in lines)):
        return "Payment"
    if "DepositToAccountRef" in data and "CustomerRef" not in data:
        return "Deposit"
    return None


def _sales_type(data: dict[str, Any]) -> str | None:
    if "RemainingCredit" in data:
        return "CreditMemo"
    if "DueDate" in data:
        return "Invoice"
    if "EmailStatus" in data:
        return "SalesReceipt"
    if "DepositToAccountRef" in data:
        return "RefundReceipt"
    return None


def _fault(fault: Any) -> str:
    errors = fault.get("Error") if isinstance(fault, dict) else None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        first = errors[0]
        detail = f": {first['Detail']}" if first.get("Detail") else ""
        return f"{first.get('Message') or 'error'} (code {first.get('code') or 'not given'}){detail}"
    return "no detail given"

