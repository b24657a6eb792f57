"""Shopify fulfillments and fulfillment events as shipment facts.

A fulfillment's version is its `updated_at`, so the same fulfillment nested in an order and fetched
on its own maps to the same event ids. A fulfillment whose status is failure, cancelled or error is
recorded as created with that status, never as shipped.
"""

from __future__ import annotations

from typing import Any

from adapters.shopify.common import identifier, origin, path_of, texts, without_empty
from adapters.toolkit import MappingContext, PayloadError, Reader, SourceObject
from canonical_model.events import (
    Event,
    ShipmentCreated,
    ShipmentDelivered,
    ShipmentLine,
    ShipmentShipped,
    ShipmentStatusChanged,
)

_NOT_SHIPPED = {"failure", "cancelled", "error"}


def fulfillment_events(r: Reader, pointer: str, ctx: MappingContext, order_id: str | None = None) -> list[Event]:
    """ShipmentCreated; ShipmentShipped when it succeeded; its carrier status or delivery when Shopify states one."""
    shipment_id = identifier(r, "id")
    order = r.optional_id("order_id") or order_id
    if order is None:
        raise PayloadError(r.at("order_id"), "is required")
    status = str(r.required("status"))
    updated_at = r.time("updated_at", required=True)
    source = origin(ctx, "fulfillment", shipment_id, str(r.data["updated_at"]), pointer, order, fulfillment_context(r))
    events = [source.event(shipment_created(r, shipment_id, status), updated_at)]
    if status in _NOT_SHIPPED:
        return events
    if status == "success":
        shipped_at = r.time("created_at", required=True)
        events.append(source.event(ShipmentShipped(shipment_id, shipped_at), shipped_at))
    shipment_status = r.text("shipment_status")
    if shipment_status == "delivered":
        events.append(source.event(ShipmentDelivered(shipment_id, delivered_at=updated_at), updated_at))
    elif shipment_status:
        events.append(source.event(ShipmentStatusChanged(shipment_id, shipment_status.upper()), updated_at))
    return events


def shipment_created(r: Reader, shipment_id: str, status: str) -> ShipmentCreated:
    """The shipment as this fulfillment version states it: lines, location, carrier and tracking."""
    tracking = texts(r, "tracking_numbers")
    if tracking is None:
        tracking = [r.text("tracking_number")] if r.text("tracking_number") else []
    return ShipmentCreated(
        shipment_id=shipment_id,
        status=status.upper(),
        lines=tuple(
            ShipmentLine(sku=line.text("sku"), quantity=line.integer("quantity"), line_id=line.optional_id("id"))
            for line in r.items("line_items")
        ),
        location=r.optional_id("location_id"),
        carrier=r.text("tracking_company"),
        tracking_numbers=tuple(tracking),
    )


def fulfillment_context(r: Reader) -> dict[str, Any]:
    """Fulfillment and carrier statuses, service and tracking links."""
    return without_empty({
        "status": r.text("status"),
        "shipment_status": r.text("shipment_status"),
        "service": r.text("service"),
        "name": r.text("name"),
        "tracking_company": r.text("tracking_company"),
        "tracking_urls": texts(r, "tracking_urls"),
    })


def fulfillment_event_events(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """ShipmentDelivered when the carrier says delivered, else ShipmentStatusChanged with its message."""
    r = Reader(obj.data, path_of(obj.pointer))
    event_id = identifier(r, "id")
    shipment_id = identifier(r, "fulfillment_id")
    status = str(r.required("status"))
    happened_at = r.time("happened_at") or r.time("created_at", required=True)
    version = str(r.data.get("updated_at") or event_id)
    context = {
        "status": status,
        "message": r.text("message"),
        "estimated_delivery_at": r.text("estimated_delivery_at"),
    }
    source = origin(ctx, "fulfillment_event", event_id, version, obj.pointer, identifier(r, "order_id"), context)
    if status == "delivered":
        return [source.event(ShipmentDelivered(shipment_id, delivered_at=happened_at), happened_at)]
    return [source.event(ShipmentStatusChanged(shipment_id, status.upper(), r.text("message")), happened_at)]
