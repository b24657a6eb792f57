"""Shippo transactions (label purchases) as shipment and label fee facts.

A transaction is the shipment: its id is the transaction's `object_id` and its version `object_updated`.
The label's price is known only when the transaction embeds its Rate (`expand=rate`, which states the
service flat as `servicelevel_name` / `servicelevel_token`; amounts are decimal strings);
a transaction naming its rate by id states no price, and none is guessed. A label is bought once, so
its fee takes the transaction id as version: reading the transaction again never counts it twice.
Shippo's SUCCESS means the label was bought, not that anything shipped, so it is recorded as
LABEL_PURCHASED (the raw status stays in context).
"""

from __future__ import annotations

from typing import Any

from adapters.shippo.common import Origin, compact, message_texts, reader, required_text, unique
from adapters.toolkit import MappingContext, Reader
from canonical_model.events import Event, FeeCharged, ShipmentCreated
from canonical_model.money import Money

_BOUGHT = {"SUCCESS", "REFUNDED", "REFUNDPENDING", "REFUNDREJECTED"}
_STATUS_NAMES = {"SUCCESS": "LABEL_PURCHASED"}


def transaction_events(data: Any, pointer: str, ctx: MappingContext, references: tuple[str, ...] = (),
                       context: dict[str, Any] | None = None) -> list[Event]:
    """ShipmentCreated for the label purchase, and `shipping_label` when its rate's amount is known."""
    r = reader(data, pointer)
    transaction_id = required_text(r, "object_id")
    version = r.text("object_updated") or required_text(r, "object_created")
    updated_at = r.time("object_updated") or r.time("object_created", required=True)
    refs = unique([r.text("metadata"), *order_references(r), *references])
    origin = Origin(ctx, "transaction", transaction_id, version, pointer,
                    {**transaction_context(r), **(context or {})}, refs)
    rate = embedded_rate(r)
    tracking = r.text("tracking_number")
    body = ShipmentCreated(
        shipment_id=transaction_id,
        status=shipment_status(r),
        lines=(),
        carrier=rate.text("provider") if rate else None,
        tracking_numbers=(tracking,) if tracking else (),
    )
    return [origin.event(body, updated_at), *label_fee_events(r, origin, transaction_id)]


def label_fee_events(r: Reader, origin: Origin, transaction_id: str) -> list[Event]:
    """The label's price once bought, and its reversal when Shippo refunded the label."""
    rate = embedded_rate(r)
    status = required_text(r, "status").upper()
    if rate is None or status not in _BOUGHT:
        return []
    amount = rate.money("amount", required_text(rate, "currency"), required=True)
    assert isinstance(amount, Money)
    bought_at = r.time("object_created", required=True)
    events = [origin.event(FeeCharged("shipping_label", amount, transaction_id), bought_at, "shipping_label",
                           transaction_id)]
    if status == "REFUNDED":
        refunded_at = r.time("object_updated") or bought_at
        events.append(origin.event(FeeCharged("shipping_label", -amount, transaction_id), refunded_at,
                                   "shipping_label:refunded", transaction_id))
    return events


def shipment_status(r: Reader) -> str:
    """The carrier's tracking status when it knows one, else the purchase status."""
    tracking = tracking_status(r)
    if tracking and tracking.upper() != "UNKNOWN":
        return tracking.upper()
    status = required_text(r, "status").upper()
    return _STATUS_NAMES.get(status, status)


def tracking_status(r: Reader) -> str | None:
    """`tracking_status` as text: newer answers state a word, older ones a status object."""
    value = r.data.get("tracking_status")
    if isinstance(value, dict):
        status = value.get("status")
        return str(status) if status else None
    return str(value) if value else None


def embedded_rate(r: Reader) -> Reader | None:
    """The Rate object when the transaction embeds it; None when it names the rate by id only."""
    return r.child("rate") if isinstance(r.data.get("rate"), dict) else None


def order_references(r: Reader) -> list[str | None]:
    """The order number of an embedded Shippo order (an order id alone is Shippo's, kept in context)."""
    order = r.data.get("order")
    return [str(order.get("order_number") or "") or None] if isinstance(order, dict) else []


def transaction_context(r: Reader) -> dict[str, Any]:
    """Purchase and tracking status, service, rate, carrier messages; never the owner's login."""
    rate = embedded_rate(r)
    service = rate.child("servicelevel") if rate else None
    order = r.data.get("order")
    return compact({
        "transaction_status": r.text("status"),
        "object_state": r.text("object_state"),
        "tracking_status": tracking_status(r),
        "tracking_url_provider": r.text("tracking_url_provider"),
        "eta": r.text("eta"),
        "rate_id": rate.text("object_id") if rate else r.text("rate"),
        "service": service.text("name") if service else rate.text("servicelevel_name") if rate else None,
        "servicelevel_token": service.text("token") if service else rate.text("servicelevel_token") if rate else None,
        "parcel_id": r.text("parcel") if not isinstance(r.data.get("parcel"), dict) else None,
        "shippo_order_id": order if isinstance(order, str) else None,
        "messages": message_texts(r),
        "test": r.data.get("test"),
    })
