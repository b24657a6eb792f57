"""Multi-Channel Fulfillment (Fulfillment Outbound 2020-07-01): shipments and returns of a fulfillment order.

MCF ships orders taken elsewhere (usually the brand's storefront), so its facts carry no OrderRef:
they name the order in `references` (sellerFulfillmentOrderId, displayableOrderId) for the hub to match.
A shipment is tracked per package (getPackageTrackingDetails answers per packageNumber), so each
package is one shipment, with the items packed in it. A shipment without packages is a plan that
has not shipped: it maps to nothing until packed, except when cancelled. A shipment's version is a
digest of its content (MCF gives it no update time); its shipping is its own fact, versioned by
shippingDate. Each return item is one unit back, restocked when Amazon received it Sellable.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from adapters.amazon.common import canonical_hash, origin, path_of, picked
from adapters.toolkit import MappingContext, Reader, SourceObject
from canonical_model.events import Event, ReturnLine, ReturnReceived, ShipmentCreated, ShipmentLine, ShipmentShipped

_ORDER_CONTEXT = (
    "sellerFulfillmentOrderId", "displayableOrderId", "marketplaceId", "shippingSpeedCategory", "fulfillmentAction",
    "fulfillmentPolicy", "fulfillmentOrderStatus", "statusUpdatedDate", "receivedDate", "primeUpgraded",
)
_SHIPMENT_CONTEXT = (
    "amazonShipmentId", "fulfillmentShipmentStatus", "fulfillmentCenterId", "shippingDate", "estimatedArrivalDate",
)
_RETURN_CONTEXT = (
    "sellerReturnReasonCode", "amazonReturnReasonCode", "returnComment", "status", "returnReceivedCondition",
    "returnAuthorizationId", "amazonShipmentId", "sellerFulfillmentOrderItemId",
)


def fulfillment_order_events(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """The shipments (one per package) and returned units of one fulfillment order."""
    r = Reader(obj.data, path_of(obj.pointer))
    order = Reader(r.required("fulfillmentOrder"), r.at("fulfillmentOrder"))
    order.required("sellerFulfillmentOrderId")
    references = (str(order.data["sellerFulfillmentOrderId"]), order.text("displayableOrderId") or "")
    observed = order.time("statusUpdatedDate") or order.time("receivedDate", required=True)
    order_context = picked(order.data, _ORDER_CONTEXT)
    events: list[Event] = []
    for index, shipment in enumerate(r.items("fulfillmentShipments")):
        pointer = f"{obj.pointer}/fulfillmentShipments/{index}"
        events += shipment_events(shipment, pointer, ctx, references, order_context, observed)
    skus = {item.text("sellerFulfillmentOrderItemId"): item.text("sellerSku") for item in r.items("fulfillmentOrderItems")}
    for index, item in enumerate(r.items("returnItems")):
        pointer = f"{obj.pointer}/returnItems/{index}"
        events += return_events(item, pointer, ctx, references, order_context, skus)
    return events


def shipment_status(raw: str) -> str:
    """PENDING, SHIPPED, or CANCELLED for CANCELLED_BY_FULFILLER and CANCELLED_BY_SELLER."""
    return "CANCELLED" if raw.upper().startswith("CANCELLED") else raw.upper()


def shipment_events(
    shipment: Reader, pointer: str, ctx: MappingContext, references: tuple[str, ...], order_context: dict[str, Any],
    observed: datetime,
) -> list[Event]:
    """ShipmentCreated per package, and ShipmentShipped once Amazon states the shipping date."""
    amazon_id = str(shipment.required("amazonShipmentId"))
    status = shipment_status(str(shipment.required("fulfillmentShipmentStatus")))
    items = list(shipment.items("fulfillmentShipmentItem"))
    packages = list(shipment.items("fulfillmentShipmentPackage"))
    context = {**order_context, **picked(shipment.data, _SHIPMENT_CONTEXT)}
    version = canonical_hash(shipment.data)
    location = shipment.text("fulfillmentCenterId")
    if not packages:
        if status != "CANCELLED":
            return []
        source = origin(ctx, "mcf_shipment", amazon_id, version, pointer, None, context, references)
        return [source.event(ShipmentCreated(amazon_id, status, shipment_lines(items), location), observed)]
    shipped_at = shipment.time("shippingDate")
    events = []
    for index, package in enumerate(packages):
        number = str(package.required("packageNumber"))
        packed = items if len(packages) == 1 else [item for item in items if str(item.data.get("packageNumber")) == number]
        created = ShipmentCreated(
            shipment_id=number, status=status, lines=shipment_lines(packed), location=location,
            carrier=package.text("carrierCode"), tracking_numbers=tuple(filter(None, [package.text("trackingNumber")])),
        )
        extra = {"packageNumber": number, "package_estimatedArrivalDate": package.text("estimatedArrivalDate")}
        source = origin(ctx, "mcf_package", number, version, f"{pointer}/fulfillmentShipmentPackage/{index}", None,
                        {**context, **extra}, references)
        events.append(source.event(created, observed))
        if status == "SHIPPED" and shipped_at is not None:
            events.append(source.event(ShipmentShipped(number, shipped_at), shipped_at,
                                       version=str(shipment.data["shippingDate"])))
    return events


def shipment_lines(items: list[Reader]) -> tuple[ShipmentLine, ...]:
    """The items packed: seller SKU, quantity and the fulfillment order item they fulfil."""
    return tuple(
        ShipmentLine(sku=item.text("sellerSku"), quantity=item.integer("quantity"),
                     line_id=item.text("sellerFulfillmentOrderItemId"))
        for item in items
    )


def return_events(
    item: Reader, pointer: str, ctx: MappingContext, references: tuple[str, ...], order_context: dict[str, Any],
    skus: dict[str | None, str | None],
) -> list[Event]:
    """One returned unit: RESTOCK when received Sellable, DAMAGED in any other condition, PENDING before."""
    return_id = str(item.required("sellerReturnItemId"))
    changed_at = item.time("statusChangedDate", required=True)
    condition = item.text("returnReceivedCondition")
    disposition = "PENDING" if condition is None else "RESTOCK" if condition == "Sellable" else "DAMAGED"
    order_item = item.text("sellerFulfillmentOrderItemId")
    received = ReturnReceived(
        return_id=return_id,
        lines=(ReturnLine(sku=skus.get(order_item), quantity=1, line_id=order_item),),
        disposition=disposition,
        location=item.text("fulfillmentCenterId"),
    )
    context = {**order_context, **picked(item.data, _RETURN_CONTEXT)}
    context["return_reason"] = item.text("amazonReturnReasonCode") or item.text("sellerReturnReasonCode")
    source = origin(ctx, "mcf_return_item", return_id, str(item.data["statusChangedDate"]), pointer, None, context,
                    references)
    return [source.event(received, changed_at)]
