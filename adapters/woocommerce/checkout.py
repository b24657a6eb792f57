"""An order as WooCommerce's checkout creates it: lines, coupon, per-line tax, shipping, fees and the stated totals."""

from __future__ import annotations

import hashlib
import random
from datetime import datetime
from decimal import Decimal
from typing import Any

from adapters.woocommerce.store import (
    CATALOGUE,
    CENT,
    COUPONS,
    FIRST_ORDER_ID,
    FLAT_RATE,
    FREE_SHIPPING_FROM,
    GIFT_WRAP,
    SITE,
    TAX_RATE_ID,
    Store,
    links,
    meta,
    money,
    set_date,
    tax_on,
)


def _line(store: Store, product: tuple[str, str, str, int], quantity: int) -> dict[str, Any]:
    sku, name, price, product_id = product
    subtotal = money(Decimal(price) * quantity)
    return {"id": store.item_id(), "name": name, "product_id": product_id, "variation_id": 0, "quantity": quantity,
            "tax_class": "", "subtotal": subtotal, "subtotal_tax": "", "total": subtotal, "total_tax": "", "taxes": [],
            "meta_data": [], "sku": sku, "price": 0.0, "image": {"id": product_id + 1000, "src": (
                f"{SITE}/wp-content/uploads/{sku.lower()}.jpg")}, "parent_name": None}


def _apply_coupon(lines: list[dict[str, Any]], kind: str, value: str) -> None:
    """Spread a coupon over the lines in proportion to their subtotals, the remainder on the last line."""
    gross = sum(Decimal(line["subtotal"]) for line in lines)
    amount = (gross * Decimal(value) / 100).quantize(CENT) if kind == "percent" else min(Decimal(value), gross)
    remaining = amount
    for index, line in enumerate(lines):
        subtotal = Decimal(line["subtotal"])
        share = remaining if index == len(lines) - 1 else (amount * subtotal / gross).quantize(CENT)
        remaining -= share
        line["total"] = money(subtotal - share)


def _tax_line_item(line: dict[str, Any]) -> None:
    subtotal, total = Decimal(line["subtotal"]), Decimal(line["total"])
    line.update(subtotal_tax=money(tax_on(subtotal)), total_tax=money(tax_on(total)), price=float(total / line["quantity"]),
                taxes=[{"id": TAX_RATE_ID, "total": money(tax_on(total)), "subtotal": money(tax_on(subtotal))}])


def _coupon_line(store: Store, coupon: tuple[str, str, str, str], lines: list[dict[str, Any]]) -> dict[str, Any]:
    code, kind, value, reason = coupon
    discount = sum(Decimal(line["subtotal"]) - Decimal(line["total"]) for line in lines)
    discount_tax = sum(Decimal(line["subtotal_tax"]) - Decimal(line["total_tax"]) for line in lines)
    data = {"id": 11 + COUPONS.index(coupon), "code": code, "amount": value, "discount_type": kind,
            "description": reason, "free_shipping": False}
    return {"id": store.item_id(), "code": code, "discount": money(discount), "discount_tax": money(discount_tax),
            "meta_data": [meta(store, "coupon_data", data)]}


def _shipping_line(store: Store, goods: Decimal) -> dict[str, Any]:
    free = goods >= FREE_SHIPPING_FROM
    total = Decimal(0) if free else FLAT_RATE
    return {"id": store.item_id(), "method_title": "Free shipping" if free else "Flat rate",
            "method_id": "free_shipping" if free else "flat_rate", "instance_id": "2" if free else "1",
            "total": money(total), "total_tax": money(tax_on(total)),
            "taxes": [{"id": TAX_RATE_ID, "total": money(tax_on(total)), "subtotal": ""}] if total else [], "meta_data": []}


def _fee_line(store: Store) -> dict[str, Any]:
    return {"id": store.item_id(), "name": "Gift wrap", "tax_class": "", "tax_status": "none", "amount": money(GIFT_WRAP),
            "total": money(GIFT_WRAP), "total_tax": "0.00", "taxes": [], "meta_data": []}


