"""An eBay order (Fulfillment API getOrders / getOrder) as facts: one snapshot per version and its cancellation.

An order's version is its `lastModifiedDate`; the version whose `creationDate` equals it is the order
as placed. Totals are pricingSummary's as stated, with one change of sign: eBay states `priceDiscount`
as a negative amount, the canonical discount total is what the discounts took off (positive); the
signed figure stays in context. `priceSubtotal` is before discounts, so it is the line-item total and
the subtotal after discounts is left to the hub. The buyer stays in the raw payload only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from adapters.ebay import order_lines
from adapters.ebay.common import (
    Origin,
    amount,
    converted_from,
    identifier,
    origin,
    path_of,
    stated_text,
    texts,
    without_empty,
)
from adapters.toolkit import MappingContext, PayloadError, Reader, SourceObject
from canonical_model.events import Event, OrderCancelled, OrderPlaced, OrderUpdated, StatedTotals
from canonical_model.identity import short_hash

_FULFILLMENT_STATUS = {"NOT_STARTED": "UNFULFILLED", "IN_PROGRESS": "PARTIALLY_FULFILLED", "FULFILLED": "FULFILLED"}
_PAYMENT_STATUS = {
    "FULLY_REFUNDED": "REFUNDED", "PARTIALLY_REFUNDED": "PARTIALLY_REFUNDED", "PENDING": "PAYMENT_PENDING",
    "FAILED": "PAYMENT_FAILED",
}


def order_events(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """The snapshot of an order version, and its cancellation when eBay says it is cancelled."""
    r = Reader(obj.data, path_of(obj.pointer))
    order_id = identifier(r, "orderId")
    modified = r.time("lastModifiedDate", required=True)
    assert modified is not None
    currency = order_currency(r)
    source = origin(ctx, "order", order_id, str(r.data["lastModifiedDate"]), obj.pointer, order_id, order_context(r))
    kind = OrderPlaced if r.time("creationDate") == modified else OrderUpdated
    events = [source.event(kind(**snapshot_fields(r, currency)), modified)]
    cancellation = cancellation_event(r, source, modified)
    return events + ([cancellation] if cancellation else [])


def order_currency(r: Reader) -> str | None:
    """The order's currency: that of pricingSummary.total, required as soon as the order states amounts."""
    summary = r.child("pricingSummary")
    total = summary.child("total") if summary else None
    if total is not None:
        return str(total.required("currency"))
    if "lineItems" in r.data or summary is not None:
        raise PayloadError(r.at("pricingSummary.total"), "is required to read the order's amounts")
    return None


def snapshot_fields(r: Reader, currency: str | None) -> dict[str, Any]:
    """What the order version states; fields it leaves out stay None ("not stated")."""
    summary = r.child("pricingSummary")
    instruction = first_instruction(r)
    fields: dict[str, Any] = {
        "name": identifier(r, "orderId"),
        "placed_at": r.time("creationDate"),
        "currency": currency,
        "status": customer_status(r),
        "promised_delivery": instruction.time("maxEstimatedDeliveryDate") if instruction else None,
    }
    presentment = converted_from(summary, "total") if summary else None
    if presentment is not None:
        fields["presentment_currency"] = presentment.currency
        fields["presentment_total"] = presentment
    if currency is not None and "lineItems" in r.data:
        lines = order_lines.order_lines(r, currency)
        fields["lines"] = lines
        fields["discounts"] = order_lines.order_discounts(lines, currency)
        fields["tax_lines"] = order_lines.order_tax_lines(lines, currency)
        fields["shipping_lines"] = order_lines.shipping_lines(r, currency, shipping_service(instruction))
    if currency is not None and summary is not None:
        fields["stated"] = stated_totals(summary, currency)
    return fields


def stated_totals(summary: Reader, currency: str) -> StatedTotals:
    """pricingSummary as stated; priceDiscount turned into the (positive) amount the discounts took off."""
    discount = amount(summary, "priceDiscount", currency)
    return StatedTotals(
        line_items=amount(summary, "priceSubtotal", currency),
        discounts=-discount if discount is not None else None,
        tax=amount(summary, "tax", currency),
        shipping=amount(summary, "deliveryCost", currency),
        total=amount(summary, "total", currency),
    )


def customer_status(r: Reader) -> str | None:
    """CANCELLED, else what the payment status says of refunds or a pending/failed payment, else fulfillment."""
    cancel = r.child("cancelStatus")
    if cancel is not None and cancel.text("cancelState") == "CANCELED":
        return "CANCELLED"
    payment = r.text("orderPaymentStatus")
    if payment in _PAYMENT_STATUS:
        return _PAYMENT_STATUS[payment]
    fulfillment = r.text("orderFulfillmentStatus")
    return _FULFILLMENT_STATUS.get(fulfillment, fulfillment) if fulfillment else None


