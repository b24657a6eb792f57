"""The parts of a WooCommerce order: line items, coupons with their reasons, tax lines, shipping lines and fees.

Readers return None when the payload does not state the list (a `_fields=`-filtered response) and an
empty tuple when it states an empty list: "not said" and "none" stay apart. WooCommerce states every
line amount exclusive of tax, even in a shop whose prices include tax: a line's `subtotal` is before
coupons and its `total` after them, and its `price` is `total / quantity`, a unit price after coupons.
The canonical unit price is the price before discounts, so it is read as `subtotal / quantity` (to the
currency's minor units when that does not divide exactly), and what coupons took off the line
(`subtotal - total`) is the line's discount.
"""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Any

from adapters.toolkit import PayloadError, Reader
from adapters.woocommerce.common import add, identifier
from canonical_model.events import Discount, OrderLine, ShippingLine, TaxLine
from canonical_model.money import Money, MoneyError, to_decimal


def title_of(r: Reader, *names: str) -> str:
    """The first of the named fields that is stated, with WooCommerce's HTML entities decoded (&ndash; -> –)."""
    for name in names:
        value = r.text(name)
        if value is not None:
            return html.unescape(value)
    raise PayloadError(r.at(names[0]), "is required")


def tax_rates(order: Reader) -> dict[str, Reader]:
    """The order's tax lines by their rate id: line items name their taxes by rate id only."""
    return {str(tax.data.get("rate_id")): tax for tax in order.items("tax_lines") if tax.data.get("rate_id") is not None}


def rate_of(tax: Reader) -> str | None:
    """A tax rate as a fraction ("0.075"), from WooCommerce's `rate_percent` (7.5) when it states one."""
    value = tax.data.get("rate_percent")
    if value in (None, ""):
        return None
    try:
        return format((to_decimal(value) / 100).normalize(), "f")
    except MoneyError as error:
        raise PayloadError(tax.at("rate_percent"), str(error)) from error


def tax_lines(order: Reader, currency: str) -> tuple[TaxLine, ...] | None:
    """The order's tax lines: each rate's label and its tax on items and on shipping together."""
    if "tax_lines" not in order.data:
        return None
    found = []
    for tax in order.items("tax_lines"):
        amounts = [tax.money("tax_total", currency, required=True), tax.money("shipping_tax_total", currency)]
        amount = add([each for each in amounts if each is not None], currency, tax.path)
        found.append(TaxLine(title=title_of(tax, "label", "rate_code"), rate=rate_of(tax), amount=amount))
    return tuple(found)


def line_taxes(line: Reader, currency: str, rates: dict[str, Reader]) -> tuple[TaxLine, ...]:
    """A line's taxes, titled by the order's tax line of the same rate."""
    found = []
    for tax in line.items("taxes"):
        amount = tax.money("total", currency)
        if amount is None:
            continue
        rate_id = str(tax.data.get("id"))
        rate = rates.get(rate_id)
        title = title_of(rate, "label", "rate_code") if rate else f"tax rate {rate_id}"
        found.append(TaxLine(title=title, rate=rate_of(rate) if rate else None, amount=amount))
    return tuple(found)


def unit_price(line: Reader, quantity: int, currency: str) -> Money:
    """The unit price before coupons: subtotal / quantity, else the stated price when there is no subtotal."""
    subtotal = line.money("subtotal", currency)
    if subtotal is None:
        return line.money("price", currency, required=True)
    if quantity == 0:
        return line.money("price", currency) or subtotal
    quotient = Money(subtotal.amount / Decimal(quantity), currency)
    return quotient if quotient.amount * quantity == subtotal.amount else quotient.rounded()


