"""The ShipBob account's stock: receiving orders that bring it in, and levels computed from what is served.

All of it sits at one fulfillment center (Cicero, IL). Two warehouse receiving orders bring it in: the
first, completed three days before the first shipment, holds every unit shipped before the replenishment
arrives; the replenishment, completed an hour before the median shipment, holds the rest and what is still
committed; each sku of the catalogue also gets a margin of 10% plus 5 units. So stock never goes below
zero. Levels are computed from what is served: on hand is units received less units shipped, fulfillable
is on hand less units committed to Processing shipments.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from adapters.shipbob.sample_data import (
    CENTER_ADDRESS,
    FIRST_ORDER_ID,
    FIRST_RECEIVING_ID,
    FULFILLMENT_CENTER,
    INVENTORY_IDS,
    NAMES,
    Account,
    add_sale,
    iso,
    order_updated,
    parse_time,
    receiving_updated,
)
from adapters.toolkit.sales_feed import Sale


def _units_by_sku(shipments: list[dict[str, Any]]) -> Counter[str]:
    units: Counter[str] = Counter()
    for shipment in shipments:
        for product in shipment["products"]:
            units[product["sku"]] += sum(item["quantity"] for item in product["inventory_items"])
    return units


def _margin(units: int) -> int:
    return math.ceil(units * Decimal("0.1")) + 5


def _receiving(receiving_id: int, number: str, units: Counter[str], inserted: datetime, completed: datetime) -> dict[str, Any]:
    quantities = [{"inventory_id": INVENTORY_IDS[sku], "sku": sku, "expected_quantity": count,
                   "received_quantity": count, "stowed_quantity": count} for sku, count in sorted(units.items())]
    history = [{"id": 1, "status": "Awaiting", "timestamp": iso(inserted)},
               {"id": 2, "status": "Arrived", "timestamp": iso(completed - timedelta(hours=6))},
               {"id": 3, "status": "Completed", "timestamp": iso(completed)}]
    return {
        "id": receiving_id, "purchase_order_number": number, "status": "Completed", "package_type": "Pallet",
        "box_packaging_type": "OneSkuPerBox", "expected_arrival_date": iso(completed - timedelta(days=1)),
        "insert_date": iso(inserted), "last_updated_date": iso(completed),
        "box_labels_uri": f"https://api.shipbob.com/2026-01/receiving/{receiving_id}/labels",
        "fulfillment_center": {**FULFILLMENT_CENTER, **CENTER_ADDRESS}, "inventory_quantities": quantities,
        "status_history": history, "external_sync_timestamp": None,
    }


def stock_up(account: Account) -> None:
    """Two receiving orders holding every unit shipped or committed, each sku with a margin, in time."""
    shipped = sorted((s for s in account.shipments() if s["status"] == "Completed"),
                     key=lambda s: s["actual_fulfillment_date"])
    committed = [s for s in account.shipments() if s["status"] == "Processing"]
    first = parse_time(shipped[0]["actual_fulfillment_date"]) if shipped else account.now
    refill = parse_time(shipped[len(shipped) // 2]["actual_fulfillment_date"]) - timedelta(hours=1) if shipped else first
    before = [s for s in shipped if parse_time(s["actual_fulfillment_date"]) < refill]
    early, late = _units_by_sku(before), _units_by_sku([s for s in shipped if s not in before] + committed)
    initial = Counter({sku: early[sku] + _margin(early[sku]) for sku in INVENTORY_IDS})
    replenishment = Counter({sku: late[sku] + _margin(late[sku]) for sku in INVENTORY_IDS})
    opened = first - timedelta(days=3)
    account.receiving[FIRST_RECEIVING_ID + 1] = _receiving(FIRST_RECEIVING_ID + 1, "PO-SB-0001", initial,
                                                           opened - timedelta(days=7), opened)
    account.receiving[FIRST_RECEIVING_ID + 2] = _receiving(FIRST_RECEIVING_ID + 2, "PO-SB-0002", replenishment,
                                                           refill - timedelta(days=6), refill)


def build_account(sales: list[Sale], seed: int = 1, plant_gaps: bool = True) -> Account:
    """The account holding `sales`, stocked in time, its clock a day after the last thing that happened."""
    account = Account(rng=random.Random(seed))
    for index, sale in enumerate(sorted(sales, key=lambda s: (s.placed_at, s.reference))):
        add_sale(account, sale, FIRST_ORDER_ID + index + 1, plant_gaps)
    latest = [order_updated(order) for order in account.orders.values()]
    account.now = (max(latest) if latest else account.now) + timedelta(days=1)
    stock_up(account)
    return account


def inventory_levels(account: Account) -> list[dict[str, Any]]:
    """Every sku's levels at the fulfillment center: on hand = received - shipped, fulfillable = on hand - committed."""
    received: Counter[str] = Counter()
    for receiving in account.receiving.values():
        if receiving_updated(receiving) <= account.now:
            for line in receiving["inventory_quantities"]:
                received[line["sku"]] += line["received_quantity"]
    shipped = _units_by_sku([s for s in account.shipments() if s["status"] == "Completed"])
    committed = _units_by_sku([s for s in account.shipments() if s["status"] == "Processing"])
    levels = []
    for sku, inventory_id in INVENTORY_IDS.items():
        on_hand = received[sku] - shipped[sku]
        location = {"location_id": FULFILLMENT_CENTER["id"], "name": FULFILLMENT_CENTER["name"],
                    "on_hand_quantity": on_hand, "fulfillable_quantity": on_hand - committed[sku],
                    "committed_quantity": committed[sku], "awaiting_quantity": 0, "internal_transfer_quantity": 0,
                    "damaged_quantity": 0, "quarantine_quantity": 0, "exception_quantity": 0}
        levels.append({"inventory_id": inventory_id, "sku": sku, "name": NAMES[sku], "locations": [location]})
    return levels
