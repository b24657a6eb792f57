"""The demo brand's Amazon money, shaped as Finances v0 states it: financial events and the groups that pay them.

A ShipmentEvent per parcel credits the shipped items' Principal, Tax, ShippingCharge and ShippingTax
and their promotions (negative), and debits the referral fee (`Commission`, 15% of what the buyer
paid for the item and its shipping, at least 0.30) and, for FBA orders, the per-unit fulfilment
fee. A RefundEvent takes a returned line's Principal and Tax back, gives its promotion back, refunds
the line's share of the referral fee and keeps 20% of it (at most 5.00) as `RefundCommission`. With
`facilitator` set, Amazon withholds the sales tax it collects as marketplace facilitator
(`ItemTaxWithheldList`), as it does in every US state today. Amounts are Decimals (JSON numbers in
the answers), signed as Amazon signs them: credits positive, fees and promotions negative.

Events go to the financial event group whose 14-day period holds their PostedDate; a group's
OriginalTotal is the sum of every amount of its events (Amazon pays what it posted). The group of
the current period is Open; a closed group's transfer succeeds the day after it closes.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from adapters.amazon.times import iso, parse_time

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
ITEM_PROMOTION = "PLM-SAVE10-2026"
SHIPPING_PROMOTION = "FreeShipping-Over35"
GROUP_DAYS = 14
_REFERRAL, _MIN_REFERRAL = Decimal("0.15"), Decimal("0.30")
_REFUND_ADMIN, _MAX_REFUND_ADMIN = Decimal("0.20"), Decimal("5.00")


def currency(amount: Decimal) -> dict[str, Any]:
    return {"CurrencyCode": "USD", "CurrencyAmount": amount.quantize(CENT)}


def charge(kind: str, amount: Decimal) -> dict[str, Any]:
    return {"ChargeType": kind, "ChargeAmount": currency(amount)}


def fee(kind: str, amount: Decimal) -> dict[str, Any]:
    return {"FeeType": kind, "FeeAmount": currency(amount)}


def promotion(promotion_id: str, amount: Decimal) -> dict[str, Any]:
    return {"PromotionType": "PromotionMetaDataDefinitionValue", "PromotionId": promotion_id,
            "PromotionAmount": currency(amount)}


def stated(item: dict[str, Any], name: str) -> Decimal:
    """An Orders API amount of an item ({CurrencyCode, Amount}), zero when the item does not state it."""
    money = item.get(name)
    return Decimal(money["Amount"]) if money else ZERO


def referral(base: Decimal) -> Decimal:
    return max(_MIN_REFERRAL, (base * _REFERRAL).quantize(CENT)) if base > 0 else ZERO


def _withheld(tax: Decimal, shipping_tax: Decimal) -> list[dict[str, Any]]:
    return [{"TaxCollectionModel": "MarketplaceFacilitator", "TaxesWithheld": [
        charge("MarketplaceFacilitatorTax-Principal", -tax), charge("MarketplaceFacilitatorTax-Shipping", -shipping_tax)]}]


def shipment_item(item: dict[str, Any], fba_fee: Decimal | None, facilitator: bool) -> dict[str, Any]:
    """One shipped item as a ShipmentEvent states it; `fba_fee` (per unit) for FBA orders."""
    quantity = item["QuantityOrdered"]
    principal, tax = stated(item, "ItemPrice"), stated(item, "ItemTax")
    shipping, shipping_tax = stated(item, "ShippingPrice"), stated(item, "ShippingTax")
    discount, shipping_discount = stated(item, "PromotionDiscount"), stated(item, "ShippingDiscount")
    promotions = ([promotion(ITEM_PROMOTION, -discount)] if discount else []) + (
        [promotion(SHIPPING_PROMOTION, -shipping_discount)] if shipping_discount else [])
    fees = [fee("FBAPerUnitFulfillmentFee", -fba_fee * quantity)] if fba_fee is not None else []
    fees.append(fee("Commission", -referral(principal - discount + shipping - shipping_discount)))
    entry: dict[str, Any] = {
        "SellerSKU": item["SellerSKU"], "OrderItemId": item["OrderItemId"], "QuantityShipped": quantity,
        "ItemChargeList": [charge("Principal", principal), charge("Tax", tax), charge("ShippingCharge", shipping),
                           charge("ShippingTax", shipping_tax)],
        "ItemFeeList": fees, "PromotionList": promotions,
    }
    if facilitator:
        entry["ItemTaxWithheldList"] = _withheld(tax, shipping_tax)
    return entry


def shipment_event(order: dict[str, Any], entries: list[dict[str, Any]], posted_at: datetime) -> dict[str, Any]:
    """A ShipmentEvent: what Amazon credits and debits when a parcel of the order ships."""
    return {"AmazonOrderId": order["AmazonOrderId"], "SellerOrderId": order["SellerOrderId"],
            "MarketplaceName": "Amazon.com", "PostedDate": iso(posted_at), "ShipmentItemList": entries}


def refund_event(order: dict[str, Any], item: dict[str, Any], posted_at: datetime, facilitator: bool) -> dict[str, Any]:
    """A RefundEvent for one whole returned line: its price, tax and promotion back, the referral fee partly back."""
    principal, tax, discount = stated(item, "ItemPrice"), stated(item, "ItemTax"), stated(item, "PromotionDiscount")
    commission = referral(principal - discount)
    entry: dict[str, Any] = {
        "SellerSKU": item["SellerSKU"], "OrderAdjustmentItemId": f"{item['OrderItemId']}1",
        "QuantityShipped": item["QuantityOrdered"],
        "ItemChargeAdjustmentList": [charge("Principal", -principal), charge("Tax", -tax)],
        "ItemFeeAdjustmentList": [fee("Commission", commission), fee(
            "RefundCommission", -min(_MAX_REFUND_ADMIN, (commission * _REFUND_ADMIN).quantize(CENT)))],
        "PromotionAdjustmentList": [promotion(ITEM_PROMOTION, discount)] if discount else [],
    }
    if facilitator:
        entry["ItemTaxWithheldList"] = [{"TaxCollectionModel": "MarketplaceFacilitator", "TaxesWithheld": [
            charge("MarketplaceFacilitatorTax-Principal", tax)]}]
    return {"AmazonOrderId": order["AmazonOrderId"], "SellerOrderId": order["SellerOrderId"],
            "MarketplaceName": "Amazon.com", "PostedDate": iso(posted_at), "ShipmentItemAdjustmentList": [entry]}


def reimbursement_event(sku: str, asin: str, title: str, unit: Decimal, posted_at: datetime) -> dict[str, Any]:
    """An AdjustmentEvent: FBA lost a unit in its warehouse and pays the seller for it."""
    return {"AdjustmentType": "REVERSAL_REIMBURSEMENT", "PostedDate": iso(posted_at),
            "AdjustmentAmount": currency(unit),
            "AdjustmentItemList": [{"Quantity": "1", "PerUnitAmount": currency(unit), "TotalAmount": currency(unit),
                                    "SellerSKU": sku, "FnSKU": f"X00{asin[-7:]}", "ProductDescription": title,
                                    "ASIN": asin}]}


def amounts(node: Any) -> Iterator[Decimal]:
    """Every Finances amount inside an event, skipping restatements of a total beside its items."""
    if isinstance(node, dict):
        if set(node) == {"CurrencyCode", "CurrencyAmount"}:
            yield node["CurrencyAmount"]
            return
        for name, value in node.items():
            if name not in ("PerUnitAmount", "TotalAmount"):
                yield from amounts(value)
    elif isinstance(node, list):
        for value in node:
            yield from amounts(value)


def event_total(event: dict[str, Any]) -> Decimal:
    return sum(amounts(event), ZERO)


def group_id(seed: int, index: int) -> str:
    digest = hashlib.sha256(f"amazon-demo-group:{seed}:{index}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")[:43].replace("-", "A").replace("_", "B")


def event_groups(events: list[dict[str, Any]], start: datetime, now: datetime, seed: int) -> list[dict[str, Any]]:
    """The financial event groups from `start` to the open one holding `now`, each totalling its events."""
    period = timedelta(days=GROUP_DAYS)
    count = int((now - start) / period) + 1
    totals = [ZERO] * count
    for event in events:
        index = int((parse_time(event["PostedDate"]) - start) / period)
        if 0 <= index < count:
            totals[index] += event_total(event)
    return [_group(seed, index, start + period * index, period, totals[index], now) for index in range(count)]


def _group(seed: int, index: int, begins: datetime, period: timedelta, amount: Decimal, now: datetime) -> dict[str, Any]:
    group: dict[str, Any] = {"FinancialEventGroupId": group_id(seed, index), "ProcessingStatus": "Open",
                             "OriginalTotal": currency(amount), "BeginningBalance": currency(ZERO),
                             "FinancialEventGroupStart": iso(begins)}
    ends = begins + period
    if ends <= now:
        transfer = ends + timedelta(days=1)
        group.update(ProcessingStatus="Closed", FundTransferStatus="Succeeded" if transfer <= now else "Processing",
                     ConvertedTotal=currency(amount), FundTransferDate=iso(transfer), TraceId=f"{seed:04d}{index:08d}",
                     AccountTail="4321", FinancialEventGroupEnd=iso(ends))
    return group
