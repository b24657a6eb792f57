"""The brand's ShipHero account as its simulator holds it: orders, shipments, stock by warehouse, purchase orders.

Built from the `Sale`s of the channel ShipHero ships for (eBay in the demo; `synthetic_sales` on its own):
one ShipHero order per sale with the channel's order id as `order_number` and `partner_order_id`, its lines
(their `partner_line_item_id` the channel's line id) at the sale's prices, allocated to the one warehouse
("Primary") when the order arrives; one shipment per parcel of the sale, created when the parcel left,
with the parcel's units and one package whose label was bought through the brand's EasyPost account, outside
ShipHero (so the shipment is `shipped_off_shiphero` and EasyPost, not ShipHero, bills the postage): the
parcel's tracking number, carrier, service and label cost. A cancelled sale is a canceled order with nothing
allocated.

Stock comes in through purchase orders and is counted from what is served (see `sample_stock`).

Deliberate discrepancy (with `plant_gaps`, listed in `discrepancies` and `GET /_simulator/discrepancies`):
the first parcel holding a line of two units or more ships one unit short in ShipHero's shipment
(QUANTITY_MISMATCH: the channel's parcel says two, the warehouse packed one).
"""

from __future__ import annotations

import base64
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from adapters.toolkit.sales_feed import CATALOGUE, Parcel, Sale, tracking_number

WAREHOUSE_LEGACY_ID, ACCOUNT_LEGACY_ID, VENDOR_LEGACY_ID = 76733, 6334, 301
FIRST_ORDER, FIRST_LINE, FIRST_SHIPMENT, FIRST_LABEL, FIRST_PO = 305_700_000, 828_600_000, 315_500_000, 402_100_000, 12_000
NAMES = {sku: title for sku, title, _ in CATALOGUE}
TRACKING_URLS = {"USPS": "https://tools.usps.com/go/TrackConfirmAction?tLabels=",
                 "UPS": "https://www.ups.com/track?tracknum=", "FEDEX": "https://www.fedex.com/fedextrack/?trknbr="}


def gid(kind: str, legacy_id: int) -> str:
    """A ShipHero GraphQL id: base64 of "<Type>:<legacy id>"."""
    return base64.b64encode(f"{kind}:{legacy_id}".encode()).decode()


WAREHOUSE = gid("Warehouse", WAREHOUSE_LEGACY_ID)
ACCOUNT = gid("Account", ACCOUNT_LEGACY_ID)


