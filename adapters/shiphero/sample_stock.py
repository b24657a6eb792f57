"""The ShipHero account's stock: purchase orders that bring it in, and warehouse products computed from what is served.

Two purchase orders from the brand's maker are received at the warehouse at the unit costs of
`sales_feed.UNIT_COSTS`: the first three days before the first shipment with every unit shipped before
the replenishment, the replenishment an hour before the median shipment with the rest and what is still
allocated; each sku of the catalogue gets a margin of 10% plus 5 units, so stock never goes below zero.
Warehouse products are computed from what is served: on hand = received - shipped, allocated = units of
open orders not shipped yet, available = on hand - allocated, `updated_at` the last receipt, shipment or
allocation of the sku.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from adapters.shiphero.sample_data import (
    ACCOUNT,
    FIRST_PO,
    NAMES,
    VENDOR_LEGACY_ID,
    WAREHOUSE,
    Account,
    add_sale,
    gid,
    money,
    parse_time,
    stamp,
)
from adapters.toolkit.sales_feed import CATALOGUE, UNIT_COSTS, Sale


def _margin(units: int) -> int:
    return math.ceil(units * Decimal("0.1")) + 5


def _shipped_units(shipments: list[dict[str, Any]]) -> Counter[str]:
    units: Counter[str] = Counter()
    for shipment in shipments:
        for item in shipment["line_items"]:
            units[item["line_item"]["sku"]] += item["quantity"]
    return units


def allocated_units(account: Account) -> Counter[str]:
    units: Counter[str] = Counter()
    for order in account.orders.values():
        for line in order["line_items"]:
            units[line["sku"]] += line["quantity_allocated"]
    return units


def _purchase_order(account: Account, number: str, units: Counter[str], received: datetime) -> dict[str, Any]:
    legacy = account.next_id("po", FIRST_PO)
    po_id, created, arrived = gid("PurchaseOrder", legacy), stamp(received - timedelta(days=10)), stamp(received)
    lines = []
    for sku, count in sorted(units.items()):
        line_legacy = account.next_id("po_line", 66_000)
        lines.append({
            "id": gid("PurchaseOrderLineItem", line_legacy), "legacy_id": line_legacy, "po_id": po_id,
            "account_id": ACCOUNT, "warehouse_id": WAREHOUSE, "vendor_id": gid("Vendor", VENDOR_LEGACY_ID),
            "po_number": number, "sku": sku, "vendor_sku": f"V-{sku}", "quantity": count, "quantity_received": count,
            "quantity_rejected": 0, "price": money(UNIT_COSTS[sku]), "product_name": NAMES.get(sku, sku),
            "fulfillment_status": "closed", "sell_ahead": 0, "updated_at": arrived, "created_at": created})
    subtotal = sum((UNIT_COSTS[sku] * count for sku, count in units.items()), Decimal(0))
    return {
        "id": po_id, "legacy_id": legacy, "po_number": number, "account_id": ACCOUNT, "warehouse_id": WAREHOUSE,
        "vendor_id": gid("Vendor", VENDOR_LEGACY_ID), "created_at": created, "po_date": created,
        "date_closed": arrived, "arrived_at": stamp(received - timedelta(hours=4)), "fulfillment_status": "closed",
        "po_note": "Stock for the eBay channel", "description": "Catalogue restock", "subtotal": money(subtotal),
        "discount": "0.00", "tax": "0.00", "shipping_price": "0.00", "total_price": money(subtotal),
        "shipping_method": "LTL", "shipping_carrier": "Estes", "tracking_number": None, "line_items": lines,
        "vendor": {"id": gid("Vendor", VENDOR_LEGACY_ID), "legacy_id": VENDOR_LEGACY_ID, "name": "Demo Brand Makers",
                   "email": "orders@makers.example", "account_number": "DBM-1", "currency": "USD",
                   "created_at": "2025-10-01T08:00:00"},
    }


def stock_up(account: Account) -> None:
    """Two purchase orders received in time with every unit shipped or allocated, each sku with a margin."""
    shipped = sorted(account.shipments.values(), key=lambda s: s["created_date"])
    first = parse_time(shipped[0]["created_date"]) if shipped else account.now
    refill = parse_time(shipped[len(shipped) // 2]["created_date"]) - timedelta(hours=1) if shipped else first
    early = _shipped_units([s for s in shipped if parse_time(s["created_date"]) < refill])
    late = _shipped_units([s for s in shipped if parse_time(s["created_date"]) >= refill]) + allocated_units(account)
    for number, units, at in (("PO-SH-0001", early, first - timedelta(days=3)), ("PO-SH-0002", late, refill)):
        order = _purchase_order(account, number, Counter({sku: units[sku] + _margin(units[sku]) for sku in UNIT_COSTS}), at)
        account.purchase_orders[order["id"]] = order


def build_account(sales: list[Sale], seed: int = 1, plant_gaps: bool = True) -> Account:
    """The account holding `sales`, stocked in time, its clock a day after the last thing that happened."""
    moments = [t for sale in sales for t in (sale.placed_at, *(p.delivered_at or p.shipped_at for p in sale.parcels))]
    account = Account(rng=random.Random(seed), now=max(moments, default=datetime(2026, 9, 1, tzinfo=UTC)) + timedelta(days=1))
    for sale in sorted(sales, key=lambda s: (s.placed_at, s.reference)):
        add_sale(account, sale, plant_gaps)
    stock_up(account)
    return account


def warehouse_products(account: Account) -> list[dict[str, Any]]:
    """Each sku's stock at the warehouse, from the purchase orders received and the shipments and orders served."""
    received: Counter[str] = Counter()
    touched: dict[str, str] = {}
    for po in account.purchase_orders.values():
        for line in po["line_items"]:
            received[line["sku"]] += line["quantity_received"]
            touched[line["sku"]] = max(touched.get(line["sku"], ""), line["updated_at"])
    for shipment in account.shipments.values():
        for item in shipment["line_items"]:
            sku = item["line_item"]["sku"]
            touched[sku] = max(touched.get(sku, ""), shipment["created_date"])
    for order in account.orders.values():
        for line in order["line_items"]:
            touched[line["sku"]] = max(touched.get(line["sku"], ""), line["updated_at"])
    shipped, allocated = _shipped_units(list(account.shipments.values())), allocated_units(account)
    products = []
    for index, (sku, _, price) in enumerate(CATALOGUE):
        on_hand = received[sku] - shipped[sku]
        legacy = 93_000 + index
        products.append({
            "id": gid("WarehouseProduct", legacy), "legacy_id": legacy, "account_id": ACCOUNT, "sku": sku,
            "warehouse_id": WAREHOUSE, "warehouse_identifier": "Primary", "price": money(price),
            "value": money(UNIT_COSTS[sku]), "value_currency": "USD", "on_hand": on_hand, "allocated": allocated[sku],
            "available": on_hand - allocated[sku], "backorder": 0, "reserve_inventory": 0, "non_sellable_quantity": 0,
            "in_tote": 0, "sell_ahead": 0, "inventory_bin": f"A-01-{index + 1:02d}", "inventory_overstock_bin": None,
            "active": True, "created_at": "2025-11-02T09:00:00", "updated_at": touched.get(sku, "2025-11-02T09:00:00"),
        })
    return products
