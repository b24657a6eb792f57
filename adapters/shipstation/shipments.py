"""ShipStation shipments (labels created in ShipStation) as shipment and label fee facts.

A shipment has no modification time and changes when its label is voided, so its shipment facts take a
short hash of its content as version. ShipStation counts an order shipped once its label exists, so a
shipment is created SHIPPED and shipped on its `shipDate`: ShipStation states a date alone, so a label
created on that (Pacific) day shipped when it was created, one dated ahead at the day's start. A voided
label is created VOIDED, changes status to VOIDED at its `voidDate` and never ships; its postage and
insurance come back as negative fees. Fees are facts of the label, not of a version: they take the
shipment id as version, so reading the shipment again, voided or not, never counts them twice. Zero costs
are not fees. A return label (`isReturnLabel`) sends nothing out: only its fees are mapped.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from adapters.shipstation.common import (
    Origin,
    compact,
    content_version,
    location,
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
    ShipmentLine,
    ShipmentShipped,
    ShipmentStatusChanged,
)

_FEES = (("shipmentCost", "shipping_label"), ("insuranceCost", "insurance"))


def shipment_events(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    """ShipmentCreated, then ShipmentShipped or (voided) ShipmentStatusChanged VOIDED, and the label's fees."""
    r = reader(data, pointer)
    shipment_id = r.identifier("shipmentId")
    created_at = required_time(r, "createDate")
    voided_at = void_time(r)
    origin = Origin(ctx, "shipment", shipment_id, content_version(data), pointer, shipment_context(r),
                    order_references(r))
    events: list[Event] = []
    if r.data.get("isReturnLabel") is not True:
        events += shipment_facts(r, origin, shipment_id, created_at, voided_at)
    return events + fee_events(r, origin, shipment_id, created_at, voided_at)


def shipment_facts(r: Reader, origin: Origin, shipment_id: str, created_at: datetime,
                   voided_at: datetime | None) -> list[Event]:
    """The shipment as this payload states it, and whether it shipped or was voided."""
    warehouse = r.optional_id("warehouseId")
    body = ShipmentCreated(
        shipment_id=shipment_id,
        status="VOIDED" if voided_at else "SHIPPED",
        lines=shipment_lines(r),
        location=location(warehouse) if warehouse else None,
        carrier=r.text("carrierCode"),
        tracking_numbers=(r.text("trackingNumber"),) if r.text("trackingNumber") else (),
    )
    events = [origin.event(body, voided_at or created_at)]
    if voided_at:
        return [*events, origin.event(ShipmentStatusChanged(shipment_id, "VOIDED", "label voided"), voided_at)]
    shipped_at = ship_time(r, created_at)
    return [*events, origin.event(ShipmentShipped(shipment_id, shipped_at), shipped_at)]


def shipment_lines(r: Reader) -> tuple[ShipmentLine, ...]:
    """The physical items of the shipment (`shipmentItems`, listed when asked with includeShipmentItems)."""
    return tuple(
        ShipmentLine(sku=item.text("sku"), quantity=item.integer("quantity"),
                     line_id=item.optional_id("orderItemId") or item.optional_id("lineItemKey"))
        for item in r.items("shipmentItems") if item.data.get("adjustment") is not True
    )


def fee_events(r: Reader, origin: Origin, shipment_id: str, created_at: datetime,
               voided_at: datetime | None) -> list[Event]:
    """Postage and insurance when the label was created, and their reversal when it was voided."""
    events = []
    for field, fee_type in _FEES:
        cost = stated_cost(r, field, origin.ctx)
        if cost is None:
            continue
        events.append(origin.event(FeeCharged(fee_type, cost, shipment_id), created_at, fee_type, shipment_id))
        if voided_at:
            events.append(origin.event(FeeCharged(fee_type, -cost, shipment_id), voided_at, f"{fee_type}:voided",
                                       shipment_id))
    return events


def void_time(r: Reader) -> datetime | None:
    """When the label was voided, None while it stands; a voided label must say when."""
    if r.data.get("voided") is not True:
        return None
    voided_at = pacific_time(r, "voidDate")
    if voided_at is None:
        raise PayloadError(r.at("voidDate"), "is required when the shipment is voided")
    return voided_at


def shipment_context(r: Reader) -> dict[str, Any]:
    """Service, package, batch, void and marketplace notice; never the recipient's name or address."""
    insurance = r.child("insuranceOptions")
    options = r.child("advancedOptions")
    return compact({
        "shipstation_order_id": r.text("orderId"),
        "ship_date": r.text("shipDate"),
        "voided": r.data.get("voided") or None,
        "void_date": r.text("voidDate"),
        "is_return_label": r.data.get("isReturnLabel") or None,
        "batch_number": r.text("batchNumber"),
        "carrier_code": r.text("carrierCode"),
        "service_code": r.text("serviceCode"),
        "package_code": r.text("packageCode"),
        "confirmation": r.text("confirmation"),
        "marketplace_notified": r.data.get("marketplaceNotified"),
        "notify_error_message": r.text("notifyErrorMessage"),
        "insurance_provider": insurance.text("provider") if insurance else None,
        "insured_value": insurance.data.get("insuredValue") if insurance else None,
        "store_id": options.text("storeId") if options else None,
    })
