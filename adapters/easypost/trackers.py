"""EasyPost trackers as shipment status facts.

A tracking detail never changes once the carrier scanned it, so each detail's event takes the detail's
own `datetime` as its version and "datetime status" as its key: polling the tracker again (a new
`updated_at`, more details) gives the earlier scans the same ids. The shipment is the tracker's
`shipment_id`; a tracker made from a bare tracking code (no EasyPost shipment) stands for its own
shipment, named by the tracker id, and states it (ShipmentCreated with the tracking code and carrier,
versioned by the tracker's `updated_at`), so the hub can tie it to the 3PL shipment of that number.
"""

from __future__ import annotations

from typing import Any

from adapters.easypost.common import Origin, compact, reader, required_text
from adapters.easypost.fees import stated_fee_events
from adapters.toolkit import MappingContext, Reader
from canonical_model.events import Event, ShipmentCreated, ShipmentDelivered, ShipmentShipped, ShipmentStatusChanged

# Statuses that say the carrier holds (or held) the parcel: the first of them is the shipping scan.
_CARRIER_HAS_IT = {"in_transit", "out_for_delivery", "available_for_pickup", "delivered", "return_to_sender"}


def tracker_events(data: Any, pointer: str, ctx: MappingContext, shipment_id: str | None = None,
                   references: tuple[str, ...] = ()) -> list[Event]:
    """A status change per tracking detail, shipped at the first carrier scan, delivered when EasyPost says so."""
    r = reader(data, pointer)
    tracker_id = required_text(r, "id")
    shipment = r.text("shipment_id") or shipment_id or tracker_id
    origin = Origin(ctx, "tracker", tracker_id, required_text(r, "updated_at"), pointer, tracker_context(r),
                    references)
    details = [(detail, required_text(detail, "datetime"), required_text(detail, "status"))
               for detail in r.items("tracking_details")]
    events = [] if r.text("shipment_id") or shipment_id else [standalone_shipment(r, origin, tracker_id)]
    for detail, moment, status in details:
        body = ShipmentStatusChanged(shipment, status.upper(), detail.text("message"))
        events.append(origin.event(body, detail.time("datetime", required=True), f"{moment} {status}", moment,
                                   detail_context(detail)))
    shipped = [(detail, moment) for detail, moment, status in details if status in _CARRIER_HAS_IT]
    if shipped:
        detail, moment = min(shipped, key=lambda found: found[0].time("datetime", required=True))
        shipped_at = detail.time("datetime", required=True)
        events.append(origin.event(ShipmentShipped(shipment, shipped_at), shipped_at, "shipped", moment))
    if r.text("status") == "delivered":
        events.append(delivered_event(r, origin, shipment, details))
    updated_at = r.time("updated_at", required=True)
    return events + stated_fee_events(r, origin, tracker_id, updated_at, shipment)


def standalone_shipment(r: Reader, origin: Origin, tracker_id: str) -> Event:
    """The parcel a tracker made from a bare tracking code stands for, stating that tracking number and carrier:
    the number is what ties it to the shipment of the 3PL that packed it."""
    tracking = r.text("tracking_code")
    body = ShipmentCreated(tracker_id, (r.text("status") or "unknown").upper(), (), carrier=r.text("carrier"),
                           tracking_numbers=(tracking,) if tracking else ())
    return origin.event(body, r.time("updated_at", required=True))


def delivered_event(r: Reader, origin: Origin, shipment: str, details: list[tuple[Reader, str, str]]) -> Event:
    """Delivered at the delivered scan's time; at the tracker's update time when no scan says delivered."""
    delivered = [(detail, moment) for detail, moment, status in details if status == "delivered"]
    if delivered:
        detail, moment = delivered[-1]
        at = detail.time("datetime", required=True)
        return origin.event(ShipmentDelivered(shipment, at), at, "delivered", moment)
    moment = required_text(r, "updated_at")
    at = r.time("updated_at", required=True)
    return origin.event(ShipmentDelivered(shipment, at), at, "delivered", moment,
                        {"delivered_at_from": "tracker.updated_at (no delivered tracking detail)"})


def tracker_context(r: Reader) -> dict[str, Any]:
    """The tracker's code, carrier, status and estimate; never who signed for it."""
    carrier = r.child("carrier_detail")
    return compact({
        "tracking_code": r.text("tracking_code"),
        "carrier": r.text("carrier"),
        "tracker_status": r.text("status"),
        "tracker_status_detail": r.text("status_detail"),
        "est_delivery_date": r.text("est_delivery_date"),
        "service": carrier.text("service") if carrier else None,
        "public_url": r.text("public_url"),
        "is_return": r.data.get("is_return"),
    })


def detail_context(detail: Reader) -> dict[str, Any]:
    """What one scan said and where: message, status detail, source and scan city."""
    location = detail.child("tracking_location")
    return compact({
        "status": detail.text("status"),
        "status_detail": detail.text("status_detail"),
        "message": detail.text("message"),
        "description": detail.text("description"),
        "source": detail.text("source"),
        "carrier_code": detail.text("carrier_code"),
        "scan_location": ", ".join(part for part in (
            location.text("city"), location.text("state"), location.text("country")) if part) if location else None,
    })
