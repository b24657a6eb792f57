"""Fulfillment perspective: shipments (split, partial), their tracking and delivery, and returns."""

from __future__ import annotations

from dataclasses import replace

from canonical_model.events import (
    Event,
    RefundIssued,
    ReturnReceived,
    ShipmentCreated,
    ShipmentDelivered,
    ShipmentShipped,
    ShipmentStatusChanged,
)
from canonical_model.views import CommerceView, FulfillmentView, QuantityLine, ReturnView, ShipmentView

_NOT_SHIPPED = {"FAILURE", "CANCELLED", "ERROR", "VOIDED"}


def _apply_shipment_event(shipments: dict[str, ShipmentView], event: Event) -> None:
    body = event.body
    current = shipments.get(body.shipment_id) or ShipmentView(id=body.shipment_id, status="PENDING")
    if isinstance(body, ShipmentCreated):
        current = replace(
            current,
            status=body.status if current.delivered_at is None else "DELIVERED",
            lines=tuple(QuantityLine(line.sku, line.quantity) for line in body.lines) or current.lines,
            location=body.location or current.location,
            carrier=body.carrier or current.carrier,
            tracking_number=body.tracking_numbers[0] if body.tracking_numbers else current.tracking_number,
        )
    elif isinstance(body, ShipmentShipped):
        current = replace(current, shipped_at=body.shipped_at,
                          status=current.status if current.delivered_at else "SHIPPED")
    elif isinstance(body, ShipmentStatusChanged):
        current = replace(current, status=current.status if current.delivered_at else body.status)
    elif isinstance(body, ShipmentDelivered):
        current = replace(current, delivered_at=body.delivered_at, status="DELIVERED",
                          shipped_at=current.shipped_at or body.delivered_at)
    shipments[body.shipment_id] = current


def _returns(events: list[Event]) -> tuple[ReturnView, ...]:
    returns: dict[str, ReturnView] = {}
    for event in events:
        if isinstance(event.body, ReturnReceived):
            body = event.body
            status = "RECEIVED" if body.disposition == "PENDING" else "INSPECTED"
            returns[body.return_id] = ReturnView(
                id=body.return_id,
                status=status,
                disposition=body.disposition,
                lines=tuple(QuantityLine(line.sku, line.quantity) for line in body.lines),
                reason=event.context.get("return_reason") or event.context.get("note"),
            )
    return tuple(returns.values())


def _is_shipped(shipment: ShipmentView) -> bool:
    return shipment.status not in _NOT_SHIPPED and (shipment.shipped_at is not None or shipment.status == "SUCCESS")


def fulfillment_status(owed: int, shipped: int, delivered: int, cancelled: bool, returned: int) -> str:
    """Where operations stand; `owed` is what was ordered less what was refunded before it shipped."""
    if cancelled and shipped == 0:
        return "CANCELLED"
    if shipped and returned >= shipped:
        return "RETURNED"
    if shipped and returned:
        return "PARTIALLY_RETURNED"
    if owed and delivered >= owed:
        return "DELIVERED"
    if owed and shipped >= owed:
        return "FULFILLED"
    return "PARTIALLY_FULFILLED" if shipped else "UNFULFILLED"


def fulfillment_view(events: list[Event], commerce: CommerceView) -> FulfillmentView:
    """Fold sorted events into the fulfillment perspective."""
    shipments: dict[str, ShipmentView] = {}
    for event in events:
        if isinstance(event.body, (ShipmentCreated, ShipmentShipped, ShipmentStatusChanged, ShipmentDelivered)):
            _apply_shipment_event(shipments, event)
    returns = _returns(events)
    shipped = [s for s in shipments.values() if _is_shipped(s)]
    shipped_units = sum(line.quantity for s in shipped for line in s.lines)
    delivered_units = sum(line.quantity for s in shipped if s.delivered_at for line in s.lines)
    ordered_units = sum(line.quantity for line in commerce.lines)
    refunded_units = sum(line.quantity for e in events if isinstance(e.body, RefundIssued) for line in e.body.lines)
    returned_units = sum(line.quantity for ret in returns for line in ret.lines)
    owed_units = max(ordered_units - refunded_units, 0)
    cancelled = commerce.cancelled_at is not None or commerce.status == "CANCELLED"
    status = fulfillment_status(owed_units, shipped_units, delivered_units, cancelled, returned_units)
    return FulfillmentView(
        status=status,
        shipments=tuple(sorted(shipments.values(), key=lambda s: (s.shipped_at is None, str(s.shipped_at), s.id))),
        returns=returns,
        ordered_units=ordered_units,
        owed_units=owed_units,
        shipped_units=shipped_units,
        delivered_units=delivered_units,
    )
