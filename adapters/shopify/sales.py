"""The Shopify demo shop's orders as the partners downstream of it know them (see adapters.toolkit.sales_feed)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from adapters.toolkit.sales_feed import Parcel, Refund, Sale, SoldLine, ship_to_for


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _line(line: dict[str, Any]) -> SoldLine:
    discount = sum((Decimal(a["amount"]) for a in line["discount_allocations"]), Decimal(0))
    return SoldLine(line["sku"], line["title"], line["quantity"], Decimal(line["price"]) * line["quantity"] - discount,
                    str(line["id"]))


def _parcel(fulfillment: dict[str, Any]) -> Parcel:
    delivered = fulfillment.get("shipment_status") == "delivered"
    return Parcel(fulfillment["tracking_number"], tuple((line["sku"], line["quantity"]) for line in fulfillment["line_items"]),
                  _time(fulfillment["created_at"]), _time(fulfillment["updated_at"]) if delivered else None,
                  carrier=fulfillment["tracking_company"], service="Ground")


def _refund(refund: dict[str, Any]) -> Refund:
    amount = sum((Decimal(t["amount"]) for t in refund["transactions"] if t["kind"] == "refund"), Decimal(0))
    lines = tuple((item["line_item"]["sku"], item["quantity"]) for item in refund["refund_line_items"])
    return Refund(str(refund["id"]), amount, _time(refund["created_at"]), refund.get("note") or "", lines)


def sale_of(order: dict[str, Any]) -> Sale:
    shipping = sum((Decimal(s["price"]) for s in order["shipping_lines"]), Decimal(0))
    return Sale("shopify", order["name"], _time(order["created_at"]), order["currency"],
                tuple(_line(line) for line in order["line_items"]), shipping, Decimal(order["total_tax"]),
                Decimal(order["total_price"]), ship_to_for(order["name"]),
                tuple(_parcel(f) for f in order.get("fulfillments") or []),
                tuple(_refund(r) for r in order.get("refunds") or []),
                cancelled=order.get("cancelled_at") is not None, external_id=str(order["id"]),
                paid_at=_time(order["processed_at"]))


def sales_of(orders: list[dict[str, Any]]) -> list[Sale]:
    """Every order of the shop (`generate_orders(...)` or the simulator's) as a Sale named by its order name."""
    return [sale_of(order) for order in orders]
