"""Small builders of ShipHero GraphQL API answers, shaped as its schema reference documents them, with ids, quantities
and costs tweakable.

No licensed real ShipHero payloads exist for this project: these follow the public GraphQL schema (snake_case
fields, GraphQL ids as base64 of "<Type>:<legacy id>", amounts as decimal strings, quantities as Int, times as
ISODateTime in UTC without an offset, Relay connections for line items, and every query answered as
`{"request_id", "complexity", "data"}` inside the GraphQL `data`, with ShipHero's throttling `extensions`).
"""

from __future__ import annotations

import base64
import json
from typing import Any

from adapters.shiphero import ADAPTER
from adapters.toolkit import MappingContext
from canonical_model.events import Event

CONTEXT = MappingContext(account="acme-shiphero", payload_hash="payload-hash-1", currency="USD")
ORDER_DATE = "2026-03-02T15:15:42"
CREATED = "2026-03-02T15:16:03"
ALLOCATED = "2026-03-02T15:16:09"
UPDATED = "2026-03-03T17:21:59"
LABEL_CREATED = "2026-03-03T18:05:11"
SHIPPED = "2026-03-03T18:05:40"
LEVEL_UPDATED = "2026-03-04T06:00:12"
PO_CREATED = "2026-02-20T14:00:00"
PO_RECEIVED = "2026-03-01T10:42:31"


def gid(kind: str, legacy_id: int) -> str:
    """A ShipHero GraphQL id: base64 of "<Type>:<legacy id>" (e.g. T3JkZXI6MTAwNTc5Njk4 for Order:100579698)."""
    return base64.b64encode(f"{kind}:{legacy_id}".encode()).decode()


WAREHOUSE = gid("Warehouse", 76733)
EAST_WAREHOUSE = gid("Warehouse", 76734)
ORDER_ID = gid("Order", 305719404)
ACCOUNT_ID = gid("Account", 6334)


def address(name: str = "Ann Lee") -> dict:
    return {"first_name": name.split()[0], "last_name": name.split()[-1], "company": "", "address1": "1 Main St",
            "address2": "", "city": "Springfield", "state": "Illinois", "state_code": "IL", "zip": "62701",
            "country": "US", "country_code": "US", "email": "ann@example.com", "phone": "555-555-0100"}


def connection(nodes: list[dict], has_next: bool = False, offset: int = 0) -> dict:
    """A Relay connection as ShipHero answers it: pageInfo and edges of {node, cursor}."""
    cursors = [base64.b64encode(f"arrayconnection:{offset + i}".encode()).decode() for i in range(len(nodes))]
    return {
        "pageInfo": {"hasNextPage": has_next, "hasPreviousPage": offset > 0,
                     "startCursor": cursors[0] if cursors else None, "endCursor": cursors[-1] if cursors else None},
        "edges": [{"node": node, "cursor": cursor} for node, cursor in zip(nodes, cursors, strict=True)],
    }


# ---- orders -------------------------------------------------------------------------------------


def line_item(legacy_id: int = 828656700, sku: str = "MUG-RED", quantity: int = 2, price: str = "20.00",
              allocated: int | None = None, warehouse_id: str | None = WAREHOUSE, **extra: Any) -> dict:
    """One order line as `line_items { edges { node } }` lists it."""
    allocated = quantity if allocated is None else allocated
    return {
        "id": gid("LineItem", legacy_id), "legacy_id": legacy_id, "sku": sku, "partner_line_item_id": f"1339{legacy_id}",
        "product_id": None, "quantity": quantity, "price": price, "product_name": "Stoneware mug", "option_title": "Red",
        "fulfillment_status": "pending", "quantity_pending_fulfillment": quantity, "quantity_shipped": 0,
        "warehouse": "Primary", "quantity_allocated": allocated, "backorder_quantity": quantity - allocated,
        "custom_options": None, "custom_barcode": "", "eligible_for_return": True, "customs_value": price,
        "warehouse_id": warehouse_id, "locked_to_warehouse_id": None, "subtotal": price, "barcode": "0840093100123",
        "created_at": CREATED, "updated_at": UPDATED, "order_id": ORDER_ID, "promotion_discount": "0.00", **extra,
    }


def allocation_line(line: dict, quantity: int | None = None, warehouse_id: str = WAREHOUSE, **extra: Any) -> dict:
    """An order line's units committed to a warehouse (OrderLineItemAllocation)."""
    return {"order_id": ORDER_ID, "warehouse_id": warehouse_id, "allocated_at": ALLOCATED, "line_item_id": line["id"],
            "sku": line["sku"], "quantity_allocated": line["quantity_allocated"] if quantity is None else quantity,
            "is_kit_component": False, "allocation_reference": "362137624", **extra}


