"""Small builders of eBay Sell Fulfillment and Sell Finances API payloads, with ids and amounts tweakable.

No licensed real eBay payloads exist in the shared fixtures: these follow the field names, nesting and
types of eBay's published API reference (Order, LineItem, PricingSummary, ShippingFulfillment,
Transaction, Payout), amounts as eBay's `Amount` objects ({"value": "12.50", "currency": "USD"}).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from adapters.ebay import ADAPTER
from adapters.toolkit import MappingContext
from canonical_model.events import Event

CONTEXT = MappingContext(account="acme-outlet", payload_hash="payload-hash-ebay-1")
ORDER_ID = "12-03456-78901"
CREATED = "2026-03-02T15:00:00.000Z"
MODIFIED = "2026-03-04T09:12:30.000Z"
SHIPPED = "2026-03-03T18:40:00.000Z"
PAID_OUT = "2026-03-06T04:00:00.000Z"
PAYOUT_ID = "6000012345"
FULFILLMENT_API = "https://api.ebay.com/sell/fulfillment/v1"
FINANCES_API = "https://apiz.ebay.com/sell/finances/v1"
# Personal data as eBay places it (buyer, ship-to); none of it may reach an event's context.
PERSONAL = ("ann_lee_77", "Ann Lee", "ann.lee@example.com", "1 Main St", "Springfield", "+1 555 0100")


def money(value: str, currency: str = "USD", **extra: Any) -> dict:
    """An eBay `Amount`."""
    return {"value": value, "currency": currency, **extra}


def promotion(value: str, promotion_id: str = "5000112233", description: str = "Spring sale: 10% off") -> dict:
    return {"promotionId": promotion_id, "description": description, "discountAmount": money(value)}


def line_item(
    line_item_id: str = "10045678901234", sku: str | None = "MUG-RED", unit: str = "20.00", quantity: int = 2,
    tax: str = "3.20", shipping: str = "5.00", promotions: tuple[dict, ...] = (), **extra: Any,
) -> dict:
    """A fixed-price line with US state sales tax that eBay collects and remits."""
    cost = Decimal(unit) * quantity
    off = sum((Decimal(p["discountAmount"]["value"]) for p in promotions), Decimal(0))
    line = {
        "lineItemId": line_item_id, "legacyItemId": "334455667788", "title": "Stoneware mug, red",
        "lineItemCost": money(str(cost)), "quantity": quantity, "soldFormat": "FIXED_PRICE",
        "listingMarketplaceId": "EBAY_US", "purchaseMarketplaceId": "EBAY_US",
        "lineItemFulfillmentStatus": "NOT_STARTED", "total": money(str(cost - off + Decimal(shipping) + Decimal(tax))),
        "deliveryCost": {"shippingCost": money(shipping)}, "appliedPromotions": list(promotions),
        "taxes": [{"amount": money(tax), "taxType": "STATE_SALES_TAX"}] if tax else [],
        "ebayCollectAndRemitTaxes": [{"taxType": "STATE_SALES_TAX", "amount": money(tax), "collectionMethod": "NET"}]
        if tax else [],
        "properties": {"buyerProtection": True, "soldViaAdCampaign": False},
        "lineItemFulfillmentInstructions": {"shipByDate": "2026-03-05T06:59:59.000Z", "guaranteedDelivery": False},
        "refunds": [],
        **extra,
    }
    if sku is not None:
        line["sku"] = sku
    return line


def pricing_summary(lines: list[dict]) -> dict:
    """pricingSummary as eBay adds it up: discounts negative, total = items + discounts + delivery + tax."""
    def summed(get: Any) -> Decimal:
        return sum((Decimal(get(line)) for line in lines), Decimal(0))

    subtotal = summed(lambda line: line["lineItemCost"]["value"])
    discount = -sum((Decimal(p["discountAmount"]["value"]) for line in lines for p in line["appliedPromotions"]),
                    Decimal(0))
    delivery = summed(lambda line: line["deliveryCost"]["shippingCost"]["value"])
    tax = sum((Decimal(t["amount"]["value"]) for line in lines for t in line["taxes"]), Decimal(0))
    summary = {"priceSubtotal": money(str(subtotal)), "deliveryCost": money(str(delivery)),
               "tax": money(str(tax)), "total": money(str(subtotal + discount + delivery + tax))}
    if discount:
        summary["priceDiscount"] = money(str(discount))
    return summary


def order(order_id: str = ORDER_ID, lines: list[dict] | None = None, **extra: Any) -> dict:
    """A paid, not yet shipped order of two mugs, with the buyer and ship-to where eBay puts them."""
    lines = [line_item()] if lines is None else lines
    summary = pricing_summary(lines)
    return {
        "orderId": order_id, "legacyOrderId": "334455667788-2710000000001", "creationDate": CREATED,
        "lastModifiedDate": CREATED, "orderFulfillmentStatus": "NOT_STARTED", "orderPaymentStatus": "PAID",
        "sellerId": "acme-outlet", "salesRecordReference": "1001",
        "buyer": {"username": "ann_lee_77", "taxAddress": {"city": "Springfield", "postalCode": "62701",
                                                           "countryCode": "US"},
                  "buyerRegistrationAddress": {"fullName": "Ann Lee", "email": "ann.lee@example.com",
                                               "contactAddress": {"addressLine1": "1 Main St", "city": "Springfield"},
                                               "primaryPhone": {"phoneNumber": "+1 555 0100"}}},
        "pricingSummary": summary,
        "cancelStatus": {"cancelState": "NONE_REQUESTED", "cancelRequests": []},
        "paymentSummary": {
            "totalDueSeller": summary["total"],
            "refunds": [],
            "payments": [{"paymentMethod": "EBAY", "paymentReferenceId": "9V7123456A1234567",
                          "paymentDate": CREATED, "amount": summary["total"], "paymentStatus": "PAID"}],
        },
        "fulfillmentStartInstructions": [{
            "fulfillmentInstructionsType": "SHIP_TO", "ebaySupportedFulfillment": False,
            "minEstimatedDeliveryDate": "2026-03-06T08:00:00.000Z",
            "maxEstimatedDeliveryDate": "2026-03-09T08:00:00.000Z",
            "shippingStep": {"shipTo": {"fullName": "Ann Lee", "email": "ann.lee@example.com",
                                        "contactAddress": {"addressLine1": "1 Main St", "city": "Springfield",
                                                           "stateOrProvince": "IL", "postalCode": "62701",
                                                           "countryCode": "US"},
                                        "primaryPhone": {"phoneNumber": "+1 555 0100"}},
                             "shippingCarrierCode": "USPS", "shippingServiceCode": "USPSPriority"},
        }],
        "fulfillmentHrefs": [],
        "lineItems": lines,
        "ebayCollectAndRemitTax": True,
        "totalFeeBasisAmount": summary["total"],
        "totalMarketplaceFee": money("6.79"),
        **extra,
    }


def cancelled(payload: dict, reason: str = "OUT_OF_STOCK_OR_CANNOT_FULFILL", initiator: str = "SELLER") -> dict:
    """The order as getOrder states it once cancelled, with its cancel request."""
    return {**payload, "lastModifiedDate": MODIFIED, "orderPaymentStatus": "FULLY_REFUNDED",
            "cancelStatus": {"cancelState": "CANCELED", "cancelledDate": MODIFIED, "cancelRequests": [{
                "cancelRequestId": "5000098765", "cancelInitiator": initiator, "cancelReason": reason,
                "cancelRequestState": "COMPLETED", "cancelRequestedDate": "2026-03-03T10:00:00.000Z",
                "cancelCompletedDate": MODIFIED}]}}


def page(key: str, items: list[dict], base: str, offset: int = 0, limit: int = 50, total: int | None = None) -> dict:
    """A page of an eBay collection: href, limit, offset, total, and next/prev links when there are more."""
    total = len(items) if total is None else total
    document: dict[str, Any] = {"href": f"{base}?limit={limit}&offset={offset}", "total": total, "limit": limit,
                                "offset": offset, key: items}
    if offset + limit < total:
        document["next"] = f"{base}?limit={limit}&offset={offset + limit}"
    if offset > 0:
        document["prev"] = f"{base}?limit={limit}&offset={max(offset - limit, 0)}"
    return document


def orders_page(orders: list[dict], offset: int = 0, limit: int = 50, total: int | None = None) -> dict:
    return page("orders", orders, f"{FULFILLMENT_API}/order", offset, limit, total)


def fulfillment(
    fulfillment_id: str = "9405509699937003457459", lines: tuple[tuple[str, int], ...] = (("10045678901234", 2),),
    **extra: Any,
) -> dict:
    return {"fulfillmentId": fulfillment_id, "shipmentTrackingNumber": fulfillment_id, "shippingCarrierCode": "USPS",
            "shippedDate": SHIPPED, "lineItems": [{"lineItemId": i, "quantity": q} for i, q in lines], **extra}


def fulfillments(items: list[dict], order_id: str | None = ORDER_ID) -> dict:
    """getShippingFulfillments as kept by the hub: eBay's collection beside the orderId of its request path."""
    document: dict[str, Any] = {"fulfillments": items, "total": len(items)}
    return {"orderId": order_id, **document} if order_id else document


