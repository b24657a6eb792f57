"""Small builders of ShipStation V1 API payloads, shaped as its API reference documents them, with ids and amounts tweakable.

No licensed real ShipStation payloads exist for this project: these follow the V1 reference (camelCase
fields, ids as JSON numbers, amounts as JSON numbers, times in Pacific time without an offset).
Amounts are written as Python numbers and sent through `json.dumps`, so the adapter reads them as JSON
numbers exactly as ShipStation sends them.
"""

from __future__ import annotations

import json
from typing import Any

from adapters.shipstation import ADAPTER
from adapters.toolkit import MappingContext
from canonical_model.events import Event

CONTEXT = MappingContext(account="acme-shipstation", payload_hash="payload-hash-1", currency="USD")
ORDER_DATE = "2026-03-02T07:15:42.0000000"
CREATED = "2026-03-02T07:16:03.8230000"
MODIFIED = "2026-03-03T09:21:59.4430000"
LABEL_CREATED = "2026-03-03T10:05:11.6270000"
SHIP_DATE = "2026-03-03"
VOIDED = "2026-03-03T15:40:00.1200000"
WAREHOUSE_ID = 98765
TRACKING_NUMBER = "9400111899561704681189"


def address(name: str = "Ann Lee") -> dict:
    return {"name": name, "company": None, "street1": "1 Main St", "street2": "", "street3": None,
            "city": "Springfield", "state": "IL", "postalCode": "62701", "country": "US", "phone": "555-555-0100",
            "residential": True, "addressVerified": "Address validated successfully"}


def item(order_item_id: int = 136282568, sku: str = "MUG-RED", quantity: int = 2, unit_price: float = 20.0,
         **extra: Any) -> dict:
    return {
        "orderItemId": order_item_id, "lineItemKey": f"shopify-line-{order_item_id}", "sku": sku,
        "name": "Stoneware mug - red", "imageUrl": None, "weight": {"value": 24, "units": "ounces", "WeightUnits": 1},
        "quantity": quantity, "unitPrice": unit_price, "taxAmount": None, "shippingAmount": None,
        "warehouseLocation": "Aisle 1, Bin 7", "options": [{"name": "Colour", "value": "Red"}], "productId": 7239919,
        "fulfillmentSku": None, "adjustment": False, "upc": None, "createDate": CREATED, "modifyDate": CREATED,
        **extra,
    }


def discount_item(order_item_id: int = 136282569, amount: float = -4.0) -> dict:
    """An adjustment line: ShipStation lists discounts as items flagged `adjustment: true`."""
    return item(order_item_id, sku="DISCOUNT CODE", quantity=1, unit_price=amount, name="10% OFF",
                adjustment=True, warehouseLocation=None, fulfillmentSku="SKU-Discount")


def advanced_options(warehouse_id: int | None = WAREHOUSE_ID, **extra: Any) -> dict:
    return {
        "warehouseId": warehouse_id, "nonMachinable": False, "saturdayDelivery": False, "containsAlcohol": False,
        "mergedOrSplit": False, "mergedIds": [], "parentId": None, "storeId": 12345,
        "customField1": "wholesale", "customField2": None, "customField3": None, "source": "Webstore",
        "billToParty": None, "billToAccount": None, "billToPostalCode": None, "billToCountryCode": None, **extra,
    }


def order(order_id: int = 987654321, number: str = "#1001", status: str = "awaiting_shipment",
          items: list[dict] | None = None, **extra: Any) -> dict:
    """An order imported from the brand's Shopify store, awaiting shipment from one warehouse."""
    lines = [item(), item(136282570, sku="PLATE-BLUE", quantity=1, unit_price=15.0)] if items is None else items
    return {
        "orderId": order_id, "orderNumber": number, "orderKey": "450001", "orderDate": ORDER_DATE,
        "createDate": CREATED, "modifyDate": MODIFIED, "paymentDate": ORDER_DATE, "shipByDate": "2026-03-05T00:00:00.0000000",
        "orderStatus": status, "customerId": 37701499, "customerUsername": "ann@example.com",
        "customerEmail": "ann@example.com", "billTo": address(), "shipTo": address(), "items": lines,
        "orderTotal": 55.0, "amountPaid": 55.0, "taxAmount": 0, "shippingAmount": 0,
        "customerNotes": "Please leave at the back door", "internalNotes": "Gift wrap requested by phone",
        "gift": False, "giftMessage": None, "paymentMethod": "Credit Card", "requestedShippingService": "Priority Mail",
        "carrierCode": "stamps_com", "serviceCode": "usps_priority_mail", "packageCode": "package",
        "confirmation": "delivery", "shipDate": None, "holdUntilDate": None,
        "weight": {"value": 48, "units": "ounces", "WeightUnits": 1}, "dimensions": None,
        "insuranceOptions": {"provider": None, "insureShipment": False, "insuredValue": 0},
        "internationalOptions": {"contents": None, "customsItems": None, "nonDelivery": None},
        "advancedOptions": advanced_options(), "tagIds": [53974], "userId": None, "externallyFulfilled": False,
        "externallyFulfilledBy": None, "labelMessages": None, **extra,
    }


