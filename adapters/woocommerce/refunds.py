"""A WooCommerce refund as a fact: the money given back for an order, in either of the two forms WooCommerce states it.

An order lists its refunds as `{id, reason, total}` with a negative total; `GET /orders/<id>/refunds`
states each refund with a positive `amount` and negative line quantities and totals. Both forms are
one refund, but they say different things: the nested form states no date and no lines, the
refunds endpoint states no currency. So they are two facts about one refund (source objects
"order_refund" and "refund"), and the folds count each refund id once, preferring the detailed form.
RefundIssued states the refunded amount and lines as positive sizes; the context records the sign
WooCommerce used. The refunds endpoint's currency is the connection's (`MappingContext.currency`).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from adapters.toolkit import MappingContext, PayloadError, Reader, SourceObject
from adapters.woocommerce.common import (
    add,
    compact,
    identifier,
    meta,
    optional_id,
    origin,
    path_of,
    positive,
    required_money,
    required_time,
)
from canonical_model.events import Event, RefundIssued, RefundLine
from canonical_model.money import Money

NESTED_SIGN = "WooCommerce lists an order's refunds with negative totals; amount is the positive refunded amount"
LINE_SIGN = "WooCommerce states refunded lines with negative quantities and totals; lines here are positive"
_ORDER_HREF = re.compile(r"/orders/(\d+)/?$")


def nested_refund_event(
    r: Reader, pointer: str, ctx: MappingContext, order_id: str, currency: str, order_modified: datetime
) -> Event:
    """RefundIssued from an order's refunds list: amount = |total|, dated by the order's modification."""
    refund_id = identifier(r, "id")
    stated = required_money(r, "total", currency)
    context = {
        # WooCommerce's own docs spell the reason key "refund" in this list; its API sends "reason".
        "reason": r.text("reason") or r.text("refund"),
        "stated_total": str(r.data["total"]),
        "sign": NESTED_SIGN,
        "dated_by": "the order's date_modified: an order's refunds list states no refund date",
    }
    source = origin(ctx, "order_refund", refund_id, refund_id, pointer, order_id, context)
    return source.event(RefundIssued(refund_id=refund_id, amount=positive(stated)), order_modified)


def refund_events(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """RefundIssued from an order refund object: positive amount and lines, the reason in context."""
    r = Reader(obj.data, path_of(obj.pointer))
    refund_id = identifier(r, "id")
    created, _ = required_time(r, "date_created")
    order_id = parent_order(r)
    currency = r.text("currency") or ctx.currency
    if currency is None:
        raise PayloadError(r.at("currency"), "WooCommerce refunds state no currency and the connection names none; "
                           "set `currency` on the connection or pass `hub ingest woocommerce --currency CODE` "
                           "(the hub does not guess one)")
    body = RefundIssued(
        refund_id=refund_id,
        amount=positive(required_money(r, "amount", currency)),
        lines=tuple(refund_line(item, currency) for item in r.items("line_items")),
        shipping=refund_shipping(r, currency),
        tax=refund_tax(r, currency),
        payment_refund_id=gateway_refund_id(r),
    )
    source = origin(ctx, "refund", refund_id, refund_id, obj.pointer, order_id, refund_context(r, currency))
    return [source.event(body, created)]


# Where payment gateways keep their own id of the refund they sent (WooCommerce Stripe Gateway).
GATEWAY_REFUND_KEYS = ("_stripe_refund_id",)


def gateway_refund_id(r: Reader) -> str | None:
    for entry in r.data.get("meta_data") or []:
        if isinstance(entry, dict) and entry.get("key") in GATEWAY_REFUND_KEYS and entry.get("value"):
            return str(entry["value"])
    return None


def parent_order(r: Reader) -> str:
    """The id of the refunded order: `order_id` or `parent_id`, else the `_links.up` href."""
    stated = optional_id(r, "order_id") or optional_id(r, "parent_id")
    if stated is not None:
        return stated
    links = r.data.get("_links")
    ups = links.get("up") if isinstance(links, dict) else None
    for link in ups if isinstance(ups, list) else []:
        found = _ORDER_HREF.search(str(link.get("href", ""))) if isinstance(link, dict) else None
        if found:
            return found.group(1)
    raise PayloadError(r.at("order_id"), "is required: neither order_id, parent_id nor _links.up names the order")


def refunded_item_id(item: Reader) -> str | None:
    """The order line a refund line gives money back for (`_refunded_item_id` meta)."""
    stated = optional_id(item, "refunded_item_id")
    if stated is not None:
        return stated
    for entry in item.items("meta_data"):
        if entry.text("key") == "_refunded_item_id" and entry.text("value"):
            return entry.text("value")
    return None


def refund_line(item: Reader, currency: str) -> RefundLine:
    """One refunded line, as positive quantity and amount (exclusive of tax)."""
    return RefundLine(
        sku=item.text("sku"),
        quantity=abs(item.integer("quantity")),
        amount=positive(required_money(item, "total", currency)),
        line_id=refunded_item_id(item),
    )


def refund_shipping(r: Reader, currency: str) -> Money | None:
    """Shipping given back, when the refund states shipping lines."""
    lines = list(r.items("shipping_lines"))
    if not lines:
        return None
    amounts = [positive(required_money(line, "total", currency)) for line in lines]
    return add(amounts, currency, r.at("shipping_lines"))


def refund_tax(r: Reader, currency: str) -> Money | None:
    """Tax given back: the refund's tax lines, else the tax of its lines; None when it states neither."""
    taxes = list(r.items("tax_lines"))
    if taxes:
        names = ("tax_total", "shipping_tax_total")
        amounts = [tax.money(name, currency) for tax in taxes for name in names]
        return add([positive(each) for each in amounts if each is not None], currency, r.at("tax_lines"))
    lines = [line for name in ("line_items", "shipping_lines", "fee_lines") for line in r.items(name)]
    if not lines:
        return None
    amounts = [line.money("total_tax", currency) for line in lines]
    return add([positive(each) for each in amounts if each is not None], currency, r.at("line_items"))


def refund_context(r: Reader, currency: str) -> dict[str, Any]:
    """The refund's reason, who refunded it, whether the gateway paid it back, and the signs WooCommerce used."""
    return compact({
        "reason": r.text("reason"),
        "refunded_by": r.data.get("refunded_by") or None,
        "refunded_payment": r.data.get("refunded_payment") if isinstance(r.data.get("refunded_payment"), bool) else None,
        "meta": meta(r),
        "sign": LINE_SIGN if r.data.get("line_items") else None,
        "currency": None if r.text("currency") else f"{currency}: the connection's currency (WooCommerce refunds "
                                                     "state none)",
    })
