"""eBay shipping fulfillments (getShippingFulfillments / getShippingFulfillment) as shipment facts.

eBay cannot change a shipping fulfillment once created, so its version is its `shippedDate` (the
canonical JSON digest when it states none). A fulfillment is what the seller shipped: ShipmentCreated
with its lines, carrier and tracking number, and ShipmentShipped at `shippedDate`. eBay states lines by
line item id only; their sku is the order line's. A fulfillment that states no shipped date is only
created, and since eBay gives it no other time it is dated at the Unix epoch, as its context says.
"""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.ebay.common import canonical_hash, identifier, origin, path_of
from adapters.toolkit import MappingContext, Reader, SourceObject
from canonical_model.events import Event, ShipmentCreated, ShipmentLine, ShipmentShipped

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def fulfillment_events(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """ShipmentCreated, then ShipmentShipped when eBay states the shipped date."""
    r = Reader(obj.data, path_of(obj.pointer))
    shipment_id = identifier(r, "fulfillmentId")
    order_id = identifier(r, "orderId")
    shipped_at = r.time("shippedDate")
    version = str(r.data["shippedDate"]) if shipped_at else canonical_hash(obj.data)
    context = {
        "shippingCarrierCode": r.text("shippingCarrierCode"),
        "shipmentTrackingNumber": r.text("shipmentTrackingNumber"),
        "shippedDate": r.text("shippedDate"),
        "occurred_at_unknown": None if shipped_at else "eBay states no shipped date: dated at the Unix epoch",
    }
    source = origin(ctx, "shipping_fulfillment", shipment_id, version, obj.pointer, order_id, context)
    tracking = r.text("shipmentTrackingNumber")
    created = ShipmentCreated(
        shipment_id=shipment_id,
        status="SHIPPED" if shipped_at else "CREATED",
        lines=tuple(
            ShipmentLine(sku=None, quantity=line.integer("quantity"), line_id=identifier(line, "lineItemId"))
            for line in r.items("lineItems")
        ),
        carrier=r.text("shippingCarrierCode"),
        tracking_numbers=(tracking,) if tracking else (),
    )
    if shipped_at is None:
        return [source.event(created, EPOCH)]
    return [source.event(created, shipped_at), source.event(ShipmentShipped(shipment_id, shipped_at), shipped_at)]