def line_fees(line_item_id: str = "10045678901234", basis: str = "48.20",
              fees: tuple[tuple[str, str], ...] = (("FINAL_VALUE_FEE", "6.39"),
                                                   ("FINAL_VALUE_FEE_FIXED_PER_ORDER", "0.40"))) -> dict:
    return {"lineItemId": line_item_id, "feeBasisAmount": money(basis),
            "marketplaceFees": [{"feeType": kind, "amount": money(value)} for kind, value in fees]}


def transaction(transaction_id: str = "5012345678019", transaction_type: str = "SALE", value: str = "38.21",
                booking: str = "CREDIT", **extra: Any) -> dict:
    """A monetary transaction; by default the sale of the order: 48.20 paid, 6.79 fees and 3.20 tax kept back."""
    return {
        "transactionId": transaction_id, "orderId": ORDER_ID, "payoutId": PAYOUT_ID, "salesRecordReference": "0",
        "buyer": {"username": "ann_lee_77"}, "transactionType": transaction_type, "amount": money(value),
        "totalFeeBasisAmount": money("48.20"), "totalFeeAmount": money("6.79"),
        "eBayCollectedTaxAmount": money("3.20"), "orderLineItems": [line_fees()], "bookingEntry": booking,
        "transactionDate": SHIPPED, "transactionStatus": "PAYOUT", "paymentsEntity": "eBay Commerce Inc.",
        "references": [], **extra,
    }


