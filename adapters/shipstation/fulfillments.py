"""ShipStation fulfillments (orders marked shipped outside ShipStation, e.g. by a fulfillment provider) as shipments.

A fulfillment lists no items and no warehouse, so its shipment has no lines and no location. Its id is
written "fulfillment-<fulfillmentId>" so that it never meets a ShipStation label shipment of the same
number. Like a shipment it has no modification time (its delivery date and void arrive later), so its
shipment facts take a short hash of its content as version; its `fulfillmentFee` is a fact of the
fulfillment and takes the fulfillment id as version. ShipStation does not say a voided fulfillment's fee
was refunded, so the fee stands (the void is in context and in the status).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from adapters.shipstation.common import (
    Origin,
    compact,
    content_version,
    order_references,
    pacific_time,
    reader,
    required_time,
    ship_time,
    stated_cost,
)
from adapters.toolkit import MappingContext, PayloadError, Reader
from canonical_model.events import (
    Event,
    FeeCharged,
    ShipmentCreated,
    ShipmentDelivered,
    ShipmentShipped,
    ShipmentStatusChanged,
)


def fulfillment_events(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    """ShipmentCreated; shipped, delivered or voided as the fulfillment states; its fulfilment fee."""
    r = reader(data, pointer)
    fulfillment_id = r.identifier("fulfillmentId")
    shipment_id = f"fulfillment-{fulfillment_id}"
    created_at = required_time(r, "createDate")
    voided = r.data.get("voided") is True
    voided_at = pacific_time(r, "voidDate") if voided else None
    if voided and voided_at is None:
        raise PayloadError(r.at("voidDate"), "is required when the fulfillment is voided")
    origin = Origin(ctx, "fulfillment", fulfillment_id, content_version(data), pointer, fulfillment_context(r),
                    order_references(r))
    body = ShipmentCreated(
        shipment_id=shipment_id,
        status="VOIDED" if voided else "SHIPPED",
        lines=(),
        carrier=r.text("carrierCode"),
        tracking_numbers=(r.text("trackingNumber"),) if r.text("trackingNumber") else (),
    )
    events = [origin.event(body, voided_at or created_at)]
    if voided_at:
        events.append(origin.event(ShipmentStatusChanged(shipment_id, "VOIDED", "fulfillment voided"), voided_at))
    else:
        events += delivery_events(r, origin, shipment_id, created_at)
    fee = stated_cost(r, "fulfillmentFee", ctx)
    if fee is not None:
        events.append(origin.event(FeeCharged("fulfilment", fee, shipment_id), created_at, "fulfilment",
                                   fulfillment_id))
    return events


def delivery_events(r: Reader, origin: Origin, shipment_id: str, created_at: datetime) -> list[Event]:
    """ShipmentShipped on its ship date (when marked, if marked that day), and ShipmentDelivered once a delivery date
    is stated."""
    shipped_at = ship_time(r, created_at)
    events = [origin.event(ShipmentShipped(shipment_id, shipped_at), shipped_at)]
    delivered_at = pacific_time(r, "deliveryDate")
    if delivered_at is not None:
        events.append(origin.event(ShipmentDelivered(shipment_id, delivered_at), delivered_at))
    return events


def fulfillment_context(r: Reader) -> dict[str, Any]:
    """Provider, service, void and marketplace notice; never the customer's email or address."""
    return compact({
        "shipstation_order_id": r.text("orderId"),
        "ship_date": r.text("shipDate"),
        "delivery_date": r.text("deliveryDate"),
        "voided": r.data.get("voided") or None,
        "void_date": r.text("voidDate"),
        "void_requested": r.data.get("voidRequested") or None,
        "carrier_code": r.text("carrierCode"),
        "fulfillment_provider_code": r.text("fulfillmentProviderCode"),
        "fulfillment_service_code": r.text("fulfillmentServiceCode"),
        "marketplace_notified": r.data.get("marketplaceNotified"),
        "notify_error_message": r.text("notifyErrorMessage"),
    })
