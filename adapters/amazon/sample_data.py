"""The demo brand's amazon.com (ATVPDKIKX0DER) orders, items and financial events, generated deterministically.

Orders are spread over 43 days from 2026-09-01, then a tenth of them come in a two-day sale (the
newest 20 minutes before the brand's clock); each is shown as it stands at that clock: FBA (AFN,
Prime, shipped by Amazon) and merchant-fulfilled (MFN, seller ships, 5.99 shipping below 35.00
or else a free-shipping promotion), a 10%-off promotion on some items, sales tax by the ship-to
state (none in Oregon), MFN orders split into two parcels (PartiallyShipped until the second
ships; the clock never falls between them), buyer cancellations before shipping, returned lines refunded, recent orders still
Unshipped and the newest one Pending (no prices yet). Ids are Amazon's 3-7-7 form, apart from any
storefront order number. The SKUs are the brand's one catalogue, the same as on its storefront.

Money follows from the orders (see `sample_finances`), except two deliberate discrepancies the
hub's reconciliation must find, listed in `Brand.discrepancies`: the second fully shipped order's
first item is credited 0.30 less Principal than the order states, and the first item of the
fourth (or the next whose first item is taxed) 0.07 less Tax (Amazon taxed it at another local
rate than the order shows). Both exceed the hub's default payout tolerance of 0.01.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from adapters.amazon import sample_finances as money
from adapters.amazon.sample_finances import CENT, ITEM_PROMOTION, SHIPPING_PROMOTION, ZERO
from adapters.amazon.times import iso, parse_time

MARKETPLACE_ID = "ATVPDKIKX0DER"
START = datetime(2026, 9, 1, tzinfo=UTC)
SPAN = timedelta(days=45)
# sku, title, price, ASIN, FBA fulfilment fee per unit: the brand's catalogue (its storefront sells the same skus)
CATALOGUE = (
    ("MUG-RED", "Stoneware mug, red", "18.00", "B0DK4MUGR1", "4.75"),
    ("MUG-BLU", "Stoneware mug, blue", "18.00", "B0DK4MUGB2", "4.75"),
    ("TEE-S", "Organic tee, small", "29.00", "B0DK4TEES3", "3.86"),
    ("TEE-M", "Organic tee, medium", "29.00", "B0DK4TEEM4", "3.86"),
    ("CAP-01", "Canvas cap", "24.50", "B0DK4CAP05", "3.86"),
    ("BAG-TOTE", "Tote bag", "35.00", "B0DK4BAG06", "5.40"),
    ("CARD-GIFT", "Greeting card", "4.95", "B0DK4CRD07", "3.22"),
    ("POSTER-A2", "Poster A2", "22.00", "B0DK4PST08", "4.10"),
)
FBA_FEES = {sku: Decimal(fba) for sku, _, _, _, fba in CATALOGUE}
# state, city, postal code, sales tax rate (Amazon collects it as marketplace facilitator)
SHIP_TO = (("WA", "SEATTLE", "98101-1234", "0.1025"), ("NY", "BROOKLYN", "11201-2345", "0.08875"),
           ("TX", "AUSTIN", "78701-3456", "0.0825"), ("PA", "PITTSBURGH", "15213-4567", "0.07"),
           ("OR", "PORTLAND", "97201-5678", "0"))
CANCEL_REASONS = ("Order Created by mistake", "Found cheaper somewhere else", "Need to change shipping address")
MFN_SHIPPING, FREE_SHIPPING_FROM = Decimal("5.99"), Decimal("35.00")


@dataclass
class Brand:
    """The simulated seller account: orders and their items by AmazonOrderId, posted financial events, its clock."""

    orders: dict[str, dict[str, Any]]
    items: dict[str, list[dict[str, Any]]]
    events: list[tuple[str, dict[str, Any]]]
    now: datetime
    seed: int
    facilitator: bool
    rng: random.Random
    discrepancies: dict[str, str] = field(default_factory=dict)

    def post(self, kind: str, event: dict[str, Any]) -> None:
        """Record a financial event of a list (`ShipmentEventList`...)."""
        self.events.append((kind, event))

    def groups(self) -> list[dict[str, Any]]:
        return money.event_groups([event for _, event in self.events], START, self.now, self.seed)


def amount(value: Decimal) -> dict[str, str]:
    """Orders API money: {CurrencyCode, Amount} with the amount as text."""
    return {"CurrencyCode": "USD", "Amount": str(value.quantize(CENT))}


def _item(rng: random.Random, order_number: int, index: int, pick: tuple[str, ...], rate: Decimal) -> dict[str, Any]:
    sku, title, price, asin, _ = pick
    quantity = rng.choice((1, 1, 1, 2))
    line = Decimal(price) * quantity
    discount = (line * Decimal("0.10")).quantize(CENT) if rng.random() < 0.25 else ZERO
    return {
        "ASIN": asin, "SellerSKU": sku, "OrderItemId": f"{order_number:08d}{index:02d}7301", "Title": title,
        "QuantityOrdered": quantity, "QuantityShipped": 0, "ProductInfo": {"NumberOfItems": "1"},
        "ItemPrice": amount(line), "ItemTax": amount(((line - discount) * rate).quantize(CENT)),
        "PromotionDiscount": amount(discount), "PromotionDiscountTax": amount(ZERO),
        "PromotionIds": [ITEM_PROMOTION] if discount else [], "IsGift": "false", "ConditionId": "New",
        "ConditionSubtypeId": "New", "IsTransparency": False, "SerialNumberRequired": False,
    }


def _shipping(items: list[dict[str, Any]], rate: Decimal) -> None:
    """MFN shipping on the first item: 5.99, taxed, and discounted by the free-shipping promotion from 35.00."""
    first = items[0]
    paid = sum((money.stated(i, "ItemPrice") - money.stated(i, "PromotionDiscount") for i in items), ZERO)
    free = paid >= FREE_SHIPPING_FROM
    tax = ZERO if free else (MFN_SHIPPING * rate).quantize(CENT)
    first.update(ShippingPrice=amount(MFN_SHIPPING), ShippingDiscount=amount(MFN_SHIPPING if free else ZERO),
                 ShippingTax=amount(tax), ShippingDiscountTax=amount(ZERO))
    if free:
        first["PromotionIds"] = [*first["PromotionIds"], SHIPPING_PROMOTION]


def order_total(items: list[dict[str, Any]]) -> Decimal:
    """What the buyer pays: prices, shipping and taxes less promotions, as OrderTotal states it."""
    added = ("ItemPrice", "ItemTax", "ShippingPrice", "ShippingTax")
    taken = ("PromotionDiscount", "ShippingDiscount")
    return sum((money.stated(i, n) for i in items for n in added), ZERO) - sum(
        (money.stated(i, n) for i in items for n in taken), ZERO)


def _order(rng: random.Random, number: int, placed: datetime, items: list[dict[str, Any]], afn: bool,
           ship_to: tuple[str, ...]) -> dict[str, Any]:
    state, city, postal, _ = ship_to
    order_id = f"11{1 + number % 4}-{(number * 7919 + 1_000_003) % 9_000_000 + 1_000_000:07d}-{rng.randrange(10**6, 10**7)}"
    return {
        "AmazonOrderId": order_id, "SellerOrderId": order_id, "PurchaseDate": iso(placed), "LastUpdateDate": iso(placed),
        "OrderStatus": "Unshipped", "FulfillmentChannel": "AFN" if afn else "MFN", "SalesChannel": "Amazon.com",
        "ShipServiceLevel": "Expedited" if afn else "Std US D2D Dom", "OrderTotal": amount(order_total(items)),
        "NumberOfItemsShipped": 0, "NumberOfItemsUnshipped": sum(i["QuantityOrdered"] for i in items),
        "PaymentMethod": "Other", "PaymentMethodDetails": ["Standard"], "IsReplacementOrder": False,
        "MarketplaceId": MARKETPLACE_ID, "ShipmentServiceLevelCategory": "Expedited" if afn else "Standard",
        "OrderType": "StandardOrder", "EarliestShipDate": iso(placed), "LatestShipDate": iso(placed + timedelta(days=2)),
        "EarliestDeliveryDate": iso(placed + timedelta(days=2)),
        "LatestDeliveryDate": iso(placed + timedelta(days=3 if afn else 6)), "IsBusinessOrder": False,
        "IsPrime": afn, "IsPremiumOrder": False, "IsGlobalExpressEnabled": False, "IsSoldByAB": False, "IsIBA": False,
        "IsISPU": False, "IsAccessPointOrder": False, "HasRegulatedItems": False,
        "ShippingAddress": {"City": city, "StateOrRegion": state, "PostalCode": postal, "CountryCode": "US"},
    }


def ship(brand: Brand, order_id: str, indexes: list[int], at: datetime) -> None:
    """Ship the order's items at `indexes` in one parcel: a ShipmentEvent, the items' and the order's new state."""
    order, items = brand.orders[order_id], brand.items[order_id]
    fba = order["FulfillmentChannel"] == "AFN"
    entries = [money.shipment_item(items[i], FBA_FEES[items[i]["SellerSKU"]] if fba else None, brand.facilitator)
               for i in indexes]
    brand.post("ShipmentEventList", money.shipment_event(order, entries, at))
    for index in indexes:
        items[index]["QuantityShipped"] = items[index]["QuantityOrdered"]
    shipped = sum(i["QuantityShipped"] for i in items)
    ordered = sum(i["QuantityOrdered"] for i in items)
    order.update(OrderStatus="Shipped" if shipped == ordered else "PartiallyShipped", NumberOfItemsShipped=shipped,
                 NumberOfItemsUnshipped=ordered - shipped, LastUpdateDate=iso(at))