def line_discounts(line: Reader, currency: str, coupons: tuple[Discount, ...]) -> tuple[Discount, ...]:
    """What coupons took off one line (subtotal - total), named by the order's coupon when there is only one."""
    subtotal, after = line.money("subtotal", currency), line.money("total", currency)
    if subtotal is None or after is None or subtotal == after:
        return ()
    amount = subtotal - after
    if len(coupons) == 1:
        return (Discount(code=coupons[0].code, reason=coupons[0].reason, amount=amount),)
    codes = ", ".join(coupon.code for coupon in coupons if coupon.code)
    return (Discount(code=None, reason=f"shared by coupons {codes}" if codes else None, amount=amount),)


def order_line(line: Reader, currency: str, rates: dict[str, Reader], coupons: tuple[Discount, ...]) -> OrderLine:
    """One line item: id, sku, name, quantity, unit price before coupons, its coupon discount and its taxes."""
    quantity = line.integer("quantity")
    return OrderLine(
        line_id=identifier(line, "id"),
        sku=line.text("sku"),
        title=title_of(line, "name"),
        quantity=quantity,
        unit_price=unit_price(line, quantity, currency),
        discounts=line_discounts(line, currency, coupons),
        taxes=line_taxes(line, currency, rates),
    )


def order_lines(order: Reader, currency: str) -> tuple[OrderLine, ...] | None:
    """The order's line items."""
    if "line_items" not in order.data:
        return None
    rates, applied = tax_rates(order), coupons(order, currency) or ()
    return tuple(order_line(line, currency, rates, applied) for line in order.items("line_items"))


def coupon_reason(entry: Reader) -> str | None:
    """Why a coupon was given: its description, from the coupon line or the coupon data WooCommerce keeps in meta."""
    described = entry.text("description")
    if described is not None:
        return described
    for item in entry.items("meta_data"):
        key, value = item.text("key"), item.data.get("value")
        if key == "coupon_data" and isinstance(value, dict) and value.get("description"):
            return str(value["description"])
        if key in ("description", "coupon_description", "reason") and value not in (None, ""):
            return str(value)
    return None


def coupons(order: Reader, currency: str) -> tuple[Discount, ...] | None:
    """Order discounts from coupon_lines: code, reason and the discount (exclusive of tax, as WooCommerce states it)."""
    if "coupon_lines" not in order.data:
        return None
    return tuple(
        Discount(
            code=str(entry.required("code")),
            reason=coupon_reason(entry),
            amount=entry.money("discount", currency, required=True),
        )
        for entry in order.items("coupon_lines")
    )


def shipping_lines(order: Reader, currency: str) -> tuple[ShippingLine, ...] | None:
    """Shipping charges: method title, method id and total (exclusive of tax)."""
    if "shipping_lines" not in order.data:
        return None
    return tuple(
        ShippingLine(
            title=title_of(line, "method_title", "method_id"),
            code=line.text("method_id"),
            amount=line.money("total", currency, required=True),
        )
        for line in order.items("shipping_lines")
    )


def fee_total(order: Reader, currency: str) -> Money | None:
    """The sum of the order's fee lines (exclusive of tax); None when the payload states no fee_lines."""
    if "fee_lines" not in order.data:
        return None
    amounts = [fee.money("total", currency, required=True) for fee in order.items("fee_lines")]
    return add(amounts, currency, order.at("fee_lines"))


def fee_context(order: Reader) -> list[dict[str, Any]]:
    """Each fee line's name, amounts and tax status: fees have no body of their own in the catalogue."""
    names = ("id", "name", "total", "total_tax", "tax_status", "tax_class")
    return [{name: f.data[name] for name in names if f.data.get(name) not in (None, "")} for f in order.items("fee_lines")]


def coupon_context(order: Reader) -> list[dict[str, Any]]:
    """Each coupon line as WooCommerce states it, without its meta: code, discount, its tax and its kind."""
    names = ("code", "discount", "discount_tax", "discount_type", "nominal_amount", "free_shipping")
    return [{name: c.data[name] for name in names if c.data.get(name) not in (None, "")} for c in order.items("coupon_lines")]
