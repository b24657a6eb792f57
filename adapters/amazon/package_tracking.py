"""MCF package tracking (getPackageTrackingDetails): each carrier event as a status change or the delivery.

The shipment is the package (see fulfillment_outbound). A tracking event is immutable: its object id
is package, event code and time, its version the event time. The answer names no order, so these
facts carry no references; they join the order through the package's shipment. The recipient's
address and who signed stay in the raw payload only.
"""

from __future__ import annotations

from adapters.amazon.common import origin, path_of, picked
from adapters.toolkit import MappingContext, Reader, SourceObject
from canonical_model.events import Event, ShipmentDelivered, ShipmentStatusChanged

DELIVERED = "EVENT_301"
_STATUSES = {
    "EVENT_101": "PRE_TRANSIT",
    "EVENT_302": "OUT_FOR_DELIVERY",
    "EVENT_304": "DELIVERY_ATTEMPTED",
    "EVENT_306": "CUSTOMER_CONTACTED",
    "EVENT_307": "DELIVERY_SCHEDULED",
    "EVENT_308": "AVAILABLE_FOR_PICKUP",
    "EVENT_309": "RETURNED_TO_SELLER",
}
_PACKAGE_CONTEXT = (
    "trackingNumber", "carrierCode", "currentStatus", "currentStatusDescription", "additionalLocationInfo",
    "shipDate", "estimatedArrivalDate",
)


def event_status(code: str) -> str:
    """The hub's status for an MCF event code: known codes by name, 1xx-2xx in transit, 4xx an exception."""
    if code in _STATUSES:
        return _STATUSES[code]
    family = code.removeprefix("EVENT_")[:1]
    return {"1": "IN_TRANSIT", "2": "IN_TRANSIT", "4": "EXCEPTION"}.get(family, code)


def package_tracking_events(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """ShipmentDelivered for the delivery event, ShipmentStatusChanged (with its description) for every other."""
    r = Reader(obj.data, path_of(obj.pointer))
    package = str(r.required("packageNumber"))
    context = {"packageNumber": package, **picked(obj.data, _PACKAGE_CONTEXT)}
    events = []
    for index, tracking in enumerate(r.items("trackingEvents")):
        code = str(tracking.required("eventCode"))
        happened_at = tracking.time("eventDate", required=True)
        moment = str(tracking.data["eventDate"])
        extra = {"eventCode": code, "eventDescription": tracking.text("eventDescription")}
        source = origin(ctx, "mcf_tracking_event", f"{package}:{code}:{moment}", moment,
                        f"{obj.pointer}/trackingEvents/{index}", None, {**context, **extra})
        if code == DELIVERED:
            body: ShipmentDelivered | ShipmentStatusChanged = ShipmentDelivered(package, delivered_at=happened_at)
        else:
            body = ShipmentStatusChanged(package, event_status(code), tracking.text("eventDescription"))
        events.append(source.event(body, happened_at))
    return events