def refund(brand: Brand, order_id: str, index: int, at: datetime) -> None:
    """The buyer returned the whole line at `index`: a RefundEvent (the Orders API order does not change)."""
    brand.post("RefundEventList", money.refund_event(brand.orders[order_id], brand.items[order_id][index], at,
                                                     brand.facilitator))


def _cancel(order: dict[str, Any], items: list[dict[str, Any]], at: datetime, reason: str) -> None:
    for item in items:
        item.update(QuantityOrdered=0, ItemPrice=amount(ZERO), ItemTax=amount(ZERO), PromotionDiscount=amount(ZERO),
                    BuyerRequestedCancel={"IsBuyerRequestedCancel": "true", "BuyerCancelReason": reason})
        item.pop("ShippingPrice", None)
        item.pop("ShippingTax", None)
        item.pop("ShippingDiscount", None)
    order.pop("OrderTotal")
    order.update(OrderStatus="Canceled", NumberOfItemsUnshipped=0, LastUpdateDate=iso(at))


def _pending(order: dict[str, Any], items: list[dict[str, Any]]) -> None:
    """Amazon prices nothing until the payment is authorised: no OrderTotal, no item amounts."""
    order.pop("OrderTotal")
    order["OrderStatus"] = "Pending"
    for item in items:
        for name in [name for name, value in item.items() if isinstance(value, dict) and "Amount" in value]:
            del item[name]


