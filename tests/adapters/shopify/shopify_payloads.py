"""Small builders of Shopify Admin REST payloads, shaped like Shopify's own, with ids and amounts tweakable."""

from __future__ import annotations

import json
from typing import Any

from adapters.shopify import ADAPTER
from adapters.toolkit import MappingContext
from canonical_model.events import Event

CONTEXT = MappingContext(account="acme.myshopify.com", payload_hash="payload-hash-1")
PLACED = "2026-03-02T10:00:00-05:00"
LATER = "2026-03-05T09:30:00-05:00"


def money_set(amount: str, currency: str = "USD", presentment: str | None = None, presented_in: str = "EUR") -> dict:
    return {
        "shop_money": {"amount": amount, "currency_code": currency},
        "presentment_money": {"amount": presentment or amount, "currency_code": presented_in},
    }


def line_item(line_id: int = 1001, sku: str = "MUG-RED", price: str = "20.00", quantity: int = 2, **extra: Any) -> dict:
    return {
        "id": line_id, "sku": sku, "title": "Stoneware mug", "name": "Stoneware mug - red", "price": price,
        "price_set": money_set(price, presented_in="USD"), "quantity": quantity, "discount_allocations": [],
        "tax_lines": [], **extra,
    }


def order(order_id: int = 450001, **extra: Any) -> dict:
    """A placed, unfulfilled, paid order of two mugs, with personal data where Shopify puts it."""
    return {
        "id": order_id, "name": "#1001", "order_number": 1001, "email": "ann@example.com", "phone": "+15550100",
        "customer": {"id": 7, "first_name": "Ann", "last_name": "Lee", "email": "ann@example.com"},
        "shipping_address": {"name": "Ann Lee", "address1": "1 Main St", "city": "Springfield"},
        "created_at": PLACED, "updated_at": PLACED, "processed_at": PLACED,
        "currency": "USD", "presentment_currency": "USD", "financial_status": "paid", "fulfillment_status": None,
        "cancelled_at": None, "cancel_reason": None, "note": None, "tags": "", "source_name": "web",
        "taxes_included": False, "line_items": [line_item()], "discount_codes": [], "discount_applications": [],
        "tax_lines": [], "shipping_lines": [], "total_line_items_price": "40.00", "subtotal_price": "40.00",
        "total_discounts": "0.00", "total_tax": "0.00", "total_price": "40.00", **extra,
    }


def refund(refund_id: int = 9001, order_id: int = 450001, **extra: Any) -> dict:
    """A refund of one mug, returned and restocked, paid back by one successful refund transaction."""
    return {
        "id": refund_id, "order_id": order_id, "created_at": LATER, "note": "arrived chipped", "restock": False,
        "refund_line_items": [refund_line()],
        "transactions": [transaction(kind="refund", amount="20.00", transaction_id=refund_id * 10)],
        "order_adjustments": [], **extra,
    }


def refund_line(line_id: int = 1001, quantity: int = 1, restock_type: str = "return", **extra: Any) -> dict:
    return {
        "id": line_id * 7, "line_item_id": line_id, "quantity": quantity, "restock_type": restock_type,
        "location_id": 48752903, "line_item": line_item(line_id), **extra,
    }


def adjustment(amount: str, kind: str = "shipping_refund", reason: str = "Shipping refund", tax: str = "0.00") -> dict:
    return {"id": 77, "amount": amount, "tax_amount": tax, "kind": kind, "reason": reason}


def fulfillment(fulfillment_id: int = 3001, order_id: int = 450001, status: str = "success", **extra: Any) -> dict:
    return {
        "id": fulfillment_id, "order_id": order_id, "status": status, "created_at": PLACED, "updated_at": LATER,
        "location_id": 48752903, "tracking_company": "UPS", "tracking_numbers": ["1Z999"], "service": "manual",
        "line_items": [line_item()], **extra,
    }


def transaction(kind: str = "sale", amount: str = "40.00", transaction_id: int = 5001, **extra: Any) -> dict:
    return {
        "id": transaction_id, "order_id": 450001, "kind": kind, "status": "success", "amount": amount,
        "currency": "USD", "gateway": "shopify_payments", "created_at": LATER, "test": False, **extra,
    }


def payout(payout_id: int = 623721858, status: str = "paid", **extra: Any) -> dict:
    return {"id": payout_id, "status": status, "date": "2026-03-10", "currency": "USD", "amount": "41.90",
            "summary": {"charges_fee_amount": "1.32", "charges_gross_amount": "44.52"}, **extra}


def payout_transaction(line_id: int = 8001, **extra: Any) -> dict:
    return {
        "id": line_id, "type": "charge", "payout_id": 623721858, "payout_status": "paid", "currency": "USD",
        "amount": "40.00", "fee": "1.46", "net": "38.54", "source_id": 5001, "source_type": "charge",
        "source_order_id": 450001, "source_order_transaction_id": 5001, "processed_at": LATER, **extra,
    }


def mapped(document: Any) -> list[Event]:
    """Every event the adapter maps a document to, the way the hub does it."""
    return [event for obj in ADAPTER.split(document) for event in ADAPTER.map_object(obj, CONTEXT)]


def of_type(events: list[Event], event_type: str) -> list[Event]:
    return [event for event in events if event.type == event_type]


def copied(payload: dict) -> dict:
    return json.loads(json.dumps(payload))