def shipment(shipment_id: int = 33974374, order_id: int = 987654321, cost: float = 7.35, insurance: float = 0,
             voided: bool = False, items: list[dict] | None = None, **extra: Any) -> dict:
    """A label created in ShipStation for order #1001, with its items when listed with includeShipmentItems."""
    return {
        "shipmentId": shipment_id, "orderId": order_id, "orderKey": "450001", "userId": "1109a2e2-de63-4bc5-9a84",
        "customerEmail": "ann@example.com", "orderNumber": "#1001", "createDate": LABEL_CREATED, "shipDate": SHIP_DATE,
        "shipmentCost": cost, "insuranceCost": insurance, "trackingNumber": TRACKING_NUMBER, "isReturnLabel": False,
        "batchNumber": "100301", "carrierCode": "stamps_com", "serviceCode": "usps_priority_mail",
        "packageCode": "package", "confirmation": "delivery", "warehouseId": WAREHOUSE_ID, "voided": voided,
        "voidDate": VOIDED if voided else None, "marketplaceNotified": True, "notifyErrorMessage": None,
        "shipTo": address(), "weight": {"value": 48, "units": "ounces", "WeightUnits": 1}, "dimensions": None,
        "insuranceOptions": {"provider": None, "insureShipment": False, "insuredValue": 0},
        "advancedOptions": {"billToParty": None, "billToAccount": None, "billToPostalCode": None,
                            "billToCountryCode": None, "storeId": 12345},
        "shipmentItems": [item(), item(136282570, sku="PLATE-BLUE", quantity=1, unit_price=15.0)]
        if items is None else items,
        "labelData": None, "formData": None, **extra,
    }


def fulfillment(fulfillment_id: int = 44561230, order_id: int = 191759016, fee: float = 0, **extra: Any) -> dict:
    """An order marked shipped outside ShipStation (by a fulfillment provider)."""
    return {
        "fulfillmentId": fulfillment_id, "orderId": order_id, "orderNumber": "1002",
        "userId": "c9f06d74-95de-4263-9b04-e87095cababf", "customerEmail": "bob@example.com",
        "trackingNumber": "783408231234", "createDate": "2026-03-04T08:50:50.0700000",
        "shipDate": "2026-03-04T00:00:00.0000000", "voidDate": None, "deliveryDate": None, "carrierCode": "fedex",
        "fulfillmentProviderCode": "amazon_fba", "fulfillmentServiceCode": "standard", "fulfillmentFee": fee,
        "voidRequested": False, "voided": False, "marketplaceNotified": True, "notifyErrorMessage": None,
        "shipTo": address("Bob Roe"), **extra,
    }


def page(key: str, objects: list[dict], page_number: int = 1, pages: int = 1) -> dict:
    """A list answer as GET /orders, /shipments and /fulfillments return it."""
    return {key: objects, "total": len(objects), "page": page_number, "pages": pages}


def webhook(resource_type: str = "SHIP_NOTIFY", url: str | None = None) -> dict:
    return {"resource_url": url or "https://ssapi.shipstation.com/shipments?storeID=123456&batchId=12345678"
                                   "&includeShipmentItems=False", "resource_type": resource_type}


def warehouse(warehouse_id: int = WAREHOUSE_ID) -> dict:
    return {"warehouseId": warehouse_id, "warehouseName": "Main warehouse", "originAddress": address("Acme"),
            "returnAddress": address("Acme"), "createDate": "2025-07-02T08:38:31.4870000", "isDefault": True}


def product(product_id: int = 7239919) -> dict:
    return {"aliases": None, "productId": product_id, "sku": "MUG-RED", "name": "Stoneware mug - red", "price": 20.0,
            "defaultCost": 6.5, "length": 4, "width": 4, "height": 5, "weightOz": 24, "internalNotes": None,
            "fulfillmentSku": None, "createDate": CREATED, "modifyDate": MODIFIED, "active": True,
            "productCategory": None, "productType": None, "warehouseLocation": "Aisle 1, Bin 7",
            "defaultCarrierCode": None, "defaultServiceCode": None, "defaultPackageCode": None,
            "defaultIntlCarrierCode": None, "defaultIntlServiceCode": None, "defaultIntlPackageCode": None,
            "defaultConfirmation": None, "defaultIntlConfirmation": None, "customsDescription": None,
            "customsValue": None, "customsTariffNo": None, "customsCountryCode": None, "noCustoms": None, "tags": None}


def subscription(webhook_id: int = 123) -> dict:
    """One webhook subscription as GET /webhooks lists it."""
    return {"IsLabelAPIHook": False, "WebHookID": webhook_id, "SellerID": 100000, "StoreID": None,
            "HookType": "SHIP_NOTIFY", "MessageFormat": "Json", "Url": "https://hub.example.com/webhooks/shipstation",
            "Name": "Order hub", "BulkCopyBatchID": None, "BulkCopyRecordID": None, "Active": True, "WebhookLogs": [],
            "Seller": None, "Store": None}


def label() -> dict:
    """The answer of POST /shipments/createlabel."""
    return {"shipmentId": 72513480, "shipmentCost": 7.3, "insuranceCost": 0, "trackingNumber": "248201115029520",
            "labelData": "JVBERi0xLjQKJeLjz9MKMiAwIG9iago8PC9MZW5ndGggNjIvRmlsdGVyL0ZsYXRlRGVjb2RlPj4=",
            "formData": None}


def wire(document: Any) -> Any:
    """The document as the adapter parses it off the wire: JSON numbers become Decimals."""
    return ADAPTER.parse(json.dumps(document).encode())


def mapped(document: Any, ctx: MappingContext = CONTEXT) -> list[Event]:
    """Every event the adapter maps a document to, the way the hub does it."""
    return [event for obj in ADAPTER.split(wire(document)) for event in ADAPTER.map_object(obj, ctx)]


def of_type(events: list[Event], event_type: str) -> list[Event]:
    return [event for event in events if event.type == event_type]
