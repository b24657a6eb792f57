"""Small builders of ShipBob Developer API payloads, shaped as its API reference documents them, with ids, quantities
and amounts tweakable.

No licensed real ShipBob payloads exist for this project: these follow the 1.0 / 2.0 reference (snake_case
fields, ids as JSON integers, amounts as JSON numbers, ISO 8601 times in UTC, list endpoints answering a bare
array, inventory-level endpoints a page envelope). Amounts are written as Python numbers and sent through
`json.dumps`, so the adapter reads them as JSON numbers exactly as ShipBob sends them.
"""

from __future__ import annotations

import json
from typing import Any

from adapters.shipbob import ADAPTER
from adapters.toolkit import MappingContext
from canonical_model.events import Event

CONTEXT = MappingContext(account="acme-shipbob", payload_hash="payload-hash-1")
ORDER_CREATED = "2026-03-02T15:16:03.823+00:00"
PURCHASED = "2026-03-02T15:15:42+00:00"
SHIPMENT_CREATED = "2026-03-02T15:16:05.117+00:00"
SHIPMENT_UPDATED = "2026-03-03T21:04:59.443+00:00"
FULFILLED = "2026-03-03T17:40:12+00:00"
DELIVERED = "2026-03-06T19:30:00+00:00"
WRO_UPDATED = "2026-03-04T16:02:11.5+00:00"
CICERO, MORENO_VALLEY = 9, 21
TRACKING_NUMBER = "9400111899561704681189"


def recipient(name: str = "Ann Lee") -> dict:
    return {"name": name, "email": "ann@example.com", "phone_number": "555-555-0100",
            "address": {"address1": "1 Main St", "address2": "Apt 4", "company_name": None, "city": "Springfield",
                        "state": "IL", "country": "US", "zip_code": "62701"}}


def fulfillment_center(center_id: int = CICERO) -> dict:
    """A fulfillment center as a shipment names it (`location`)."""
    return {"id": center_id, "name": {CICERO: "Cicero (IL)", MORENO_VALLEY: "Moreno Valley (CA)"}.get(center_id, "FC")}


def order_product(product_id: int = 3884009, sku: str = "MUG-RED", quantity: int = 2, line_id: int | None = 11501,
                  **extra: Any) -> dict:
    """A product line of an order; `external_line_id` is the channel's line id (a Shopify line item here)."""
    return {"id": product_id, "reference_id": sku, "quantity": quantity, "quantity_unit_of_measure_code": None,
            "sku": sku, "gtin": None, "upc": None, "unit_price": 20.0, "external_line_id": line_id, **extra}


def inventory_item(inventory_id: int = 1001, quantity: int = 2, name: str = "Stoneware mug - red", **extra: Any) -> dict:
    """An inventory item packed for a shipment product."""
    return {"id": inventory_id, "name": name, "quantity": quantity, "quantity_committed": quantity, "lot": None,
            "expiration_date": None, "serial_numbers": [], "is_dangerous_goods": False, **extra}


def shipment_product(product_id: int = 3884009, sku: str = "MUG-RED", items: list[dict] | None = None,
                     **extra: Any) -> dict:
    return {"id": product_id, "reference_id": sku, "name": "Stoneware mug - red", "sku": sku,
            "inventory_items": [inventory_item()] if items is None else items, **extra}


def tracking(number: str | None = TRACKING_NUMBER, carrier: str = "USPS", **extra: Any) -> dict:
    return {"carrier": carrier, "carrier_service": "Priority", "tracking_number": number,
            "tracking_url": f"https://tools.usps.com/go/TrackConfirmAction?tLabels={number}", **extra}


def shipment(shipment_id: int = 100810005, order_id: int = 2140032, status: str = "Completed",
             products: list[dict] | None = None, center: int = CICERO, invoice: float | None = 7.35,
             **extra: Any) -> dict:
    """A shipment of order #1001 as GET /shipment/{id} answers it (shipped from Cicero unless told otherwise)."""
    shipped = status == "Completed"
    return {
        "id": shipment_id, "order_id": order_id, "reference_id": "450789469", "recipient": recipient(),
        "created_date": SHIPMENT_CREATED, "last_update_at": SHIPMENT_UPDATED,
        "last_tracking_update_at": SHIPMENT_UPDATED if shipped else None, "status": status,
        "status_details": [], "location": fulfillment_center(center), "invoice_amount": invoice if shipped else None,
        "invoice_currency_code": "USD", "insurance_value": None, "ship_option": "Standard",
        "tracking": tracking() if shipped else None,
        "products": [shipment_product(), shipment_product(3884010, "PLATE-BLUE", [inventory_item(1002, 1, "Plate")])]
        if products is None else products,
        "parent_cartons": [], "measurements": {"total_weight_oz": 48, "depth_in": 6, "width_in": 8, "length_in": 10},
        "is_tracking_uploaded": shipped, "require_signature": False, "gift_message": "Happy birthday, Ann!",
        "actual_fulfillment_date": FULFILLED if shipped else None,
        "estimated_fulfillment_date": "2026-03-03T23:59:59+00:00",
        "estimated_fulfillment_date_status": "FulfilledOnTime" if shipped else "PendingOnTime",
        "delivery_date": None, "package_material_type": "Box", **extra,
    }


