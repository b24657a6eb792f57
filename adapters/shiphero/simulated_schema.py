"""The part of ShipHero's public GraphQL schema the simulator serves, executed by graphql-core over an `Account`.

Every query answers `{request_id, complexity, data}`; list queries page their `data` as a Relay connection
(`first` at most 100, default 100; `after` an opaque `arrayconnection:<offset>` cursor; `sort` a field name,
`-` for descending), nested `line_items` too. Filters are ShipHero's: `orders(updated_from, updated_to,
order_number, partner_order_id, order_date_from, order_date_to)`, `shipments(date_from, date_to, order_id)`,
`warehouse_products(sku, warehouse_id, updated_from, updated_to)`, `purchase_orders(warehouse_id, sku,
updated_from, updated_to)`, inclusive, in UTC. A purchase order's update time is its lines' latest.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime
from typing import Any

from graphql import GraphQLSchema, build_schema

from adapters.shiphero.sample_data import Account, parse_time
from adapters.shiphero.sample_stock import warehouse_products

MAX_PAGE = 100
SDL = """
scalar ISODateTime
type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
type Holds { fraud_hold: Boolean address_hold: Boolean shipping_method_hold: Boolean operator_hold: Boolean
  payment_hold: Boolean client_hold: Boolean }
type ShippingLines { title: String carrier: String method: String price: String }
type LineItem { id: String legacy_id: Int sku: String partner_line_item_id: String quantity: Int price: String
  product_name: String fulfillment_status: String quantity_allocated: Int quantity_pending_fulfillment: Int
  quantity_shipped: Int backorder_quantity: Int warehouse: String warehouse_id: String subtotal: String
  created_at: ISODateTime updated_at: ISODateTime order_id: String }
type LineItemEdge { node: LineItem cursor: String! }
type LineItemConnection { pageInfo: PageInfo! edges: [LineItemEdge]! }
type OrderLineItemAllocation { order_id: String warehouse_id: String allocated_at: ISODateTime line_item_id: String
  sku: String quantity_allocated: Int is_kit_component: Boolean allocation_reference: String }
type OrderWarehouseAllocation { order_id: String warehouse_id: String allocated_at: ISODateTime
  allocation_reference: String ready_to_ship: Boolean is_locked: Boolean line_items: [OrderLineItemAllocation] }
type Order { id: String legacy_id: Int order_number: String partner_order_id: String shop_name: String
  fulfillment_status: String order_date: ISODateTime total_tax: String subtotal: String total_discounts: String
  total_price: String currency: String account_id: String updated_at: ISODateTime profile: String
  packing_note: String required_ship_date: ISODateTime shipping_lines: ShippingLines tags: [String]
  flagged: Boolean priority_flag: Boolean allocation_priority: Int source: String allow_partial: Boolean
  allow_split: Boolean holds: Holds allocations: [OrderWarehouseAllocation]
  line_items(first: Int, after: String, sort: String): LineItemConnection }
type ShippingLabel { id: String legacy_id: Int account_id: String shipment_id: String order_id: String
  box_name: String status: String tracking_number: String order_number: String carrier: String
  shipping_name: String shipping_method: String cost: String delivered: Boolean picked_up: Boolean
  refunded: Boolean needs_refund: Boolean profile: String warehouse: String warehouse_id: String
  insurance_amount: String source: String created_date: ISODateTime tracking_url: String package_number: Int
  tracking_status: String }
type ShipmentLineItem { id: String legacy_id: Int line_item_id: String shipment_id: String
  shipping_label_id: String quantity: Int line_item: LineItem }
type ShipmentLineItemEdge { node: ShipmentLineItem cursor: String! }
type ShipmentLineItemConnection { pageInfo: PageInfo! edges: [ShipmentLineItemEdge]! }
type Shipment { id: String legacy_id: Int order_id: String user_id: String warehouse_id: String
  pending_shipment_id: String profile: String picked_up: Boolean needs_refund: Boolean refunded: Boolean
  delivered: Boolean shipped_off_shiphero: Boolean dropshipment: Boolean completed: Boolean
  created_date: ISODateTime order: Order shipping_labels: [ShippingLabel] total_packages: Int
  line_items(first: Int, after: String, sort: String): ShipmentLineItemConnection }
type WarehouseProduct { id: String legacy_id: Int account_id: String sku: String warehouse_id: String
  warehouse_identifier: String price: String value: String value_currency: String on_hand: Int allocated: Int
  available: Int backorder: Int reserve_inventory: Int non_sellable_quantity: Int in_tote: Int sell_ahead: Int
  inventory_bin: String inventory_overstock_bin: String active: Boolean created_at: ISODateTime
  updated_at: ISODateTime }
