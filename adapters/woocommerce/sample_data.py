"""A WooCommerce store's orders and refunds, generated deterministically for the simulator and the demo.

The demo brand's own WooCommerce store (REST API v3 shapes, USD, store time zone UTC-5, Pennsylvania
state tax 6% on goods and shipping, per-line tax rounding) sells the brand's one catalogue: the SKUs
are those of every other channel. Orders carry coupons with their reasons, gift-wrap fees, flat-rate
or free shipping, shipments recorded by the Shipment Tracking extension (`_wc_shipment_tracking_items`
meta: one parcel, split parcels, or a partial shipment while the order stays `processing`), unpaid
cancellations (with the `_cancellation_reason` meta of the store's cancellation plugin), bank-transfer
orders on hold, and partial and full refunds. Totals are computed the way WooCommerce computes them.

Cards are taken through the WooCommerce Stripe Gateway, which writes what Stripe charged on each paid
order: `_stripe_fee` (2.9% + 0.30 of the total) and `_stripe_net` (total - fee - refunds), the order's
financial lines; the payouts themselves are Stripe's. Ids are WooCommerce's own sequences in ranges
no other channel uses: orders from 70001 (number = id), refunds from 90001, order items from 400001.

Two orders are deliberately off by one cent, as WooCommerce stores sometimes are after the "round tax
at subtotal level" setting is flipped; the hub's reconciliation must find both (SOURCE_INCONSISTENT):
- order `OFF_TOTAL_ID` (70007) states a `total` 0.01 above its line totals, fees, shipping and tax;
- order `OFF_TAX_ID` (70019) has a tax line whose `tax_total` is 0.01 below the order's `total_tax`.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from adapters.woocommerce.checkout import new_order
from adapters.woocommerce.store import (
    CATALOGUE,
    CENT,
    FEE_FIXED,
    FEE_RATE,
    OFF_TAX_ID,
    OFF_TOTAL_ID,
    START,
    TAX_RATE_ID,
    Store,
    gmt,
    links,
    meta,
    money,
    set_date,
    tax_on,
)

__all__ = ["CATALOGUE", "OFF_TAX_ID", "OFF_TOTAL_ID", "Store", "complete", "generate_store", "refund", "ship"]
BACKORDER_DAYS = timedelta(days=5)
CANCEL_REASONS = ("Unpaid order cancelled - time limit reached.", "customer changed mind", "duplicate order")
CARRIERS = ("ups", "usps", "fedex")
TRACKING_KEY = "_wc_shipment_tracking_items"
_AMOUNTS = ("subtotal", "total", "amount")


def put_meta(store: Store, body: dict[str, Any], key: str, value: Any) -> None:
    """Set a meta entry, keeping its id when it exists (WooCommerce updates meta in place)."""
    entry = next((m for m in body["meta_data"] if m["key"] == key), None)
    if entry is None:
        body["meta_data"].append(meta(store, key, value))
    else:
        entry["value"] = value


def _meta_value(body: dict[str, Any], key: str) -> Any:
    return next((m["value"] for m in body["meta_data"] if m["key"] == key), None)


def _stripe_net(store: Store, order: dict[str, Any]) -> None:
    """What the Stripe gateway records: the fee on the charge, and the net less every refund (fees are not returned)."""
    total = Decimal(order["total"])
    fee = (total * FEE_RATE + FEE_FIXED).quantize(CENT)
    refunded = sum((-Decimal(r["total"]) for r in order["refunds"]), Decimal(0))
    put_meta(store, order, "_stripe_fee", money(fee))
    put_meta(store, order, "_stripe_net", money(total - fee - refunded))


def pay(store: Store, order: dict[str, Any], at: datetime) -> None:
    """The card is charged through Stripe: the order is processing and carries the gateway's fee and net."""
    order.update(status="processing", transaction_id=f"ch_3Q{order['id']:010d}", needs_payment=False, is_editable=False)
    put_meta(store, order, "_stripe_intent_id", f"pi_3Q{order['id']:010d}")
    put_meta(store, order, "_stripe_charge_captured", "yes")
    put_meta(store, order, "_stripe_currency", order["currency"])
    _stripe_net(store, order)
    set_date(order, "date_paid", at)
    set_date(order, "date_modified", at)


