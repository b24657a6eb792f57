"""Finds the EasyPost objects in a document: a single object (`"object": "Shipment"`), a list page
(`{"trackers": [...], "has_more": ...}`), a bare list (POST /v2/refunds answers one) or a webhook Event
whose `result` is the object, each with its JSON pointer."""

from __future__ import annotations

from typing import Any

from adapters.easypost.common import path_of
from adapters.toolkit import PayloadError, SourceObject

_KINDS = {
    "Shipment": "shipment", "Tracker": "tracker", "Batch": "batch", "Order": "order", "Refund": "refund",
    "Insurance": "insurance",
}
_ID_PREFIXES = {
    "shp_": "shipment", "trk_": "tracker", "batch_": "batch", "order_": "order", "rfnd_": "refund", "ins_": "insurance",
}
_PAGES = {
    "shipments": "shipment", "trackers": "tracker", "batches": "batch", "orders": "order", "refunds": "refund",
    "insurances": "insurance",
}
SUPPORTED = (
    "Shipment, Tracker, Batch, Order, Refund or Insurance objects, their list pages (shipments, trackers, "
    "batches, orders, refunds, insurances), a bare list of them, or a webhook Event carrying one"
)


def split(document: Any) -> list[SourceObject]:
    """The supported objects of a document; anything else is a PayloadError naming what it is."""
    if isinstance(document, list):
        return [_found(item, f"/{index}") for index, item in enumerate(document)]
    if not isinstance(document, dict) or not document:
        raise PayloadError("document", "must be a non-empty JSON object or list")
    if document.get("object") == "Event":
        if not isinstance(document.get("result"), dict):
            raise PayloadError("result", f"an EasyPost Event must carry its object in result; supported: {SUPPORTED}")
        return [_found(document["result"], "/result")]
    if kind_of(document) is not None or "object" in document:
        return [_found(document, "")]
    pages = [key for key in document if key in _PAGES]
    if not pages:
        key = next(iter(document))
        raise PayloadError(key, f"unsupported EasyPost object {key!r}; supported: {SUPPORTED}")
    found = []
    for key in pages:
        items = document[key]
        if not isinstance(items, list):
            raise PayloadError(key, "must be a list")
        found += [_found(item, f"/{key}/{index}", _PAGES[key]) for index, item in enumerate(items)]
    return found


def kind_of(data: dict[str, Any]) -> str | None:
    """The kind of an EasyPost object by its `object` name, or by its id's prefix when unnamed."""
    if "object" in data:
        return _KINDS.get(str(data["object"]))
    object_id = str(data.get("id") or "")
    return next((kind for prefix, kind in _ID_PREFIXES.items() if object_id.startswith(prefix)), None)


def next_page(document: Any) -> dict[str, str] | None:
    """Query parameters of the next (older) page of a list answer: EasyPost pages by `before_id`."""
    if not isinstance(document, dict) or document.get("has_more") is not True:
        return None
    items = next((document[key] for key in _PAGES if isinstance(document.get(key), list)), [])
    last = items[-1] if items and isinstance(items[-1], dict) else None
    return {"before_id": str(last["id"])} if last and last.get("id") else None


def _found(item: Any, pointer: str, expected: str | None = None) -> SourceObject:
    where = path_of(pointer) or "document"
    if not isinstance(item, dict):
        raise PayloadError(where, "must be a JSON object")
    kind = expected if expected is not None and "object" not in item else kind_of(item)
    if kind is None or (expected is not None and kind != expected):
        name = item.get("object") or item.get("id") or "without object name"
        field = f"{path_of(pointer)}.object" if pointer else "object"
        raise PayloadError(field, f"unsupported EasyPost object {str(name)!r}; supported: {SUPPORTED}")
    return SourceObject(kind, pointer, item)
