"""EasyPost Insurance objects (POST /v2/insurances) as fee facts.

The insurance `amount` is the insured value, not a charge; the premium is the object's `fee`. A premium
is charged once, so its fee event takes the insurance id as version and never repeats when the
insurance is read again. The embedded tracker maps as a tracker does.
"""

from __future__ import annotations

from typing import Any

from adapters.easypost.common import FEE_CURRENCY, Origin, compact, reader, required_text, unique
from adapters.easypost.fees import fee_type
from adapters.easypost.trackers import tracker_events
from adapters.toolkit import MappingContext, Reader
from canonical_model.events import Event, FeeCharged


def insurance_events(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    """FeeCharged for a charged premium (negative once refunded), and the scans of its tracker."""
    r = reader(data, pointer)
    insurance_id = required_text(r, "id")
    references = unique([r.text("reference")])
    origin = Origin(ctx, "insurance", insurance_id, required_text(r, "updated_at"), pointer, insurance_context(r),
                    references)
    events = premium_events(r, origin, insurance_id)
    if isinstance(r.data.get("tracker"), dict):
        events += tracker_events(r.data["tracker"], f"{pointer}/tracker", ctx, r.text("shipment_id"), references)
    return events


def premium_events(r: Reader, origin: Origin, insurance_id: str) -> list[Event]:
    """The premium as stated in `fee`; nothing when no fee is stated or it was not charged."""
    fee = r.child("fee")
    if fee is None:
        return []
    kind = fee.text("type") or "InsuranceFee"
    amount = fee.money("amount", FEE_CURRENCY, required=True)
    assert amount is not None
    if fee.data.get("charged") is not True:
        return []
    tracker = r.data.get("tracker") if isinstance(r.data.get("tracker"), dict) else {}
    reference = r.text("shipment_id") or tracker.get("shipment_id") or r.text("tracking_code")
    at = r.time("created_at") or r.time("updated_at", required=True)
    context = {"easypost_fee_type": kind}
    events = [origin.event(FeeCharged(fee_type(kind), amount, reference), at, f"fee:{kind}", insurance_id, context)]
    if fee.data.get("refunded") is True:
        refunded_at = r.time("updated_at", required=True)
        events.append(origin.event(FeeCharged(fee_type(kind), -amount, reference), refunded_at,
                                   f"fee:{kind}:refunded", insurance_id, {**context, "fee_refunded": True}))
    return events


def insurance_context(r: Reader) -> dict[str, Any]:
    """Status, provider, insured value and what it covers; never the addresses."""
    return compact({
        "insurance_status": r.text("status"),
        "provider": r.text("provider"),
        "provider_id": r.text("provider_id"),
        "insured_value": r.text("amount"),
        "tracking_code": r.text("tracking_code"),
        "shipment_id": r.text("shipment_id"),
        "messages": [str(m.get("message") if isinstance(m, dict) else m) for m in r.data.get("messages") or []],
        "mode": r.text("mode"),
    })
