"""An Amazon order (Orders v0) as facts: one snapshot per LastUpdateDate and, when canceled, its cancellation.

The order payload states no items (getOrderItems does), so its snapshot leaves lines None ("not
stated") and carries the stated OrderTotal. OrderStatus is upper-cased word by word (PartiallyShipped
-> PARTIALLY_SHIPPED) and Canceled is spelled CANCELLED, as the hub's statuses are; the raw status stays
in context. Address and buyer payloads carry only personal data: they are checked and map to no fact.
"""

from __future__ import annotations

import re
from typing import Any

from adapters.amazon.common import money, origin, path_of, picked, plain
from adapters.toolkit import MappingContext, Reader, SourceObject
from canonical_model.events import Event, OrderCancelled, OrderPlaced, OrderUpdated, StatedTotals

_CANCELED = {"Canceled", "Cancelled"}
# What an order says about how it was sold and is to be fulfilled; names, addresses and buyer data stay out.
_CONTEXT_FIELDS = (
    "OrderStatus", "SellerOrderId", "FulfillmentChannel", "SalesChannel", "OrderChannel", "OrderType",
    "MarketplaceId", "ShipServiceLevel", "ShipmentServiceLevelCategory", "EasyShipShipmentStatus",
    "CbaDisplayableShippingLabel", "PaymentMethod", "PaymentMethodDetails", "NumberOfItemsShipped",
    "NumberOfItemsUnshipped", "IsReplacementOrder", "ReplacedOrderId", "IsBusinessOrder", "IsPrime",
    "IsPremiumOrder", "IsGlobalExpressEnabled", "IsSoldByAB", "IsIBA", "IsISPU", "IsAccessPointOrder",
    "HasRegulatedItems", "ElectronicInvoiceStatus", "EarliestShipDate", "LatestShipDate", "EarliestDeliveryDate",
    "LatestDeliveryDate", "PromiseResponseDueDate", "IsEstimatedShipDateSet", "BuyerInvoicePreference",
)


def order_events(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """The snapshot of one order version and, for a canceled order, its cancellation."""
    r = Reader(obj.data, path_of(obj.pointer))
    order_id = str(r.required("AmazonOrderId"))
    updated_at = r.time("LastUpdateDate", required=True)
    status = str(r.required("OrderStatus"))
    source = origin(ctx, "order", order_id, str(r.data["LastUpdateDate"]), obj.pointer, order_id, order_context(r))
    placed_at = r.time("PurchaseDate")
    kind = OrderPlaced if placed_at == updated_at else OrderUpdated
    total = money(r, "OrderTotal")
    snapshot = kind(
        name=order_id,
        placed_at=placed_at,
        currency=total.currency if total else None,
        status=customer_status(status),
        stated=StatedTotals(total=total) if total else None,
        promised_delivery=r.time("LatestDeliveryDate"),
    )
    events = [source.event(snapshot, updated_at)]
    if status in _CANCELED:
        # Amazon states no cancellation time or reason on the order; the first canceled version's update time
        # stands for it, and the status as version keeps one cancellation fact across later versions.
        cancellation = OrderCancelled(reason=None, cancelled_at=updated_at)
        events.append(source.event(cancellation, updated_at, version=status, extra={"cancelled_at_from": "LastUpdateDate"}))
    return events


def customer_status(status: str) -> str:
    """OrderStatus in the hub's spelling: PartiallyShipped -> PARTIALLY_SHIPPED, Canceled -> CANCELLED."""
    if status in _CANCELED:
        return "CANCELLED"
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", status).upper()


def order_context(r: Reader) -> dict[str, Any]:
    """How the order was sold and is to be fulfilled, and what was paid how; never who bought it or where it goes."""
    context = picked(r.data, _CONTEXT_FIELDS)
    instruction = r.child("FulfillmentInstruction")
    if instruction is not None:
        context["FulfillmentSupplySourceId"] = instruction.text("FulfillmentSupplySourceId")
    automated = r.child("AutomatedShippingSettings")
    if automated is not None:
        context["AutomatedShippingSettings"] = picked(
            automated.data, ("HasAutomatedShippingSettings", "AutomatedCarrier", "AutomatedShipMethod"))
    payments = [picked(item.data, ("PaymentMethod", "Payment")) for item in r.items("PaymentExecutionDetail")]
    context["PaymentExecutionDetail"] = [payment for payment in payments if payment]
    context["OrderTotal"] = plain(r.data.get("OrderTotal"))
    return {key: value for key, value in context.items() if value not in (None, "", [], {})}


def personal_data_events(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """An order's address or buyer details: no business fact, so no event, once it names its order."""
    Reader(obj.data, path_of(obj.pointer)).required("AmazonOrderId")
    return []
