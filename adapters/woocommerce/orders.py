"""A WooCommerce order as facts: one snapshot per version, its cancellation, its refunds and its deletion.

An order's version is its `date_modified_gmt` plus a digest of its content: WooCommerce changes order
meta (stock reduced, download permissions granted) without touching date_modified, so two different
bodies of one order can share a modified time; both are kept, while the same body delivered twice (a
list page, a webhook, a batch response) maps to the same ids.

Every WooCommerce order amount is exclusive of tax, whatever `prices_include_tax` says (that setting
only tells how the shop entered its prices): `total` = line totals + fees + shipping + total tax. So
`taxes_included` is False for every order that states amounts, and `prices_include_tax` stays in context.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from adapters.toolkit import MappingContext, PayloadError, Reader, SourceObject
from adapters.woocommerce import order_lines
from adapters.woocommerce.common import (
    Origin,
    add,
    compact,
    gmt_time,
    identifier,
    meta,
    optional_id,
    origin,
    path_of,
    required_money,
    required_time,
)
from adapters.woocommerce.refunds import nested_refund_event
from canonical_model.accounting_events import RecordDeleted
from canonical_model.events import Event, OrderCancelled, OrderPlaced, OrderUpdated, StatedTotals
from canonical_model.identity import short_hash

_STATUS = {
    "pending": "PENDING_PAYMENT",
    "processing": "PROCESSING",
    "on-hold": "ON_HOLD",
    "completed": "COMPLETED",
    "cancelled": "CANCELLED",
    "refunded": "REFUNDED",
    "failed": "FAILED",
    "trash": "TRASHED",
    "checkout-draft": "CHECKOUT_DRAFT",
}
_MONEY_KEYS = (
    "line_items", "shipping_lines", "tax_lines", "coupon_lines", "fee_lines", "refunds", "total", "total_tax",
    "shipping_total", "discount_total",
)


def order_events(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """The snapshot of an order version, its cancellation, and the refunds it lists."""
    r = Reader(obj.data, path_of(obj.pointer))
    order_id = identifier(r, "id")
    modified, modified_text = required_time(r, "date_modified")
    currency = order_currency(r)
    version = f"{modified_text}#{short_hash(json.dumps(obj.data, sort_keys=True, default=str))}"
    source = origin(ctx, "order", order_id, version, obj.pointer, order_id, order_context(r))
    events = [snapshot_event(r, source, currency, modified)]
    if r.text("status") == "cancelled":
        cancellation = OrderCancelled(reason=cancel_reason(r), cancelled_at=modified)
        events.append(source.event(cancellation, modified, version=modified_text))
    if currency is not None:  # order_currency refuses listed refunds without a currency
        events += [nested_refund_event(refund, f"{obj.pointer}/refunds/{index}", ctx, order_id, currency, modified)
                   for index, refund in enumerate(r.items("refunds"))]
    return events


def deleted_order_events(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """RecordDeleted for an order a batch deleted, after the snapshot of that order when the item states its status."""
    r = Reader(obj.data, path_of(obj.pointer))
    order_id = identifier(r, "id")
    modified, modified_text = required_time(r, "date_modified")
    events = order_events(obj, ctx) if "status" in r.data else []
    trashed = r.text("status") == "trash"
    context = {
        "status": r.text("status"),
        "deletion": "moved to the trash (WooCommerce can restore it)" if trashed else "deleted by an orders batch",
    }
    source = origin(ctx, "order", order_id, modified_text, obj.pointer, order_id, context)
    return events + [source.event(RecordDeleted(object_type="order", object_id=order_id), modified)]


def order_currency(r: Reader) -> str | None:
    """The order's currency; required as soon as the payload states any amount."""
    currency = r.text("currency")
    if currency is None and any(key in r.data for key in _MONEY_KEYS):
        raise PayloadError(r.at("currency"), "is required to read the order's amounts")
    return currency


def snapshot_event(r: Reader, source: Origin, currency: str | None, modified: datetime) -> Event:
    """OrderPlaced when this version is the order as created (date_created == date_modified), else OrderUpdated."""
    created = gmt_time(r, "date_created")
    kind = OrderPlaced if created is not None and created[0] == modified else OrderUpdated
    return source.event(kind(**snapshot_fields(r, currency, created[0] if created else None)), modified)


def snapshot_fields(r: Reader, currency: str | None, placed_at: datetime | None) -> dict[str, Any]:
    """What the order version states; fields it leaves out stay None ("not stated")."""
    number = r.text("number")
    fields: dict[str, Any] = {
        "name": f"#{number}" if number else None,
        "placed_at": placed_at,
        "currency": currency,
        "status": customer_status(r.text("status")),
    }
    if currency is not None:
        fields["taxes_included"] = False
        fields["lines"] = order_lines.order_lines(r, currency)
        fields["discounts"] = order_lines.coupons(r, currency)
        fields["tax_lines"] = order_lines.tax_lines(r, currency)
        fields["shipping_lines"] = order_lines.shipping_lines(r, currency)
        fields["stated"] = stated_totals(r, currency)
    return fields


def customer_status(status: str | None) -> str | None:
    """WooCommerce's order status in upper case: pending is PENDING_PAYMENT, on-hold ON_HOLD, trash TRASHED."""
    if status is None:
        return None
    plain = status.removeprefix("wc-")
    return _STATUS.get(plain, plain.upper().replace("-", "_"))


def stated_totals(r: Reader, currency: str) -> StatedTotals | None:
    """The order's totals as WooCommerce states them, with line_items and subtotal summed from its lines."""
    # line_items: the lines' subtotals (before coupons); subtotal: their totals (after coupons) plus the
    # order's fees, which WooCommerce counts in the total like an item and the catalogue has no line for.
    line_items = subtotal = None
    if "line_items" in r.data:
        lines, where = list(r.items("line_items")), r.at("line_items")
        line_items = add([required_money(line, "subtotal", currency) for line in lines], currency, where)
        fees = order_lines.fee_total(r, currency)
        after = [required_money(line, "total", currency) for line in lines] + ([fees] if fees else [])
        subtotal = add(after, currency, where)
    totals = StatedTotals(
        line_items=line_items,
        subtotal=subtotal,
        discounts=r.money("discount_total", currency),
        tax=r.money("total_tax", currency),
        shipping=r.money("shipping_total", currency),
        total=r.money("total", currency),
    )
    return None if totals == StatedTotals() else totals


def cancel_reason(r: Reader) -> str | None:
    """Why the order was cancelled when its meta says (WooCommerce itself keeps no cancel reason)."""
    for key, value in meta(r).items():
        words = key.lower()
        if "cancel" in words and "reason" in words and value not in (None, ""):
            return str(value)
    return None


def order_context(r: Reader) -> dict[str, Any]:
    """Every business fact of the order that has no place in the snapshot; personal data stays in the raw payload."""
    return compact({
        "status": r.text("status"),
        "customer_note": r.text("customer_note"),
        "meta": meta(r),
        "created_via": r.text("created_via"),
        "payment_method": r.text("payment_method"),
        "payment_method_title": r.text("payment_method_title"),
        "transaction_id": r.text("transaction_id"),
        "date_paid_gmt": r.text("date_paid_gmt"),
        "date_completed_gmt": r.text("date_completed_gmt"),
        "parent_id": optional_id(r, "parent_id"),
        "prices_include_tax": r.data.get("prices_include_tax") if isinstance(r.data.get("prices_include_tax"), bool)
        else None,
        "coupons": order_lines.coupon_context(r),
        "fee_lines": order_lines.fee_context(r),
        "cancel_reason": cancel_reason(r),
    })
