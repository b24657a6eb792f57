"""Shippo tracks (GET /tracks/<carrier>/<number>, track_updated webhooks) as shipment status facts.

A tracking event never changes once the carrier stated it, so each takes its own `status_date` as
version and "status_date status" as key: the current `tracking_status` and the same entry in
`tracking_history` share one id, and polling again never repeats a scan. The shipment is the track's
`transaction` (the label purchase) when Shippo shows it, else the tracking number.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from adapters.shippo.common import Origin, compact, content_version, reader, required_text, unique
from adapters.toolkit import MappingContext, PayloadError, Reader
from canonical_model.events import Event, ShipmentDelivered, ShipmentShipped, ShipmentStatusChanged

# Statuses that say the carrier holds (or held) the parcel: the first of them is the shipping scan.
_CARRIER_HAS_IT = {"TRANSIT", "DELIVERED", "RETURNED"}


def track_events(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    """A status change per tracking event, shipped at the first carrier scan, delivered when DELIVERED."""
    r = reader(data, pointer)
    number = required_text(r, "tracking_number")
    shipment = r.text("transaction") or number
    origin = Origin(ctx, "track", number, content_version(data), pointer, track_context(r),
                    unique([r.text("metadata")]))
    entries = tracking_entries(r)
    events = []
    for entry, moment, status in entries:
        body = ShipmentStatusChanged(shipment, status, entry.text("status_details"))
        events.append(origin.event(body, entry_time(entry), f"{moment} {status}", moment, entry_context(entry)))
    shipped = [(entry, moment) for entry, moment, status in entries if status in _CARRIER_HAS_IT]
    if shipped:
        entry, moment = min(shipped, key=lambda found: entry_time(found[0]))
        events.append(origin.event(ShipmentShipped(shipment, entry_time(entry)), entry_time(entry), "shipped", moment))
    delivered = [(entry, moment) for entry, moment, status in entries if status == "DELIVERED"]
    current = r.child("tracking_status")
    if delivered and current is not None and str(current.data.get("status") or "").upper() == "DELIVERED":
        entry, moment = delivered[-1]
        events.append(origin.event(ShipmentDelivered(shipment, entry_time(entry)), entry_time(entry), "delivered",
                                   moment))
    return events


def tracking_entries(r: Reader) -> list[tuple[Reader, str, str]]:
    """The history's entries, then the current status when the history does not state it yet."""
    entries = [(entry, entry_moment(entry), required_text(entry, "status").upper())
               for entry in r.items("tracking_history")]
    current = r.child("tracking_status")
    if current is not None:
        found = (current, entry_moment(current), required_text(current, "status").upper())
        if (found[1], found[2]) not in {(moment, status) for _, moment, status in entries}:
            entries.append(found)
    return entries


def entry_moment(entry: Reader) -> str:
    """When the carrier says it happened (`status_date`), else when Shippo recorded it."""
    moment = entry.text("status_date") or entry.text("object_created")
    if moment is None:
        raise PayloadError(entry.at("status_date"), "is required")
    return moment


def entry_time(entry: Reader) -> datetime:
    """The moment of a tracking event as a timezone-aware time."""
    return entry.time("status_date") or entry.time("object_created", required=True)


def track_context(r: Reader) -> dict[str, Any]:
    """Carrier, tracking number, service and estimates; never the addresses."""
    service = r.child("servicelevel")
    return compact({
        "carrier": r.text("carrier"),
        "tracking_number": r.text("tracking_number"),
        "eta": r.text("eta"),
        "original_eta": r.text("original_eta"),
        "service": service.text("name") if service else None,
        "servicelevel_token": service.text("token") if service else None,
        "transaction": r.text("transaction"),
        "messages": [str(message) for message in r.data.get("messages") or []],
    })


def entry_context(entry: Reader) -> dict[str, Any]:
    """What one tracking event said and where: details, substatus and scan city."""
    location = entry.child("location")
    substatus = entry.child("substatus")
    return compact({
        "status": entry.text("status"),
        "status_details": entry.text("status_details"),
        "substatus": substatus.text("code") if substatus else None,
        "substatus_text": substatus.text("text") if substatus else None,
        "action_required": substatus.data.get("action_required") if substatus else None,
        "tracking_event_id": entry.text("object_id"),
        "scan_location": ", ".join(part for part in (
            location.text("city"), location.text("state"), location.text("country")) if part) if location else None,
    })
