"""eBay orders and shipping fulfillments of the demo brand, as the Sell Fulfillment API states them.

An order is paid at checkout (`creationDate`); its lines are the brand's one catalogue at its prices,
shipping is 5.95 below 40.00 of items and free from there (carried on the first line), and eBay's
US sales tax is charged on each line's items and shipping at the ship-to state's rate, rounded per
line. eBay collects and remits that tax itself (`collect_and_remit`, eBay's rule in every US state
with a sales tax) or, with it off, leaves it with the seller. Amounts are eBay `Amount` objects with
the value as text, times eBay's `2026-09-01T12:00:00.000Z`.
"""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from adapters.toolkit.sales_feed import CATALOGUE, ship_to_for

CENT = Decimal("0.01")
SHIPPING, FREE_SHIPPING_FROM = Decimal("5.95"), Decimal("40.00")
# The combined state and local rate of each ship-to state of the brand's buyers (Oregon has no sales tax).
TAX_RATES = {"WA": Decimal("0.1025"), "NY": Decimal("0.08875"), "TX": Decimal("0.0825"), "PA": Decimal("0.07"),
             "OR": Decimal("0")}
FULFILLMENT_API = "https://api.ebay.com/sell/fulfillment/v1"
SELLER = "acme-outlet"


def iso(moment: datetime) -> str:
    """A time as eBay writes it: UTC with milliseconds and a Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_time(value: str) -> datetime:
    moment = datetime.fromisoformat(value.strip().replace(" ", "+").replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def money(value: Decimal) -> dict[str, str]:
    """An eBay `Amount` in US dollars."""
    return {"value": str(value.quantize(CENT)), "currency": "USD"}


def value(amount: dict[str, str]) -> Decimal:
    return Decimal(amount["value"])


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, ROUND_HALF_UP)


def order_id(seed: int, number: int) -> str:
    """An eBay order id of eBay's `NN-NNNNN-NNNNN` form, stable for a seed and number."""
    digits = str(int(hashlib.sha256(f"ebay:{seed}:{number}".encode()).hexdigest(), 16))[:10]
    return f"{10 + number % 90:02d}-{digits[:5]}-{digits[5:]}"


def tax_rate(order: str) -> Decimal:
    return TAX_RATES[ship_to_for(order).region]


def _line(order: str, number: int, index: int, sku_index: int, quantity: int, shipping: Decimal,
          rate: Decimal, collect_and_remit: bool) -> dict[str, Any]:
    sku, title, price = CATALOGUE[sku_index]
    cost = price * quantity
    tax = cents((cost + shipping) * rate)
    taxes = [{"amount": money(tax), "taxType": "STATE_SALES_TAX"}] if tax else []
    return {
        "lineItemId": str(10_000_000_000_000 + number * 100 + index), "legacyItemId": f"3344556677{sku_index:02d}",
        "sku": sku, "title": title, "lineItemCost": money(cost), "quantity": quantity, "soldFormat": "FIXED_PRICE",
        "listingMarketplaceId": "EBAY_US", "purchaseMarketplaceId": "EBAY_US",
        "lineItemFulfillmentStatus": "NOT_STARTED", "total": money(cost + shipping + tax),
        "deliveryCost": {"shippingCost": money(shipping)}, "appliedPromotions": [], "taxes": taxes,
        "ebayCollectAndRemitTaxes": [{**tax_line, "collectionMethod": "NET"} for tax_line in taxes]
        if collect_and_remit else [],
        "properties": {"buyerProtection": True}, "refunds": [],
    }


