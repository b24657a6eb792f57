"""The parts of a Shopify order: line items, discounts with their reasons, tax lines and shipping lines.

Every reader returns None when the payload does not state the list (a `fields=`-filtered response)
and an empty tuple when the payload states an empty list: "not said" and "none" stay apart.
"""

from __future__ import annotations

from typing import Any

from adapters.shopify.common import amount, identifier, money_bag
from adapters.toolkit import PayloadError, Reader
from canonical_model.events import Discount, OrderLine, ShippingLine, TaxLine
from canonical_model.money import Money


def applications(order: Reader) -> list[dict[str, Any]]:
    """The order's discount applications; allocations point into this list by index."""
    return [item.data for item in order.items("discount_applications")]


def described_discount(application: dict[str, Any] | None, money: Money) -> Discount:
    """A discount named by its code (or title for automatic, manual and script discounts) and its reason."""
    if application is None:
        return Discount(code=None, reason=None, amount=money)
    code = application.get("code") or application.get("title")
    reason = application.get("description") or application.get("title")
    return Discount(code=str(code) if code else None, reason=str(reason) if reason else None, amount=money)


def allocations(r: Reader, currency: str, apps: list[dict[str, Any]]) -> tuple[Discount, ...]:
    """Discounts allocated to one line item or shipping line, with code and reason from their application."""
    found = []
    for allocation in r.items("discount_allocations"):
        money = amount(allocation, "amount", currency, required=True)
        index = allocation.data.get("discount_application_index")
        application = apps[index] if isinstance(index, int) and 0 <= index < len(apps) else None
        found.append(described_discount(application, money))
    if "discount_allocations" not in r.data:
        legacy = amount(r, "total_discount", currency)
        if legacy is not None and not legacy.is_zero():
            found.append(Discount(code=None, reason=None, amount=legacy))
    return tuple(found)


def tax_lines(r: Reader, currency: str, name: str = "tax_lines") -> tuple[TaxLine, ...] | None:
    """Tax lines with title, rate and amount."""
    if name not in r.data:
        return None
    return tuple(
        TaxLine(
            title=str(tax.required("title")),
            rate=None if tax.data.get("rate") is None else str(tax.data["rate"]),
            amount=amount(tax, "price", currency, required=True),
        )
        for tax in r.items(name)
    )


def line_title(line: Reader) -> str:
    """The title of a line item or shipping line (its name when Shopify gives no title)."""
    title = line.text("title") or line.text("name")
    if title is None:
        raise PayloadError(line.at("title"), "is required")
    return title


def order_line(line: Reader, currency: str, apps: list[dict[str, Any]]) -> OrderLine:
    """One line item in shop money, with its presentment price when Shopify states it."""
    return OrderLine(
        line_id=identifier(line, "id"),
        sku=line.text("sku"),
        title=line_title(line),
        quantity=line.integer("quantity"),
        unit_price=amount(line, "price", currency, required=True),
        discounts=allocations(line, currency, apps),
        taxes=tax_lines(line, currency) or (),
        presentment_unit_price=money_bag(line, "price_set", "presentment_money"),
    )


def order_lines(order: Reader, currency: str, apps: list[dict[str, Any]]) -> tuple[OrderLine, ...] | None:
    """The order's line items."""
    if "line_items" not in order.data:
        return None
    return tuple(order_line(line, currency, apps) for line in order.items("line_items"))


def shipping_lines(order: Reader, currency: str, apps: list[dict[str, Any]]) -> tuple[ShippingLine, ...] | None:
    """Shipping charges with the discounts allocated to them."""
    if "shipping_lines" not in order.data:
        return None
    return tuple(
        ShippingLine(
            title=line_title(line),
            code=line.text("code"),
            amount=amount(line, "price", currency, required=True),
            discounts=allocations(line, currency, apps),
        )
        for line in order.items("shipping_lines")
    )


def code_discounts(order: Reader, currency: str, apps: list[dict[str, Any]]) -> tuple[Discount, ...] | None:
    """Order-level discounts from discount_codes, with the reason their discount application gives."""
    if "discount_codes" not in order.data:
        return None
    by_code = {
        str(app.get("code")).casefold(): app for app in apps if app.get("type") == "discount_code" and app.get("code")
    }
    found = []
    for entry in order.items("discount_codes"):
        code = str(entry.required("code"))
        money = amount(entry, "amount", currency, required=True)
        application = by_code.get(code.casefold())
        reason = (application.get("description") or application.get("title")) if application else None
        found.append(Discount(code=code, reason=str(reason) if reason else None, amount=money))
    return tuple(found)
