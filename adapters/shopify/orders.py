"""A Shopify order as facts: one snapshot per version, its cancellation, and the refunds and fulfillments it nests.

An order's version is its `updated_at` plus a digest of its content: Shopify publishes different
bodies of one order under one `updated_at`, and both are kept as separate facts, while a webhook
redelivered with identical content maps to identical event ids.
"""

from __future__ import annotations

import json
from typing import Any

from adapters.shopify import order_lines
from adapters.shopify.common import Origin, add, amount, identifier, money_bag, origin, path_of, texts, without_empty
from adapters.shopify.refunds import refund_events
from adapters.shopify.shipments import fulfillment_events
from adapters.toolkit import MappingContext, PayloadError, Reader, SourceObject
from canonical_model.events import Event, OrderCancelled, OrderPlaced, OrderUpdated, StatedTotals
from canonical_model.identity import short_hash

_FULFILLMENT_STATUS = {
    None: "UNFULFILLED",
    "unfulfilled": "UNFULFILLED",
    "partial": "PARTIALLY_FULFILLED",
    "fulfilled": "FULFILLED",
    "restocked": "RESTOCKED",
}
_MONEY_KEYS = (
    "line_items", "shipping_lines", "tax_lines", "discount_codes", "refunds", "total_price", "subtotal_price",
    "total_tax", "total_discounts", "total_line_items_price", "total_price_set", "total_shipping_price_set",
)


def order_events(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """The snapshot of an order version, its cancellation, and the facts of its nested refunds and fulfillments."""
    r = Reader(obj.data, path_of(obj.pointer))
    order_id = identifier(r, "id")
    currency = order_currency(r)
    updated_at = str(r.required("updated_at"))
    version = f"{updated_at}#{short_hash(json.dumps(obj.data, sort_keys=True, default=str))}"
    source = origin(ctx, "order", order_id, version, obj.pointer, order_id, order_context(r))
    events = [snapshot_event(r, source, currency)]
    cancelled_at = r.time("cancelled_at")
    if cancelled_at is not None:
        cancellation = OrderCancelled(reason=r.text("cancel_reason"), cancelled_at=cancelled_at)
        events.append(source.event(cancellation, cancelled_at, version=str(r.data["cancelled_at"])))
    for index, refund in enumerate(r.items("refunds")):
        events += refund_events(refund, f"{obj.pointer}/refunds/{index}", ctx, order_id, currency)
    for index, fulfillment in enumerate(r.items("fulfillments")):
        events += fulfillment_events(fulfillment, f"{obj.pointer}/fulfillments/{index}", ctx, order_id)
    return events


def order_currency(r: Reader) -> str | None:
    """The shop currency of the order; required as soon as the payload states any amount."""
    currency = r.text("currency")
    if currency is None and any(key in r.data for key in _MONEY_KEYS):
        raise PayloadError(r.at("currency"), "is required to read the order's amounts")
    return currency


def snapshot_event(r: Reader, source: Origin, currency: str | None) -> Event:
    """OrderPlaced when this version is the order as created, OrderUpdated for every later version."""
    updated_at = r.time("updated_at", required=True)
    created_at = r.time("created_at")
    kind = OrderPlaced if created_at == updated_at else OrderUpdated
    return source.event(kind(**snapshot_fields(r, currency)), updated_at)


def snapshot_fields(r: Reader, currency: str | None) -> dict[str, Any]:
    """What the order version states; fields it leaves out stay None ("not stated")."""
    fields: dict[str, Any] = {
        "name": r.text("name"),
        "placed_at": r.time("processed_at") or r.time("created_at"),
        "currency": currency,
        "presentment_currency": r.text("presentment_currency"),
        "status": customer_status(r),
        "presentment_total": money_bag(r, "total_price_set", "presentment_money"),
        "taxes_included": r.data.get("taxes_included") if isinstance(r.data.get("taxes_included"), bool) else None,
    }
    if currency is not None:
        apps = order_lines.applications(r)
        fields["lines"] = order_lines.order_lines(r, currency, apps)
        fields["discounts"] = order_lines.code_discounts(r, currency, apps)
        fields["tax_lines"] = order_lines.tax_lines(r, currency)
        fields["shipping_lines"] = order_lines.shipping_lines(r, currency, apps)
        fields["stated"] = stated_totals(r, currency)
    return fields


def customer_status(r: Reader) -> str | None:
    """The status a customer sees, most telling first.

    CANCELLED when the order was cancelled; else REFUNDED or PARTIALLY_REFUNDED when financial_status
    says money went back; else from fulfillment_status: FULFILLED, PARTIALLY_FULFILLED, UNFULFILLED
    (null), RESTOCKED. None when the payload states none of these fields.
    """
    if r.data.get("cancelled_at"):
        return "CANCELLED"
    financial = r.text("financial_status")
    if financial in ("refunded", "partially_refunded"):
        return financial.upper()
    if "fulfillment_status" in r.data:
        status = r.text("fulfillment_status")
        return _FULFILLMENT_STATUS.get(status, str(status).upper())
    return None


def stated_totals(r: Reader, currency: str) -> StatedTotals | None:
    """The order's totals exactly as Shopify states them; None when it states none."""
    shipping = amount(r, "total_shipping_price", currency)
    if shipping is None and "shipping_lines" in r.data:
        lines = order_lines.shipping_lines(r, currency, []) or ()
        shipping = add([line.amount for line in lines], currency, r.at("shipping_lines"))
    totals = StatedTotals(
        line_items=amount(r, "total_line_items_price", currency),
        subtotal=amount(r, "subtotal_price", currency),
        discounts=amount(r, "total_discounts", currency),
        tax=amount(r, "total_tax", currency),
        shipping=shipping,
        total=amount(r, "total_price", currency),
    )
    return None if totals == StatedTotals() else totals


def order_context(r: Reader) -> dict[str, Any]:
    """Every business reason the order states; personal data stays in the raw payload only."""
    return without_empty({
        "note": r.text("note"),
        "note_attributes": [_pair(item) for item in r.items("note_attributes")],
        "tags": tags(r.data.get("tags")),
        "source_name": r.text("source_name"),
        "financial_status": r.text("financial_status"),
        "fulfillment_status": r.text("fulfillment_status"),
        "cancel_reason": r.text("cancel_reason"),
        "gateway": r.text("gateway"),
        "payment_gateway_names": texts(r, "payment_gateway_names"),
        "discount_codes": [_fields(item.data, ("code", "amount", "type")) for item in r.items("discount_codes")],
        "discount_applications": [_fields(app, _APPLICATION_FIELDS) for app in order_lines.applications(r)],
        "test": r.data.get("test") or None,
    })


_APPLICATION_FIELDS = (
    "type", "code", "title", "description", "value", "value_type", "allocation_method", "target_selection",
    "target_type",
)


def tags(value: Any) -> list[str] | None:
    """Shopify tags as a list (they arrive as one comma-separated string)."""
    if value is None:
        return None
    items = value if isinstance(value, list) else str(value).split(",")
    return [str(tag).strip() for tag in items if str(tag).strip()]


def _pair(item: Reader) -> dict[str, Any]:
    return {"name": item.data.get("name"), "value": item.data.get("value")}


def _fields(data: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: data[name] for name in names if data.get(name) not in (None, "")}