type Vendor { id: String legacy_id: Int name: String email: String account_number: String currency: String
  created_at: ISODateTime }
type PurchaseOrderLineItem { id: String legacy_id: Int po_id: String account_id: String warehouse_id: String
  vendor_id: String po_number: String sku: String vendor_sku: String quantity: Int quantity_received: Int
  quantity_rejected: Int price: String product_name: String fulfillment_status: String sell_ahead: Int
  updated_at: ISODateTime created_at: ISODateTime }
type PurchaseOrderLineItemEdge { node: PurchaseOrderLineItem cursor: String! }
type PurchaseOrderLineItemConnection { pageInfo: PageInfo! edges: [PurchaseOrderLineItemEdge]! }
type PurchaseOrder { id: String legacy_id: Int po_number: String account_id: String warehouse_id: String
  vendor_id: String created_at: ISODateTime po_date: ISODateTime date_closed: ISODateTime arrived_at: ISODateTime
  fulfillment_status: String po_note: String description: String subtotal: String discount: String tax: String
  shipping_price: String total_price: String shipping_method: String shipping_carrier: String
  tracking_number: String vendor: Vendor line_items(first: Int, after: String, sort: String): PurchaseOrderLineItemConnection }
type OrderEdge { node: Order cursor: String! }
type OrderConnection { pageInfo: PageInfo! edges: [OrderEdge]! }
type ShipmentEdge { node: Shipment cursor: String! }
type ShipmentConnection { pageInfo: PageInfo! edges: [ShipmentEdge]! }
type WarehouseProductEdge { node: WarehouseProduct cursor: String! }
type WarehouseProductConnection { pageInfo: PageInfo! edges: [WarehouseProductEdge]! }
type PurchaseOrderEdge { node: PurchaseOrder cursor: String! }
type PurchaseOrderConnection { pageInfo: PageInfo! edges: [PurchaseOrderEdge]! }
type OrdersQueryResult { request_id: String complexity: Int data(first: Int, after: String, sort: String): OrderConnection }
type OrderQueryResult { request_id: String complexity: Int data: Order }
type ShipmentsQueryResult { request_id: String complexity: Int
  data(first: Int, after: String, sort: String): ShipmentConnection }
type ShipmentQueryResult { request_id: String complexity: Int data: Shipment }
type WarehouseProductsQueryResult { request_id: String complexity: Int
  data(first: Int, after: String, sort: String): WarehouseProductConnection }
type PurchaseOrdersQueryResult { request_id: String complexity: Int
  data(first: Int, after: String, sort: String): PurchaseOrderConnection }