def _totals(order: dict[str, Any], tax_line_id: int) -> None:
    """The order's stated totals from its lines, as WooCommerce sums them (tax rounded per line)."""
    lines, shipping = order["line_items"], order["shipping_lines"]
    cart_tax = sum((Decimal(line["total_tax"]) for line in lines), Decimal(0))
    shipping_total = sum((Decimal(s["total"]) for s in shipping), Decimal(0))
    shipping_tax = sum((Decimal(s["total_tax"]) for s in shipping), Decimal(0))
    goods = sum((Decimal(line["total"]) for line in lines), Decimal(0))
    fees = sum((Decimal(f["total"]) for f in order["fee_lines"]), Decimal(0))
    order.update(
        discount_total=money(sum((Decimal(c["discount"]) for c in order["coupon_lines"]), Decimal(0))),
        discount_tax=money(sum((Decimal(c["discount_tax"]) for c in order["coupon_lines"]), Decimal(0))),
        shipping_total=money(shipping_total), shipping_tax=money(shipping_tax), cart_tax=money(cart_tax),
        total_tax=money(cart_tax + shipping_tax), total=money(goods + fees + shipping_total + cart_tax + shipping_tax),
        tax_lines=[{"id": tax_line_id, "rate_code": "US-PA-STATE TAX-1",
                    "rate_id": TAX_RATE_ID, "label": "State Tax", "compound": False, "tax_total": money(cart_tax),
                    "shipping_tax_total": money(shipping_tax), "rate_percent": 6, "meta_data": []}],
    )


def _customer(number: int) -> dict[str, Any]:
    person = {"first_name": "Customer", "last_name": f"No{number}", "company": "", "address_1": f"{number} Market St",
              "address_2": "", "city": "Philadelphia", "state": "PA", "postcode": "19103", "country": "US"}
    return {"customer_id": 2000 + number, "billing": person | {"email": f"customer{number}@example.com",
                                                               "phone": f"+1 215 555 {number % 10000:04d}"},
            "shipping": person | {"phone": ""}}


def new_order(store: Store, rng: random.Random, number: int, placed: datetime) -> dict[str, Any]:
    """Order `number` as checkout leaves it: pending payment, created and modified when `placed`."""
    order_id = FIRST_ORDER_ID + number
    lines = [_line(store, product, rng.randint(1, 3)) for product in rng.sample(CATALOGUE, rng.randint(1, 4))]
    coupon = rng.choice(COUPONS) if rng.random() < 0.35 else None
    if coupon:
        _apply_coupon(lines, coupon[1], coupon[2])
    for line in lines:
        _tax_line_item(line)
    order: dict[str, Any] = {
        "id": order_id, "parent_id": 0, "status": "pending", "currency": "USD", "version": "8.6.1",
        "prices_include_tax": False, "order_key": f"wc_order_{hashlib.sha1(str(order_id).encode()).hexdigest()[:13]}",
        **_customer(number), "payment_method": "stripe", "payment_method_title": "Credit Card (Stripe)",
        "transaction_id": "", "customer_ip_address": f"198.51.100.{number % 250}", "customer_user_agent": "Mozilla/5.0",
        "created_via": "checkout", "customer_note": "", "cart_hash": hashlib.md5(str(number).encode()).hexdigest(),
        "number": str(order_id), "meta_data": [], "line_items": lines, "tax_lines": [],
        "shipping_lines": [_shipping_line(store, sum(Decimal(line["total"]) for line in lines))],
        "fee_lines": [_fee_line(store)] if rng.random() < 0.08 else [], "refunds": [],
        "coupon_lines": [_coupon_line(store, coupon, lines)] if coupon else [], "currency_symbol": "$",
        "payment_url": f"{SITE}/checkout/order-pay/{order_id}/", "is_editable": True, "needs_payment": True,
        "needs_processing": True, "_links": links(order_id),
    }
    _totals(order, store.item_id())
    for name in ("date_created", "date_modified"):
        set_date(order, name, placed)
    set_date(order, "date_paid", None)
    set_date(order, "date_completed", None)
    return order