def _story(brand: Brand, number: int, placed: datetime) -> None:
    """Generate one order and play what happened to it until the brand's clock (less Amazon's posting delay)."""
    rng, as_of = brand.rng, brand.now - timedelta(minutes=5)
    ship_to = rng.choice(SHIP_TO)
    rate, afn = Decimal(ship_to[3]), rng.random() < 0.6
    picks = rng.sample(CATALOGUE, rng.choice((1, 1, 2, 2, 3)))
    items = [_item(rng, number, index, pick, rate) for index, pick in enumerate(picks)]
    if not afn:
        _shipping(items, rate)
    order = _order(rng, number, placed, items, afn, ship_to)
    order_id = order["AmazonOrderId"]
    brand.orders[order_id], brand.items[order_id] = order, items
    cancelled = placed + timedelta(hours=rng.randint(1, 20)) if rng.random() < 0.06 else None
    if as_of - placed < timedelta(minutes=30):
        _pending(order, items)
        return
    order["LastUpdateDate"] = iso(placed + timedelta(minutes=25))  # the payment was authorised
    if cancelled is not None and cancelled <= as_of:
        _cancel(order, items, cancelled, rng.choice(CANCEL_REASONS))
    elif cancelled is None:
        _fulfil(brand, order_id, placed, afn, as_of)


