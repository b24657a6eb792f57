"""Realistic Shopify Admin REST orders, generated deterministically for the demo and the benchmarks.

Orders carry discounts with reasons, tax and shipping lines, split and partial fulfilments, refunds
and cancellations; every total is computed the way Shopify computes it, so they are self-consistent.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

CATALOGUE = [
    ("MUG-RED", "Stoneware mug, red", "18.00"), ("MUG-BLU", "Stoneware mug, blue", "18.00"),
    ("TEE-S", "Organic tee, small", "29.00"), ("TEE-M", "Organic tee, medium", "29.00"),
    ("CAP-01", "Canvas cap", "24.50"), ("BAG-TOTE", "Tote bag", "35.00"), ("CARD-GIFT", "Greeting card", "4.95"),
    ("POSTER-A2", "Poster A2", "22.00"),
]
DISCOUNTS = [("WELCOME10", "percentage", "10.0", "first order welcome offer"),
             ("SPRING5", "fixed_amount", "5.00", "spring newsletter promotion")]
TAX_RATE = Decimal("0.06")
CENT = Decimal("0.01")


def _money(value: Decimal) -> str:
    return str(value.quantize(CENT))


def _lines(rng: random.Random, order_id: int) -> list[dict[str, Any]]:
    picks = rng.sample(CATALOGUE, rng.randint(1, 4))
    return [{"id": order_id * 10 + index, "sku": sku, "title": title, "name": title, "price": price,
             "quantity": rng.randint(1, 3), "requires_shipping": True, "taxable": True, "discount_allocations": []}
            for index, (sku, title, price) in enumerate(picks)]


def _apply_discount(rng: random.Random, lines: list[dict[str, Any]], gross: Decimal) -> tuple[Decimal, list, list]:
    if rng.random() > 0.35:
        return Decimal(0), [], []
    code, kind, value, reason = rng.choice(DISCOUNTS)
    amount = (gross * Decimal(value) / 100).quantize(CENT) if kind == "percentage" else min(Decimal(value), gross)
    remaining = amount
    for index, line in enumerate(lines):
        share = remaining if index == len(lines) - 1 else (amount * Decimal(line["price"]) * line["quantity"] / gross
                                                           ).quantize(CENT)
        remaining -= share
        line["discount_allocations"] = [{"amount": _money(share), "discount_application_index": 0}]
    application = {"type": "discount_code", "code": code, "value": value, "value_type": kind,
                   "allocation_method": "across", "target_type": "line_item", "description": reason, "title": code}
    return amount, [{"code": code, "amount": _money(amount), "type": kind}], [application]


def _fulfillments(rng: random.Random, order: dict[str, Any], placed: datetime) -> list[dict[str, Any]]:
    if rng.random() < 0.15:
        return []
    lines = order["line_items"]
    groups = [lines] if len(lines) == 1 or rng.random() < 0.75 else [lines[:1], lines[1:]]
    result = []
    for number, group in enumerate(groups):
        shipped = placed + timedelta(days=1 + number, hours=rng.randint(1, 20))
        delivered = rng.random() < 0.8
        result.append({
            "id": order["id"] * 100 + number, "order_id": order["id"], "status": "success",
            "created_at": shipped.isoformat(), "updated_at": (shipped + timedelta(days=3 if delivered else 0)).isoformat(),
            "location_id": rng.choice([48752903, 48752904]), "tracking_company": rng.choice(["UPS", "USPS", "FedEx"]),
            "tracking_number": f"1Z{order['id']:08d}{number}", "tracking_numbers": [f"1Z{order['id']:08d}{number}"],
            "shipment_status": "delivered" if delivered else "in_transit",
            "line_items": [{"id": line["id"], "sku": line["sku"], "quantity": line["quantity"], "price": line["price"],
                            "title": line["title"]} for line in group],
        })
    return result


def _refunds(rng: random.Random, order: dict[str, Any], placed: datetime) -> list[dict[str, Any]]:
    if rng.random() > 0.12:
        return []
    line = order["line_items"][0]
    allocated = sum((Decimal(a["amount"]) for a in line["discount_allocations"]), Decimal(0))
    subtotal = (Decimal(line["price"]) - allocated / line["quantity"]).quantize(CENT)
    tax = (subtotal * TAX_RATE).quantize(CENT)
    created = placed + timedelta(days=rng.randint(6, 20))
    refund_id = order["id"] * 1000 + 1
    return [{
        "id": refund_id, "order_id": order["id"], "created_at": created.isoformat(), "note": "customer return: too small",
        "restock": True,
        "refund_line_items": [{"id": refund_id * 10, "line_item_id": line["id"], "quantity": 1,
                               "restock_type": "return", "subtotal": _money(subtotal), "total_tax": _money(tax),
                               "line_item": {"id": line["id"], "sku": line["sku"], "price": line["price"]}}],
        "transactions": [{"id": refund_id * 10 + 1, "order_id": order["id"], "kind": "refund", "status": "success",
                          "amount": _money(subtotal + tax), "currency": "USD", "gateway": "shopify_payments",
                          "created_at": created.isoformat()}],
        "order_adjustments": [],
    }]


def generate_order(rng: random.Random, number: int, placed: datetime) -> dict[str, Any]:
    order_id = 5_000_000 + number
    lines = _lines(rng, order_id)
    gross = sum(Decimal(line["price"]) * line["quantity"] for line in lines)
    discount, codes, applications = _apply_discount(rng, lines, gross)
    subtotal = gross - discount
    tax = (subtotal * TAX_RATE).quantize(CENT)
    shipping = Decimal("0.00") if subtotal >= 75 else Decimal("6.95")
    order: dict[str, Any] = {
        "id": order_id, "name": f"#{1000 + number}", "order_number": 1000 + number, "currency": "USD",
        "presentment_currency": "USD", "created_at": placed.isoformat(), "processed_at": placed.isoformat(),
        "updated_at": placed.isoformat(), "financial_status": "paid", "fulfillment_status": None,
        "source_name": rng.choice(["web", "pos", "shopify_draft_order"]), "tags": "", "note": None,
        "taxes_included": False, "cancelled_at": None, "cancel_reason": None, "email": f"customer{number}@example.com",
        "line_items": lines, "discount_codes": codes, "discount_applications": applications,
        "tax_lines": [{"title": "State tax", "rate": str(TAX_RATE), "price": _money(tax)}],
        "shipping_lines": [{"title": "Ground", "code": "GROUND", "price": _money(shipping), "discount_allocations": []}],
        "total_line_items_price": _money(gross), "total_discounts": _money(discount), "subtotal_price": _money(subtotal),
        "total_tax": _money(tax), "total_shipping_price_set": {"shop_money": {"amount": _money(shipping),
                                                                             "currency_code": "USD"}},
        "total_price": _money(subtotal + tax + shipping),
    }
    _evolve(rng, order, placed)
    return order


def _evolve(rng: random.Random, order: dict[str, Any], placed: datetime) -> None:
    """What happened after placement: cancellation, or fulfilments and perhaps a refund."""
    if rng.random() < 0.04:
        cancelled = placed + timedelta(hours=rng.randint(1, 30))
        order.update(cancelled_at=cancelled.isoformat(), cancel_reason=rng.choice(["customer", "inventory", "fraud"]),
                     financial_status="voided", updated_at=cancelled.isoformat())
        return
    order["fulfillments"] = _fulfillments(rng, order, placed)
    order["refunds"] = _refunds(rng, order, placed)
    shipped = {line["id"] for f in order["fulfillments"] for line in f["line_items"]}
    order["fulfillment_status"] = ("fulfilled" if len(shipped) == len(order["line_items"])
                                   else "partial" if shipped else None)
    if order["refunds"]:
        order["financial_status"] = "partially_refunded"
    moments = [f["updated_at"] for f in order["fulfillments"]] + [r["created_at"] for r in order["refunds"]]
    order["updated_at"] = max(moments, default=order["updated_at"])


def generate_orders(count: int, seed: int = 1, start: datetime | None = None,
                    spacing_minutes: int = 17) -> list[dict[str, Any]]:
    """`count` orders placed about `spacing_minutes` apart after `start`, the same ones for the same seed."""
    rng = random.Random(seed)
    start = start or datetime(2026, 9, 1, tzinfo=UTC)
    return [generate_order(rng, number, start + timedelta(
        minutes=number * spacing_minutes + rng.randint(0, spacing_minutes - 1))) for number in range(1, count + 1)]
