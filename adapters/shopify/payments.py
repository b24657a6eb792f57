"""Shopify money objects as facts: order transactions, Shopify Payments payouts and their balance transactions.

Amounts are in the currency the object states; a transaction that states none is refused rather
than guessed. Refund transactions are covered by their refund, so they map to no event here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from adapters.shopify.common import identifier, origin, path_of, without_empty
from adapters.toolkit import MappingContext, PayloadError, Reader, SourceObject
from canonical_model.events import Event, PaymentAuthorized, PaymentCaptured, PayoutRecorded, SettlementLineRecorded

_CAPTURES = {"sale", "capture"}


def transaction_events(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """PaymentCaptured for a successful sale or capture, PaymentAuthorized for a successful authorization."""
    r = Reader(obj.data, path_of(obj.pointer))
    kind = r.text("kind")
    if r.text("status") not in (None, "success") or kind not in _CAPTURES | {"authorization"}:
        return []
    transaction_id = identifier(r, "id")
    currency = r.text("currency")
    if currency is None:
        raise PayloadError(r.at("currency"), "is required: the hub does not guess what currency an amount is in")
    money = r.money("amount", currency, required=True)
    gateway = r.text("gateway")
    if kind in _CAPTURES:
        body: Any = PaymentCaptured(transaction_id, money, gateway, kind=str(kind))
    else:
        body = PaymentAuthorized(transaction_id, money, gateway)
    occurred_at = r.time("processed_at") or r.time("created_at", required=True)
    order_id = identifier(r, "order_id")
    source = origin(ctx, "transaction", transaction_id, transaction_id, obj.pointer, order_id, transaction_context(r))
    return [source.event(body, occurred_at)]


def transaction_context(r: Reader) -> dict[str, Any]:
    """What a transaction says about the payment besides its amount: kind, status, gateway and its message."""
    return without_empty({
        "kind": r.text("kind"),
        "status": r.text("status"),
        "gateway": r.text("gateway"),
        "message": r.text("message"),
        "error_code": r.text("error_code"),
        "source_name": r.text("source_name"),
        "parent_id": r.optional_id("parent_id"),
        "test": r.data.get("test") or None,
        "currency_exchange_adjustment": r.data.get("currency_exchange_adjustment"),
    })


def payout_events(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """PayoutRecorded; its version is its status, so each status a payout passes through is one fact."""
    r = Reader(obj.data, path_of(obj.pointer))
    payout_id = identifier(r, "id")
    status = str(r.required("status"))
    deposit_date = day(r, "date")
    body = PayoutRecorded(
        payout_id=payout_id,
        amount=r.money("amount", str(r.required("currency")), required=True),
        status=status.upper(),
        deposit_date=deposit_date,
    )
    summary = r.child("summary")
    context = {"status": status, "summary": dict(summary.data) if summary else None}
    source = origin(ctx, "payout", payout_id, status, obj.pointer, None, context)
    return [source.event(body, deposit_date)]


def day(r: Reader, name: str) -> datetime:
    """A calendar date field as midnight UTC."""
    value = str(r.required(name))
    try:
        return datetime.combine(date.fromisoformat(value[:10]), datetime.min.time(), tzinfo=UTC)
    except ValueError as error:
        raise PayloadError(r.at(name), f"{value!r} is not an ISO 8601 date") from error


def payout_transaction_events(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """SettlementLineRecorded for a balance transaction paid out in a payout; none while it awaits one.

    The amount is gross and signed as Shopify signs it (credits positive); the fee is as Shopify
    states it (net = amount - fee).
    """
    r = Reader(obj.data, path_of(obj.pointer))
    line_id = identifier(r, "id")
    payout_id = r.optional_id("payout_id")
    if payout_id is None:
        return []
    currency = str(r.required("currency"))
    order_id = r.optional_id("source_order_id")
    body = SettlementLineRecorded(
        settlement_id=payout_id,
        line_id=line_id,
        line_type=str(r.required("type")),
        amount=r.money("amount", currency, required=True),
        description=r.text("source_type"),
        order_external_id=order_id,
        fee=r.money("fee", currency),
    )
    version = str(r.required("payout_status"))
    source = origin(ctx, "payout_transaction", line_id, version, obj.pointer, order_id, payout_line_context(r))
    return [source.event(body, r.time("processed_at", required=True))]


def payout_line_context(r: Reader) -> dict[str, Any]:
    """Where a balance transaction comes from (source type and ids) and its net amount."""
    return without_empty({
        "type": r.text("type"),
        "source_type": r.text("source_type"),
        "source_id": r.optional_id("source_id"),
        "source_order_transaction_id": r.optional_id("source_order_transaction_id"),
        "net": r.text("net"),
        "payout_status": r.text("payout_status"),
        "test": r.data.get("test") or None,
    })