def allocation(lines: list[dict], warehouse_id: str = WAREHOUSE, **extra: Any) -> dict:
    """The order's allocation to one warehouse (OrderWarehouseAllocation)."""
    return {"order_id": ORDER_ID, "warehouse_id": warehouse_id, "allocated_at": ALLOCATED,
            "allocation_reference": "362137624", "ready_to_ship": True, "line_items": lines, "is_locked": False, **extra}


def order(legacy_id: int = 305719404, number: str = "#1001", partner_order_id: str = "5512345678901",
          status: str = "pending", lines: list[dict] | None = None, allocations: list[dict] | None = None,
          **extra: Any) -> dict:
    """An order the brand's Shopify store sent ShipHero, allocated to one warehouse unless told otherwise."""
    lines = [line_item(), line_item(828656701, sku="PLATE-BLUE", quantity=1, price="15.00")] if lines is None else lines
    if allocations is None:
        allocations = [allocation([allocation_line(line) for line in lines if line["quantity_allocated"]])]
    return {
        "id": gid("Order", legacy_id), "legacy_id": legacy_id, "order_number": number,
        "partner_order_id": partner_order_id, "shop_name": "acme-store", "fulfillment_status": status,
        "order_date": ORDER_DATE, "total_tax": "3.30", "subtotal": "55.00", "total_discounts": "0.00",
        "total_price": "65.80", "box_name": None, "ready_to_ship": True, "auto_print_return_label": False,
        "custom_invoice_url": None, "account_id": ACCOUNT_ID, "updated_at": UPDATED, "email": "ann@example.com",
        "profile": "default", "gift_note": "Happy birthday Ann!", "packing_note": "Fragile: wrap each mug",
        "required_ship_date": "2026-03-05T00:00:00", "shipping_lines": {"title": "Priority Mail", "carrier": "USPS",
                                                                         "method": "Priority", "price": "7.50"},
        "shipping_address": address(), "billing_address": address(), "tags": ["wholesale"], "flagged": False,
        "saturday_delivery": False, "ignore_address_validation_errors": False, "priority_flag": False,
        "allocation_priority": 1, "source": "shopify", "third_party_shipper": None, "gift_invoice": False,
        "allow_partial": False, "require_signature": False, "adult_signature_required": False, "alcohol": False,
        "expected_weight_in_oz": "48", "insurance": False, "insurance_amount": "0.00", "currency": "USD",
        "has_dry_ice": False, "allow_split": True,
        "holds": {"fraud_hold": False, "address_hold": False, "shipping_method_hold": False, "operator_hold": False,
                  "payment_hold": False, "client_hold": False},
        "line_items": connection(lines), "allocations": allocations, **extra,
    }


# ---- shipments ----------------------------------------------------------------------------------


def label(legacy_id: int = 402113570, tracking_number: str = "9400111899561704681189", cost: str | None = "7.35",
          **extra: Any) -> dict:
    """One package of a shipment: its shipping label (ShippingLabel)."""
    return {
        "id": gid("ShippingLabel", legacy_id), "legacy_id": legacy_id, "account_id": ACCOUNT_ID,
        "shipment_id": gid("Shipment", 315518042), "order_id": ORDER_ID, "box_id": gid("Box", 5512),
        "box_name": "Medium box", "status": "valid", "tracking_number": tracking_number, "alternate_tracking_id": None,
        "order_number": "#1001", "order_account_id": ACCOUNT_ID, "carrier": "usps", "shipping_name": "USPS Priority Mail",
        "shipping_method": "Priority", "cost": cost, "box_code": "MED", "device_id": None, "delivered": False,
        "picked_up": False, "refunded": False, "needs_refund": False, "profile": "default",
        "partner_fulfillment_id": None, "full_size_to_print": None, "packing_slip": None, "warehouse": "Primary",
        "warehouse_id": WAREHOUSE, "insurance_amount": "0.00", "carrier_account_id": None, "source": "shiphero",
        "created_date": LABEL_CREATED, "tracking_url": f"https://tools.usps.com/go/TrackConfirmAction?tLabels={tracking_number}",
        "package_number": 1, "tracking_status": None,
        "dimensions": {"weight": "48.00", "height": "4.00", "width": "6.00", "length": "8.00"}, **extra,
    }


def shipment_line(line: dict, quantity: int | None = None, legacy_id: int = 701100, **extra: Any) -> dict:
    """One shipped line (ShipmentLineItem) with the order line's sku under `line_item`."""
    return {"id": gid("ShipmentLineItem", legacy_id), "legacy_id": legacy_id, "line_item_id": line["id"],
            "shipment_id": gid("Shipment", 315518042), "shipping_label_id": gid("ShippingLabel", 402113570),
            "quantity": line["quantity"] if quantity is None else quantity,
            "line_item": {"id": line["id"], "sku": line["sku"], "partner_line_item_id": line["partner_line_item_id"]},
            **extra}


