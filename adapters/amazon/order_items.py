"""An Amazon order's items (Orders v0 getOrderItems) as an OrderUpdated that states lines, taxes and shipping only.

ItemPrice is the line total in SP-API, so the unit price is ItemPrice / QuantityOrdered in Decimal
(the stated line total stays in context). PromotionDiscount is the line's discount, coded by the
item's PromotionIds; ShippingDiscount discounts its shipping line; both also count as order discounts.

Items carry no time. Their snapshot occurs at the Unix epoch (UTC): it then sorts before every dated
order snapshot, so it can never override the status, totals or currency an order version states,
and since order snapshots never state lines, the merged order keeps these lines. Its version is a
digest of the items, so a replay maps to the same id and changed items to a new fact. Items of a
Pending order have no prices yet: that snapshot states no lines and lists the items in context.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import Any

from adapters.amazon.common import EPOCH, canonical_hash, compact, money, origin, path_of, picked, plain
from adapters.toolkit import MappingContext, PayloadError, Reader, SourceObject
from canonical_model.events import Discount, Event, OrderLine, OrderUpdated, ShippingLine, TaxLine
from canonical_model.money import Money

_ITEM_CONTEXT = (
    "OrderItemId", "ASIN", "SellerSKU", "QuantityOrdered", "QuantityShipped", "ItemPrice", "PromotionIds",
    "PromotionDiscountTax", "ShippingDiscountTax", "GiftWrapTax", "CODFee", "CODFeeDiscount", "ConditionId",
    "ConditionSubtypeId", "ConditionNote", "IsGift", "PriceDesignation", "IsTransparency", "SerialNumberRequired",
    "DeemedResellerCategory", "IossNumber", "StoreChainStoreId", "ScheduledDeliveryStartDate",
    "ScheduledDeliveryEndDate",
)


def order_items_events(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """One OrderUpdated stating the order's lines, line discounts, tax lines and shipping lines."""
    r = Reader(obj.data, path_of(obj.pointer))
    order_id = str(r.required("AmazonOrderId"))
    items = list(r.items("OrderItems"))
    version = canonical_hash({"AmazonOrderId": order_id, "OrderItems": obj.data.get("OrderItems")})
    context: dict[str, Any] = {"OrderItems": [item_context(item) for item in items]}
    if r.data.get("NextToken"):
        context["partial_page"] = "getOrderItems answered with a NextToken: these lines are one page of the order's"
    currency = items_currency(items)
    if currency is None:
        context["lines_not_stated"] = "no item states an ItemPrice (Amazon prices items once the order leaves Pending)"
        body = OrderUpdated()
    else:
        body = priced_snapshot(items, currency)
    source = origin(ctx, "order_items", order_id, version, obj.pointer, order_id, context)
    return [source.event(body, EPOCH)]


def items_currency(items: list[Reader]) -> str | None:
    """The currency of the first priced item; None when no item is priced."""
    for item in items:
        price = item.child("ItemPrice")
        if price is not None:
            return str(price.required("CurrencyCode"))
    return None


def priced_snapshot(items: list[Reader], currency: str) -> OrderUpdated:
    """Lines with their discounts and taxes, the shipping lines, and every promotion as an order discount."""
    lines = tuple(order_line(item, currency) for item in items)
    shipping = tuple(line for item in items if (line := shipping_line(item, currency)) is not None)
    taxes = [TaxLine(name, None, amount) for item in items for name in ("ItemTax", "ShippingTax")
             if (amount := priced(item, name, currency)) is not None]
    discounts = [discount for line in lines for discount in line.discounts]
    discounts += [discount for line in shipping for discount in line.discounts]
    return OrderUpdated(
        currency=currency, lines=lines, discounts=tuple(discounts), tax_lines=tuple(taxes), shipping_lines=shipping,
    )


def priced(item: Reader, name: str, currency: str) -> Money | None:
    """An amount of the item, which must be in the order's currency."""
    found = money(item, name)
    if found is not None and found.currency != currency:
        raise PayloadError(item.at(f"{name}.CurrencyCode"), f"is {found.currency} but the items are in {currency}")
    return found


def order_line(item: Reader, currency: str) -> OrderLine:
    """One item: SellerSKU, title, QuantityOrdered and the unit price its ItemPrice line total gives."""
    quantity = item.integer("QuantityOrdered")
    price = priced(item, "ItemPrice", currency)
    if price is None:
        if quantity:
            raise PayloadError(item.at("ItemPrice"), "is required for an item ordered in a priced order")
        price = Money.zero(currency)
    tax = priced(item, "ItemTax", currency)
    return OrderLine(
        line_id=str(item.required("OrderItemId")),
        sku=item.text("SellerSKU"),
        title=item.text("Title") or item.text("SellerSKU") or str(item.required("ASIN")),
        quantity=quantity,
        unit_price=unit_price(price, quantity),
        discounts=promotion(item, "PromotionDiscount", currency),
        taxes=(TaxLine("ItemTax", None, tax),) if tax is not None else (),
    )


def unit_price(line_total: Money, quantity: int) -> Money:
    """ItemPrice / QuantityOrdered; a canceled item of quantity 0 keeps its stated (zero) total."""
    if quantity == 0:
        return line_total
    with localcontext() as context:
        context.prec = 34
        return Money(line_total.amount / Decimal(quantity), line_total.currency)


def promotion(item: Reader, name: str, currency: str) -> tuple[Discount, ...]:
    """A non-zero PromotionDiscount or ShippingDiscount, coded by the item's PromotionIds."""
    amount = priced(item, name, currency)
    if amount is None or amount.is_zero():
        return ()
    codes = [str(code) for code in item.data.get("PromotionIds") or [] if code]
    return (Discount(code=", ".join(codes) or None, reason=None, amount=amount),)


def shipping_line(item: Reader, currency: str) -> ShippingLine | None:
    """The item's ShippingPrice as a shipping line, with its ShippingDiscount."""
    amount = priced(item, "ShippingPrice", currency)
    if amount is None:
        return None
    label = item.text("SellerSKU") or str(item.required("OrderItemId"))
    return ShippingLine(title=f"Shipping {label}", code=None, amount=amount,
                        discounts=promotion(item, "ShippingDiscount", currency))


def item_context(item: Reader) -> dict[str, Any]:
    """What the item says besides its lines: condition, gift, points, buyer cancel requests; no buyer data."""
    context = picked(item.data, _ITEM_CONTEXT)
    cancel = item.child("BuyerRequestedCancel")
    if cancel is not None:
        context["IsBuyerRequestedCancel"] = cancel.data.get("IsBuyerRequestedCancel")
        context["BuyerCancelReason"] = cancel.text("BuyerCancelReason")
    buyer = item.child("BuyerInfo")
    if buyer is not None:
        context["GiftWrapLevel"] = buyer.text("GiftWrapLevel")
        context["GiftWrapPrice"] = plain(buyer.data.get("GiftWrapPrice"))
    points = item.child("PointsGranted")
    if points is not None:
        context["PointsGranted"] = picked(points.data, ("PointsNumber", "PointsMonetaryValue"))
    return compact(context)