def _fulfil(brand: Brand, order_id: str, placed: datetime, afn: bool, as_of: datetime) -> None:
    rng, count = brand.rng, len(brand.items[order_id])
    first = placed + timedelta(hours=rng.randint(8, 30) if afn else rng.randint(20, 44))
    parcels = [(first, list(range(count)))]
    if not afn and count > 1 and rng.random() < 0.5:
        second = first + timedelta(days=2, hours=rng.randint(1, 9))
        # Split only when the rest ships before the seller's clock: the data set ends with no order half-shipped.
        parcels = [(first, [0]), (second, list(range(1, count)))] if second <= as_of else parcels
    returned = first + timedelta(days=rng.randint(6, 20), hours=rng.randint(0, 23)) if rng.random() < 0.15 else None
    for at, indexes in parcels:
        if at <= as_of:
            ship(brand, order_id, indexes, at)
    if returned is not None and returned <= as_of and brand.orders[order_id]["OrderStatus"] == "Shipped":
        refund(brand, order_id, 0, returned)


_MISSTATED = ((1, "Principal", Decimal("0.30"), "Principal credited 0.30 less than the item's price"),
              (3, "Tax", Decimal("0.07"), "Tax credited 0.07 less than the item's tax (taxed at another local rate)"))


def _misstate(brand: Brand) -> None:
    """The two deliberate discrepancies: Amazon credits a little less than the order states."""
    shipped = [o["AmazonOrderId"] for o in brand.orders.values() if o["OrderStatus"] == "Shipped"]
    for position, charge, short, why in _MISSTATED:
        candidates = [i for i in shipped[position:] if i not in brand.discrepancies
                      and money.stated(brand.items[i][0], "ItemTax" if charge == "Tax" else "ItemPrice") > short]
        if not candidates:
            continue
        event = next(e for kind, e in brand.events if kind == "ShipmentEventList" and e["AmazonOrderId"] == candidates[0])
        line = next(c for c in event["ShipmentItemList"][0]["ItemChargeList"] if c["ChargeType"] == charge)
        line["ChargeAmount"] = money.currency(line["ChargeAmount"]["CurrencyAmount"] - short)
        brand.discrepancies[candidates[0]] = why


def _placed(rng: random.Random, number: int, count: int) -> datetime:
    """When order `number` was placed: steadily over 43 days, then a tenth of them in a two-day sale at the end."""
    sale = min(count, max(3, count // 10))
    if number > count - sale:
        sale_start = START + SPAN - timedelta(days=2)
        return sale_start + (timedelta(days=2) - timedelta(minutes=20)) * (number - count + sale) / sale
    return START + SPAN * 43 / 45 * number / (count - sale) - timedelta(minutes=rng.randint(0, 90))


def build_brand(count: int, seed: int = 1, facilitator: bool = False) -> Brand:
    """`count` orders with their items and money as of 45 days after 2026-09-01, the same for the same seed."""
    rng = random.Random(seed)
    brand = Brand({}, {}, [], START + SPAN, seed, facilitator, rng)
    for number in range(1, count + 1):
        _story(brand, number, _placed(rng, number, count))
    sku, title, price, asin, _ = CATALOGUE[1]
    brand.post("AdjustmentEventList", money.reimbursement_event(sku, asin, title, Decimal(price) / 2,
                                                                START + timedelta(days=20, hours=3)))
    brand.events.sort(key=lambda entry: parse_time(entry[1]["PostedDate"]))
    _misstate(brand)
    return brand