def shipment_order(number: str = "#1001", partner_order_id: str = "5512345678901", status: str = "fulfilled") -> dict:
    return {"id": ORDER_ID, "legacy_id": 305719404, "order_number": number, "partner_order_id": partner_order_id,
            "fulfillment_status": status}


def shipment(legacy_id: int = 315518042, labels: list[dict] | None = None, lines: list[dict] | None = None,
             **extra: Any) -> dict:
    """A shipment of order #1001 from the Primary warehouse, one package unless told otherwise."""
    labels = [label()] if labels is None else labels
    if lines is None:
        mug, plate = line_item(), line_item(828656701, sku="PLATE-BLUE", quantity=1, price="15.00")
        lines = [shipment_line(mug), shipment_line(plate, legacy_id=701101)]
    return {
        "id": gid("Shipment", legacy_id), "legacy_id": legacy_id, "order_id": ORDER_ID,
        "user_id": gid("User", 4417), "warehouse_id": WAREHOUSE, "pending_shipment_id": None, "address": address(),
        "profile": "default", "picked_up": False, "needs_refund": False, "refunded": False, "delivered": False,
        "shipped_off_shiphero": False, "dropshipment": False, "completed": True, "created_date": SHIPPED,
        "line_items": connection(lines), "shipping_labels": labels, "order": shipment_order(),
        "total_packages": len(labels), **extra,
    }


# ---- stock --------------------------------------------------------------------------------------


def warehouse_product(sku: str = "MUG-RED", warehouse_id: str = WAREHOUSE, on_hand: int = 120, available: int = 96,
                      allocated: int = 24, legacy_id: int = 93001, **extra: Any) -> dict:
    """One sku's stock at one warehouse (WarehouseProduct)."""
    return {
        "id": gid("WarehouseProduct", legacy_id), "legacy_id": legacy_id, "account_id": ACCOUNT_ID, "sku": sku,
        "warehouse_id": warehouse_id, "warehouse_identifier": "Primary", "price": "20.00", "value": "6.50",
        "value_currency": "USD", "on_hand": on_hand, "inventory_bin": "A-01-07", "inventory_overstock_bin": "OS-12",
        "reserve_inventory": 0, "replenishment_level": 0, "reorder_amount": 50, "reorder_level": 20, "backorder": 0,
        "allocated": allocated, "available": available, "non_sellable_quantity": 0, "in_tote": 0, "custom": False,
        "customs_value": "20.00", "created_at": "2025-11-02T09:00:00", "updated_at": LEVEL_UPDATED, "sell_ahead": 0,
        "active": True, **extra,
    }


def product(sku: str = "MUG-RED", warehouse_products: list[dict] | None = None, **extra: Any) -> dict:
    """A product with its stock at each warehouse, as `product(sku:)` answers it."""
    stock = [warehouse_product(sku), warehouse_product(sku, EAST_WAREHOUSE, 40, 38, 2, 93002,
                                                       warehouse_identifier="East")]
    return {
        "id": gid("Product", 5001), "legacy_id": 5001, "account_id": ACCOUNT_ID, "name": "Stoneware mug - red",
        "sku": sku, "price": "20.00", "value": "6.50", "barcode": "0840093100123", "country_of_manufacture": "PT",
        "dimensions": {"weight": "24.00", "height": "5.00", "width": "4.00", "length": "4.00"}, "tariff_code": "6912",
        "kit": False, "kit_build": False, "no_air": False, "final_sale": False, "customs_value": "20.00",
        "customs_description": "Stoneware mug", "not_owned": False, "dropship": False, "needs_serial_number": False,
        "thumbnail": None, "large_thumbnail": None, "created_at": "2025-11-02T09:00:00", "updated_at": "2026-01-15T11:00:00",
        "product_note": "", "virtual": False, "ignore_on_invoice": False, "ignore_on_customs": False, "active": True,
        "warehouse_products": stock if warehouse_products is None else warehouse_products, **extra,
    }


# ---- purchase orders ----------------------------------------------------------------------------