def ship(store: Store, order: dict[str, Any], lines: list[dict[str, Any]], at: datetime) -> None:
    """A parcel with these lines leaves, recorded as the Shipment Tracking extension records it."""
    parcels = list(_meta_value(order, TRACKING_KEY) or [])
    number = f"1Z{order['id']:08d}{len(parcels)}"
    parcels.append({
        "tracking_provider": CARRIERS[(order["id"] + len(parcels)) % len(CARRIERS)], "custom_tracking_provider": "",
        "custom_tracking_link": "", "tracking_number": number, "date_shipped": str(int(at.timestamp())),
        "tracking_id": hashlib.md5(number.encode()).hexdigest(),
        "products_list": [{"product": str(line["product_id"]), "item_id": str(line["id"]), "qty": str(line["quantity"])}
                          for line in lines],
    })
    put_meta(store, order, TRACKING_KEY, parcels)
    set_date(order, "date_modified", at)


def complete(order: dict[str, Any], at: datetime) -> None:
    order["status"] = "completed"
    set_date(order, "date_completed", at)
    set_date(order, "date_modified", at)


def cancel(store: Store, order: dict[str, Any], at: datetime, reason: str) -> None:
    """An unpaid order cancelled, with the reason the store's cancellation plugin keeps in meta."""
    order.update(status="cancelled", is_editable=False)
    put_meta(store, order, "_cancellation_reason", reason)
    set_date(order, "date_modified", at)


def _refunded_item(store: Store, item: dict[str, Any], quantity: int | None) -> dict[str, Any]:
    """The refund's copy of an order item (line, shipping or fee): negative amounts, its tax, the item it refunds."""
    share = Decimal(quantity) / item["quantity"] if quantity is not None else Decimal(1)
    copy = {k: v for k, v in item.items() if k not in ("image", "parent_name")}
    for name in (n for n in _AMOUNTS if n in item):
        copy[name] = money(-(Decimal(item[name]) * share).quantize(CENT))
    tax = tax_on(-Decimal(copy["total"])) if item.get("taxes") else Decimal(0)
    copy.update(id=store.item_id(), total_tax=money(-tax), meta_data=[meta(store, "_refunded_item_id", str(item["id"]))],
                taxes=[{"id": TAX_RATE_ID, "total": money(-tax), "subtotal": money(-tax)}] if tax else [])
    if "subtotal" in item:
        copy["subtotal_tax"] = money(-tax_on(-Decimal(copy["subtotal"])))
    if quantity is not None:
        copy.update(quantity=-quantity, price=float(Decimal(copy["total"]) / quantity))
    return copy


def refund(store: Store, order: dict[str, Any], parts: list[tuple[dict[str, Any], int]], *, reason: str,
           at: datetime, whole: bool = False) -> dict[str, Any]:
    """Give back `quantity` units of each line with their tax (and the shipping and fees when `whole`), through Stripe."""
    store.last_refund_id += 1
    items = [_refunded_item(store, line, quantity) for line, quantity in parts]
    shipping = [_refunded_item(store, s, None) for s in order["shipping_lines"] if whole and Decimal(s["total"])]
    fees = [_refunded_item(store, f, None) for f in order["fee_lines"] if whole]
    taxes = [Decimal(i["total_tax"]) for i in items], [Decimal(s["total_tax"]) for s in shipping]
    amount = -sum((Decimal(i["total"]) + Decimal(i["total_tax"]) for i in items + shipping + fees), Decimal(0))
    body = {"id": store.last_refund_id, "date_created": None, "date_created_gmt": None, "amount": money(amount),
            "reason": reason, "refunded_by": 1, "refunded_payment": True,
            "meta_data": [meta(store, "_stripe_refund_id", f"re_3Q{store.last_refund_id:010d}")],
            "line_items": items, "shipping_lines": shipping, "fee_lines": fees,
            "tax_lines": [{"id": store.item_id(), "rate_code": "US-PA-STATE TAX-1", "rate_id": TAX_RATE_ID,
                           "label": "State Tax", "compound": False, "tax_total": money(sum(taxes[0], Decimal(0))),
                           "shipping_tax_total": money(sum(taxes[1], Decimal(0))), "rate_percent": 6, "meta_data": []}],
            "_links": links(order["id"], store.last_refund_id)}
    set_date(body, "date_created", at)
    store.refunds.setdefault(order["id"], []).insert(0, body)
    order["refunds"].insert(0, {"id": body["id"], "reason": reason, "total": money(-amount)})
    if whole:
        order["status"] = "refunded"
    _stripe_net(store, order)
    set_date(order, "date_modified", at)
    return body


