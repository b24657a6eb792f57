"""Small builders of WooCommerce REST v3 payloads, shaped like WooCommerce's own, with ids and amounts tweakable."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from adapters.toolkit import MappingContext
from adapters.woocommerce import ADAPTER
from canonical_model.events import Event

# A connection configured with its store currency, as WooCommerce refunds state none.
CONTEXT = MappingContext(account="shop.example.com", payload_hash="payload-hash-1", currency="USD")
CREATED_GMT = "2026-03-02T15:00:00"
LATER_GMT = "2026-03-05T14:30:00"
PERSONAL = ("Ann", "Lee", "ann@example.com", "1 Main St", "Springfield", "+1 555 0100", "203.0.113.9")


def links(order_id: int, refund_id: int | None = None) -> dict:
    base = f"https://shop.example.com/wp-json/wc/v3/orders/{order_id}"
    if refund_id is None:
        return {"self": [{"href": base}], "collection": [{"href": base.rsplit("/", 1)[0]}]}
    return {"self": [{"href": f"{base}/refunds/{refund_id}"}], "collection": [{"href": f"{base}/refunds"}],
            "up": [{"href": base}]}


def line_item(line_id: int = 41, sku: str = "MUG-RED", quantity: int = 2, subtotal: str = "40.00",
              total: str | None = None, **extra: Any) -> dict:
    """A line of mugs taxed at the state rate (7.5%), priced as WooCommerce prices it: price = total / quantity."""
    total = total or subtotal
    tax = str((Decimal(total) * Decimal("0.075")).quantize(Decimal("0.01")))
    return {
        "id": line_id, "name": "Stoneware mug &ndash; red", "product_id": 93, "variation_id": 0, "quantity": quantity,
        "tax_class": "", "subtotal": subtotal, "subtotal_tax": tax, "total": total, "total_tax": tax,
        "taxes": [{"id": 75, "total": tax, "subtotal": tax}], "meta_data": [{"id": 9, "key": "pa_color", "value": "red"}],
        "sku": sku, "price": int(Decimal(total) / quantity), **extra,
    }


def tax_line(tax_total: str = "3.00", shipping_tax_total: str = "0.00", **extra: Any) -> dict:
    return {"id": 318, "rate_code": "US-CA-STATE TAX-1", "rate_id": 75, "label": "State Tax", "compound": False,
            "tax_total": tax_total, "shipping_tax_total": shipping_tax_total, "rate_percent": 7.5, "meta_data": [],
            **extra}


def shipping_line(total: str = "5.00", **extra: Any) -> dict:
    return {"id": 317, "method_title": "Flat Rate", "method_id": "flat_rate", "instance_id": "1", "total": total,
            "total_tax": "0.00", "taxes": [], "meta_data": [], **extra}


def coupon(code: str = "spring10", discount: str = "4.00", description: str | None = "spring newsletter",
           **extra: Any) -> dict:
    """A coupon line; WooCommerce keeps the coupon's own data (its description) in the line's meta."""
    data = {"id": 12, "code": code, "amount": "10", "discount_type": "percent", "description": description or ""}
    return {"id": 330, "code": code, "discount": discount, "discount_tax": "0.30",
            "meta_data": [{"id": 2101, "key": "coupon_data", "value": data}], **extra}


def fee(name: str = "Gift wrap", total: str = "3.50", **extra: Any) -> dict:
    return {"id": 331, "name": name, "tax_class": "", "tax_status": "none", "amount": total, "total": total,
            "total_tax": "0.00", "taxes": [], "meta_data": [], **extra}


def nested_refund(refund_id: int = 6001, total: str = "-20.00", reason: str = "arrived chipped") -> dict:
    return {"id": refund_id, "reason": reason, "total": total}


def order(order_id: int = 5001, **extra: Any) -> dict:
    """A processing order of two mugs with flat-rate shipping and state tax, personal data where WooCommerce puts it."""
    return {
        "id": order_id, "parent_id": 0, "number": str(order_id), "order_key": "wc_order_abc123", "created_via": "checkout",
        "version": "8.6.1", "status": "processing", "currency": "USD",
        "date_created": "2026-03-02T10:00:00", "date_created_gmt": CREATED_GMT,
        "date_modified": "2026-03-02T10:00:00", "date_modified_gmt": CREATED_GMT,
        "discount_total": "0.00", "discount_tax": "0.00", "shipping_total": "5.00", "shipping_tax": "0.00",
        "cart_tax": "3.00", "total": "48.00", "total_tax": "3.00", "prices_include_tax": False, "customer_id": 26,
        "customer_ip_address": "203.0.113.9", "customer_user_agent": "mozilla/5.0", "customer_note": "",
        "billing": {"first_name": "Ann", "last_name": "Lee", "address_1": "1 Main St", "city": "Springfield",
                    "email": "ann@example.com", "phone": "+1 555 0100", "country": "US"},
        "shipping": {"first_name": "Ann", "last_name": "Lee", "address_1": "1 Main St", "city": "Springfield",
                     "country": "US"},
        "payment_method": "stripe", "payment_method_title": "Credit card", "transaction_id": "ch_3Nabc",
        "date_paid": "2026-03-02T10:00:05", "date_paid_gmt": "2026-03-02T15:00:05", "date_completed": None,
        "date_completed_gmt": None, "cart_hash": "5040ce72",
        "meta_data": [{"id": 13106, "key": "_download_permissions_granted", "value": "yes"},
                      {"id": 13107, "key": "_wc_order_attribution_user_agent", "value": "mozilla/5.0"},
                      {"id": 13108, "key": "_shipping_phone", "value": "+1 555 0100"}],
        "line_items": [line_item()], "tax_lines": [tax_line()], "shipping_lines": [shipping_line()],
        "fee_lines": [], "coupon_lines": [], "refunds": [], "_links": links(order_id), **extra,
    }


def discounted_order(**extra: Any) -> dict:
    """The order with coupon spring10 taking 4.00 off the mugs: lines 40.00 before, 36.00 after."""
    fields: dict[str, Any] = {
        "line_items": [line_item(total="36.00")], "coupon_lines": [coupon()], "discount_total": "4.00",
        "discount_tax": "0.30", "tax_lines": [tax_line("2.70")], "total_tax": "2.70", "cart_tax": "2.70", "total": "43.70",
    }
    return order(**{**fields, **extra})


def refund_line(line_id: int = 77, refunded_item: int = 41, quantity: int = -1, total: str = "-20.00",
                **extra: Any) -> dict:
    """A refunded line as WooCommerce states it: negative quantity and totals, the order line in meta."""
    return {
        "id": line_id, "name": "Stoneware mug &ndash; red", "product_id": 93, "variation_id": 0, "quantity": quantity,
        "tax_class": "", "subtotal": total, "subtotal_tax": "-1.50", "total": total, "total_tax": "-1.50",
        "taxes": [{"id": 75, "total": "-1.5", "subtotal": "-1.5"}],
        "meta_data": [{"id": 2076, "key": "_refunded_item_id", "value": str(refunded_item)}],
        "sku": "MUG-RED", "price": -20, **extra,
    }


def refund(refund_id: int = 6001, order_id: int = 5001, amount: str = "21.50", **extra: Any) -> dict:
    """A refund of one mug with its tax, given back through the gateway."""
    return {
        "id": refund_id, "date_created": "2026-03-05T09:30:00", "date_created_gmt": LATER_GMT, "amount": amount,
        "reason": "arrived chipped", "refunded_by": 1, "refunded_payment": True, "meta_data": [],
        "line_items": [refund_line()], "_links": links(order_id, refund_id), **extra,
    }


def batch(create: list | None = None, update: list | None = None, delete: list | None = None) -> dict:
    return {"create": create or [], "update": update or [], "delete": delete or []}


def batch_error(item_id: int = 0, code: str = "woocommerce_rest_shop_order_invalid_id") -> dict:
    return {"id": item_id, "error": {"code": code, "message": "Invalid ID.", "data": {"status": 400}}}


def body(document: Any) -> bytes:
    return json.dumps(document).encode()


def mapped(document: Any, context: MappingContext = CONTEXT) -> list[Event]:
    """Every event the adapter maps a document to, the way the hub does it: parse the bytes, split, map."""
    return mapped_bytes(body(document), context)


def mapped_bytes(raw: bytes, context: MappingContext = CONTEXT) -> list[Event]:
    return [event for obj in ADAPTER.split(ADAPTER.parse(raw)) for event in ADAPTER.map_object(obj, context)]


def of_type(events: list[Event], event_type: str) -> list[Event]:
    return [event for event in events if event.type == event_type]
