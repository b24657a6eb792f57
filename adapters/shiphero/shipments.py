"""ShipHero shipments and their packages (shipping labels) as shipment, tracking and label fee facts.

ShipHero creates a shipment when it ships an order, so a shipment is created SHIPPED and shipped at its
`created_date`; a shipment whose labels were all refunded (voided) is created VOIDED and never ships.
Each package is a shipping label: its tracking numbers, carrier and cost. A shipment states no update
time, so its shipment and tracking facts take a short hash of its content as version; the shipped fact
takes its `created_date`, and a label's fees take the label's id, so reading the shipment again (a
package delivered, a label refunded) never counts them twice.

ShipHero states tracking (`delivered`, `picked_up`, `tracking_status`) without any time: each package's
status becomes a ShipmentStatusChanged dated at the shipment's creation, with that caveat in context,
and never a ShipmentDelivered, whose delivery time would be invented. A label's `cost` is a
`shipping_label` fee (in the connection's currency: ShipHero states none); a refunded label's cost comes
back as a negative fee dated at the label's creation, since ShipHero states no refund time either. A
shipment `shipped_off_shiphero` carries labels bought outside ShipHero (through the brand's own EasyPost or
carrier account, told to ShipHero with the shipment): whoever sold the label bills it, so their costs stay
in context (`packages[].cost`) and are no fee of ShipHero's, which would count the postage twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from adapters.shiphero.common import (
    Origin,
    compact,
    content_version,
    location,
    nodes,
    order_references,
    reader,
    stated_cost,
    unique,
)
from adapters.toolkit import MappingContext, Reader
from canonical_model.events import Event, FeeCharged, ShipmentCreated, ShipmentLine, ShipmentShipped, ShipmentStatusChanged

_NO_TIME = "ShipHero states no time for tracking; occurred_at is the shipment's creation"


def shipment_events(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    """ShipmentCreated, then ShipmentShipped and each package's tracking status unless voided, and the label fees."""
    r = reader(data, pointer)
    shipment_id = r.identifier("id")
    created_at = r.time("created_date", required=True)
    labels = list(r.items("shipping_labels"))
    voided = r.data.get("refunded") is True or (bool(labels) and all(label.data.get("refunded") is True
                                                                      for label in labels))
    origin = Origin(ctx, "shipment", shipment_id, content_version(data), pointer, shipment_context(r, labels),
                    order_references(r.child("order"), *labels))
    events = [origin.event(shipment_created(r, shipment_id, labels, voided), created_at)]
    if not voided:
        events.append(origin.event(ShipmentShipped(shipment_id, created_at), created_at,
                                   version=str(r.data["created_date"])))
        events += tracking_events(r, origin, shipment_id, labels, created_at)
    if r.data.get("shipped_off_shiphero") is not True:
        for label in labels:
            events += label_fee_events(label, origin, shipment_id, created_at)
    return events


def shipment_created(r: Reader, shipment_id: str, labels: list[Reader], voided: bool) -> ShipmentCreated:
    """The shipment as this payload states it: its units, warehouse, carrier and every package's tracking number."""
    warehouse = r.optional_id("warehouse_id") or next(filter(None, (x.optional_id("warehouse_id") for x in labels)),
                                                       None)
    # A dropshipment leaves from the vendor, not from the warehouse's stock.
    shipped_from = location(warehouse) if warehouse and r.data.get("dropshipment") is not True else None
    return ShipmentCreated(
        shipment_id=shipment_id,
        status="VOIDED" if voided else "SHIPPED",
        lines=shipment_lines(r),
        location=shipped_from,
        carrier=next(filter(None, (label.text("carrier") for label in labels)), None),
        tracking_numbers=unique(label.text("tracking_number") for label in labels),
    )


def shipment_lines(r: Reader) -> tuple[ShipmentLine, ...]:
    """The units shipped: each shipment line item's quantity, with the order line's sku when asked for."""
    lines = []
    for node in nodes(r, "line_items"):
        line_item = node.child("line_item")
        sku = node.text("sku") or (line_item.text("sku") if line_item else None)
        line_id = node.optional_id("line_item_id") or (line_item.optional_id("id") if line_item else None)
        lines.append(ShipmentLine(sku=sku, quantity=node.integer("quantity"), line_id=line_id))
    return tuple(lines)


