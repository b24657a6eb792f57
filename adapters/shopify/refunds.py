"""A Shopify refund as facts: the money given back and, when items were restocked, the units that came back.

Refunds are immutable in Shopify, so a refund's version is its `created_at`: the same refund nested in
an order and fetched on its own maps to the same event ids. Order adjustments keep Shopify's sign,
which is the order's side: a shipping refund of 5.00 is stated as -5.00.
"""

from __future__ import annotations

from typing import Any

from adapters.shopify import order_lines
from adapters.shopify.common import add, amount, identifier, origin, without_empty
from adapters.toolkit import MappingContext, PayloadError, Reader
from canonical_model.events import Event, RefundIssued, RefundLine, ReturnLine, ReturnReceived
from canonical_model.money import Money

# Restock types that put units back on the shelf; "cancel" units never shipped, "no_restock" stay out.
_RESTOCKING = {"return", "legacy_restock"}


def refund_events(
    r: Reader, pointer: str, ctx: MappingContext, order_id: str | None = None, currency: str | None = None
) -> list[Event]:
    """RefundIssued, plus ReturnReceived (disposition RESTOCK) when the refund restocked items."""
    refund_id = identifier(r, "id")
    created_at = r.time("created_at", required=True)
    order = r.optional_id("order_id") or order_id
    if order is None:
        raise PayloadError(r.at("order_id"), "is required")
    currency = currency or refund_currency(r)
    lines = tuple(refund_line(item, currency, r.data.get("restock") is True) for item in r.items("refund_line_items"))
    shipping, adjustments, adjusted = adjustment_totals(r, currency)
    tax = refund_tax(r, currency)
    body = RefundIssued(
        refund_id=refund_id,
        amount=refunded_amount(r, currency, lines, tax, adjusted),
        lines=lines,
        shipping=shipping,
        tax=tax,
        adjustments=adjustments,
    )
    source = origin(ctx, "refund", refund_id, str(r.data["created_at"]), pointer, order, refund_context(r))
    events = [source.event(body, created_at)]
    restocked = [line for line in lines if line.restock]
    if restocked:
        returned = tuple(ReturnLine(sku=line.sku, quantity=line.quantity, line_id=line.line_id) for line in restocked)
        location = next((item.optional_id("location_id") for item in r.items("refund_line_items")
                         if item.optional_id("location_id")), None)
        arrival = ReturnReceived(return_id=refund_id, lines=returned, disposition="RESTOCK", location=location)
        events.append(source.event(arrival, created_at))
    return events


def refund_currency(r: Reader) -> str:
    """The shop currency of a refund read on its own: from its shop money bags, else its transactions."""
    codes = [_shop_code(item, "subtotal_set") for item in r.data.get("refund_line_items") or []]
    codes += [_shop_code(_dict(item).get("line_item"), "price_set") for item in r.data.get("refund_line_items") or []]
    codes += [_shop_code(item, "amount_set") for item in r.data.get("order_adjustments") or []]
    codes += [_dict(item).get("currency") for item in r.data.get("transactions") or []]
    currency = next((str(code) for code in codes if code), None)
    if currency is None:
        raise PayloadError(r.at("currency"), "is required: no shop money or transaction of the refund states it")
    return currency


def refund_line(item: Reader, currency: str, legacy_restock: bool) -> RefundLine:
    """One refunded line; restocked when its restock_type returns units (or the legacy refund-level flag)."""
    line_item = item.child("line_item")
    quantity = item.integer("quantity")
    restock_type = item.text("restock_type")
    return RefundLine(
        sku=line_item.text("sku") if line_item else None,
        quantity=quantity,
        amount=line_amount(item, line_item, quantity, currency),
        line_id=item.optional_id("line_item_id") or (line_item.optional_id("id") if line_item else None),
        restock=restock_type in _RESTOCKING if restock_type else legacy_restock,
    )


def line_amount(item: Reader, line_item: Reader | None, quantity: int, currency: str) -> Money:
    """The refund line's subtotal as stated, else price x quantity less its share of the line's discount."""
    subtotal = amount(item, "subtotal", currency)
    if subtotal is not None:
        return subtotal
    if line_item is None:
        raise PayloadError(item.at("subtotal"), "is required when the refund line has no line_item")
    price = amount(line_item, "price", currency, required=True)
    discounts = order_lines.allocations(line_item, currency, [])
    discount = add([d.amount for d in discounts], currency, line_item.at("discount_allocations"))
    return price.times(quantity) - share(discount, quantity, line_item)


