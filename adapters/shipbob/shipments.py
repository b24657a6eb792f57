"""ShipBob shipments (GET /shipment/{id}, /order/{id}/shipment, an order's `shipments`, legacy webhook bodies).

A shipment is versioned by its `last_update_at` and `last_tracking_update_at` (a content hash when ShipBob
leaves both null), and states:
ShipmentCreated with its status in the hub's words, its products, fulfillment center, carrier and tracking
number; ShipmentStatusChanged when ShipBob holds, stops or labels it (Exception, OnHold, Cancelled,
CleanSweeped, LabeledCreated, ImportReview), with the status details as the message; ShipmentShipped once
Completed (on the carrier's `tracking.shipping_date`, else `actual_fulfillment_date`); ShipmentDelivered
once a `delivery_date` is stated. ShipBob's `invoice_amount` (what it billed the brand for fulfilling and
shipping the package) is a `fulfilment` fee of the shipment, not of a version: it takes the shipment id as
version, so later versions never count it twice (a re-invoiced amount is not restated; the payload keeps it).

ShipBob 1.0 states no quantity on a shipment's product, only the inventory units packed for it: for a plain
product these are the product's quantity; for a bundle they count its component units, which are listed in
context (`bundle_components`) so the difference stays visible.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from adapters.shipbob.common import (
    Origin,
    compact,
    content_version,
    count,
    latest,
    location,
    reader,
    stated_money,
    unique,
)
from adapters.toolkit import MappingContext, PayloadError, Reader
from canonical_model.events import (
    Event,
    FeeCharged,
    ShipmentCreated,
    ShipmentDelivered,
    ShipmentLine,
    ShipmentShipped,
    ShipmentStatusChanged,
)

# ShipBob's shipment statuses in the hub's words; CleanSweeped is ShipBob closing a shipment it never shipped.
STATUSES = {
    "None": "PENDING", "Pending": "PENDING", "Processing": "PROCESSING", "Completed": "SHIPPED",
    "Exception": "EXCEPTION", "OnHold": "ON_HOLD", "Cancelled": "CANCELLED", "CleanSweeped": "CANCELLED",
    "LabeledCreated": "LABEL_CREATED", "ImportReview": "IMPORT_REVIEW",
}
_NOTICED = {"EXCEPTION", "ON_HOLD", "CANCELLED", "LABEL_CREATED", "IMPORT_REVIEW"}
_STOPPED = {"Cancelled", "CleanSweeped"}


def shipment_events(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    """ShipmentCreated; held, stopped or labelled; shipped and delivered as stated; ShipBob's fulfilment fee."""
    r = reader(data, pointer)
    shipment_id = r.identifier("id")
    status = canonical_status(str(r.required("status")))
    updated_at = latest([r.time("last_update_at"), r.time("last_tracking_update_at")]) or r.time("created_date", required=True)
    version = "/".join(unique([r.text("last_update_at"), r.text("last_tracking_update_at")])) or content_version(data)
    origin = Origin(ctx, "shipment", shipment_id, version, pointer, shipment_context(r), unique([r.text("reference_id")]))
    tracking = r.child("tracking")
    fulfillment_center = fulfillment_center_id(r)
    body = ShipmentCreated(
        shipment_id=shipment_id,
        status=status,
        lines=shipment_lines(r),
        location=location(fulfillment_center) if fulfillment_center else None,
        carrier=tracking.text("carrier") if tracking else None,
        tracking_numbers=unique([tracking.text("tracking_number")]) if tracking else (),
    )
    events = [origin.event(body, updated_at)]
    if status in _NOTICED:
        events.append(origin.event(ShipmentStatusChanged(shipment_id, status, status_message(r)), updated_at))
    return events + progress_events(r, origin, shipment_id, status) + fee_events(r, origin, shipment_id, updated_at)


def canonical_status(status: str) -> str:
    """ShipBob's shipment status in the hub's words; an unknown one in upper case, never dropped."""
    return STATUSES.get(status, status.upper())


def fulfillment_center_id(r: Reader) -> str | None:
    """The id of the fulfillment center the shipment is assigned to (`location.id`)."""
    assigned = r.child("location")
    return assigned.optional_id("id") if assigned else None


def product_units(product: Reader) -> int:
    """Units of one shipment product: its `quantity` when stated, else the inventory units packed for it."""
    if product.data.get("quantity") is not None:
        return product.integer("quantity")
    return sum(count(item, "quantity") for item in product.items("inventory_items"))