def status_detail(name: str = "OutOfStock", description: str = "No inventory available at the assigned FC",
                  inventory_id: int | None = 1002) -> dict:
    return {"id": 4, "name": name, "description": description, "inventory_id": inventory_id,
            "exception_fulfillment_center_id": CICERO}


def order(order_id: int = 2140032, number: str = "#1001", reference: str = "450789469", status: str = "Fulfilled",
          products: list[dict] | None = None, shipments: list[dict] | None = None, **extra: Any) -> dict:
    """Order #1001 of the brand's Shopify store as GET /order/{id} answers it, with its shipment."""
    lines = [order_product(), order_product(3884010, "PLATE-BLUE", 1, 11502)] if products is None else products
    return {
        "id": order_id, "created_date": ORDER_CREATED, "purchase_date": PURCHASED, "reference_id": reference,
        "order_number": number, "status": status, "type": "DTC",
        "channel": {"id": 100102, "name": "Acme-Shopify-Store"}, "shipping_method": "Standard",
        "recipient": recipient(), "products": lines, "tags": [{"name": "Handling instructions", "value": "Fragile"}],
        "shipments": [shipment(order_id=order_id)] if shipments is None else shipments,
        "gift_message": "Happy birthday, Ann!", "shipping_terms": None, "retailer_program_data": None,
        "financials": {"total_price": 55.0}, **extra,
    }


def center_quantities(center_id: int = CICERO, fulfillable: int = 40, on_hand: int = 44, committed: int = 4,
                      **extra: Any) -> dict:
    """One fulfillment center's counts of an inventory item (1.0 `fulfillable_quantity_by_fulfillment_center`)."""
    return {"id": center_id, "name": fulfillment_center(center_id)["name"], "fulfillable_quantity": fulfillable,
            "onhand_quantity": on_hand, "committed_quantity": committed, "awaiting_quantity": 0,
            "internal_transfer_quantity": 0, **extra}


def inventory(inventory_id: int = 1001, centers: list[dict] | None = None, **extra: Any) -> dict:
    """An inventory item as GET /1.0/inventory/{id} answers it (1.0 names no sku)."""
    stated = [center_quantities(), center_quantities(MORENO_VALLEY, 12, 12, 0)] if centers is None else centers
    return {
        "id": inventory_id, "name": "Stoneware mug - red", "is_digital": False, "is_case_pick": False, "is_lot": False,
        "dimensions": {"weight": 24.0, "length": 4.0, "width": 4.0, "depth": 5.0},
        "total_fulfillable_quantity": sum(c["fulfillable_quantity"] for c in stated),
        "total_onhand_quantity": sum(c["onhand_quantity"] for c in stated),
        "total_committed_quantity": sum(c["committed_quantity"] for c in stated),
        "total_sellable_quantity": sum(c["fulfillable_quantity"] for c in stated), "total_awaiting_quantity": 0,
        "total_exception_quantity": 0, "total_internal_transfer_quantity": 0, "total_backordered_quantity": 0,
        "is_active": True, "fulfillable_quantity_by_fulfillment_center": stated, "fulfillable_quantity_by_lot": [],
        "packaging_attribute": "Fragile", **extra,
    }


def level_location(center_id: int = CICERO, fulfillable: int = 40, on_hand: int = 44, **extra: Any) -> dict:
    """One location of an inventory level (GET /inventory-level/locations)."""
    return {"location_id": center_id, "name": fulfillment_center(center_id)["name"], "on_hand_quantity": on_hand,
            "fulfillable_quantity": fulfillable, "committed_quantity": on_hand - fulfillable, "awaiting_quantity": 0,
            "internal_transfer_quantity": 0, **extra}


def inventory_level(inventory_id: int = 1001, sku: str = "MUG-RED", locations: list[dict] | None = None) -> dict:
    stated = [level_location(), level_location(MORENO_VALLEY, 12, 12)] if locations is None else locations
    return {"inventory_id": inventory_id, "sku": sku, "name": "Stoneware mug - red", "locations": stated}


def items_page(items: list[dict], next_page: str | None = None) -> dict:
    """A page envelope as the inventory-level endpoints answer it."""
    return {"items": items, "first": "/inventory-level/locations?PageSize=50", "last": None, "prev": None,
            "next": next_page}


def inventory_quantity(inventory_id: int = 1001, sku: str = "MUG-RED", expected: int = 120, received: int = 120,
                       stowed: int = 96) -> dict:
    return {"inventory_id": inventory_id, "sku": sku, "expected_quantity": expected, "received_quantity": received,
            "stowed_quantity": stowed}


