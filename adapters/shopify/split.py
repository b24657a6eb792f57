"""Finds the Shopify objects in a document: a REST response (`{"orders": [...]}`), a webhook body (a bare
order, refund or fulfillment) or a bare list of transactions, each with its JSON pointer."""

from __future__ import annotations

from typing import Any

from adapters.shopify.common import path_of
from adapters.toolkit import PayloadError, SourceObject

_COLLECTIONS = {
    "orders": "order",
    "refunds": "refund",
    "fulfillments": "fulfillment",
    "fulfillment_events": "fulfillment_event",
    "transactions": "transaction",
    "payouts": "payout",
}
_SINGLES = set(_COLLECTIONS.values())
SUPPORTED = (
    "order(s), refund(s), fulfillment(s), fulfillment_event(s), transaction(s) (Shopify Payments balance "
    "transactions included), payout(s), or a bare order, refund or fulfillment webhook body"
)
_ORDER_MARKS = ("order_number", "total_price", "line_items", "financial_status")
_TRACKING_MARKS = ("tracking_numbers", "tracking_number", "tracking_company", "shipment_status")


def split(document: Any) -> list[SourceObject]:
    """The supported objects of a document; anything else is a PayloadError naming its top-level key."""
    if isinstance(document, list):
        return [SourceObject(_bare_or_fail(item, f"[{index}]"), f"/{index}", item) for index, item in enumerate(document)]
    if not isinstance(document, dict) or not document:
        raise PayloadError("document", "must be a non-empty JSON object or list")
    bare = bare_type(document)
    if bare is not None:
        return [SourceObject(bare, "", document)]
    known = [key for key in document if key in _SINGLES or key in _COLLECTIONS]
    if not known and "id" in document:
        keys = ", ".join(list(document)[:8])
        raise PayloadError("document", f"not a recognised Shopify object (keys: {keys}...); supported: {SUPPORTED}")
    if not known:
        key = next(iter(document))
        raise PayloadError(key, f"unsupported Shopify object {key!r}; supported: {SUPPORTED}")
    found: list[SourceObject] = []
    for key in known:
        if key in _SINGLES:
            found.append(_wrapped(key, f"/{key}", document[key]))
        else:
            found += [_wrapped(_COLLECTIONS[key], f"/{key}/{i}", item) for i, item in enumerate(_listed(key, document))]
    return found


def bare_type(data: dict[str, Any]) -> str | None:
    """The kind of an unwrapped Shopify object (webhook bodies and list items), or None when unrecognised."""
    has = data.__contains__
    if not has("id"):
        return None
    if has("payout_id") and has("type"):
        return "payout_transaction"
    if any(map(has, _ORDER_MARKS)) and not has("order_id") and not has("invoice_url"):
        return "order"
    if has("refund_line_items"):
        return "refund"
    if has("fulfillment_id") and has("happened_at"):
        return "fulfillment_event"
    if has("order_id") and any(map(has, _TRACKING_MARKS)):
        return "fulfillment"
    if has("order_id") and has("kind"):
        return "transaction"
    return None


def _wrapped(object_type: str, pointer: str, item: Any) -> SourceObject:
    where = path_of(pointer)
    if not isinstance(item, dict):
        raise PayloadError(where, "must be a JSON object")
    if object_type == "transaction" and "payout_id" in item and "type" in item:
        return SourceObject("payout_transaction", pointer, item)
    if object_type == "refund" and is_refund_calculation(item):
        raise PayloadError(
            where.split("[")[0],
            f"unsupported Shopify object: a refund calculation (refunds/calculate) suggests a refund and records "
            f"none; supported: {SUPPORTED}",
        )
    return SourceObject(object_type, pointer, item)


def is_refund_calculation(refund: dict[str, Any]) -> bool:
    """A refunds/calculate answer: no id, and suggested (not actual) refund transactions."""
    transactions = refund.get("transactions") or []
    suggested = any(isinstance(t, dict) and t.get("kind") == "suggested_refund" for t in transactions)
    return "id" not in refund and (suggested or "shipping" in refund)


def _listed(key: str, document: dict[str, Any]) -> list[Any]:
    value = document[key]
    if not isinstance(value, list):
        raise PayloadError(key, "must be a list")
    return value


def _bare_or_fail(item: Any, where: str) -> str:
    kind = bare_type(item) if isinstance(item, dict) else None
    if kind is None:
        raise PayloadError(where, f"not a recognised Shopify object; supported: {SUPPORTED}")
    return kind
