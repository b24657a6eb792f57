"""Finds the ShipBob objects in a document, each with its JSON pointer.

ShipBob's list endpoints answer a bare JSON array (paging travels in the `Page-Number`, `Total-Pages` and
`Next-Page` headers); the inventory-level endpoints answer a page envelope `{"items": [...], "next", ...}`;
single-object endpoints and legacy webhook deliveries (a shipment) answer the object itself. An order's
`shipments` are shipments too and are found inside it. ShipBob objects carry no type name, so each kind is
told by the fields only it states.
"""

from __future__ import annotations

from typing import Any

from adapters.shipbob.common import path_of
from adapters.toolkit import PayloadError, SourceObject

SUPPORTED = (
    "orders (with their shipments), shipments, inventory items or inventory levels by location, and "
    "warehouse receiving orders: a list answer [...], a page {\"items\": [...]}, or a single object"
)
# Objects ShipBob has that state no fact the catalogue records (or not one the hub can use), with the reason.
UNSUPPORTED = {
    "products": "products are catalogue entries; stock by sku and fulfillment center comes from inventory levels",
    "channels": "channels are the stores connected to ShipBob and state no order or stock fact",
    "webhooks": "webhook subscriptions configure notices and state no order or stock fact",
    "fulfillment_centers": "fulfillment centers are locations and the catalogue has no body for a location "
                           "(stock facts name them as shipbob:<id>)",
    "returns": "return orders name their items by ShipBob inventory id only (no sku) and their order only by "
               "ShipBob's shipment id, which no channel order is known by",
    "shipment_logs": "shipment logs and status timelines do not name their shipment (its id is only in the "
                     "request path), so no fact can be tied to one",
    "receiving_boxes": "receiving boxes do not name their receiving order (its id is only in the request path) "
                       "and list inventory ids without skus; the receiving order states what was received",
    "inventory_items": "an inventory item without quantities by fulfillment center states no stock level "
                       "(read /inventory-level/locations)",
    "estimates": "a fulfillment cost estimate is a quote, not a fee ShipBob billed",
    "shipping_methods": "shipping methods are configuration and state no order fact",
}


def kind_of(data: dict[str, Any]) -> str | None:
    """The kind of a ShipBob object by the fields only that kind states, or None when unrecognised."""
    has = data.__contains__
    checks = (
        ("shipment_logs", has("log_type_id") or has("log_type_name")),
        ("returns", has("original_shipment_id") or has("return_type")),
        ("shipment", has("order_id") and any(map(has, ("last_update_at", "tracking", "status_details", "location")))),
        ("order", any(map(has, ("shipments", "order_number", "purchase_date", "shipping_method")))),
        ("receiving", has("inventory_quantities") or has("box_packaging_type") or has("expected_arrival_date")),
        ("receiving_boxes", has("box_items") and has("box_status")),
        ("products", has("fulfillable_inventory_items") or has("variants")),
        ("inventory", has("fulfillable_quantity_by_fulfillment_center")),
        ("inventory_level", has("inventory_id") and has("locations")),
        ("inventory_items", has("inventory_id") and has("sku")),
        ("webhooks", has("subscription_url") or (has("topic") and has("created_at"))),
        ("channels", has("application_name") or has("scopes")),
        ("fulfillment_centers", has("timezone") or has("access_granted") or has("receiving_enabled")),
        ("estimates", has("estimates")),
        ("shipping_methods", has("service_level")),
    )
    return next((kind for kind, matches in checks if matches), None)


def split(document: Any) -> list[SourceObject]:
    """The supported objects of a document; anything else is a PayloadError naming what it is."""
    if isinstance(document, list):
        return _all(document, "")
    if not isinstance(document, dict) or not document:
        raise PayloadError("document", f"must be a non-empty JSON object or list; supported: {SUPPORTED}")
    if kind_of(document) is not None:
        return _found(document, "")
    items = document.get("items")
    if isinstance(items, list):
        return _all(items, "/items")
    keys = ", ".join(list(document)[:8])
    raise PayloadError("document", f"not a recognised ShipBob object (keys: {keys}); supported: {SUPPORTED}")


def _all(items: list[Any], pointer: str) -> list[SourceObject]:
    return [found for index, item in enumerate(items) for found in _found(item, f"{pointer}/{index}")]


def _found(item: Any, pointer: str) -> list[SourceObject]:
    """The object at a pointer and, for an order, its shipments."""
    where = path_of(pointer) or "document"
    if not isinstance(item, dict):
        raise PayloadError(where, "must be a JSON object")
    kind = kind_of(item)
    if kind in UNSUPPORTED:
        raise PayloadError(where, f"unsupported ShipBob object {kind!r}: {UNSUPPORTED[kind]}; supported: {SUPPORTED}")
    if kind is None:
        keys = ", ".join(list(item)[:8])
        raise PayloadError(where, f"not a recognised ShipBob object (keys: {keys}); supported: {SUPPORTED}")
    found = [SourceObject(kind, pointer, item)]
    if kind == "order":
        found += _shipments_of(item, pointer)
    return found


def _shipments_of(order: dict[str, Any], pointer: str) -> list[SourceObject]:
    shipments = order.get("shipments") or []
    if not isinstance(shipments, list):
        raise PayloadError(path_of(f"{pointer}/shipments"), "must be a list")
    found = []
    for index, shipment in enumerate(shipments):
        at = f"{pointer}/shipments/{index}"
        if not isinstance(shipment, dict):
            raise PayloadError(path_of(at), "must be a JSON object")
        found.append(SourceObject("shipment", at, shipment))
    return found
