"""Finds the WooCommerce objects in a document: a bare order or refund (a REST answer, a webhook body), a list of
them (a page of `GET /orders` or `GET /orders/<id>/refunds`), or an `/orders/batch` answer, with JSON pointers."""

from __future__ import annotations

from typing import Any

from adapters.toolkit import PayloadError, SourceObject

SUPPORTED = (
    "an order or a list of orders (REST v3 or webhook body), an order refund or a list of them, "
    "or an orders batch response {create, update, delete}"
)
_BATCH_KEYS = {"create", "update", "delete"}
_ORDER_MARKS = ("order_key", "line_items", "number", "customer_note", "payment_method", "coupon_lines", "shipping_lines")
_REFUND_MARKS = ("refunded_by", "refunded_payment")
# A deleted item may be reduced to its identity and times: still an order the batch deleted.
_DELETION_FIELDS = {"id", "status", "date_created", "date_created_gmt", "date_modified", "date_modified_gmt"}


def split(document: Any) -> list[SourceObject]:
    """The supported objects of a document; anything else is a PayloadError naming its top-level key."""
    if isinstance(document, list):
        return [SourceObject(_bare_or_fail(item, f"[{index}]"), f"/{index}", item) for index, item in enumerate(document)]
    if not isinstance(document, dict) or not document:
        raise PayloadError("document", f"must be a non-empty JSON object or list; supported: {SUPPORTED}")
    if set(document) <= _BATCH_KEYS:
        return [found for key in ("create", "update", "delete") for found in _batch_items(document, key)]
    kind = bare_type(document)
    if kind is not None:
        return [SourceObject(kind, "", document)]
    raise _unsupported(document)


def bare_type(data: dict[str, Any]) -> str | None:
    """The kind of an unwrapped WooCommerce object ("order" or "refund"), or None when unrecognised."""
    if "id" not in data:
        return None
    if any(key in data for key in _REFUND_MARKS) or ("amount" in data and "status" not in data and "line_items" in data):
        return "refund"
    if any(key in data for key in _ORDER_MARKS) or ("currency" in data and "total" in data):
        return "order"
    return None


def _batch_items(document: dict[str, Any], key: str) -> list[SourceObject]:
    items = document[key]
    if not isinstance(items, list):
        raise PayloadError(key, "must be a list")
    return [SourceObject(_batch_kind(item, key, f"{key}[{index}]"), f"/{key}/{index}", item)
            for index, item in enumerate(items)]


def _batch_kind(item: Any, key: str, where: str) -> str:
    if not isinstance(item, dict):
        raise PayloadError(where, "must be a JSON object")
    if "error" in item:
        return "batch_error"
    kind = bare_type(item)
    if key == "delete" and (kind == "order" or ("id" in item and set(item) <= _DELETION_FIELDS)):
        return "deleted_order"
    if kind == "order":
        return "order"
    raise PayloadError(where, f"unsupported WooCommerce object in a batch: not an order; supported: {SUPPORTED}")


def _unsupported(document: dict[str, Any]) -> PayloadError:
    if "code" in document and "message" in document and "id" not in document:
        reason = f"an error response ({document['code']}: {document['message']})"
        return PayloadError("code", f"unsupported WooCommerce object: {reason} records no fact; supported: {SUPPORTED}")
    if "id" in document:
        keys = ", ".join(list(document)[:8])
        return PayloadError("document", f"unsupported WooCommerce object (keys: {keys}...); supported: {SUPPORTED}")
    key = next(iter(document))
    return PayloadError(key, f"unsupported WooCommerce object {key!r}; supported: {SUPPORTED}")


def _bare_or_fail(item: Any, where: str) -> str:
    kind = bare_type(item) if isinstance(item, dict) else None
    if kind is None:
        raise PayloadError(where, f"unsupported WooCommerce object: not an order or an order refund; supported: {SUPPORTED}")
    return kind
