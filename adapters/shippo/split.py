"""Finds the Shippo objects in a document: a single object, a list page (`{"results": [...], "next": ...}`),
a bare list, or a webhook body (`{"event": ..., "data": {...}}`), each with its JSON pointer.

Shippo objects carry no type name, so each kind is told by the fields only it states.
"""

from __future__ import annotations

from typing import Any

from adapters.shippo.common import path_of
from adapters.toolkit import PayloadError, SourceObject

SUPPORTED = (
    "a transaction (label purchase), a track (tracks/<carrier>/<number>), an order, a batch, a rate, "
    "a page of them ({\"results\": [...]}), a bare list of them, or a webhook body carrying one in data"
)
_SHIPMENT_REASON = (
    "a Shippo shipment is a rate request: nothing is bought until a transaction purchases one of its rates, "
    "and the transaction states the shipment"
)


def kind_of(data: dict[str, Any]) -> str | None:
    """The kind of a Shippo object by the fields only that kind states, or None when unrecognised."""
    has = data.__contains__
    if has("batch_shipments"):
        return "batch"
    if has("order_number") or (has("line_items") and has("order_status")):
        return "order"
    if has("object_id") and has("rate") and (has("tracking_number") or has("label_url") or has("object_state")):
        return "transaction"
    if has("tracking_number") and has("carrier") and (has("tracking_status") or has("tracking_history")):
        return "track"
    if has("object_id") and has("amount") and has("provider") and has("servicelevel"):
        return "rate"
    if has("address_from") and has("parcels") and has("rates"):
        return "shipment"
    return None


def split(document: Any) -> list[SourceObject]:
    """The supported objects of a document; anything else is a PayloadError naming what it is."""
    if isinstance(document, list):
        return [_found(item, f"/{index}") for index, item in enumerate(document)]
    if not isinstance(document, dict) or not document:
        raise PayloadError("document", "must be a non-empty JSON object or list")
    if "event" in document and isinstance(document.get("data"), dict):
        return [_found(document["data"], "/data")]
    if kind_of(document) is not None:
        return [_found(document, "")]
    if isinstance(document.get("results"), list):
        return [_found(item, f"/results/{index}") for index, item in enumerate(document["results"])]
    keys = ", ".join(list(document)[:8])
    raise PayloadError("document", f"unsupported Shippo object (keys: {keys}); supported: {SUPPORTED}")


def next_page(document: Any) -> str | None:
    """The URL of the next page of a list answer (Shippo pages by a `next` link), None on the last page."""
    if isinstance(document, dict) and isinstance(document.get("next"), str) and document["next"]:
        return str(document["next"])
    return None


def _found(item: Any, pointer: str) -> SourceObject:
    where = path_of(pointer) or "document"
    if not isinstance(item, dict):
        raise PayloadError(where, "must be a JSON object")
    kind = kind_of(item)
    if kind == "shipment":
        raise PayloadError(where, f"unsupported Shippo object: {_SHIPMENT_REASON}; supported: {SUPPORTED}")
    if kind is None:
        keys = ", ".join(list(item)[:8])
        raise PayloadError(where, f"unsupported Shippo object (keys: {keys}); supported: {SUPPORTED}")
    return SourceObject(kind, pointer, item)
