"""A ShipStation V1 account as the simulator holds it: orders, labels and fulfillments, made from sales.

Each `Sale` (`adapters.toolkit.sales_feed`) is one order imported from the brand's store (`STORE_ID`) a few
minutes after it was placed and assigned to the one warehouse (`WAREHOUSE_ID`, the hub's location
`shipstation:412230`): `orderNumber` is the sale's reference ("70007"), `orderKey` the channel's id,
items the sale's lines (`lineItemKey` = the channel's line id). Status: `cancelled`, `awaiting_payment`
(unpaid), `shipped` once every unit is in a parcel, else `awaiting_shipment` (ShipStation would split
such an order; the simulation keeps one order with one label per parcel). A parcel is a label bought in
ShipStation when it left (`createDate`; `shipDate` that Pacific day; `shipmentCost` the parcel's label
cost; its tracking number and units), or, with a carrier the account has no account with, the order
marked shipped: a fulfillment (tracking number, no items, no cost, the delivery date when known).
Times are Pacific wall time without an offset, amounts JSON numbers, as V1 states them.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from adapters.shipstation.common import pacific, pacific_text
from adapters.toolkit.sales_feed import CENT, Parcel, Sale

WAREHOUSE_ID, STORE_ID, MANUAL_STORE_ID = 412230, 301155, 301156
WAREHOUSE_LOCATION = f"shipstation:{WAREHOUSE_ID}"
# Carriers the brand's ShipStation account buys labels with (carrier -> ShipStation carrierCode).
CARRIERS = {"USPS": "stamps_com", "UPS": "ups", "FEDEX": "fedex", "DHL": "dhl_express_worldwide"}
IMPORT_DELAY = timedelta(minutes=4)
USER_ID = "7c2b9a4e-51d3-4f0e-9a61-2f0c5d8e3b17"


@dataclass
class Account:
    """The account's orders, labels and fulfillments by id, the batch each order was imported in, and its clock."""

    now: datetime
    rng: random.Random
    orders: dict[int, dict[str, Any]] = field(default_factory=dict)
    shipments: dict[int, dict[str, Any]] = field(default_factory=dict)
    fulfillments: dict[int, dict[str, Any]] = field(default_factory=dict)
    import_batches: dict[int, str] = field(default_factory=dict)
    discrepancies: list[dict[str, str]] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=lambda: {
        "order": 241_000_000, "item": 380_000_000, "shipment": 52_000_000, "fulfillment": 61_000_000,
        "batch": 100_300})

    def next_id(self, kind: str) -> int:
        self.counters[kind] += 1
        return self.counters[kind]


def number(value: Decimal) -> float:
    """An amount as ShipStation sends it, a JSON number (cents survive: a float's shortest form is exact here)."""
    return float(value)


def _address(sale: Sale) -> dict[str, Any]:
    to = sale.ship_to
    return {"name": to.name, "company": None, "street1": to.street, "street2": "", "street3": None, "city": to.city,
            "state": to.region, "postalCode": to.postal_code, "country": to.country, "phone": None,
            "residential": True, "addressVerified": "Address validated successfully"}


def _items(account: Account, sale: Sale, at: datetime) -> list[dict[str, Any]]:
    return [{"orderItemId": account.next_id("item"), "lineItemKey": line.line_id, "sku": line.sku, "name": line.title,
             "imageUrl": None, "weight": {"value": 16, "units": "ounces", "WeightUnits": 1}, "quantity": line.quantity,
             "unitPrice": number(line.unit_price.quantize(CENT)), "taxAmount": None, "shippingAmount": None,
             "warehouseLocation": None, "options": [], "productId": None, "fulfillmentSku": None, "adjustment": False,
             "upc": None,
             "createDate": pacific_text(at), "modifyDate": pacific_text(at)} for line in sale.lines]


def _status(sale: Sale) -> str:
    if sale.cancelled:
        return "cancelled"
    if sale.paid_at is None:
        return "awaiting_payment"
    shipped = sum(units for parcel in sale.parcels for _, units in parcel.lines)
    return "shipped" if shipped >= sum(line.quantity for line in sale.lines) else "awaiting_shipment"


def new_order(account: Account, sale: Sale, *, store_id: int = STORE_ID, key: str | None = None) -> dict[str, Any]:
    """The V1 order ShipStation imports for a sale, a few minutes after it was placed."""
    created = sale.placed_at + IMPORT_DELAY
    order_id = account.next_id("order")
    order = {
        "orderId": order_id, "orderNumber": sale.reference, "orderKey": key or sale.external_id,
        "orderDate": pacific_text(sale.placed_at), "createDate": pacific_text(created),
        "modifyDate": pacific_text(created), "paymentDate": pacific_text(sale.paid_at) if sale.paid_at else None,
        "shipByDate": pacific_text(sale.placed_at + timedelta(days=3)), "orderStatus": _status(sale),
        "customerId": None, "customerUsername": None, "customerEmail": None, "billTo": _address(sale),
        "shipTo": _address(sale), "items": _items(account, sale, created), "orderTotal": number(sale.total),
        "amountPaid": number(sale.total if sale.paid_at else Decimal(0)), "taxAmount": number(sale.tax),
        "shippingAmount": number(sale.shipping), "customerNotes": None, "internalNotes": None, "gift": False,
        "giftMessage": None, "paymentMethod": None, "requestedShippingService": "Standard Shipping",
        "carrierCode": None, "serviceCode": None, "packageCode": None, "confirmation": "none", "shipDate": None,
        "holdUntilDate": None, "weight": {"value": 16, "units": "ounces", "WeightUnits": 1}, "dimensions": None,
        "insuranceOptions": {"provider": None, "insureShipment": False, "insuredValue": 0},
        "internationalOptions": {"contents": None, "customsItems": None, "nonDelivery": None},
        "advancedOptions": {"warehouseId": WAREHOUSE_ID, "nonMachinable": False, "saturdayDelivery": False,
                            "containsAlcohol": False, "mergedOrSplit": False, "mergedIds": [], "parentId": None,
                            "storeId": store_id, "customField1": None, "customField2": None, "customField3": None,
                            "source": "woocommerce" if store_id == STORE_ID else None, "billToParty": None,
                            "billToAccount": None, "billToPostalCode": None, "billToCountryCode": None},
        "tagIds": None, "userId": None, "externallyFulfilled": False, "externallyFulfilledBy": None,
        "labelMessages": None,
    }
    if sale.cancelled:
        order["modifyDate"] = pacific_text(created + timedelta(hours=2))
    account.orders[order_id] = order
    account.import_batches[order_id] = str(uuid.UUID(int=account.rng.getrandbits(128)))
    return order


