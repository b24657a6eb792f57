"""Finds the ShipStation objects in a document: a list page (`{"orders": [...], "total", "page", "pages"}`,
likewise `shipments` and `fulfillments`), a single order, shipment or fulfillment, a bare list of them, or a
webhook notice (`{"resource_url", "resource_type"}`), each with its JSON pointer.

ShipStation objects carry no type name, so each kind is told by the id field only it states.
"""

from __future__ import annotations

from typing import Any

from adapters.shipstation.common import path_of
from adapters.toolkit import PayloadError, SourceObject

SUPPORTED = (
    "orders, shipments or fulfillments (a list page such as {\"orders\": [...], \"total\", \"page\", \"pages\"}, "
    "a single object or a bare list of them), or a webhook notice {\"resource_url\", \"resource_type\"}"
)
_PAGES = {"orders": "order", "shipments": "shipment", "fulfillments": "fulfillment"}
# Objects ShipStation V1 has that state no fact the catalogue records, with the reason they are refused.
UNSUPPORTED = {
    "products": "products are catalogue entries (V1 keeps no stock counts: it has no inventory endpoint)",
    "customers": "customers are personal data and state no order fact",
    "webhooks": "webhook subscriptions configure notices and state no order fact",
    "stores": "stores are the channels connected to ShipStation and state no order fact",
    "warehouses": "warehouses are ship-from addresses; the catalogue has no body for a location",
    "label": "a label-creation answer states no order or dates; the shipments list states the same label",
    "carriers": "carriers are shipping accounts and state no order fact",
}


def kind_of(data: dict[str, Any]) -> str | None:
    """The kind of a ShipStation object by the id field only that kind states, or None when unrecognised."""
    has = data.__contains__
    if has("resource_url") and has("resource_type"):
        return "webhook"
    if has("fulfillmentId"):
        return "fulfillment"
    if has("shipmentId"):
        return "shipment" if has("createDate") or has("orderId") else "label"
    if has("orderId") and (has("orderStatus") or has("items")):
        return "order"
    if has("warehouseId") and has("warehouseName"):
        return "warehouses"
    if has("storeId") and has("storeName"):
        return "stores"
    if has("productId") and has("sku") and not has("orderItemId"):
        return "products"
    if has("customerId") and not has("orderId"):
        return "customers"
    if has("WebHookID") and has("HookType"):
        return "webhooks"
    if has("code") and has("accountNumber"):
        return "carriers"
    return None


def split(document: Any) -> list[SourceObject]:
    """The supported objects of a document; anything else is a PayloadError naming what it is."""
    if isinstance(document, list):
        return [_found(item, f"/{index}") for index, item in enumerate(document)]
    if not isinstance(document, dict) or not document:
        raise PayloadError("document", "must be a non-empty JSON object or list")
    if kind_of(document) is not None:
        return [_found(document, "")]
    pages = [key for key in document if key in _PAGES]
    if not pages:
        _refuse(document)
    found = []
    for key in pages:
        items = document[key]
        if not isinstance(items, list):
            raise PayloadError(key, "must be a list")
        found += [_found(item, f"/{key}/{index}", _PAGES[key]) for index, item in enumerate(items)]
    return found


def _refuse(document: dict[str, Any]) -> None:
    """A document of no supported kind: a list answer names its list key, anything else its keys."""
    listed = [key for key in document if isinstance(document[key], list)]
    key = next((key for key in listed if key in UNSUPPORTED), listed[0] if listed else None)
    if key is None:
        keys = ", ".join(list(document)[:8])
        raise PayloadError("document", f"not a recognised ShipStation object (keys: {keys}); supported: {SUPPORTED}")
    reason = UNSUPPORTED.get(key, "not a recognised ShipStation object")
    raise PayloadError(key, f"unsupported ShipStation object {key!r}: {reason}; supported: {SUPPORTED}")


def _found(item: Any, pointer: str, expected: str | None = None) -> SourceObject:
    where = path_of(pointer) or "document"
    if not isinstance(item, dict):
        raise PayloadError(where, "must be a JSON object")
    kind = kind_of(item)
    if kind in UNSUPPORTED:
        raise PayloadError(where, f"unsupported ShipStation object {kind!r}: {UNSUPPORTED[kind]}; supported: {SUPPORTED}")
    if kind is None or (expected is not None and kind != expected):
        keys = ", ".join(list(item)[:8])
        wanted = f"a ShipStation {expected}" if expected else "a recognised ShipStation object"
        raise PayloadError(where, f"not {wanted} (keys: {keys}); supported: {SUPPORTED}")
    return SourceObject(kind, pointer, item)