def po_line(legacy_id: int = 66001, sku: str | None = "MUG-RED", quantity: int = 100, received: int = 100,
            rejected: int = 0, price: str = "6.50", **extra: Any) -> dict:
    """One purchase order line (PurchaseOrderLineItem) with what the warehouse received of it."""
    return {
        "id": gid("PurchaseOrderLineItem", legacy_id), "legacy_id": legacy_id, "po_id": gid("PurchaseOrder", 12001),
        "account_id": ACCOUNT_ID, "warehouse_id": WAREHOUSE, "vendor_id": gid("Vendor", 301), "po_number": "PO-2026-0042",
        "sku": sku, "vendor_sku": f"V-{sku}", "product_id": None, "variant_id": 0, "quantity": quantity,
        "quantity_received": received, "quantity_rejected": rejected, "price": price, "product_name": (sku or "").title(),
        "option_title": "", "expected_weight_in_lbs": "1.50", "fulfillment_status": "pending", "sell_ahead": 0,
        "note": "", "partner_line_item_id": "", "barcode": "", "updated_at": PO_RECEIVED, "created_at": PO_CREATED,
        **extra,
    }


def vendor(currency: str | None = "USD") -> dict:
    return {"id": gid("Vendor", 301), "legacy_id": 301, "name": "Porto Ceramics Lda", "email": "orders@porto.example",
            "account_number": "PC-77", "account_id": ACCOUNT_ID, "address": address("Rui Costa"), "currency": currency,
            "internal_note": "", "default_po_note": "", "logo": None, "partner_vendor_id": None,
            "created_at": "2025-10-01T08:00:00"}


def purchase_order(legacy_id: int = 12001, lines: list[dict] | None = None, **extra: Any) -> dict:
    """A purchase order to the brand's vendor, received at the Primary warehouse."""
    lines = [po_line(), po_line(66002, sku="PLATE-BLUE", quantity=50, received=48, rejected=2, price="4.25")] \
        if lines is None else lines
    return {
        "id": gid("PurchaseOrder", legacy_id), "legacy_id": legacy_id, "po_number": "PO-2026-0042",
        "account_id": ACCOUNT_ID, "warehouse_id": WAREHOUSE, "vendor_id": gid("Vendor", 301), "created_at": PO_CREATED,
        "po_date": "2026-03-01T00:00:00", "date_closed": None, "arrived_at": "2026-03-01T09:30:00",
        "packing_note": "Pallet 1 of 1", "fulfillment_status": "pending", "po_note": "Spring restock",
        "description": "Mugs and plates", "partner_order_number": "ERP-88123", "subtotal": "862.50", "discount": "0.00",
        "total_price": "912.50", "tax": "0.00", "shipping_method": "LTL", "shipping_carrier": "Estes",
        "shipping_name": "Estes LTL", "shipping_price": "50.00", "tracking_number": "PRO-4471120", "pdf": None,
        "images": None, "payment_method": "wire", "payment_due_by": "net_30", "payment_note": "", "locking": None,
        "locked_by_user_id": None, "line_items": connection(lines), "vendor": vendor(), **extra,
    }


# ---- GraphQL answers ----------------------------------------------------------------------------


def response(root: str, result: Any, complexity: int = 101) -> dict:
    """A GraphQL answer: the query's {request_id, complexity, data} under `data`, ShipHero's throttling in `extensions`."""
    return {
        "data": {root: {"request_id": "65f1c0de2a9f4b1c8e7d6a52", "complexity": complexity, "data": result}},
        "extensions": {"throttling": {"estimated_complexity": complexity, "cost": complexity,
                                      "cost_detail": {root: {"items_count": 1, "cost": complexity}},
                                      "user_quota": {"credits_remaining": 3899, "max_available": 4004,
                                                     "increment_rate": 60}}},
    }


def page(root: str, nodes: list[dict], has_next: bool = False, offset: int = 0) -> dict:
    """A list query's answer: a connection of nodes (orders, shipments, purchase_orders, warehouse_products, products)."""
    return response(root, connection(nodes, has_next, offset), complexity=1 + 100 * max(len(nodes), 1))


def single(root: str, node: dict | None) -> dict:
    """A single query's answer (order, shipment, purchase_order, product)."""
    return response(root, node, complexity=1)


def graphql_errors(message: str, root: str = "orders", code: int | None = 30) -> dict:
    """ShipHero refusing a query (e.g. not enough credits), with the root field nulled."""
    error: dict[str, Any] = {"message": message, "locations": [{"line": 2, "column": 3}], "path": [root]}
    if code is not None:
        error["code"] = code
    return {"errors": [error], "data": {root: None}}


def wire(document: Any) -> Any:
    """The document as the adapter parses it off the wire: JSON numbers with a fraction become Decimals."""
    return ADAPTER.parse(json.dumps(document).encode())


def mapped(document: Any, ctx: MappingContext = CONTEXT) -> list[Event]:
    """Every event the adapter maps a document to, the way the hub does it."""
    return [event for obj in ADAPTER.split(wire(document)) for event in ADAPTER.map_object(obj, ctx)]


def of_type(events: list[Event], event_type: str) -> list[Event]:
    return [event for event in events if event.type == event_type]
