"""EasyPost Refund objects (POST /v2/refunds, GET /v2/refunds) as shipment status facts.

A Refund states a label refund request and its status, never an amount: the money comes back through
the shipment (its refund_status "refunded" reverses the label fee, see fees.py), so a Refund maps to a
status change only. Its version is its `updated_at`, so each status it passes through is one fact.
"""

from __future__ import annotations

from typing import Any

from adapters.easypost.common import Origin, compact, reader, required_text
from adapters.toolkit import MappingContext
from canonical_model.events import Event, ShipmentStatusChanged


def refund_events(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    """REFUND_<STATUS> on the refunded shipment, with the carrier's confirmation in context."""
    r = reader(data, pointer)
    refund_id = required_text(r, "id")
    shipment_id = required_text(r, "shipment_id")
    status = required_text(r, "status")
    context = compact({
        "refund_status": status,
        "carrier": r.text("carrier"),
        "tracking_code": r.text("tracking_code"),
        "confirmation_number": r.text("confirmation_number"),
    })
    origin = Origin(ctx, "refund", refund_id, required_text(r, "updated_at"), pointer, context)
    body = ShipmentStatusChanged(shipment_id, f"REFUND_{status.upper()}")
    return [origin.event(body, r.time("updated_at", required=True))]
