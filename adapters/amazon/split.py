"""Finds the Amazon objects in a document, each with its JSON pointer (or "line N" in a settlement flat file).

SP-API answers wrap their result in `{"payload": ...}`; an unwrapped result is read the same way. A
Finances v0 answer holds one list per kind of financial event: every event becomes one object whose
type is the kind (`ShipmentEvent`, `RefundEvent`...), so that an unsupported kind is refused on its
own while the supported events beside it still map.
"""

from __future__ import annotations

from typing import Any

from adapters.amazon.common import path_of
from adapters.amazon.parse import FlatFile
from adapters.amazon.settlement_report import split_report
from adapters.toolkit import PayloadError, SourceObject

SUPPORTED = (
    "Orders v0 getOrders, getOrder, getOrderItems, getOrderAddress and getOrderBuyerInfo; Finances v0 "
    "listFinancialEvents(ByOrderId|ByGroupId) and listFinancialEventGroups; Finances 2024-06-19 listTransactions; "
    "Fulfillment Outbound getFulfillmentOrder and getPackageTrackingDetails; the V2 settlement report flat file"
)
_ORDER_MARKS = ("OrderStatus", "PurchaseDate", "LastUpdateDate")
_PERSONAL_MARKS = ("ShippingAddress", "BuyerEmail", "BuyerName", "BuyerInfo", "BuyerCompanyName", "DeliveryPreferences")
_LISTS = {"Orders": "order", "FinancialEventGroupList": "financial_event_group", "transactions": "transaction"}


def split(document: Any) -> list[SourceObject]:
    """The supported objects of a document; anything else is a PayloadError naming its top-level key."""
    if isinstance(document, FlatFile):
        return split_report(document)
    if not isinstance(document, dict) or not document:
        raise PayloadError("document", f"must be a non-empty JSON object; supported: {SUPPORTED}")
    if "errors" in document and "payload" not in document:
        raise PayloadError("errors", f"Amazon answered with errors, not a result: {_errors(document['errors'])}")
    wrapped = "payload" in document
    body = document["payload"] if wrapped else document
    prefix = "/payload" if wrapped else ""
    if not isinstance(body, dict):
        raise PayloadError("payload" if wrapped else "document", "must be a JSON object")
    found = _found(body, prefix)
    if found is None:
        keys = ", ".join(list(body)[:8])
        field = "payload" if wrapped else next(iter(body))
        raise PayloadError(field, f"unsupported Amazon SP-API object (keys: {keys}); supported: {SUPPORTED}")
    return found


def _found(body: dict[str, Any], prefix: str) -> list[SourceObject] | None:
    """The objects of an unwrapped SP-API result, or None when it is no kind this adapter knows."""
    for key, object_type in _LISTS.items():
        if key in body:
            items = _listed(body, key, prefix)
            return [_object(object_type, f"{prefix}/{key}/{index}", item) for index, item in enumerate(items)]
    if "FinancialEvents" in body:
        return financial_events(body["FinancialEvents"], f"{prefix}/FinancialEvents")
    if "OrderItems" in body:
        return [_object("order_items", prefix, body)]
    if "fulfillmentOrder" in body:
        return [_object("fulfillment_order", prefix, body)]
    if "trackingEvents" in body or ("packageNumber" in body and "trackingNumber" in body):
        return [_object("package_tracking", prefix, body)]
    if "AmazonOrderId" in body and any(mark in body for mark in _ORDER_MARKS):
        return [_object("order", prefix, body)]
    if "AmazonOrderId" in body and any(mark in body for mark in _PERSONAL_MARKS):
        return [_object("order_personal_data", prefix, body)]
    return None


def financial_events(lists: Any, pointer: str) -> list[SourceObject]:
    """One object per financial event, typed by its list: `ShipmentEventList` holds `ShipmentEvent`s."""
    if not isinstance(lists, dict):
        raise PayloadError(path_of(pointer), "must be a JSON object of event lists")
    found = []
    for name in lists:
        kind = name[: -len("List")] if name.endswith("List") else name
        events = _listed(lists, name, pointer)
        found += [_object(kind, f"{pointer}/{name}/{index}", event) for index, event in enumerate(events)]
    return found


def _listed(body: dict[str, Any], key: str, prefix: str) -> list[Any]:
    value = body[key]
    if value is None:
        return []
    if not isinstance(value, list):
        raise PayloadError(path_of(f"{prefix}/{key}"), "must be a list")
    return value


def _object(object_type: str, pointer: str, item: Any) -> SourceObject:
    if not isinstance(item, dict):
        raise PayloadError(path_of(pointer) or "document", "must be a JSON object")
    return SourceObject(object_type, pointer, item)


def _errors(errors: Any) -> str:
    if not isinstance(errors, list):
        return str(errors)
    return "; ".join(
        f"{error.get('code')}: {error.get('message')}" if isinstance(error, dict) else str(error) for error in errors
    )