def new_order(rng: random.Random, seed: int, number: int, placed: datetime, collect_and_remit: bool) -> dict[str, Any]:
    """A paid order of one or two catalogue items (one to three units each), not yet shipped, as getOrder states it."""
    order = order_id(seed, number)
    picks = rng.sample(range(len(CATALOGUE)), rng.randint(1, 2))
    quantities = [rng.randint(1, 3) for _ in picks]
    items = sum((CATALOGUE[i][2] * q for i, q in zip(picks, quantities, strict=True)), Decimal(0))
    shipping = SHIPPING if items < FREE_SHIPPING_FROM else Decimal("0.00")
    rate = tax_rate(order)
    lines = [_line(order, number, index, sku_index, quantity, shipping if index == 0 else Decimal("0.00"), rate,
                   collect_and_remit)
             for index, (sku_index, quantity) in enumerate(zip(picks, quantities, strict=True))]
    tax = sum((value(t["amount"]) for line in lines for t in line["taxes"]), Decimal(0))
    total = items + shipping + tax
    return {
        "orderId": order, "legacyOrderId": f"{lines[0]['legacyItemId']}-{2_710_000_000_000 + number}",
        "creationDate": iso(placed), "lastModifiedDate": iso(placed), "orderFulfillmentStatus": "NOT_STARTED",
        "orderPaymentStatus": "PAID", "sellerId": SELLER, "salesRecordReference": str(1000 + number),
        "buyer": _buyer(order),
        "pricingSummary": {"priceSubtotal": money(items), "deliveryCost": money(shipping), "tax": money(tax),
                           "total": money(total)},
        "cancelStatus": {"cancelState": "NONE_REQUESTED", "cancelRequests": []},
        "paymentSummary": {
            "totalDueSeller": money(total - tax if collect_and_remit else total), "refunds": [],
            "payments": [{"paymentMethod": "EBAY", "paymentReferenceId": f"PAY-{order}", "paymentDate": iso(placed),
                          "amount": money(total), "paymentStatus": "PAID"}],
        },
        "fulfillmentStartInstructions": [_instruction(order)], "fulfillmentHrefs": [], "lineItems": lines,
        "ebayCollectAndRemitTax": collect_and_remit, "totalFeeBasisAmount": money(total),
    }


def _buyer(order: str) -> dict[str, Any]:
    address = ship_to_for(order)
    return {"username": f"buyer_{order[-5:]}", "taxAddress": {"city": address.city, "stateOrProvince": address.region,
                                                              "postalCode": address.postal_code, "countryCode": "US"}}


def _instruction(order: str) -> dict[str, Any]:
    address = ship_to_for(order)
    return {
        "fulfillmentInstructionsType": "SHIP_TO", "ebaySupportedFulfillment": False,
        "shippingStep": {"shipTo": {"fullName": address.name, "contactAddress": {
            "addressLine1": address.street, "city": address.city, "stateOrProvince": address.region,
            "postalCode": address.postal_code, "countryCode": address.country}},
            "shippingCarrierCode": "USPS", "shippingServiceCode": "USPSPriority"},
    }


def fulfillment(tracking: str, order: dict[str, Any], shipped: datetime) -> dict[str, Any]:
    """A shipping fulfillment of every line of the order in one USPS parcel; eBay names it by its tracking number."""
    return {"fulfillmentId": tracking, "shipmentTrackingNumber": tracking, "shippingCarrierCode": "USPS",
            "shippedDate": iso(shipped),
            "lineItems": [{"lineItemId": line["lineItemId"], "quantity": line["quantity"]} for line in order["lineItems"]]}


def mark_shipped(order: dict[str, Any], shipment: dict[str, Any]) -> None:
    """The order once its fulfillment is recorded: fulfilled, with the fulfillment's href."""
    href = f"{FULFILLMENT_API}/order/{order['orderId']}/shipping_fulfillment/{shipment['fulfillmentId']}"
    order["fulfillmentHrefs"].append(href)
    order["orderFulfillmentStatus"] = "FULFILLED"
    for line in order["lineItems"]:
        line["lineItemFulfillmentStatus"] = "FULFILLED"
    order["lastModifiedDate"] = shipment["shippedDate"]


def unit_refund(order: dict[str, Any]) -> tuple[Decimal, Decimal]:
    """What returning one unit of the first line gives back: its price and the tax charged on it."""
    line = order["lineItems"][0]
    unit = value(line["lineItemCost"]) / line["quantity"]
    return unit + cents(unit * tax_rate(order["orderId"])), cents(unit * tax_rate(order["orderId"]))


def mark_refunded(order: dict[str, Any], refund_id: str, amount: Decimal, at: datetime) -> None:
    """The order once eBay refunded a returned unit: the refund in its payment summary and on its first line."""
    entry = {"refundId": refund_id, "refundDate": iso(at), "amount": money(amount), "refundReferenceId": refund_id}
    order["paymentSummary"]["refunds"].append({**entry, "refundStatus": "REFUNDED"})
    order["lineItems"][0]["refunds"].append(entry)
    order["orderPaymentStatus"] = "PARTIALLY_REFUNDED"
    order["lastModifiedDate"] = iso(at)