def tracking_events(r: Reader, origin: Origin, shipment_id: str, labels: list[Reader],
                    created_at: datetime) -> list[Event]:
    """Each package's tracking status as ShipHero reports it, and the shipment's delivery when no package says so."""
    events = []
    for label in labels:
        status = package_status(label)
        if status is None:
            continue
        tracking = label.text("tracking_number") or label_identity(label)
        message = f"package {tracking}: {status.lower().replace('_', ' ')}"
        events.append(origin.event(ShipmentStatusChanged(shipment_id, status, message), created_at,
                                   key=f"package:{label_identity(label)}", context={"status_time": _NO_TIME}))
    delivered_packages = any(label.data.get("delivered") is True for label in labels)
    if r.data.get("delivered") is True and not delivered_packages:
        events.append(origin.event(ShipmentStatusChanged(shipment_id, "DELIVERED", "shipment delivered"), created_at,
                                   key="shipment", context={"status_time": _NO_TIME}))
    return events


def package_status(label: Reader) -> str | None:
    """A package's tracking status: delivered, else the carrier's tracking status, else picked up; None when silent."""
    if label.data.get("delivered") is True:
        return "DELIVERED"
    tracking_status = label.text("tracking_status")
    if tracking_status:
        return "_".join(tracking_status.upper().replace("-", " ").split())
    return "PICKED_UP" if label.data.get("picked_up") is True else None


def label_fee_events(label: Reader, origin: Origin, shipment_id: str, created_at: datetime) -> list[Event]:
    """The label's postage as a shipping_label fee, and its reversal when the label was refunded."""
    cost = stated_cost(label, "cost", origin.ctx)
    if cost is None:
        return []
    at = label.time("created_date") or created_at
    version = f"label:{label_identity(label)}"
    context = {"package": label.text("tracking_number") or label_identity(label), "label_status": label.text("status")}
    events = [origin.event(FeeCharged("shipping_label", cost, shipment_id), at, "shipping_label", version, context)]
    if label.data.get("refunded") is True:
        events.append(origin.event(FeeCharged("shipping_label", -cost, shipment_id), at, "shipping_label:refunded",
                                   version, {**context, "refunded": True}))
    return events


def label_identity(label: Reader) -> str:
    """A label's own id; its legacy id, tracking number or content when an answer leaves the id out."""
    found = label.optional_id("id") or label.optional_id("legacy_id") or label.text("tracking_number")
    return found or content_version(label.data)


def shipment_context(r: Reader, labels: list[Reader]) -> dict[str, Any]:
    """ShipHero's ids, flags and every package's service and status; never the recipient's name or address."""
    order = r.child("order")
    return compact({
        "shiphero_shipment_id": r.text("legacy_id"),
        "shiphero_order_id": r.text("order_id") or (order.text("id") if order else None),
        "order_status": order.text("fulfillment_status") if order else None,
        "warehouse": next(filter(None, (label.text("warehouse") for label in labels)), None),
        "profile": r.text("profile"),
        "dropshipment": r.data.get("dropshipment") or None,
        "shipped_off_shiphero": r.data.get("shipped_off_shiphero") or None,
        "store_notified": r.data.get("completed"),
        "picked_up": r.data.get("picked_up") or None,
        "delivered": r.data.get("delivered") or None,
        "refunded": r.data.get("refunded") or None,
        "needs_refund": r.data.get("needs_refund") or None,
        "total_packages": r.data.get("total_packages"),
        "packages": [package_context(label) for label in labels],
    })


def package_context(label: Reader) -> dict[str, Any]:
    """One package as the warehouse shipped it: label, service, box and status."""
    return compact({
        "label_id": label.optional_id("id"),
        "tracking_number": label.text("tracking_number"),
        "carrier": label.text("carrier"),
        "shipping_name": label.text("shipping_name"),
        "shipping_method": label.text("shipping_method"),
        "status": label.text("status"),
        "tracking_status": label.text("tracking_status"),
        "box_name": label.text("box_name"),
        "package_number": label.data.get("package_number"),
        "tracking_url": label.text("tracking_url"),
        "cost": label.text("cost"),
        "insurance_amount": label.data.get("insurance_amount"),
        "needs_refund": label.data.get("needs_refund") or None,
        "refunded": label.data.get("refunded") or None,
    })