type PurchaseOrderQueryResult { request_id: String complexity: Int data: PurchaseOrder }
type Query {
  orders(updated_from: ISODateTime, updated_to: ISODateTime, order_number: String, partner_order_id: String,
    order_date_from: ISODateTime, order_date_to: ISODateTime, analyze: Boolean): OrdersQueryResult
  order(id: String!, analyze: Boolean): OrderQueryResult
  shipments(date_from: ISODateTime, date_to: ISODateTime, order_id: String, analyze: Boolean): ShipmentsQueryResult
  shipment(id: String!, analyze: Boolean): ShipmentQueryResult
  warehouse_products(sku: String, warehouse_id: String, updated_from: ISODateTime, updated_to: ISODateTime,
    analyze: Boolean): WarehouseProductsQueryResult
  purchase_orders(warehouse_id: String, sku: String, updated_from: ISODateTime, updated_to: ISODateTime,
    analyze: Boolean): PurchaseOrdersQueryResult
  purchase_order(id: String!, analyze: Boolean): PurchaseOrderQueryResult
}
"""


class QueryError(ValueError):
    """A query ShipHero would refuse (a bad argument), with its message."""


def _cursor(offset: int) -> str:
    return base64.b64encode(f"arrayconnection:{offset}".encode()).decode()


def _offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        kind, _, offset = base64.b64decode(cursor).decode().partition(":")
        if kind == "arrayconnection" and offset.isdigit():
            return int(offset) + 1
    except ValueError:
        pass
    raise QueryError(f"Invalid cursor {cursor!r}")


def connection(rows: list[Any], first: int | None, after: str | None, sort: str | None) -> dict[str, Any]:
    """A Relay connection over rows: sorted by `sort` (then id), `first` rows after the cursor `after`."""
    size = MAX_PAGE if first is None else first
    if not 0 < size <= MAX_PAGE:
        raise QueryError(f"first must be between 1 and {MAX_PAGE}")
    if sort:
        name = sort.lstrip("-")
        rows = sorted(rows, key=lambda row: (str(row.get(name) or ""), str(row.get("id"))), reverse=sort.startswith("-"))
    start = _offset(after)
    page = rows[start: start + size]
    return {"pageInfo": {"hasNextPage": start + size < len(rows), "hasPreviousPage": start > 0,
                         "startCursor": _cursor(start) if page else None,
                         "endCursor": _cursor(start + len(page) - 1) if page else None},
            "edges": [{"node": row, "cursor": _cursor(start + index)} for index, row in enumerate(page)]}


def _paged(parent: dict[str, Any], info: Any, first: int | None = None, after: str | None = None,
           sort: str | None = None) -> dict[str, Any]:
    return connection(list(parent[info.field_name]), first, after, sort)


def _between(value: str | None, low: datetime | None, high: datetime | None) -> bool:
    if low is None and high is None:
        return True
    if not value:
        return False
    moment = parse_time(value)
    return (low is None or moment >= low) and (high is None or moment <= high)


def _moment(args: dict[str, Any], name: str) -> datetime | None:
    value = args.get(name)
    if value is None:
        return None
    try:
        return parse_time(str(value))
    except ValueError as error:
        raise QueryError(f"{name}: {value!r} is not an ISODateTime") from error


def po_updated(po: dict[str, Any]) -> str:
    return max((line["updated_at"] for line in po["line_items"]), default=po["created_at"])


def _listing(rows: Callable[[Account], list[dict[str, Any]]], time_of: Callable[[dict[str, Any]], str | None],
             low: str, high: str, equal: tuple[str, ...] = ()) -> Callable[..., Any]:
    def resolve(account: Account, info: Any, **args: Any) -> dict[str, Any]:
        _note_analyze(info, args)
        start, end = _moment(args, low), _moment(args, high)
        found = [row for row in rows(account) if _between(time_of(row), start, end)
                 and all(args.get(name) is None or row.get(name) == args[name] for name in equal)]
        return {"request_id": None, "complexity": None, "data": found}

    return resolve


def _single(rows: Callable[[Account], dict[str, dict[str, Any]]]) -> Callable[..., Any]:
    def resolve(account: Account, info: Any, **args: Any) -> dict[str, Any]:
        _note_analyze(info, args)
        return {"request_id": None, "complexity": None, "data": rows(account).get(args["id"])}

    return resolve


def _note_analyze(info: Any, args: dict[str, Any]) -> None:
    """`analyze: true` asks for the complexity only: the request context tells the endpoint not to charge."""
    if args.get("analyze") and isinstance(info.context, dict):
        info.context["analyze"] = True


def _po_rows(account: Account) -> list[dict[str, Any]]:
    return [{**po, "updated_at": po_updated(po)} for po in account.purchase_orders.values()]


ROOTS = {
    "orders": _listing(lambda a: list(a.orders.values()), lambda o: o["updated_at"], "updated_from", "updated_to",
                       ("order_number", "partner_order_id")),
    "order": _single(lambda a: a.orders),
    "shipments": _listing(lambda a: list(a.shipments.values()), lambda s: s["created_date"], "date_from", "date_to",
                          ("order_id",)),
    "shipment": _single(lambda a: a.shipments),
    "warehouse_products": _listing(warehouse_products, lambda w: w["updated_at"], "updated_from", "updated_to",
                                   ("sku", "warehouse_id")),
    "purchase_orders": _listing(_po_rows, po_updated, "updated_from", "updated_to", ("warehouse_id",)),
    "purchase_order": _single(lambda a: a.purchase_orders),
}


def build() -> GraphQLSchema:
    """The schema with its resolvers: root fields read the account (the root value), connections page lists."""
    schema = build_schema(SDL)
    query = schema.query_type
    assert query is not None
    for name, resolver in ROOTS.items():
        query.fields[name].resolve = resolver
    for type_name in ("Order", "Shipment", "PurchaseOrder"):
        schema.type_map[type_name].fields["line_items"].resolve = _paged  # type: ignore[union-attr]
    for type_name in ("OrdersQueryResult", "ShipmentsQueryResult", "WarehouseProductsQueryResult",
                      "PurchaseOrdersQueryResult"):
        schema.type_map[type_name].fields["data"].resolve = _paged  # type: ignore[union-attr]
    return schema