def cancellation_event(r: Reader, source: Origin, modified: datetime) -> Event | None:
    """OrderCancelled with the cancel requests' reasons when cancelState is CANCELED."""
    # Versioned by the cancellation date so that later order versions restate the same fact; getOrders
    # leaves cancelRequests empty where getOrder fills them, so the reason is part of the key.
    cancel = r.child("cancelStatus")
    if cancel is None or cancel.text("cancelState") != "CANCELED":
        return None
    requests = cancel.items("cancelRequests")
    reasons = list(dict.fromkeys(req.text("cancelReason") for req in requests if req.text("cancelReason")))
    reason = "; ".join(reasons) or None
    completed = [req.time("cancelCompletedDate") for req in requests if req.time("cancelCompletedDate")]
    cancelled_at = cancel.time("cancelledDate") or (max(completed) if completed else None)
    version = cancel.text("cancelledDate") or str(r.data["lastModifiedDate"])
    extra = {
        "cancel_initiators": list(dict.fromkeys(req.text("cancelInitiator") for req in requests
                                                if req.text("cancelInitiator"))),
        "cancel_request_states": [req.text("cancelRequestState") for req in requests if req.text("cancelRequestState")],
    }
    body = OrderCancelled(reason=reason, cancelled_at=cancelled_at)
    return source.event(body, cancelled_at or modified, version=version,
                        key=short_hash(reason) if reason else "", extra=extra)


def first_instruction(r: Reader) -> Reader | None:
    """The order's fulfillment start instructions (eBay returns one set today)."""
    instructions = r.items("fulfillmentStartInstructions")
    return instructions[0] if instructions else None


def shipping_service(instruction: Reader | None) -> str | None:
    step = instruction.child("shippingStep") if instruction else None
    return step.text("shippingServiceCode") if step else None


def order_context(r: Reader) -> dict[str, Any]:
    """Every status and reason the order states; the buyer and addresses stay in the raw payload only."""
    summary = r.child("pricingSummary")
    cancel = r.child("cancelStatus")
    return without_empty({
        "orderFulfillmentStatus": r.text("orderFulfillmentStatus"),
        "orderPaymentStatus": r.text("orderPaymentStatus"),
        "cancelState": cancel.text("cancelState") if cancel else None,
        "cancel_reasons": [q.text("cancelReason") for q in cancel.items("cancelRequests") if q.text("cancelReason")]
        if cancel else None,
        "legacyOrderId": r.text("legacyOrderId"),
        "salesRecordReference": r.text("salesRecordReference"),
        "buyerCheckoutNotes": r.text("buyerCheckoutNotes"),
        "ebayCollectAndRemitTax": r.data.get("ebayCollectAndRemitTax") or None,
        "fulfillmentHrefs": texts(r, "fulfillmentHrefs"),
        **summary_context(summary),
        "totalFeeBasisAmount": stated_text(r, "totalFeeBasisAmount"),
        "totalMarketplaceFee": stated_text(r, "totalMarketplaceFee"),
        **payment_context(r.child("paymentSummary")),
        **instruction_context(first_instruction(r)),
        "program": sorted(r.data["program"]) if isinstance(r.data.get("program"), dict) else None,
        "lines": [order_lines.line_context(line) for line in r.items("lineItems")],
    })


def summary_context(summary: Reader | None) -> dict[str, Any]:
    """pricingSummary figures with no place in the totals, signed as eBay signs them."""
    if summary is None:
        return {}
    return {
        "priceDiscount": stated_text(summary, "priceDiscount"),
        "deliveryDiscount": stated_text(summary, "deliveryDiscount"),
        "adjustment": stated_text(summary, "adjustment"),
        "fee": stated_text(summary, "fee"),
    }


def payment_context(payments: Reader | None) -> dict[str, Any]:
    """Payment statuses, holds and their reasons, and refunds, as paymentSummary states them."""
    if payments is None:
        return {}
    return {
        "totalDueSeller": stated_text(payments, "totalDueSeller"),
        "payments": [without_empty({
            "paymentMethod": p.text("paymentMethod"), "paymentStatus": p.text("paymentStatus"),
            "paymentReferenceId": p.text("paymentReferenceId"), "paymentDate": p.text("paymentDate"),
            "amount": stated_text(p, "amount"),
            "holds": [without_empty({"holdReason": h.text("holdReason"), "holdState": h.text("holdState"),
                               "holdAmount": stated_text(h, "holdAmount"),
                               "expectedReleaseDate": h.text("expectedReleaseDate")})
                      for h in p.items("paymentHolds")],
        }) for p in payments.items("payments")],
        "refunds": [without_empty({
            "refundId": f.text("refundId"), "refundStatus": f.text("refundStatus"), "refundDate": f.text("refundDate"),
            "amount": stated_text(f, "amount"), "refundReferenceId": f.text("refundReferenceId"),
        }) for f in payments.items("refunds")],
    }


def instruction_context(instruction: Reader | None) -> dict[str, Any]:
    """How eBay expects the order to be fulfilled: instruction type, service and delivery window."""
    if instruction is None:
        return {}
    return {
        "fulfillmentInstructionsType": instruction.text("fulfillmentInstructionsType"),
        "ebaySupportedFulfillment": instruction.data.get("ebaySupportedFulfillment"),
        "shippingServiceCode": shipping_service(instruction),
        "shippingCarrierCode": (instruction.child("shippingStep") or Reader({}, "")).text("shippingCarrierCode"),
        "minEstimatedDeliveryDate": instruction.text("minEstimatedDeliveryDate"),
        "maxEstimatedDeliveryDate": instruction.text("maxEstimatedDeliveryDate"),
    }
