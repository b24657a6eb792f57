"""The brand's ShipBob account as its simulator holds it: orders with their shipments, receiving orders, stock.

Built from the `Sale`s of the channel ShipBob ships for (Amazon MFN orders in the demo; `synthetic_sales`
on its own): one ShipBob order per sale, carrying the channel's order id as `reference_id` and
`order_number`, one product line per sold line (its `external_line_id` the channel's line id), and one
shipment per parcel of the sale, with the parcel's units, tracking number, carrier and times, invoiced at
the parcel's label cost (ShipBob bills postage and pick-and-pack as one amount per shipment). Units the
sale's parcels leave unshipped wait in a Processing shipment at the fulfillment center (committed stock);
a cancelled sale is a Cancelled order.

Stock comes in through receiving orders and is counted from what is served (see `sample_stock`).

Deliberate discrepancy (with `plant_gaps`, listed in `discrepancies` and `GET /_simulator/discrepancies`):
the first shipped order whose first parcel holds one line gets one unit more of that sku packed than
the channel's parcel states (QUANTITY_MISMATCH: shipped more than ordered). Receipts cover that unit too.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from adapters.toolkit.sales_feed import CATALOGUE, Parcel, Sale, tracking_number

FULFILLMENT_CENTER = {"id": 9, "name": "Cicero (IL)"}
CENTER_ADDRESS = {"address1": "5900 W Ogden Ave", "address2": None, "city": "Cicero", "state": "IL", "country": "USA",
                  "zip_code": "60804", "phone_number": "555-555-5555", "email": "cicero@shipbob.example",
                  "timezone": "Central Standard Time"}
CHANNEL = {"id": 100102, "name": "Demo-Brand-Amazon"}
FIRST_ORDER_ID, FIRST_SHIPMENT_ID, FIRST_RECEIVING_ID = 2_140_000, 100_810_000, 553_000
INVENTORY_IDS = {sku: 1001 + index for index, (sku, _, _) in enumerate(CATALOGUE)}
PRODUCT_IDS = {sku: 3_884_001 + index for index, (sku, _, _) in enumerate(CATALOGUE)}
NAMES = {sku: title for sku, title, _ in CATALOGUE}
TRACKING_URLS = {"USPS": "https://tools.usps.com/go/TrackConfirmAction?tLabels=",
                 "UPS": "https://www.ups.com/track?tracknum=", "FEDEX": "https://www.fedex.com/fedextrack/?trknbr="}


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass
class Account:
    """The simulated ShipBob account: orders (shipments inside), receiving orders, its clock and planted gaps."""

    orders: dict[int, dict[str, Any]] = field(default_factory=dict)
    receiving: dict[int, dict[str, Any]] = field(default_factory=dict)
    now: datetime = datetime(2026, 9, 1, tzinfo=UTC)
    rng: random.Random = field(default_factory=random.Random)
    discrepancies: list[dict[str, Any]] = field(default_factory=list)
    last_shipment_id: int = FIRST_SHIPMENT_ID

    def shipment_id(self) -> int:
        self.last_shipment_id += 1
        return self.last_shipment_id

    def shipments(self) -> list[dict[str, Any]]:
        return [shipment for order in self.orders.values() for shipment in order["shipments"]]


def order_updated(order: dict[str, Any]) -> datetime:
    """When ShipBob last changed the order: its creation or any change or tracking update of its shipments."""
    stated = [order["created_date"]] + [shipment[name] for shipment in order["shipments"]
                                        for name in ("last_update_at", "last_tracking_update_at") if shipment.get(name)]
    return max(map(parse_time, stated))


def receiving_updated(receiving: dict[str, Any]) -> datetime:
    return parse_time(receiving["last_updated_date"])


def _product(sku: str, units: int) -> dict[str, Any]:
    """A shipment product as ShipBob packs it: the inventory units of the product (1.0 states no top-level quantity)."""
    return {"id": PRODUCT_IDS.get(sku), "reference_id": sku, "name": NAMES.get(sku, sku), "sku": sku,
            "inventory_items": [{"id": INVENTORY_IDS.get(sku), "name": NAMES.get(sku, sku), "quantity": units,
                                 "quantity_committed": units, "lot": None, "expiration_date": None,
                                 "serial_numbers": [], "is_dangerous_goods": False}]}


def _shipment(account: Account, order: dict[str, Any], lines: list[tuple[str, int]], created: datetime) -> dict[str, Any]:
    return {
        "id": account.shipment_id(), "order_id": order["id"], "reference_id": order["reference_id"],
        "recipient": order["recipient"], "created_date": iso(created), "last_update_at": iso(created),
        "last_tracking_update_at": None, "status": "Processing", "status_details": [],
        "location": dict(FULFILLMENT_CENTER), "invoice_amount": None, "invoice_currency_code": None,
        "insurance_value": None, "ship_option": "Standard", "tracking": None,
        "products": [_product(sku, units) for sku, units in lines], "parent_cartons": [],
        "measurements": {"total_weight_oz": 16 * sum(units for _, units in lines), "depth_in": 6, "width_in": 8,
                         "length_in": 10},
        "is_tracking_uploaded": False, "require_signature": False, "gift_message": None,
        "actual_fulfillment_date": None, "estimated_fulfillment_date": iso(created + timedelta(days=1)),
        "estimated_fulfillment_date_status": "PendingOnTime", "delivery_date": None, "package_material_type": "Box",
    }


def ship(shipment: dict[str, Any], parcel: Parcel, currency: str) -> None:
    """The shipment completed as the parcel left: tracking, fulfilment date, invoice; delivered when it was."""
    carrier = parcel.carrier
    shipment.update({
        "status": "Completed", "actual_fulfillment_date": iso(parcel.shipped_at),
        "last_update_at": iso(parcel.shipped_at),
        "last_tracking_update_at": iso(parcel.delivered_at or parcel.shipped_at),
        "delivery_date": iso(parcel.delivered_at) if parcel.delivered_at else None,
        "invoice_amount": parcel.label_cost, "invoice_currency_code": currency, "is_tracking_uploaded": True,
        "estimated_fulfillment_date_status": "FulfilledOnTime",
        "tracking": {"carrier": carrier, "carrier_service": parcel.service, "tracking_number": parcel.tracking_number,
                     "tracking_url": TRACKING_URLS.get(carrier.upper(), "") + parcel.tracking_number,
                     "shipping_date": iso(parcel.shipped_at), "bol": None, "pro_number": None, "scac": None},
    })


def _order(sale: Sale, order_id: int) -> dict[str, Any]:
    to = sale.ship_to
    return {
        "id": order_id, "created_date": iso(sale.placed_at + timedelta(minutes=5)), "purchase_date": iso(sale.placed_at),
        "reference_id": sale.reference, "order_number": sale.reference, "status": "Processing", "type": "DTC",
        "channel": dict(CHANNEL), "shipping_method": "Standard",
        "recipient": {"name": to.name, "email": None, "phone_number": None,
                      "address": {"address1": to.street, "address2": None, "company_name": None, "city": to.city,
                                  "state": to.region, "country": to.country, "zip_code": to.postal_code}},
        "products": [{"id": PRODUCT_IDS.get(line.sku), "reference_id": line.sku, "quantity": line.quantity,
                      "quantity_unit_of_measure_code": None, "sku": line.sku, "gtin": None, "upc": None,
                      "unit_price": line.unit_price, "external_line_id": line.line_id} for line in sale.lines],
        "tags": [], "shipments": [], "gift_message": None, "shipping_terms": None, "retailer_program_data": None,
        "financials": {"total_price": sale.total},
    }


def _unshipped(sale: Sale) -> list[tuple[str, int]]:
    ordered = Counter({line.sku: 0 for line in sale.lines})
    for line in sale.lines:
        ordered[line.sku] += line.quantity
    for parcel in sale.parcels:
        for sku, units in parcel.lines:
            ordered[sku] -= units
    return [(sku, units) for sku, units in ordered.items() if units > 0]


def _planted(sale: Sale, plant: bool, account: Account) -> tuple[str, int] | None:
    """The one over-packed line, on the first sale that qualifies (first parcel with one line)."""
    if not plant or account.discrepancies or not sale.parcels or len(sale.parcels[0].lines) != 1:
        return None
    sku, units = sale.parcels[0].lines[0]
    return sku, units + 1


def add_sale(account: Account, sale: Sale, order_id: int, plant: bool) -> None:
    """The sale as a ShipBob order with a shipment per parcel (and one waiting for the unshipped units)."""
    order = _order(sale, order_id)
    created = parse_time(order["created_date"])
    for index, parcel in enumerate(sale.parcels):
        planted = _planted(sale, plant, account) if index == 0 else None
        lines = [planted] if planted else list(parcel.lines)
        shipment = _shipment(account, order, lines, created)
        ship(shipment, parcel, sale.currency)
        order["shipments"].append(shipment)
        if planted:
            account.discrepancies.append({
                "kind": "QUANTITY_MISMATCH", "reference": sale.reference, "shipment_id": shipment["id"],
                "sku": planted[0], "packed": planted[1], "sold": planted[1] - 1,
                "explanation": f"ShipBob shipment {shipment['id']} of order {sale.reference} packed {planted[1]} units "
                               f"of {planted[0]}; the channel's parcel {parcel.tracking_number} holds {planted[1] - 1}"})
    waiting = _unshipped(sale)
    if sale.cancelled and not sale.parcels:
        shipment = _shipment(account, order, [(line.sku, line.quantity) for line in sale.lines], created)
        shipment.update(status="Cancelled", last_update_at=iso(created + timedelta(hours=1)))
        order["shipments"].append(shipment)
    elif waiting and not sale.cancelled:
        order["shipments"].append(_shipment(account, order, waiting, created))
    order["status"] = order_status(order, sale.cancelled)
    account.orders[order_id] = order


def order_status(order: dict[str, Any], cancelled: bool = False) -> str:
    statuses = {shipment["status"] for shipment in order["shipments"]}
    if cancelled and "Completed" not in statuses:
        return "Cancelled"
    if statuses == {"Completed"}:
        return "Fulfilled"
    return "PartiallyFulfilled" if "Completed" in statuses else "Processing"


def _waiting_lines(shipment: dict[str, Any]) -> tuple[tuple[str, int], ...]:
    return tuple((p["sku"], sum(item["quantity"] for item in p["inventory_items"])) for p in shipment["products"])


def touch(account: Account, count: int, advance_hours: float, currency: str = "USD") -> list[str]:
    """Move the clock and change `count` orders: waiting shipments ship, shipped ones get a carrier scan.

    Answers the references of the orders changed and the inventory ids whose levels moved.
    """
    account.now += timedelta(hours=advance_hours)
    chosen = account.rng.sample(sorted(account.orders), min(count, len(account.orders)))
    touched: list[str] = []
    for offset, order_id in enumerate(chosen):
        order, at = account.orders[order_id], account.now - timedelta(minutes=10) + timedelta(seconds=offset)
        for shipment in order["shipments"]:
            if shipment["status"] == "Processing":
                lines = _waiting_lines(shipment)
                parcel = Parcel(tracking_number(order["reference_id"], len(order["shipments"]) + offset), lines, at)
                ship(shipment, parcel, currency)
                touched += [str(INVENTORY_IDS[sku]) for sku, _ in lines if sku in INVENTORY_IDS]
            elif shipment["status"] == "Completed":
                shipment["last_tracking_update_at"] = iso(at)
            else:
                shipment["last_update_at"] = iso(at)
        order["status"] = order_status(order, order["status"] == "Cancelled")
        touched.append(order["reference_id"])
    return touched