def refund_transaction(**extra: Any) -> dict:
    """One mug refunded: the buyer gets 21.60 (1.60 of it tax), eBay credits 2.86 of fees back, 17.14 debited."""
    return transaction(
        "5012345678020", "REFUND", "17.14", "DEBIT", totalFeeBasisAmount=money("21.60"),
        totalFeeAmount=money("2.86"), eBayCollectedTaxAmount=money("1.60"),
        orderLineItems=[line_fees(basis="21.60", fees=(("FINAL_VALUE_FEE", "2.86"),))],
        transactionDate="2026-03-05T12:00:00.000Z", **extra,
    )


def charge_transaction(transaction_id: str = "5012345678031", transaction_type: str = "NON_SALE_CHARGE",
                       value: str = "2.10", **extra: Any) -> dict:
    """A charge apart from the sale (a Promoted Listings ad fee), naming its order by reference only."""
    data = {
        "transactionId": transaction_id, "transactionType": transaction_type, "amount": money(value),
        "bookingEntry": "DEBIT", "transactionDate": MODIFIED, "transactionStatus": "FUNDS_AVAILABLE_FOR_PAYOUT",
        "feeType": "AD_FEE", "totalFeeAmount": money("0.0"),
        "references": [{"referenceId": ORDER_ID, "referenceType": "ORDER_ID"},
                       {"referenceId": "334455667788", "referenceType": "ITEM_ID"}],
        **extra,
    }
    return {key: value for key, value in data.items() if value is not None}


def transactions_page(transactions: list[dict], offset: int = 0, limit: int = 20, total: int | None = None) -> dict:
    return page("transactions", transactions, f"{FINANCES_API}/transaction", offset, limit, total)


def payout(payout_id: str = PAYOUT_ID, value: str = "38.21", status: str = "SUCCEEDED", **extra: Any) -> dict:
    return {
        "payoutId": payout_id, "payoutStatus": status, "payoutStatusDescription": "Funds sent",
        "amount": money(value), "payoutDate": PAID_OUT, "transactionCount": 1, "payoutMemo": "Arrives in 1-3 days",
        "payoutInstrument": {"instrumentType": "BANK", "nickname": "Checking ****6789", "accountLastFourDigits": "6789"},
        **extra,
    }


def payouts_page(payouts: list[dict], offset: int = 0, limit: int = 20, total: int | None = None) -> dict:
    return page("payouts", payouts, f"{FINANCES_API}/payout", offset, limit, total)


def body(document: Any) -> bytes:
    """A document as eBay sends it over the wire."""
    return json.dumps(document).encode()


def mapped(document: Any) -> list[Event]:
    """Every event the adapter maps a document to, the way the hub does it (bytes parsed, split, mapped)."""
    parsed = ADAPTER.parse(body(document))
    return [event for obj in ADAPTER.split(parsed) for event in ADAPTER.map_object(obj, CONTEXT)]


def of_type(events: list[Event], event_type: str) -> list[Event]:
    return [event for event in events if event.type == event_type]