def _ship_some(store: Store, rng: random.Random, order: dict[str, Any], placed: datetime) -> None:
    """Nothing yet (15%), a partial shipment with the rest backordered and shipped five days later, split
    parcels, or one parcel."""
    roll, lines = rng.random(), order["line_items"]
    if roll < 0.15:
        return
    first = placed + timedelta(days=1, hours=rng.randint(1, 20))
    if roll < 0.25 and len(lines) > 1:
        ship(store, order, lines[:1], first)
        ship(store, order, lines[1:], first + BACKORDER_DAYS)  # the backordered rest arrives and ships
        complete(order, first + BACKORDER_DAYS + timedelta(hours=2))
        return
    parcels = [lines[:1], lines[1:]] if roll < 0.40 and len(lines) > 1 else [lines]
    for index, parcel in enumerate(parcels):
        ship(store, order, parcel, first + timedelta(days=index))
    complete(order, first + timedelta(days=len(parcels) - 1, hours=2))


def _refund_some(store: Store, rng: random.Random, order: dict[str, Any], placed: datetime) -> None:
    roll, at = rng.random(), placed + timedelta(days=rng.randint(6, 20))
    if order["id"] in (OFF_TOTAL_ID, OFF_TAX_ID):
        return  # their misstated cent stays the only thing wrong with them
    if roll < 0.03:
        parts = [(line, line["quantity"]) for line in order["line_items"]]
        refund(store, order, parts, reason="order returned in full", at=at, whole=True)
    elif roll < 0.15:
        shipped = order["status"] == "completed"
        reason = "customer return: too small" if shipped else "out of stock: refunded before dispatch"
        refund(store, order, [(order["line_items"][0], 1)], reason=reason, at=at)


def _evolve(store: Store, rng: random.Random, order: dict[str, Any], placed: datetime) -> None:
    """After checkout: cancelled unpaid (4%), on hold awaiting a bank transfer (4%), or paid, shipped and perhaps refunded."""
    roll = rng.random()
    if roll < 0.04:
        cancel(store, order, placed + timedelta(hours=rng.randint(1, 30)), rng.choice(CANCEL_REASONS))
    elif roll < 0.08:
        order.update(status="on-hold", payment_method="bacs", payment_method_title="Direct bank transfer")
        set_date(order, "date_modified", placed + timedelta(seconds=rng.randint(5, 90)))
    else:
        pay(store, order, placed + timedelta(seconds=rng.randint(5, 90)))
        _ship_some(store, rng, order, placed)
        _refund_some(store, rng, order, placed)


def _misstate(order: dict[str, Any]) -> None:
    """The two deliberate one-cent errors of the data set (see the module docstring)."""
    if order["id"] == OFF_TOTAL_ID:
        order["total"] = money(Decimal(order["total"]) + CENT)
    if order["id"] == OFF_TAX_ID:
        order["tax_lines"][0]["tax_total"] = money(Decimal(order["tax_lines"][0]["tax_total"]) - CENT)


def generate_store(count: int, seed: int = 1, spacing_minutes: int = 17) -> Store:
    """`count` orders placed about `spacing_minutes` apart from 2026-09-01 and all that became of them, the same
    for the same seed."""
    rng = random.Random(seed)
    store = Store(rng=random.Random(seed + 1))
    for number in range(1, count + 1):
        placed = START + timedelta(minutes=number * spacing_minutes + rng.randint(0, spacing_minutes - 1),
                                   seconds=rng.randint(0, 59))
        order = new_order(store, rng, number, placed)
        _misstate(order)
        store.orders[order["id"]] = order
        _evolve(store, rng, order, placed)
    store.now = max((gmt(order, "date_modified") for order in store.orders.values()), default=START) + timedelta(hours=1)
    return store
