"""Small builders of Amazon SP-API payloads, shaped like Amazon's own, with ids, amounts and times tweakable.

Finances amounts are JSON numbers in SP-API; the adapter parses them as Decimal, so the builders
state them as Decimal too (`json_bytes` renders them back as JSON numbers).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from adapters.amazon import ADAPTER
from adapters.toolkit import MappingContext
from canonical_model.events import Event

CONTEXT = MappingContext(account="A1SELLER-NA", payload_hash="payload-hash-1")
ORDER_ID = "113-4567890-1234567"
PURCHASED = "2026-03-02T15:00:00Z"
UPDATED = "2026-03-03T09:30:00Z"
POSTED = "2026-03-05T10:00:00Z"


def amazon_money(amount: str, currency: str = "USD") -> dict[str, str]:
    """Orders API money: {CurrencyCode, Amount} with the amount as a string."""
    return {"CurrencyCode": currency, "Amount": amount}


def currency(amount: str, code: str = "USD") -> dict[str, Any]:
    """Finances API money: {CurrencyCode, CurrencyAmount} with the amount a JSON number (Decimal once parsed)."""
    return {"CurrencyCode": code, "CurrencyAmount": Decimal(amount)}


def order(order_id: str = ORDER_ID, status: str = "Unshipped", total: str | None = "47.39", **extra: Any) -> dict:
    """An MFN order of amazon.com, with the personal data Amazon puts in an order payload."""
    payload: dict[str, Any] = {
        "AmazonOrderId": order_id, "SellerOrderId": "SO-1001", "PurchaseDate": PURCHASED, "LastUpdateDate": UPDATED,
        "OrderStatus": status, "FulfillmentChannel": "MFN", "SalesChannel": "Amazon.com", "OrderType": "StandardOrder",
        "ShipServiceLevel": "Std US D2D Dom", "ShipmentServiceLevelCategory": "Standard", "IsPrime": False,
        "IsBusinessOrder": False, "MarketplaceId": "ATVPDKIKX0DER", "NumberOfItemsShipped": 0,
        "NumberOfItemsUnshipped": 2, "PaymentMethod": "Other", "PaymentMethodDetails": ["Standard"],
        "LatestDeliveryDate": "2026-03-10T06:59:59Z", "EarliestShipDate": "2026-03-03T07:00:00Z",
        "ShippingAddress": {"Name": "Ann Lee", "AddressLine1": "1 Main St", "City": "Springfield",
                            "PostalCode": "01101", "CountryCode": "US"},
        "BuyerInfo": {"BuyerEmail": "ann@marketplace.amazon.com", "BuyerName": "Ann Lee"},
    }
    if total is not None:
        payload["OrderTotal"] = amazon_money(total)
    return {**payload, **extra}


def order_item(item_id: str = "5001", sku: str = "MUG-RED", price: str = "40.00", quantity: int = 2,
               **extra: Any) -> dict:
    return {
        "ASIN": "B000MUG001", "OrderItemId": item_id, "SellerSKU": sku, "Title": "Stoneware mug",
        "QuantityOrdered": quantity, "QuantityShipped": 0, "ItemPrice": amazon_money(price),
        "ItemTax": amazon_money("2.40"), "ShippingPrice": amazon_money("4.99"), "ShippingTax": amazon_money("0.00"),
        "PromotionDiscount": amazon_money("0.00"), "ShippingDiscount": amazon_money("0.00"), "ConditionId": "New",
        "IsGift": "false", "BuyerInfo": {"GiftMessageText": "Happy birthday Ann"}, **extra,
    }


def order_items(*items: dict, order_id: str = ORDER_ID, **extra: Any) -> dict:
    return {"payload": {"AmazonOrderId": order_id, "OrderItems": list(items) or [order_item()], **extra}}


def charge(kind: str, amount: str, code: str = "USD") -> dict:
    return {"ChargeType": kind, "ChargeAmount": currency(amount, code)}


def fee(kind: str, amount: str, code: str = "USD") -> dict:
    return {"FeeType": kind, "FeeAmount": currency(amount, code)}


def promotion(amount: str, promotion_id: str = "SPRING5") -> dict:
    return {"PromotionType": "PromotionMetaDataDefinitionValue", "PromotionId": promotion_id,
            "PromotionAmount": currency(amount)}


def shipment_item(sku: str = "MUG-RED", quantity: int = 2, **extra: Any) -> dict:
    return {
        "SellerSKU": sku, "OrderItemId": "5001", "QuantityShipped": quantity,
        "ItemChargeList": [charge("Principal", "40.00"), charge("Tax", "2.40"), charge("ShippingCharge", "4.99")],
        "ItemFeeList": [fee("Commission", "-6.00"), fee("FBAPerUnitFulfillmentFee", "-3.22"), fee("ShippingHB", "0.00")],
        "PromotionList": [promotion("-5.00")],
        "ItemTaxWithheldList": [{"TaxCollectionModel": "MarketplaceFacilitator",
                                 "TaxesWithheld": [charge("MarketplaceFacilitatorTax-Principal", "-2.40")]}],
        **extra,
    }


def shipment_event(order_id: str = ORDER_ID, **extra: Any) -> dict:
    return {"AmazonOrderId": order_id, "SellerOrderId": "SO-1001", "MarketplaceName": "Amazon.com",
            "PostedDate": POSTED, "ShipmentItemList": [shipment_item()], **extra}


def refund_item(sku: str = "MUG-RED", quantity: int = 1, **extra: Any) -> dict:
    return {
        "SellerSKU": sku, "OrderAdjustmentItemId": "9001", "QuantityShipped": quantity,
        "ItemChargeAdjustmentList": [charge("Principal", "-20.00"), charge("Tax", "-1.20"),
                                     charge("ShippingCharge", "-4.99"), charge("RestockingFee", "2.00")],
        "ItemFeeAdjustmentList": [fee("Commission", "2.40"), fee("RefundCommission", "-0.48")],
        "PromotionAdjustmentList": [promotion("2.50")],
        **extra,
    }


def refund_event(order_id: str = ORDER_ID, **extra: Any) -> dict:
    return {"AmazonOrderId": order_id, "MarketplaceName": "Amazon.com", "PostedDate": "2026-03-12T08:00:00Z",
            "ShipmentItemAdjustmentList": [refund_item()], **extra}


def financial_events(**lists: list[dict]) -> dict:
    """A listFinancialEvents answer holding the given event lists (e.g. ShipmentEventList=[...])."""
    return {"payload": {"NextToken": "token-2", "FinancialEvents": lists}}


def event_group(group_id: str = "Gm9HEcdx3QBT", **extra: Any) -> dict:
    return {
        "FinancialEventGroupId": group_id, "ProcessingStatus": "Closed", "FundTransferStatus": "Succeeded",
        "OriginalTotal": currency("1234.56"), "ConvertedTotal": currency("1234.56"),
        "FundTransferDate": "2026-03-17T02:00:00Z", "TraceId": "TRACE-1", "AccountTail": "1234",
        "BeginningBalance": currency("0.00"), "FinancialEventGroupStart": "2026-03-01T00:00:00Z",
        "FinancialEventGroupEnd": "2026-03-15T00:00:00Z", **extra,
    }


def breakdown(kind: str, amount: str, *children: dict) -> dict:
    node: dict[str, Any] = {"breakdownType": kind, "breakdownAmount": {"currencyCode": "USD",
                                                                        "currencyAmount": Decimal(amount)}}
    if children:
        node["breakdowns"] = list(children)
    return node


def transaction(transaction_id: str | None = "TX-1", amount: str = "30.78", **extra: Any) -> dict:
    """A released shipment transaction: sales 42.40 less 11.62 of Amazon fees (commission and FBA)."""
    payload: dict[str, Any] = {
        "sellingPartnerMetadata": {"sellingPartnerId": "A1SELLER", "accountType": "PAYABLE",
                                   "marketplaceId": "ATVPDKIKX0DER"},
        "relatedIdentifiers": [
            {"relatedIdentifierName": "ORDER_ID", "relatedIdentifierValue": ORDER_ID},
            {"relatedIdentifierName": "FINANCIAL_EVENT_GROUP_ID", "relatedIdentifierValue": "Gm9HEcdx3QBT"},
        ],
        "transactionType": "Shipment", "transactionStatus": "RELEASED", "description": "Order Payment",
        "postedDate": POSTED, "totalAmount": {"currencyCode": "USD", "currencyAmount": Decimal(amount)},
        "contexts": [{"contextType": "ProductContext", "sku": "MUG-RED", "asin": "B000MUG001", "quantityShipped": 2}],
        "breakdowns": [
            breakdown("Sales", "42.40", breakdown("ProductCharges", "42.40", breakdown("Principal", "40.00"),
                                                  breakdown("Tax", "2.40"))),
            breakdown("Expenses", "-11.62", breakdown("AmazonFees", "-11.62", breakdown("Commission", "-8.40"),
                                                      breakdown("FBAPerUnitFulfillmentFee", "-3.22"))),
        ],
        **extra,
    }
    if transaction_id is not None:
        payload["transactionId"] = transaction_id
    return payload


SETTLEMENT_HEADER = (
    "settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date", "total-amount", "currency",
    "transaction-type", "order-id", "merchant-order-id", "adjustment-id", "shipment-id", "marketplace-name",
    "shipment-fee-type", "shipment-fee-amount", "order-fee-type", "order-fee-amount", "fulfillment-id", "posted-date",
    "order-item-code", "merchant-order-item-id", "merchant-adjustment-item-id", "sku", "quantity-purchased",
    "price-type", "price-amount", "item-related-fee-type", "item-related-fee-amount", "misc-fee-amount",
    "other-fee-amount", "other-fee-reason-description", "promotion-id", "promotion-type", "promotion-amount",
    "direct-payment-type", "direct-payment-amount", "other-amount",
)


def settlement_row(**values: str) -> dict[str, str]:
    """One detail row of the V2 flat file: an order's principal and its FBA fee (column names as Amazon's)."""
    row = {"settlement-id": "9876543210", "transaction-type": "Order", "order-id": ORDER_ID,
           "marketplace-name": "Amazon.com", "fulfillment-id": "AFN", "posted-date": "2026-03-05 10:00:00 UTC",
           "sku": "MUG-RED", "quantity-purchased": "2", "price-type": "Principal", "price-amount": "40.00",
           "item-related-fee-type": "FBAPerUnitFulfillmentFee", "item-related-fee-amount": "-3.22"}
    row.update(values)
    return row


def settlement_summary(**values: str) -> dict[str, str]:
    row = {"settlement-id": "9876543210", "settlement-start-date": "2026-03-01 00:00:00 UTC",
           "settlement-end-date": "2026-03-15 00:00:00 UTC", "deposit-date": "2026-03-17 00:00:00 UTC",
           "total-amount": "36.78", "currency": "USD"}
    row.update(values)
    return row


def settlement_file(*rows: dict[str, str], header: tuple[str, ...] = SETTLEMENT_HEADER) -> bytes:
    """A flat file: the header, then each row's values in header order (a summary row first by default)."""
    rows = rows or (settlement_summary(), settlement_row())
    lines = ["\t".join(header)] + ["\t".join(row.get(column, "") for column in header) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def fulfillment_order(status: str = "SHIPPED", **extra: Any) -> dict:
    """An MCF order for storefront order #1001, shipped in one package of two mugs."""
    return {"payload": {
        "fulfillmentOrder": {
            "sellerFulfillmentOrderId": "MCF-1001", "displayableOrderId": "#1001", "marketplaceId": "ATVPDKIKX0DER",
            "displayableOrderDate": PURCHASED, "shippingSpeedCategory": "Standard", "fulfillmentAction": "Ship",
            "fulfillmentPolicy": "FillOrKill", "receivedDate": PURCHASED, "fulfillmentOrderStatus": "Complete",
            "statusUpdatedDate": "2026-03-04T18:00:00Z", "notificationEmails": ["ann@example.com"],
            "destinationAddress": {"name": "Ann Lee", "addressLine1": "1 Main St", "city": "Springfield"},
        },
        "fulfillmentOrderItems": [{"sellerSku": "MUG-RED", "sellerFulfillmentOrderItemId": "line-1", "quantity": 2}],
        "fulfillmentShipments": [{
            "amazonShipmentId": "DnKkYxh1q", "fulfillmentCenterId": "PHX3", "fulfillmentShipmentStatus": status,
            "shippingDate": "2026-03-04T17:00:00Z", "estimatedArrivalDate": "2026-03-07T20:00:00Z",
            "fulfillmentShipmentItem": [{"sellerSku": "MUG-RED", "sellerFulfillmentOrderItemId": "line-1",
                                         "quantity": 2, "packageNumber": 543939833}],
            "fulfillmentShipmentPackage": [{"packageNumber": 543939833, "carrierCode": "UPS",
                                            "trackingNumber": "1Z999AA10123456784"}],
        }],
        "returnItems": [], "returnAuthorizations": [], **extra,
    }}


def tracking_event(code: str, when: str, description: str) -> dict:
    return {"eventDate": when, "eventCode": code, "eventDescription": description,
            "eventAddress": {"city": "Springfield", "state": "MA", "country": "US"}}


def package_tracking(*events: dict) -> dict:
    return {"payload": {
        "packageNumber": 543939833, "trackingNumber": "1Z999AA10123456784", "carrierCode": "UPS",
        "shipDate": "2026-03-04T17:00:00Z", "currentStatus": "DELIVERED", "signedForBy": "A. Lee",
        "shipToAddress": {"city": "Springfield", "state": "MA", "country": "US"},
        "trackingEvents": list(events) or [
            tracking_event("EVENT_102", "2026-03-04T17:30:00Z", "Shipment picked up from seller's facility."),
            tracking_event("EVENT_302", "2026-03-06T08:00:00Z", "Out for delivery."),
            tracking_event("EVENT_301", "2026-03-06T15:10:00Z", "Delivered."),
        ],
    }}


def mapped(document: Any) -> list[Event]:
    """Every event the adapter maps a parsed document to, the way the hub does it."""
    return [event for obj in ADAPTER.split(document) for event in ADAPTER.map_object(obj, CONTEXT)]


def mapped_bytes(body: bytes) -> list[Event]:
    """Every event of a raw document, parsed as the hub parses it."""
    return mapped(ADAPTER.parse(body))


def json_bytes(document: Any) -> bytes:
    """The document as Amazon sends it: Decimals rendered as JSON numbers."""
    return json.dumps(document, default=_number).replace('"<<', "").replace('>>"', "").encode()


def _number(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"<<{value}>>"
    raise TypeError(f"{value!r} is not JSON")


def of_type(events: list[Event], event_type: str) -> list[Event]:
    return [event for event in events if event.type == event_type]
