"""The WooCommerce demo store's orders as the partners downstream of it know them (see adapters.toolkit.sales_feed).

Other systems carry the order number (the store's order id): ShipStation's orderNumber, Stripe's charge
metadata, the invoice reference in the books. Paid orders have `paid_at` (the Stripe charge); the
Shipment Tracking extension's parcels become `parcels`; refund objects become `refunds`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from adapters.toolkit.sales_feed import Parcel, Refund, Sale, SoldLine, ship_to_for
from adapters.woocommerce.sample_data import TRACKING_KEY
from adapters.woocommerce.store import Store, gmt

_CARRIERS = {"ups": "UPS", "usps": "USPS", "fedex": "FedEx"}


def _meta(order: dict[str, Any], key: str) -> Any:
    return next((m["value"] for m in order["meta_data"] if m["key"] == key), None)


def _parcels(order: dict[str, Any]) -> tuple[Parcel, ...]:
    skus = {str(line["id"]): line["sku"] for line in order["line_items"]}
    return tuple(Parcel(parcel["tracking_number"],
                        tuple((skus[item["item_id"]], int(item["qty"])) for item in parcel["products_list"]),
                        datetime.fromtimestamp(int(parcel["date_shipped"]), UTC),
                        carrier=_CARRIERS.get(parcel["tracking_provider"], parcel["tracking_provider"]),
                        service="Ground")
                 for parcel in _meta(order, TRACKING_KEY) or [])


def _refund(refund: dict[str, Any]) -> Refund:
    lines = tuple((item["sku"], -int(item["quantity"])) for item in refund["line_items"])
    return Refund(str(refund["id"]), Decimal(refund["amount"]), gmt(refund, "date_created"), refund["reason"], lines)


def sale_of(store: Store, order: dict[str, Any]) -> Sale:
    lines = tuple(SoldLine(line["sku"], line["name"], line["quantity"], Decimal(line["total"]),
                           str(line["id"])) for line in order["line_items"])
    paid = gmt(order, "date_paid") if order.get("date_paid_gmt") else None
    return Sale("woocommerce", str(order["number"]), gmt(order, "date_created"), order["currency"], lines,
                Decimal(order["shipping_total"]), Decimal(order["total_tax"]), Decimal(order["total"]),
                ship_to_for(str(order["number"])), _parcels(order),
                tuple(_refund(r) for r in reversed(store.refunds.get(order["id"], []))),
                cancelled=order["status"] == "cancelled", external_id=str(order["id"]), paid_at=paid,
                charges=sum((Decimal(fee["total"]) for fee in order["fee_lines"]), Decimal(0)))


def sales_of(store: Store) -> list[Sale]:
    """Every order of the store (`generate_store(...)` or the simulator's), oldest first."""
    return [sale_of(store, order) for order in sorted(store.orders.values(), key=lambda o: o["id"])]
