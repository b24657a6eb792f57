"""The demo brand's ShipStation account from the sales it ships, its deliberate gaps, and how it changes over time.

Given the WooCommerce sales (or `synthetic_sales` standalone), every order, label and unit agrees with the
sale to the cent and the unit (see `adapters.shipstation.account` for how a sale becomes V1 objects), but
for two deliberate gaps, listed in `Account.discrepancies` and served at `GET /_simulator/discrepancies`.
Each is planted on the sale in the middle of those eligible, so it never lands on a channel's own planted
order (those are early ones):
- short shipment (QUANTITY_MISMATCH): the warehouse edited one order's line down by one unit before
  shipping it; the order and its label state one unit fewer than the sale;
- unmatched replacement (UNMATCHED_RECORD): a manual order "<reference>-REPLACE" in ShipStation's Manual
  Orders store sends a customer one unit again, with its own label; it names no order the hub knows.

ShipStation V1 has no inventory and no receiving: `stock_needed` says which units leave the warehouse
and when the first of each leaves, so the brand's receipts (fed through the canonical adapter at
`WAREHOUSE_LOCATION`) can cover them.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from adapters.shipstation.account import (
    CARRIERS,
    MANUAL_STORE_ID,
    STORE_ID,
    WAREHOUSE_LOCATION,
    Account,
    buy_label,
    new_order,
    ship,
)
from adapters.shipstation.common import pacific, pacific_text
from adapters.toolkit.sales_feed import Parcel, Sale, SoldLine, synthetic_sales, tracking_number

__all__ = ["WAREHOUSE_LOCATION", "Account", "build_account", "stock_needed", "touch"]
REVIEWED_TAG = 48151


def build_account(sales: list[Sale] | None = None, seed: int = 1, count: int = 60) -> Account:
    """The account holding these sales (or `synthetic_sales(count, seed)`), with its two planted gaps."""
    feed = sorted(sales if sales is not None else synthetic_sales(count, seed, channel="woocommerce"),
                  key=lambda sale: (sale.placed_at, sale.reference))
    account = Account(now=feed[-1].placed_at if feed else datetime.now().astimezone(), rng=random.Random(seed))
    orders = {}
    for sale in feed:
        orders[sale.reference] = order = new_order(account, sale)
        for parcel in sale.parcels:
            ship(account, order, parcel)
    _short_shipment(account, feed, orders)
    _replacement(account, feed, orders)
    account.now = (max([account.now, *map(_modified_at, account.orders.values())]) + timedelta(hours=1)).astimezone(UTC)
    return account


def _modified_at(order: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(order["modifyDate"]).replace(tzinfo=pacific())


def _labelled_once(sale: Sale) -> bool:
    """A paid, unrefunded sale shipped whole in one parcel on a label bought in ShipStation."""
    return (not sale.cancelled and sale.paid_at is not None and not sale.refunds and len(sale.parcels) == 1
            and sale.parcels[0].carrier.upper() in CARRIERS)


def _label_of(account: Account, order: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in account.shipments.values() if s["orderId"] == order["orderId"])


def _short_shipment(account: Account, feed: list[Sale], orders: dict[str, dict[str, Any]]) -> None:
    """One order's line edited down by a unit in ShipStation and shipped so: one unit short of the sale."""
    candidates = [sale for sale in feed if _labelled_once(sale) and any(units >= 2 for _, units in sale.parcels[0].lines)]
    if not candidates:
        return
    sale = candidates[len(candidates) // 2]
    order = orders[sale.reference]
    label = _label_of(account, order)
    sku, units = next((sku, units) for sku, units in sale.parcels[0].lines if units >= 2)
    for item in (*order["items"], *label["shipmentItems"]):
        if item["sku"] == sku:
            item["quantity"] -= 1
    account.discrepancies.append({
        "kind": "QUANTITY_MISMATCH", "reference": sale.reference, "shipstation_order_id": str(order["orderId"]),
        "shipment_id": str(label["shipmentId"]),
        "why": f"order {sale.reference} sold {units} x {sku}; the warehouse edited the ShipStation order to "
               f"{units - 1} and label {label['trackingNumber']} shipped {units - 1}"})


def _replacement(account: Account, feed: list[Sale], orders: dict[str, dict[str, Any]]) -> None:
    """A manual order sending one unit of a delivered sale again, with a label, under a name no channel knows."""
    planted = {gap["reference"] for gap in account.discrepancies}
    candidates = [sale for sale in feed if _labelled_once(sale) and sale.reference not in planted]
    if not candidates:
        return
    sale = candidates[len(candidates) // 3]
    first, parcel = sale.lines[0], sale.parcels[0]
    reported = (parcel.delivered_at or parcel.shipped_at + timedelta(days=4)) + timedelta(days=1)
    name = f"{sale.reference}-REPLACE"
    again = Parcel(tracking_number(name, 0, parcel.carrier), ((first.sku, 1),), reported + timedelta(hours=20),
                   carrier=parcel.carrier, service=parcel.service, label_cost=parcel.label_cost)
    manual = replace(sale, reference=name, placed_at=reported, paid_at=reported, shipping=Decimal(0), tax=Decimal(0),
                     total=Decimal(0), lines=(SoldLine(first.sku, first.title, 1, Decimal(0)),), parcels=(again,),
                     refunds=(), external_id=None)
    order = new_order(account, manual, store_id=MANUAL_STORE_ID, key=str(uuid.UUID(int=account.rng.getrandbits(128))))
    order["internalNotes"] = f"Replacement for {sale.reference}: arrived damaged"
    label = buy_label(account, order, again)
    account.discrepancies.append({
        "kind": "UNMATCHED_RECORD", "reference": name, "shipstation_order_id": str(order["orderId"]),
        "shipment_id": str(label["shipmentId"]),
        "why": f"manual order {name} (a replacement for {sale.reference}) ships 1 x {first.sku} on label "
               f"{again.tracking_number} costing {parcel.label_cost}; no channel has an order of that name"})


def stock_needed(account: Account) -> dict[str, tuple[int, datetime]]:
    """Per sku: the units the account's standing labels take out of the warehouse, and when the first leaves."""
    needed: dict[str, tuple[int, datetime]] = {}
    for shipment in account.shipments.values():
        if shipment["voided"]:
            continue
        left = datetime.fromisoformat(shipment["createDate"]).replace(tzinfo=pacific())
        for item in shipment["shipmentItems"]:
            units, first = needed.get(item["sku"], (0, left))
            needed[item["sku"]] = (units + item["quantity"], min(first, left))
    return needed


def _unshipped(account: Account, order: dict[str, Any]) -> tuple[tuple[str, int], ...]:
    shipped: dict[str, int] = {}
    for shipment in account.shipments.values():
        if shipment["orderId"] == order["orderId"] and not shipment["voided"]:
            for item in shipment["shipmentItems"]:
                shipped[item["sku"]] = shipped.get(item["sku"], 0) + item["quantity"]
    return tuple((item["sku"], item["quantity"] - shipped.get(item["sku"], 0)) for item in order["items"]
                 if item["quantity"] > shipped.get(item["sku"], 0))


def _void_and_rebuy(account: Account, order: dict[str, Any], at: datetime, batch: int) -> list[str]:
    """The order's first standing label voided (a wrong service picked) and bought again: both shipment ids."""
    label = next((s for s in account.shipments.values() if s["orderId"] == order["orderId"] and not s["voided"]), None)
    if label is None:
        return []
    label.update(voided=True, voidDate=pacific_text(at))
    lines = tuple((item["sku"], item["quantity"]) for item in label["shipmentItems"])
    carrier = next(name for name, code in CARRIERS.items() if code == label["carrierCode"])
    again = Parcel(tracking_number(order["orderNumber"], len(account.shipments), carrier), lines,
                   at + timedelta(seconds=1), carrier=carrier, label_cost=Decimal(str(label["shipmentCost"])))
    return [str(label["shipmentId"]), str(buy_label(account, order, again, batch=batch)["shipmentId"])]


def touch(account: Account, count: int, advance_hours: float, base_url: str) -> tuple[list[str], list[dict[str, str]]]:
    """Move the clock and change `count` orders: a waiting one is shipped, another tagged; one label is voided
    and bought again. Returns the ids of every changed order and label, and the webhook notices ShipStation sends."""
    account.now += timedelta(hours=advance_hours)
    channel = sorted(i for i, o in account.orders.items() if o["advancedOptions"]["storeId"] == STORE_ID
                     and o["orderStatus"] != "cancelled")
    chosen = account.rng.sample(channel, min(count, len(channel)))
    batch, touched = account.next_id("batch"), []
    for offset, order_id in enumerate(chosen):
        order, at = account.orders[order_id], account.now + timedelta(seconds=offset)
        touched.append(str(order_id))
        waiting = _unshipped(account, order)
        if order["orderStatus"] == "awaiting_shipment" and waiting:
            parcel = Parcel(tracking_number(order["orderNumber"], len(account.shipments)), waiting, at)
            touched.append(str(buy_label(account, order, parcel, batch=batch)["shipmentId"]))
            order["orderStatus"] = "shipped"
        else:
            order["tagIds"] = [*(order["tagIds"] or []), REVIEWED_TAG]
            order["modifyDate"] = pacific_text(at)
    shipped = next((account.orders[i] for i in chosen if account.orders[i]["orderStatus"] == "shipped"), None)
    if shipped is not None:
        touched += _void_and_rebuy(account, shipped, account.now + timedelta(seconds=len(chosen)), batch)
    notices = [{"resource_url": f"{base_url}/shipments?batchId={batch}&includeShipmentItems=False",
                "resource_type": "SHIP_NOTIFY"}] if any(s["batchNumber"] == str(batch)
                                                         for s in account.shipments.values()) else []
    return touched, notices