def _shipped_items(order: dict[str, Any], lines: tuple[tuple[str, int], ...]) -> list[dict[str, Any]]:
    """The order's items a parcel carries, as many units of each as the parcel holds (a sku on two lines fills
    the first line first)."""
    shipped = []
    for sku, units in lines:
        for item in (item for item in order["items"] if item["sku"] == sku):
            taken = units if item is order["items"][-1] else min(units, item["quantity"])
            if taken > 0:
                shipped.append({**item, "quantity": taken})
                units -= taken
    return shipped


def _modified(order: dict[str, Any], at: datetime) -> None:
    if at.astimezone(pacific()).replace(tzinfo=None) > datetime.fromisoformat(order["modifyDate"]):
        order["modifyDate"] = pacific_text(at)


def buy_label(account: Account, order: dict[str, Any], parcel: Parcel, *, batch: int | None = None) -> dict[str, Any]:
    """A label bought in ShipStation for one parcel when it left: its cost, tracking number and units."""
    carrier = CARRIERS[parcel.carrier.upper()]
    shipment_id = account.next_id("shipment")
    shipment = {
        "shipmentId": shipment_id, "orderId": order["orderId"], "orderKey": order["orderKey"], "userId": USER_ID,
        "customerEmail": None, "orderNumber": order["orderNumber"], "createDate": pacific_text(parcel.shipped_at),
        "shipDate": parcel.shipped_at.astimezone(pacific()).date().isoformat(),
        "shipmentCost": number(parcel.label_cost), "insuranceCost": 0, "trackingNumber": parcel.tracking_number,
        "isReturnLabel": False, "batchNumber": str(batch or account.next_id("batch")), "carrierCode": carrier,
        "serviceCode": f"{parcel.carrier.lower()}_{parcel.service.lower().replace(' ', '_')}",
        "packageCode": "package", "confirmation": "none", "warehouseId": WAREHOUSE_ID, "voided": False,
        "voidDate": None, "marketplaceNotified": True, "notifyErrorMessage": None, "shipTo": order["shipTo"],
        "weight": {"value": 16, "units": "ounces", "WeightUnits": 1}, "dimensions": None,
        "insuranceOptions": {"provider": None, "insureShipment": False, "insuredValue": 0},
        "advancedOptions": {"billToParty": None, "billToAccount": None, "billToPostalCode": None,
                            "billToCountryCode": None, "storeId": order["advancedOptions"]["storeId"]},
        "shipmentItems": _shipped_items(order, parcel.lines), "labelData": None, "formData": None,
    }
    account.shipments[shipment_id] = shipment
    order.update(carrierCode=carrier, serviceCode=shipment["serviceCode"], packageCode="package",
                 shipDate=shipment["shipDate"])
    _modified(order, parcel.shipped_at)
    return shipment


def mark_shipped(account: Account, order: dict[str, Any], parcel: Parcel) -> dict[str, Any]:
    """A parcel sent with a carrier outside the account: the order is marked shipped with its tracking number."""
    fulfillment_id = account.next_id("fulfillment")
    fulfillment = {
        "fulfillmentId": fulfillment_id, "orderId": order["orderId"], "orderNumber": order["orderNumber"],
        "userId": USER_ID, "customerEmail": None, "trackingNumber": parcel.tracking_number,
        "createDate": pacific_text(parcel.shipped_at),
        "shipDate": f"{parcel.shipped_at.astimezone(pacific()).date().isoformat()}T00:00:00.0000000",
        "voidDate": None, "deliveryDate": pacific_text(parcel.delivered_at) if parcel.delivered_at else None,
        "carrierCode": parcel.carrier.lower().replace(" ", "_"), "fulfillmentProviderCode": None,
        "fulfillmentServiceCode": None, "fulfillmentFee": 0, "voidRequested": False, "voided": False,
        "marketplaceNotified": True, "notifyErrorMessage": None, "shipTo": order["shipTo"],
    }
    account.fulfillments[fulfillment_id] = fulfillment
    _modified(order, parcel.shipped_at)
    return fulfillment


def ship(account: Account, order: dict[str, Any], parcel: Parcel) -> dict[str, Any]:
    """A parcel of the order leaves: a label when the account has the carrier, else the order is marked shipped."""
    if parcel.carrier.upper() in CARRIERS:
        return buy_label(account, order, parcel)
    return mark_shipped(account, order, parcel)