def receiving_center(center_id: int = CICERO) -> dict:
    """A fulfillment center as a receiving order and GET /fulfillmentCenter state it."""
    return {"id": center_id, "name": fulfillment_center(center_id)["name"], "address1": "5900 W Ogden Ave",
            "address2": None, "city": "Cicero", "state": "IL", "country": "USA", "zip_code": "60804",
            "phone_number": "555-555-5555", "email": "cicero@example.com", "timezone": "Central Standard Time"}


def receiving(receiving_id: int = 553001, status: str = "Processing", quantities: list[dict] | None = None,
              **extra: Any) -> dict:
    """A warehouse receiving order as GET /2.0/receiving/{id} answers it."""
    stated = [inventory_quantity(), inventory_quantity(1002, "PLATE-BLUE", 60, 24, 0)] if quantities is None else quantities
    return {
        "id": receiving_id, "purchase_order_number": "PO-2026-0042", "status": status, "package_type": "Package",
        "box_packaging_type": "MultipleSkuPerBox", "expected_arrival_date": "2026-03-03T00:00:00+00:00",
        "insert_date": "2026-02-24T10:12:00+00:00", "last_updated_date": WRO_UPDATED,
        "box_labels_uri": f"https://api.shipbob.com/1.0/receiving/{receiving_id}/labels",
        "fulfillment_center": receiving_center(), "inventory_quantities": stated,
        "external_sync_timestamp": None, **extra,
    }


def receiving_box(box_number: int = 1) -> dict:
    """A box of a 1.0 receiving order (or of GET /2.0/receiving/{id}/boxes)."""
    return {"box_id": 77001 + box_number, "box_number": box_number, "box_status": "Completed",
            "tracking_number": f"1Z999AA1012345678{box_number}", "arrived_date": "2026-03-03T14:00:00+00:00",
            "received_date": "2026-03-03T18:00:00+00:00", "counting_started_date": "2026-03-03T16:00:00+00:00",
            "box_items": [{"inventory_id": 1001, "quantity": 60, "received_quantity": 60, "lot_number": None,
                           "lot_date": None}]}


def product() -> dict:
    """A product as GET /1.0/product answers it."""
    return {"id": 3884009, "reference_id": "MUG-RED", "bundle_root_information": None,
            "created_date": "2025-11-02T10:00:00+00:00", "channel": {"id": 100102, "name": "Acme-Shopify-Store"},
            "sku": "MUG-RED", "name": "Stoneware mug - red", "barcode": "123456789012", "total_fulfillable_quantity": 52,
            "total_onhand_quantity": 56, "total_committed_quantity": 4,
            "fulfillable_inventory_items": [{"id": 1001, "name": "Stoneware mug - red", "quantity": 1}],
            "fulfillable_quantity_by_fulfillment_center": [{"id": CICERO, "name": "Cicero (IL)", "onhand_quantity": 44,
                                                            "fulfillable_quantity": 40, "committed_quantity": 4}]}


def channel() -> dict:
    return {"id": 100102, "name": "Acme-Shopify-Store", "application_name": "Shopify",
            "scopes": ["orders_read", "inventory_read"]}


def subscription() -> dict:
    """One webhook subscription as GET /webhook lists it."""
    return {"id": 12345, "created_at": "2026-01-05T09:00:00+00:00", "topic": "order_shipped",
            "subscription_url": "https://hub.example.com/webhooks/shipbob"}


def return_order() -> dict:
    return {"id": 880001, "reference_id": "RMA-1001", "status": "Completed", "return_type": "Regular",
            "original_shipment_id": 100810005, "fulfillment_center": {"id": CICERO, "name": "Cicero (IL)"},
            "channel": {"id": 100102, "name": "Acme-Shopify-Store"}, "insert_date": "2026-03-10T10:00:00+00:00",
            "tracking_number": "1Z9999999999999999", "invoice_amount": 4.5,
            "transactions": [{"amount": 2.5, "transaction_type": "ReturnLabelInvoice"},
                             {"amount": 2.0, "transaction_type": "ReturnProcessingFee"}],
            "inventory": [{"id": 1001, "name": "Stoneware mug - red", "quantity": 1,
                           "action_requested": {"action": "Restock", "action_type": "InventoryDefault"},
                           "action_taken": [{"action": "Restock", "quantity_processed": 1, "action_reason": None}]}]}


def shipment_log() -> dict:
    """One entry of GET /shipment/{id}/timeline."""
    return {"log_type_id": 604, "log_type_name": "Shipped", "log_type_text": "Shipment shipped",
            "timestamp": "2026-03-03T21:05:00+00:00", "metadata": {"carrier": "USPS"}}


def wire(document: Any) -> Any:
    """The document as the adapter parses it off the wire: JSON numbers with a fraction become Decimals."""
    return ADAPTER.parse(json.dumps(document).encode())


def mapped(document: Any, ctx: MappingContext = CONTEXT) -> list[Event]:
    """Every event the adapter maps a document to, the way the hub does it."""
    return [event for obj in ADAPTER.split(wire(document)) for event in ADAPTER.map_object(obj, ctx)]


def of_type(events: list[Event], event_type: str) -> list[Event]:
    return [event for event in events if event.type == event_type]
