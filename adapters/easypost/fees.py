"""EasyPost money facts: the bought label's postage and the `fees` a shipment, tracker or insurance states.

A label is bought once, so every money fact of a shipment takes the postage label's id as its version:
reading the same shipment again at a later `updated_at` gives the same fee ids, and the hub never counts
a label twice. Fee objects have no id; a fee is told apart by its type and amount within its object.

The postage rule: a bought label is recorded once, as `shipping_label` at `selected_rate.rate` in the
rate's currency. EasyPost's `PostageFee` is its bill for that same postage, so it is not recorded again
when the shipment has a bought label; its amount stays in context (`postage_fee`). A `PostageFee` on an
object without a bought label is recorded as `postage`.
"""

from __future__ import annotations

from datetime import datetime

from adapters.easypost.common import FEE_CURRENCY, Origin, required_text
from adapters.toolkit import PayloadError, Reader
from canonical_model.events import Event, FeeCharged
from canonical_model.money import Money

FEE_TYPES = {
    "LabelFee": "shipping_label_fee",
    "PostageFee": "postage",
    "InsuranceFee": "insurance",
    "TrackerFee": "tracking",
    "CarbonOffsetFee": "carbon_offset",
}


def fee_type(easypost_type: str) -> str:
    """The hub's fee type for an EasyPost fee type ("SomethingFee" -> "something" when not known)."""
    if easypost_type in FEE_TYPES:
        return FEE_TYPES[easypost_type]
    name = easypost_type.removesuffix("Fee") or easypost_type
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def label_rate(r: Reader) -> Money | None:
    """What the bought label cost (selected_rate.rate in its currency), None when no label was bought."""
    if r.child("postage_label") is None:
        return None
    rate = r.child("selected_rate")
    if rate is None:
        raise PayloadError(r.at("selected_rate"), "is required when a postage_label was bought")
    return rate.money("rate", required_text(rate, "currency"), required=True)


def label_fee_events(r: Reader, origin: Origin, shipment_id: str) -> list[Event]:
    """`shipping_label` at the selected rate for a bought label, and its reversal once the label is refunded."""
    amount = label_rate(r)
    if amount is None:
        return []
    label = r.child("postage_label")
    assert label is not None
    label_id = required_text(label, "id")
    bought_at = label.time("created_at") or r.time("updated_at", required=True)
    events = [origin.event(FeeCharged("shipping_label", amount, shipment_id), bought_at, "shipping_label", label_id)]
    if r.text("refund_status") == "refunded":
        refunded_at = r.time("updated_at", required=True)
        events.append(origin.event(FeeCharged("shipping_label", -amount, shipment_id), refunded_at,
                                   "shipping_label:refunded", label_id, {"refund_status": "refunded"}))
    return events


def stated_fee_events(r: Reader, origin: Origin, version: str, occurred_at: datetime, reference: str | None,
                      skip_postage: bool = False) -> list[Event]:
    """One FeeCharged per charged entry of `fees` with an amount, and a negative one for each EasyPost refunded."""
    events: list[Event] = []
    seen: dict[str, int] = {}
    for fee in r.items("fees"):
        kind = required_text(fee, "type")
        amount = fee.money("amount", FEE_CURRENCY, required=True)
        assert amount is not None
        if fee.data.get("charged") is not True or (skip_postage and kind == "PostageFee") or amount.is_zero():
            continue  # a LabelFee of 0.00000 (free plan) or a free TrackerFee charges nothing
        key = f"fee:{kind}:{amount.amount.normalize():f}"
        seen[key] = seen.get(key, 0) + 1
        key += f"#{seen[key]}" if seen[key] > 1 else ""
        context = {"easypost_fee_type": kind}
        events.append(origin.event(FeeCharged(fee_type(kind), amount, reference), occurred_at, key, version, context))
        if fee.data.get("refunded") is True:
            context["fee_refunded"] = True
            events.append(origin.event(FeeCharged(fee_type(kind), -amount, reference), occurred_at,
                                       f"{key}:refunded", version, context))
    return events


def postage_fee(r: Reader) -> str | None:
    """The PostageFee amount EasyPost states, kept in context when the label's rate already records it."""
    for fee in r.items("fees"):
        if fee.text("type") == "PostageFee":
            return fee.text("amount")
    return None