def share(whole: Money, quantity: int, line_item: Reader) -> Money:
    """The part of a whole-line amount that falls on `quantity` of the line's units."""
    line_quantity = line_item.data.get("quantity")
    if isinstance(line_quantity, bool) or not isinstance(line_quantity, int) or not 0 < quantity < line_quantity:
        return whole
    return Money(whole.amount * quantity / line_quantity, whole.currency).rounded()


def refund_tax(r: Reader, currency: str) -> Money | None:
    """Tax given back: the refund's total_tax, else its lines' total_tax, else their line items' tax lines."""
    stated = amount(r, "total_tax", currency)
    if stated is not None:
        return stated
    known = [tax for tax in (line_tax(item, currency) for item in r.items("refund_line_items")) if tax is not None]
    return add(known, currency, r.at("refund_line_items")) if known else None


def line_tax(item: Reader, currency: str) -> Money | None:
    """Tax of one refund line: as stated, else its share of the line item's tax lines."""
    stated = amount(item, "total_tax", currency)
    if stated is not None:
        return stated
    line_item = item.child("line_item")
    taxes = order_lines.tax_lines(line_item, currency) if line_item else None
    if taxes is None:
        return None
    whole = add([tax.amount for tax in taxes], currency, line_item.at("tax_lines"))
    return share(whole, item.integer("quantity"), line_item)


def adjustment_totals(r: Reader, currency: str) -> tuple[Money | None, Money | None, Money]:
    """Shipping refunds, other adjustments (both as Shopify signs them) and all adjustments with their tax."""
    shipping, others, with_tax = [], [], []
    for adjustment in r.items("order_adjustments"):
        money = amount(adjustment, "amount", currency, required=True)
        (shipping if adjustment.text("kind") == "shipping_refund" else others).append(money)
        with_tax += [money, amount(adjustment, "tax_amount", currency) or Money.zero(currency)]
    where = r.at("order_adjustments")
    return (
        add(shipping, currency, where) if shipping else None,
        add(others, currency, where) if others else None,
        add(with_tax, currency, where),
    )


def refunded_amount(
    r: Reader, currency: str, lines: tuple[RefundLine, ...], tax: Money | None, adjusted: Money
) -> Money:
    """Money given back: the refund's successful refund transactions in shop currency.

    A refund that states an empty list of transactions gave no money back (restock only). Without a
    successful refund transaction in shop currency the amount is computed: line subtotals plus tax,
    less the order adjustments (a shipping refund stated as -5.00 adds 5.00).
    """
    refunds = [t for t in r.items("transactions") if t.text("kind") == "refund"]
    paid = [t for t in refunds if t.text("status") in (None, "success")]
    moneys = [t.money("amount", t.text("currency") or currency, required=True) for t in paid]
    if moneys and all(money.currency == currency for money in moneys):
        return add(moneys, currency, r.at("transactions"))
    if "transactions" in r.data and not refunds:
        return Money.zero(currency)
    where = r.at("refund_line_items")
    return add([line.amount for line in lines] + [tax or Money.zero(currency)], currency, where) - adjusted


def refund_context(r: Reader) -> dict[str, Any]:
    """The reasons a refund states: note, restock types, adjustment kinds and reasons, gateways."""
    items = r.items("refund_line_items")
    adjustments = r.items("order_adjustments")
    transactions = r.items("transactions")
    return without_empty({
        "note": r.text("note"),
        "restock": r.data.get("restock") if isinstance(r.data.get("restock"), bool) else None,
        "restock_types": sorted({item.text("restock_type") for item in items if item.text("restock_type")}),
        "adjustment_kinds": [a.text("kind") for a in adjustments if a.text("kind")],
        "adjustment_reasons": [a.text("reason") for a in adjustments if a.text("reason")],
        "gateways": sorted({t.text("gateway") for t in transactions if t.text("gateway")}),
        "transaction_statuses": [t.text("status") for t in transactions if t.text("status")],
    })


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _shop_code(value: Any, name: str) -> Any:
    return _dict(_dict(_dict(value).get(name)).get("shop_money")).get("currency_code")
