"""Finds the ShipHero objects in a GraphQL response, each with its JSON pointer.

ShipHero answers `{"data": {"<query>": {"request_id", "complexity", "data": ...}}}`: a list query
(`orders`, `shipments`, `purchase_orders`, `warehouse_products`, `products`) wraps a Relay connection
(`data.edges[].node`), a single query (`order`, `shipment`, `purchase_order`, `product`) the object
itself. The query's root field names the kind of every node under it, so GraphQL aliases of those root
fields are refused rather than guessed at. A response carrying `errors` is refused with ShipHero's
messages (a partial answer may have nulled what failed), and so are ShipHero's legacy webhook bodies.
"""

from __future__ import annotations

from typing import Any

from adapters.shiphero.common import path_of
from adapters.toolkit import PayloadError, SourceObject

_CONNECTIONS = {
    "orders": "order",
    "shipments": "shipment",
    "purchase_orders": "purchase_order",
    "warehouse_products": "warehouse_product",
    "products": "product",
}
_SINGLES = {"order": "order", "shipment": "shipment", "purchase_order": "purchase_order", "product": "product"}
SUPPORTED = (
    "GraphQL responses of the queries orders/order, shipments/shipment, purchase_orders/purchase_order, "
    "warehouse_products and products/product (with warehouse_products)"
)
# Queries ShipHero has that state no fact this adapter maps, with the reason they are refused.
UNSUPPORTED = {
    "vendors": "vendors are suppliers and state no stock or order fact",
    "vendor": "a vendor is a supplier and states no stock or order fact",
    "webhooks": "webhook subscriptions configure notices and state no order fact",
    "account": "the account (and its warehouses) states no fact the catalogue records",
    "warehouses": "warehouses are locations; the catalogue has no body for a location",
    "returns": "ShipHero returns (RMAs) are not mapped by this adapter",
    "return": "ShipHero returns (RMAs) are not mapped by this adapter",
    "inventory_changes": "inventory changes restate the moves shipments and receipts already state "
                         "(mapping both would count units twice)",
    "inventory_snapshot": "an inventory snapshot is an export job; map its warehouse_products instead",
    "inventory_snapshots": "inventory snapshots are export jobs; map their warehouse_products instead",
    "bills": "3PL bills invoice the brand for a period, not for one shipment; they are not mapped",
    "bill": "a 3PL bill invoices the brand for a period, not for one shipment; it is not mapped",
    "uuid": "a uuid lookup translates ids and states no fact",
    "me": "the API user states no fact",
    "user_quota": "the API quota states no fact",
}


def split(document: Any) -> list[SourceObject]:
    """The supported objects of a ShipHero GraphQL response; anything else is a PayloadError naming what it is."""
    if not isinstance(document, dict) or not document:
        raise PayloadError("document", f"must be a non-empty JSON object; supported: {SUPPORTED}")
    if document.get("errors"):
        raise PayloadError("errors", graphql_errors(document["errors"]))
    if "webhook_type" in document:
        raise PayloadError("webhook_type", f"unsupported ShipHero webhook {document['webhook_type']!r}: legacy "
                           f"webhook bodies carry numeric ids the GraphQL API does not; supported: {SUPPORTED}")
    data = document.get("data")
    if not isinstance(data, dict):
        keys = ", ".join(list(document)[:8])
        raise PayloadError("data", f"is required: not a ShipHero GraphQL response (keys: {keys}); supported: {SUPPORTED}")
    for root in data:
        _check_root(root)
    return [found for root, answer in data.items() for found in _objects(root, answer)]


def graphql_errors(errors: Any) -> str:
    """ShipHero's own words for why it did not answer: every error's message, path and code."""
    if not isinstance(errors, list):
        errors = [errors]
    said = []
    for error in errors:
        if not isinstance(error, dict):
            said.append(str(error))
            continue
        where = ".".join(str(part) for part in error.get("path") or [])
        details = ", ".join(part for part in (f"path {where}" if where else "",
                                              f"code {error['code']}" if error.get("code") is not None else "") if part)
        said.append(f"{error.get('message') or 'no message'}" + (f" ({details})" if details else ""))
    return "ShipHero answered with GraphQL errors: " + "; ".join(said)


def _check_root(root: str) -> None:
    if root in _CONNECTIONS or root in _SINGLES:
        return
    if root in UNSUPPORTED:
        raise PayloadError(f"data.{root}", f"unsupported ShipHero object {root!r}: {UNSUPPORTED[root]}; "
                           f"supported: {SUPPORTED}")
    raise PayloadError(f"data.{root}", f"unsupported ShipHero query {root!r} (root fields must keep ShipHero's "
                       f"names, not aliases); supported: {SUPPORTED}")


def _objects(root: str, answer: Any) -> list[SourceObject]:
    """The nodes one root field answered: a connection's nodes or a single object; none when it found nothing."""
    if answer is None:
        return []
    where = f"data.{root}"
    if not isinstance(answer, dict) or "data" not in answer:
        raise PayloadError(f"{where}.data", "is required: ShipHero wraps every answer as {request_id, complexity, data}")
    result = answer["data"]
    if result is None:
        return []
    if root in _SINGLES:
        return [_found(_SINGLES[root], f"/data/{root}/data", result)]
    if not isinstance(result, dict) or not isinstance(result.get("edges"), list):
        raise PayloadError(f"{where}.data.edges", "must be a list of {node} (a Relay connection)")
    found = []
    for index, edge in enumerate(result["edges"]):
        pointer = f"/data/{root}/data/edges/{index}"
        if not isinstance(edge, dict) or edge.get("node") is None:
            raise PayloadError(f"{path_of(pointer)}.node", "is required")
        found.append(_found(_CONNECTIONS[root], f"{pointer}/node", edge["node"]))
    return found


def _found(object_type: str, pointer: str, item: Any) -> SourceObject:
    if not isinstance(item, dict):
        raise PayloadError(path_of(pointer), "must be a JSON object")
    return SourceObject(object_type, pointer, item)