def shipment_lines(r: Reader) -> tuple[ShipmentLine, ...]:
    """The shipment's products with the units packed for each; products with no units are left out."""
    lines = []
    for product in r.items("products"):
        units = product_units(product)
        if units:
            lines.append(ShipmentLine(sku=product.text("sku"), quantity=units))
    return tuple(lines)


def progress_events(r: Reader, origin: Origin, shipment_id: str, status: str) -> list[Event]:
    """ShipmentShipped once ShipBob completed it (or it was delivered), ShipmentDelivered once delivered."""
    delivered_at = r.time("delivery_date")
    shipped_at = shipped_time(r)
    events = []
    if status == "SHIPPED" and shipped_at is None and delivered_at is None:
        raise PayloadError(r.at("actual_fulfillment_date"), "is required when the shipment is Completed")
    if shipped_at is not None and (status == "SHIPPED" or delivered_at is not None):
        events.append(origin.event(ShipmentShipped(shipment_id, shipped_at), shipped_at))
    if delivered_at is not None:
        events.append(origin.event(ShipmentDelivered(shipment_id, delivered_at), delivered_at))
    return events


def shipped_time(r: Reader) -> datetime | None:
    """When the package left: the carrier's shipping date when stated, else ShipBob's fulfilment completion."""
    tracking = r.child("tracking")
    return (tracking.time("shipping_date") if tracking else None) or r.time("actual_fulfillment_date")


def fee_events(r: Reader, origin: Origin, shipment_id: str, updated_at: datetime) -> list[Event]:
    """What ShipBob invoiced for the shipment, as a fulfilment fee stated once per shipment."""
    amount = stated_money(r, "invoice_amount", "invoice_currency_code", origin.ctx)
    if amount is None:
        return []
    charged_at = r.time("actual_fulfillment_date") or updated_at
    return [origin.event(FeeCharged("fulfilment", amount, shipment_id), charged_at, "fulfilment", shipment_id)]


def status_message(r: Reader) -> str | None:
    """ShipBob's status details (why a shipment is held or stopped) as one message."""
    parts = [": ".join(unique([detail.text("name"), detail.text("description")])) for detail in r.items("status_details")]
    if r.text("status") in _STOPPED:
        parts.insert(0, f"ShipBob status {r.text('status')}")
    return "; ".join(part for part in parts if part) or None


def shipment_context(r: Reader) -> dict[str, Any]:
    """ShipBob's own status and its details, service, dates, package and bundles; never the recipient."""
    tracking = r.child("tracking")
    assigned = r.child("location")
    return compact({
        "shipbob_status": r.text("status"),
        "status_details": [compact({"name": d.text("name"), "description": d.text("description"),
                                    "inventory_id": d.text("inventory_id")}) for d in r.items("status_details")],
        "shipbob_order_id": r.text("order_id"),
        "fulfillment_center": assigned.text("name") if assigned else None,
        "ship_option": r.text("ship_option"),
        "estimated_fulfillment_date": r.text("estimated_fulfillment_date"),
        "estimated_fulfillment_date_status": r.text("estimated_fulfillment_date_status"),
        "actual_fulfillment_date": r.text("actual_fulfillment_date"),
        "delivery_date": r.text("delivery_date"),
        "invoice_amount": r.data.get("invoice_amount"),
        "insurance_value": r.data.get("insurance_value"),
        "package_material_type": r.text("package_material_type"),
        "require_signature": r.data.get("require_signature"),
        "is_tracking_uploaded": r.data.get("is_tracking_uploaded"),
        **(tracking_context(tracking) if tracking else {}),
        "bundle_components": bundle_components(r),
    })


def tracking_context(tracking: Reader) -> dict[str, Any]:
    """The carrier's service and freight references for the package."""
    return {
        "carrier_service": tracking.text("carrier_service"),
        "tracking_url": tracking.text("tracking_url"),
        "shipping_date": tracking.text("shipping_date"),
        "bol": tracking.text("bol"),
        "pro_number": tracking.text("pro_number"),
        "scac": tracking.text("scac"),
    }


def bundle_components(r: Reader) -> list[dict[str, Any]]:
    """The inventory items of products that resolve to more than one (bundles), as ShipBob packed them."""
    components = []
    for product in r.items("products"):
        items = list(product.items("inventory_items"))
        if len(items) > 1:
            components += [{"sku": product.text("sku"), "inventory_id": item.text("id"), "name": item.text("name"),
                            "quantity": item.data.get("quantity")} for item in items]
    return components
