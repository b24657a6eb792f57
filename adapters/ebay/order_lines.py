"""The parts of an eBay order: line items with their promotions and taxes, and their delivery costs.

A line's unit price is its `lineItemCost` divided by its quantity, exactly: eBay defines that cost as
unit price times quantity, so a cost that does not divide is refused rather than rounded. eBay's
'Collect and Remit' taxes are tax lines like any other; that eBay collects and remits them is kept in
the order's context per line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from adapters.ebay.common import identifier, required_amount, stated_text, without_empty
from adapters.toolkit import PayloadError, Reader
from canonical_model.events import Discount, OrderLine, ShippingLine, TaxLine
from canonical_model.money import Money


def order_lines(order: Reader, currency: str) -> tuple[OrderLine, ...]:
    """Every line item: sku, title, quantity, exact unit price, promotions and taxes."""
    return tuple(order_line(line, currency) for line in order.items("lineItems"))


def order_line(line: Reader, currency: str) -> OrderLine:
    """One line item in the order's currency."""
    quantity = line.integer("quantity")
    return OrderLine(
        line_id=identifier(line, "lineItemId"),
        sku=line.text("sku"),
        title=str(line.required("title")),
        quantity=quantity,
        unit_price=unit_price(line, quantity, currency),
        discounts=promotions(line, currency),
        taxes=line_taxes(line, currency),
    )


def unit_price(line: Reader, quantity: int, currency: str) -> Money:
    """lineItemCost / quantity, exactly; a cost that is not quantity times one price is a PayloadError."""
    if quantity <= 0:
        raise PayloadError(line.at("quantity"), f"{quantity} is not a positive number of units")
    cost = required_amount(line, "lineItemCost", currency)
    unit = cost.amount / quantity
    if unit * quantity != cost.amount:
        raise PayloadError(line.at("lineItemCost.value"), f"{cost.amount} is not {quantity} times one unit price")
    return Money(unit, currency)


def promotions(line: Reader, currency: str) -> tuple[Discount, ...]:
    """The line's applied promotions: promotionId as code, description as reason, discountAmount as stated."""
    return tuple(
        Discount(
            code=promotion.text("promotionId"),
            reason=promotion.text("description"),
            amount=required_amount(promotion, "discountAmount", currency),
        )
        for promotion in line.items("appliedPromotions")
    )


def line_taxes(line: Reader, currency: str) -> tuple[TaxLine, ...]:
    """The line's taxes; its Collect and Remit taxes when eBay lists them only there (they are the same tax)."""
    taxes = line.items("taxes") or line.items("ebayCollectAndRemitTaxes")
    return tuple(TaxLine(tax.text("taxType") or "TAX", None, required_amount(tax, "amount", currency)) for tax in taxes)


def order_discounts(lines: Iterable[OrderLine], currency: str) -> tuple[Discount, ...]:
    """The order's promotions: each promotion once, with what it took off across all lines."""
    summed: dict[tuple[str | None, str | None], Money] = {}
    for line in lines:
        for discount in line.discounts:
            key = (discount.code, discount.reason)
            summed[key] = summed.get(key, Money.zero(currency)) + discount.amount
    return tuple(Discount(code, reason, money) for (code, reason), money in summed.items())


def order_tax_lines(lines: Iterable[OrderLine], currency: str) -> tuple[TaxLine, ...]:
    """The order's taxes by tax type, summed over its lines."""
    summed: dict[str, Money] = {}
    for line in lines:
        for tax in line.taxes:
            summed[tax.title] = summed.get(tax.title, Money.zero(currency)) + tax.amount
    return tuple(TaxLine(title, None, money) for title, money in summed.items())


def shipping_lines(order: Reader, currency: str, service: str | None) -> tuple[ShippingLine, ...]:
    """Per line item: its shipping cost (with its shipping discount) and its handling cost when stated."""
    found: list[ShippingLine] = []
    for line in order.items("lineItems"):
        delivery = line.child("deliveryCost")
        if delivery is None:
            continue
        line_id = identifier(line, "lineItemId")
        discount = _shipping_discount(delivery, currency)
        shipping = _optional(delivery, "shippingCost", currency)
        if shipping is not None:
            found.append(ShippingLine(f"shipping of line {line_id}", service, shipping, discount))
        handling = _optional(delivery, "handlingCost", currency)
        if handling is not None:
            found.append(ShippingLine(f"handling of line {line_id}", service, handling))
    return tuple(found)


def _shipping_discount(delivery: Reader, currency: str) -> tuple[Discount, ...]:
    money = _optional(delivery, "discountAmount", currency)
    return () if money is None else (Discount(None, "shipping discount", money),)


def _optional(r: Reader, name: str, currency: str) -> Money | None:
    return required_amount(r, name, currency) if r.data.get(name) is not None else None


def line_context(line: Reader) -> dict[str, Any]:
    """What a line states besides its price: listing ids, statuses, promotions and who remits its tax."""
    delivery = line.child("deliveryCost")
    return without_empty({
        "lineItemId": line.text("lineItemId"),
        "legacyItemId": line.text("legacyItemId"),
        "legacyVariationId": line.text("legacyVariationId"),
        "lineItemFulfillmentStatus": line.text("lineItemFulfillmentStatus"),
        "soldFormat": line.text("soldFormat"),
        "listingMarketplaceId": line.text("listingMarketplaceId"),
        "purchaseMarketplaceId": line.text("purchaseMarketplaceId"),
        "discountedLineItemCost": stated_text(line, "discountedLineItemCost"),
        "promotions": [without_empty({"promotionId": p.text("promotionId"), "description": p.text("description"),
                                "discountAmount": stated_text(p, "discountAmount")})
                       for p in line.items("appliedPromotions")],
        "ebay_collect_and_remit_taxes": [without_empty({"taxType": t.text("taxType"), "amount": stated_text(t, "amount"),
                                                  "collectionMethod": t.text("collectionMethod")})
                                         for t in line.items("ebayCollectAndRemitTaxes")],
        "importCharges": stated_text(delivery, "importCharges") if delivery else None,
        "shippingIntermediationFee": stated_text(delivery, "shippingIntermediationFee") if delivery else None,
        "refunds": [without_empty({"refundId": f.text("refundId"), "amount": stated_text(f, "amount"),
                             "refundDate": f.text("refundDate")}) for f in line.items("refunds")],
        "total": stated_text(line, "total"),
    })

