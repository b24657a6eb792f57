"""EasyPost shipments (rated, bought, insured, refund requested) as shipment and fee facts.

The shipment itself is versioned by `updated_at`; its money facts by the postage label (see fees.py)
and its scans by the embedded tracker's details (see trackers.py), so every reading of one shipment
converges on the same events. EasyPost knows parcels, not order lines: lines are empty and the parcel
is kept in context.
"""

from __future__ import annotations

from typing import Any

from adapters.easypost.common import Origin, compact, message_texts, reader, required_text, shipment_references, unique
from adapters.easypost.fees import label_fee_events, label_rate, postage_fee, stated_fee_events
from adapters.easypost.trackers import tracker_events
from adapters.toolkit import MappingContext, Reader
from canonical_model.events import Event, ShipmentCreated, ShipmentStatusChanged

_PARCEL_FIELDS = ("length", "width", "height", "weight", "predefined_package")


def shipment_events(data: Any, pointer: str, ctx: MappingContext, references: tuple[str, ...] = (),
                    context: dict[str, Any] | None = None) -> list[Event]:
    """ShipmentCreated, the label's fees, the refund status and the embedded tracker's scans of one shipment."""
    r = reader(data, pointer)
    shipment_id = required_text(r, "id")
    updated_at = r.time("updated_at", required=True)
    refs = unique([*shipment_references(r), *references])
    origin = Origin(ctx, "shipment", shipment_id, required_text(r, "updated_at"), pointer,
                    {**shipment_context(r), **(context or {})}, refs)
    events = [origin.event(shipment_created(r, shipment_id), updated_at)]
    refund_status = r.text("refund_status")
    if refund_status:
        body = ShipmentStatusChanged(shipment_id, f"REFUND_{refund_status.upper()}")
        events.append(origin.event(body, updated_at, "refund_status"))
    events += label_fee_events(r, origin, shipment_id)
    label = r.child("postage_label")
    version = required_text(label, "id") if label else shipment_id
    events += stated_fee_events(r, origin, version, updated_at, shipment_id, skip_postage=label is not None)
    if isinstance(r.data.get("tracker"), dict):
        events += tracker_events(r.data["tracker"], f"{pointer}/tracker", ctx, shipment_id, refs)
    return events


def shipment_created(r: Reader, shipment_id: str) -> ShipmentCreated:
    """The shipment as this version states it: status, carrier of the chosen rate and tracking code."""
    rate = r.child("selected_rate")
    tracking = r.text("tracking_code")
    return ShipmentCreated(
        shipment_id=shipment_id,
        status=shipment_status(r),
        lines=(),
        carrier=rate.text("carrier") if rate else None,
        tracking_numbers=(tracking,) if tracking else (),
    )


def shipment_status(r: Reader) -> str:
    """The tracker's status when it knows one, else LABEL_PURCHASED once bought, RATED or CREATED before."""
    tracker = r.child("tracker")
    status = tracker.text("status") if tracker else None
    if status and status != "unknown":
        return status.upper()
    if r.child("postage_label") is not None:
        return "LABEL_PURCHASED"
    return "RATED" if r.data.get("rates") else "CREATED"


def shipment_context(r: Reader) -> dict[str, Any]:
    """Service, rates beside the one paid, parcel, insured value, refund and batch state, and messages."""
    rate = r.child("selected_rate")
    label = r.child("postage_label")
    parcel = r.child("parcel")
    amount = label_rate(r)
    fee = postage_fee(r)
    return compact({
        "shipment_status": r.text("status"),
        "service": rate.text("service") if rate else None,
        "rate_id": rate.text("id") if rate else None,
        "billing_type": rate.text("billing_type") if rate else None,
        "retail_rate": rate.text("retail_rate") if rate else None,
        "list_rate": rate.text("list_rate") if rate else None,
        "postage_label_id": label.text("id") if label else None,
        "label_date": label.text("label_date") if label else None,
        "postage_fee": fee if amount is not None else None,
        "parcel": {name: parcel.data.get(name) for name in _PARCEL_FIELDS if parcel.data.get(name) is not None}
        if parcel else None,
        "insured_value": r.text("insurance"),
        "refund_status": r.text("refund_status"),
        "batch_id": r.text("batch_id"),
        "batch_status": r.text("batch_status"),
        "batch_message": r.text("batch_message"),
        "easypost_order_id": r.text("order_id"),
        "is_return": r.data.get("is_return"),
        "mode": r.text("mode"),
        "usps_zone": r.text("usps_zone"),
        "messages": message_texts(r),
    })
