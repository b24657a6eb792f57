"""The brand's eBay orders as the partners downstream of eBay know them (`adapters.toolkit.sales_feed.Sale`).

ShipHero ships them (order_number = the eBay orderId), EasyPost buys their labels (reference = the
orderId) and Xero books them (Reference = the orderId), so every `Sale` carries the eBay orderId as its
reference, the parcels eBay's shipping fulfillments state (their tracking numbers, units and shipped
dates; delivered three days after shipping when that is past the account's clock: eBay states no
delivery, USPS Priority takes one to three days) and the refunds of its REFUND
transactions, at the amounts eBay charged and gave back.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from adapters.ebay.sample_data import Seller
from adapters.ebay.sample_orders import parse_time, value
from adapters.toolkit.sales_feed import Parcel, Refund, Sale, ShipTo, SoldLine

DELIVERY_TIME = timedelta(days=3)
CHANNEL = "ebay"


def sales_of(seller: Seller) -> list[Sale]:
    """Every order of the seller's account as a Sale, in the order they were placed."""
    refunds: dict[str, list[Refund]] = {}
    for transaction in seller.transactions:
        if transaction["transactionType"] == "REFUND":
            refunds.setdefault(transaction["orderId"], []).append(_refund(seller, transaction))
    placed = sorted(seller.orders.values(), key=lambda o: (o["creationDate"], o["orderId"]))
    return [_sale(seller, order, refunds.get(order["orderId"], [])) for order in placed]


def _parcel(seller: Seller, skus: dict[str, str], fulfillment: dict[str, Any]) -> Parcel:
    shipped = parse_time(fulfillment["shippedDate"])
    delivered = shipped + DELIVERY_TIME if shipped + DELIVERY_TIME <= seller.now else None
    return Parcel(fulfillment["shipmentTrackingNumber"],
                  tuple((skus[item["lineItemId"]], item["quantity"]) for item in fulfillment["lineItems"]),
                  shipped, delivered, carrier=fulfillment["shippingCarrierCode"])


def _sale(seller: Seller, order: dict[str, Any], refunds: list[Refund]) -> Sale:
    summary = order["pricingSummary"]
    skus = {line["lineItemId"]: line["sku"] for line in order["lineItems"]}
    lines = tuple(SoldLine(line["sku"], line["title"], line["quantity"], value(line["lineItemCost"]), line["lineItemId"])
                  for line in order["lineItems"])
    parcels = tuple(_parcel(seller, skus, f) for f in seller.fulfillments.get(order["orderId"], []))
    placed = parse_time(order["creationDate"])
    return Sale(CHANNEL, order["orderId"], placed, summary["total"]["currency"], lines, value(summary["deliveryCost"]),
                value(summary["tax"]), value(summary["total"]), _ship_to(order), parcels, tuple(refunds),
                external_id=order["orderId"], paid_at=placed)


def _ship_to(order: dict[str, Any]) -> ShipTo:
    step = order["fulfillmentStartInstructions"][0]["shippingStep"]["shipTo"]
    address = step["contactAddress"]
    return ShipTo(step["fullName"], address["addressLine1"], address["city"], address["stateOrProvince"],
                  address["postalCode"], address["countryCode"])


def _refund(seller: Seller, transaction: dict[str, Any]) -> Refund:
    returned = seller.returns[transaction["transactionId"]]
    sku = next(line["sku"] for line in seller.orders[transaction["orderId"]]["lineItems"]
               if line["lineItemId"] == returned["lineItemId"])
    amount: Decimal = value(transaction["totalFeeBasisAmount"])
    return Refund(transaction["transactionId"], amount, parse_time(transaction["transactionDate"]),
                  f"customer return: {returned['reason'].lower().replace('_', ' ')}", ((sku, returned["quantity"]),))