def stamp(moment: datetime) -> str:
    """ShipHero's ISODateTime: UTC without an offset, whole seconds."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


@dataclass
class Account:
    """The simulated ShipHero account: its orders, shipments and purchase orders by id, clock and planted gaps."""

    orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    shipments: dict[str, dict[str, Any]] = field(default_factory=dict)
    purchase_orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    now: datetime = datetime(2026, 9, 1, tzinfo=UTC)
    rng: random.Random = field(default_factory=random.Random)
    discrepancies: list[dict[str, Any]] = field(default_factory=list)
    sequence: Counter[str] = field(default_factory=Counter)

    def next_id(self, kind: str, first: int) -> int:
        self.sequence[kind] += 1
        return first + self.sequence[kind]


def _line(account: Account, sale: Sale, index: int, order_id: str, created: str) -> dict[str, Any]:
    sold = sale.lines[index]
    legacy = account.next_id("line", FIRST_LINE)
    return {
        "id": gid("LineItem", legacy), "legacy_id": legacy, "sku": sold.sku, "partner_line_item_id": sold.line_id,
        "quantity": sold.quantity, "price": money(sold.unit_price), "product_name": sold.title,
        "fulfillment_status": "pending", "quantity_allocated": 0 if sale.cancelled else sold.quantity,
        "quantity_pending_fulfillment": 0 if sale.cancelled else sold.quantity, "quantity_shipped": 0,
        "backorder_quantity": 0, "warehouse": "Primary", "warehouse_id": WAREHOUSE, "subtotal":
        money(sold.unit_price * sold.quantity), "created_at": created, "updated_at": created, "order_id": order_id,
    }


def _order(account: Account, sale: Sale) -> dict[str, Any]:
    legacy = account.next_id("order", FIRST_ORDER)
    order_id, created = gid("Order", legacy), stamp(sale.placed_at + timedelta(minutes=3))
    lines = [_line(account, sale, index, order_id, created) for index in range(len(sale.lines))]
    allocated = stamp(sale.placed_at + timedelta(minutes=4))
    allocations = [] if sale.cancelled else [{
        "order_id": order_id, "warehouse_id": WAREHOUSE, "allocated_at": allocated, "allocation_reference": str(legacy),
        "ready_to_ship": True, "is_locked": False,
        "line_items": [{"order_id": order_id, "warehouse_id": WAREHOUSE, "allocated_at": allocated,
                        "line_item_id": line["id"], "sku": line["sku"], "quantity_allocated": line["quantity"],
                        "is_kit_component": False, "allocation_reference": str(legacy)} for line in lines]}]
    return {
        "id": order_id, "legacy_id": legacy, "order_number": sale.reference, "partner_order_id": sale.reference,
        "shop_name": "demo-brand-ebay", "fulfillment_status": "canceled" if sale.cancelled else "pending",
        "order_date": stamp(sale.placed_at), "total_tax": money(sale.tax), "subtotal": money(sale.subtotal),
        "total_discounts": "0.00", "total_price": money(sale.total), "currency": sale.currency,
        "account_id": ACCOUNT, "updated_at": allocated if not sale.cancelled else created, "profile": "default",
        "packing_note": None, "required_ship_date": stamp(sale.placed_at + timedelta(days=2)),
        "shipping_lines": {"title": "Standard shipping", "carrier": None, "method": None, "price": money(sale.shipping)},
        "tags": [], "flagged": False, "priority_flag": False, "allocation_priority": 1, "source": "ebay",
        "allow_partial": True, "allow_split": False,
        "holds": {"fraud_hold": False, "address_hold": False, "shipping_method_hold": False, "operator_hold": False,
                  "payment_hold": False, "client_hold": False},
        "line_items": lines, "allocations": allocations,
    }


def _label(account: Account, order: dict[str, Any], shipment_id: str, parcel: Parcel, delivered: bool) -> dict[str, Any]:
    legacy = account.next_id("label", FIRST_LABEL)
    return {
        "id": gid("ShippingLabel", legacy), "legacy_id": legacy, "account_id": ACCOUNT, "shipment_id": shipment_id,
        "order_id": order["id"], "box_name": "Medium box", "status": "valid", "tracking_number": parcel.tracking_number,
        "order_number": order["order_number"], "carrier": parcel.carrier, "shipping_name": f"{parcel.carrier} {parcel.service}",
        "shipping_method": parcel.service, "cost": money(parcel.label_cost), "delivered": delivered,
        "picked_up": True, "refunded": False, "needs_refund": False, "profile": "default", "warehouse": "Primary",
        "warehouse_id": WAREHOUSE, "insurance_amount": "0.00", "source": "easypost",
        "created_date": stamp(parcel.shipped_at - timedelta(minutes=20)),
        "tracking_url": TRACKING_URLS.get(parcel.carrier.upper(), "") + parcel.tracking_number, "package_number": 1,
        "tracking_status": "delivered" if delivered else "in_transit",
    }


def add_shipment(account: Account, order: dict[str, Any], parcel: Parcel, lines: list[tuple[str, int]]) -> dict[str, Any]:
    """The shipment of one parcel: its units (against the order's lines), its one package and label."""
    legacy = account.next_id("shipment", FIRST_SHIPMENT)
    shipment_id = gid("Shipment", legacy)
    delivered = parcel.delivered_at is not None and parcel.delivered_at <= account.now
    label = _label(account, order, shipment_id, parcel, delivered)
    items = []
    for line, units in _against_lines(order, lines):
        item_legacy = account.next_id("shipment_line", 701_000)
        items.append({"id": gid("ShipmentLineItem", item_legacy), "legacy_id": item_legacy, "line_item_id": line["id"],
                      "shipment_id": shipment_id, "shipping_label_id": label["id"], "quantity": units, "line_item": line})
        line["quantity_shipped"] += units
        line["quantity_pending_fulfillment"] = max(0, line["quantity"] - line["quantity_shipped"])
        line["quantity_allocated"] = line["quantity_pending_fulfillment"]
        line["fulfillment_status"] = "fulfilled" if not line["quantity_pending_fulfillment"] else "pending"
        line["updated_at"] = stamp(parcel.shipped_at)
    shipment = {
        "id": shipment_id, "legacy_id": legacy, "order_id": order["id"], "user_id": gid("User", 4417),
        "warehouse_id": WAREHOUSE, "pending_shipment_id": None, "profile": "default", "picked_up": True,
        "needs_refund": False, "refunded": False, "delivered": delivered, "shipped_off_shiphero": True,
        "dropshipment": False, "completed": True, "created_date": stamp(parcel.shipped_at), "line_items": items,
        "shipping_labels": [label], "order": order, "total_packages": 1,
    }
    account.shipments[shipment_id] = shipment
    _after_shipping(order, parcel.shipped_at)
    return shipment


def _against_lines(order: dict[str, Any], lines: list[tuple[str, int]]) -> list[tuple[dict[str, Any], int]]:
    """Packed units against the order's lines of their sku, lines still owed first; the last line takes any excess."""
    placed = []
    for sku, units in lines:
        candidates = [line for line in order["line_items"] if line["sku"] == sku]
        if not candidates:
            raise ValueError(f"order {order['order_number']} has no line of {sku} to ship")
        for line in candidates:
            owed = line["quantity"] - line["quantity_shipped"]
            take = units if line is candidates[-1] else min(units, max(owed, 0))
            if take:
                placed.append((line, take))
                units -= take
    return placed


def _after_shipping(order: dict[str, Any], at: datetime) -> None:
    pending = [line for line in order["line_items"] if line["quantity_pending_fulfillment"]]
    order["fulfillment_status"] = "partially_fulfilled" if pending else "fulfilled"
    order["updated_at"] = max(order["updated_at"], stamp(at))


def _short_shipped(account: Account, parcel: Parcel, plant: bool) -> list[tuple[str, int]]:
    """The parcel's units as packed: all of them, except one unit short on the planted parcel."""
    lines = list(parcel.lines)
    if not plant or account.discrepancies:
        return lines
    index = next((i for i, (_, units) in enumerate(lines) if units >= 2), None)
    if index is None:
        return lines
    sku, units = lines[index]
    lines[index] = (sku, units - 1)
    return lines


def add_sale(account: Account, sale: Sale, plant: bool) -> None:
    order = _order(account, sale)
    account.orders[order["id"]] = order
    for parcel in sale.parcels:
        packed = _short_shipped(account, parcel, plant)
        shipment = add_shipment(account, order, parcel, packed)
        if packed != list(parcel.lines):
            sku, units = next((s, u) for (s, u), (_, sold) in zip(packed, parcel.lines, strict=True) if u != sold)
            account.discrepancies.append({
                "kind": "QUANTITY_MISMATCH", "reference": sale.reference, "shipment_id": shipment["id"], "sku": sku,
                "packed": units, "sold": units + 1,
                "explanation": f"ShipHero shipment {shipment['legacy_id']} of order {sale.reference} packed {units} "
                               f"units of {sku}; the channel's parcel {parcel.tracking_number} holds {units + 1}"})


def touch(account: Account, count: int, advance_hours: float) -> list[str]:
    """Move the clock and change `count` orders: open ones ship what they still owe, the others are reviewed.

    Answers the references of the orders changed and the warehouse products (`sku@warehouse`) whose stock moved.
    """
    account.now += timedelta(hours=advance_hours)
    chosen = account.rng.sample(sorted(account.orders), min(count, len(account.orders)))
    touched: list[str] = []
    for offset, order_id in enumerate(chosen):
        order, at = account.orders[order_id], account.now - timedelta(minutes=10) + timedelta(seconds=offset)
        owed = [(line["sku"], line["quantity_pending_fulfillment"]) for line in order["line_items"]
                if line["quantity_pending_fulfillment"] and order["fulfillment_status"] != "canceled"]
        if owed:
            number = tracking_number(order["order_number"], len(account.shipments) + offset)
            add_shipment(account, order, Parcel(number, tuple(owed), at), owed)
            touched += [f"{sku}@{WAREHOUSE}" for sku, _ in owed]
        else:
            order["tags"] = [*order["tags"], "reviewed"]
            order["updated_at"] = stamp(at)
        touched.append(order["order_number"])
    return touched
