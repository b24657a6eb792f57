"""The Amazon seller's orders as the partners downstream of it know them (see adapters.toolkit.sales_feed).

Merchant-fulfilled (MFN) orders are the ones a 3PL ships: each ShipmentEvent Amazon posted for the order
is one parcel (its items, at its posted time), with a tracking number made from the order id. FBA orders
are shipped by Amazon and their parcels stay Amazon's. Returned lines are the RefundEvents.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from adapters.amazon.sample_data import Brand
from adapters.amazon.sample_finances import stated
from adapters.amazon.times import parse_time
from adapters.toolkit.sales_feed import Parcel, Refund, Sale, ShipTo, SoldLine, tracking_number

ZERO = Decimal(0)
TRANSIT = timedelta(days=3)


def _lines(items: list[dict[str, Any]]) -> tuple[SoldLine, ...]:
    return tuple(SoldLine(item["SellerSKU"], item["Title"], item["QuantityOrdered"],
                          stated(item, "ItemPrice") - stated(item, "PromotionDiscount"),
                          item["OrderItemId"])
                 for item in items if item["QuantityOrdered"])


def _parcels(brand: Brand, order_id: str) -> tuple[Parcel, ...]:
    posted = [event for kind, event in brand.events if kind == "ShipmentEventList" and event["AmazonOrderId"] == order_id]
    parcels = []
    for index, event in enumerate(posted):
        shipped = parse_time(event["PostedDate"])
        delivered = shipped + TRANSIT if shipped + TRANSIT <= brand.now else None
        parcels.append(Parcel(tracking_number(order_id, index),
                              tuple((entry["SellerSKU"], entry["QuantityShipped"]) for entry in event["ShipmentItemList"]),
                              shipped, delivered))
    return tuple(parcels)


def _refunds(brand: Brand, order_id: str) -> tuple[Refund, ...]:
    refunds = []
    for kind, event in brand.events:
        if kind != "RefundEventList" or event["AmazonOrderId"] != order_id:
            continue
        for entry in event["ShipmentItemAdjustmentList"]:
            amount = -sum((Decimal(c["ChargeAmount"]["CurrencyAmount"]) for c in entry["ItemChargeAdjustmentList"]), ZERO)
            amount -= sum((Decimal(p["PromotionAmount"]["CurrencyAmount"]) for p in entry["PromotionAdjustmentList"]), ZERO)
            refunds.append(Refund(entry["OrderAdjustmentItemId"], amount, parse_time(event["PostedDate"]),
                                  "customer return", ((entry["SellerSKU"], entry["QuantityShipped"]),)))
    return tuple(refunds)


def sale_of(brand: Brand, order: dict[str, Any]) -> Sale:
    order_id, items = order["AmazonOrderId"], brand.items[order["AmazonOrderId"]]
    tax = sum((stated(i, "ItemTax") + stated(i, "ShippingTax") for i in items), ZERO)
    shipping = sum((stated(i, "ShippingPrice") - stated(i, "ShippingDiscount") for i in items), ZERO)
    address = order["ShippingAddress"]
    total = Decimal(order["OrderTotal"]["Amount"]) if "OrderTotal" in order else ZERO
    mfn = order["FulfillmentChannel"] == "MFN"
    return Sale("amazon", order_id, parse_time(order["PurchaseDate"]), "USD", _lines(items), shipping, tax, total,
                ShipTo(f"Amazon buyer {order_id[-7:]}", "", address["City"].title(), address["StateOrRegion"],
                       address["PostalCode"]),
                _parcels(brand, order_id) if mfn else (), _refunds(brand, order_id),
                cancelled=order["OrderStatus"] == "Canceled", external_id=order_id,
                paid_at=parse_time(order["PurchaseDate"]) if "OrderTotal" in order else None,
                tags=(order["FulfillmentChannel"],))


def sales_of(brand: Brand, merchant_fulfilled_only: bool = False) -> list[Sale]:
    """The seller's orders, oldest first; `merchant_fulfilled_only` keeps the MFN ones a 3PL ships."""
    orders = sorted(brand.orders.values(), key=lambda o: o["PurchaseDate"])
    return [sale_of(brand, order) for order in orders
            if not merchant_fulfilled_only or order["FulfillmentChannel"] == "MFN"]
