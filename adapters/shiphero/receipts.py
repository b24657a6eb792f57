"""ShipHero purchase orders, as the warehouse receives them, as InventoryReceived.

Only quantities actually received count: each version of a purchase order states one InventoryReceived
at the purchase order's warehouse with every line's `quantity_received` so far (lines with none are left
out, and a purchase order with nothing received states nothing), so a later version restates the
receipt rather than adding to it. The line's `price` is the unit cost when it is not zero, in the
vendor's currency (the connection's when the answer leaves the vendor out). A purchase order has no
update time of its own (ShipHero's `updated_from` filter reads its lines'), so its version is the latest
line `updated_at`, or a short hash of its content when no line states one. Ordered, rejected and
sold-ahead quantities, the status and the stated totals travel in context.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from adapters.shiphero.common import (
    Origin,
    compact,
    content_version,
    is_zero_amount,
    location,
    nodes,
    reader,
)
from adapters.toolkit import MappingContext, PayloadError, Reader
from canonical_model.events import Event
from canonical_model.inventory_events import InventoryReceived, ReceiptLine
from canonical_model.money import Money

_STATED_TOTALS = ("subtotal", "discount", "tax", "shipping_price", "total_price")


def purchase_order_events(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    """One InventoryReceived with every line's received quantity and unit cost, when anything was received."""
    r = reader(data, pointer)
    po_id = r.identifier("id")
    lines = nodes(r, "line_items")
    warehouse = r.optional_id("warehouse_id") or next(filter(None, (x.optional_id("warehouse_id") for x in lines)),
                                                       None)
    received = [line for line in lines if line.integer("quantity_received") > 0]
    if not received:
        return []
    if warehouse is None:
        raise PayloadError(r.at("warehouse_id"), "is required")
    currency = vendor_currency(r) or ctx.currency
    receipt_lines = tuple(ReceiptLine(sku=str(line.required("sku")), quantity=line.integer("quantity_received"),
                                      unit_cost=unit_cost(line, currency)) for line in received)
    updated = latest_update(lines)
    version = updated[1] if updated else content_version(data)
    occurred_at = updated[0] if updated else (r.time("date_closed") or r.time("arrived_at")
                                              or r.time("created_at", required=True))
    origin = Origin(ctx, "purchase_order", po_id, version, pointer, purchase_order_context(r, lines))
    return [origin.event(InventoryReceived(po_id, location(warehouse), receipt_lines), occurred_at)]


def latest_update(lines: list[Reader]) -> tuple[datetime, str] | None:
    """The latest `updated_at` of the purchase order's lines, with its text; None when no line states one."""
    stated = [(moment, str(line.data["updated_at"])) for line in lines if (moment := line.time("updated_at"))]
    return max(stated, default=None)


def vendor_currency(r: Reader) -> str | None:
    """The currency of the vendor the purchase order names, when the answer includes it."""
    vendor = r.child("vendor")
    return vendor.text("currency") if vendor else None


def unit_cost(line: Reader, currency: str | None) -> Money | None:
    """The line's unit price paid to the vendor; None when ShipHero states none or zero (its default)."""
    value = line.data.get("price")
    if value is None or value == "" or is_zero_amount(value):
        return None
    if currency is None:
        raise PayloadError(line.at("price"), "ShipHero states prices without a currency and neither the vendor nor "
                           "the connection names one; ask for vendor { currency } or set `currency` on the connection "
                           "(the hub does not guess one)")
    return line.money("price", currency)


def purchase_order_context(r: Reader, lines: list[Reader]) -> dict[str, Any]:
    """Number, status, dates, vendor, shipping and stated totals, with each line's ordered and rejected quantities."""
    vendor = r.child("vendor")
    return compact({
        "po_number": r.text("po_number"),
        "po_status": r.text("fulfillment_status"),
        "shiphero_po_id": r.text("legacy_id"),
        "po_date": r.text("po_date"),
        "arrived_at": r.text("arrived_at"),
        "date_closed": r.text("date_closed"),
        "vendor_id": r.text("vendor_id"),
        "vendor_name": vendor.text("name") if vendor else None,
        "partner_order_number": r.text("partner_order_number"),
        "description": r.text("description"),
        "po_note": r.text("po_note"),
        "packing_note": r.text("packing_note"),
        "tracking_number": r.text("tracking_number"),
        "shipping_carrier": r.text("shipping_carrier"),
        "shipping_method": r.text("shipping_method"),
        "stated_totals": {name: r.data[name] for name in _STATED_TOTALS if r.data.get(name) not in (None, "")},
        "line_quantities": [compact({
            "sku": line.text("sku"), "ordered": line.data.get("quantity"), "received": line.data.get("quantity_received"),
            "rejected": line.data.get("quantity_rejected") or None, "sell_ahead": line.data.get("sell_ahead") or None,
            "line_status": line.text("fulfillment_status"),
        }) for line in lines],
    })
