"""The event catalogue: every meaningful change to an order, its stock and its money, as immutable facts.

An event is an envelope (identity, source, times, raw payload address, context) around a typed body.
Bodies are stored under a stable type name and a schema version, never under a Python import path.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from typing import Any, ClassVar

from canonical_model.identity import OrderRef, SourceRef, event_id
from canonical_model.money import Money


@dataclass(frozen=True)
class Discount:
    """A discount as the source gave it: code (or title), why, and the amount it took off."""

    code: str | None
    reason: str | None
    amount: Money


@dataclass(frozen=True)
class TaxLine:
    title: str
    rate: str | None
    amount: Money


@dataclass(frozen=True)
class ShippingLine:
    title: str
    code: str | None
    amount: Money
    discounts: tuple[Discount, ...] = ()


@dataclass(frozen=True)
class OrderLine:
    line_id: str
    sku: str | None
    title: str
    quantity: int
    unit_price: Money
    discounts: tuple[Discount, ...] = ()
    taxes: tuple[TaxLine, ...] = ()
    presentment_unit_price: Money | None = None


@dataclass(frozen=True)
class StatedTotals:
    """Totals exactly as the source stated them; None where the source said nothing."""

    line_items: Money | None = None
    subtotal: Money | None = None
    discounts: Money | None = None
    tax: Money | None = None
    shipping: Money | None = None
    total: Money | None = None


# ---- bodies -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderSnapshot:
    """What the channel said about the order at one version; None fields were not in the payload."""

    TYPE: ClassVar[str] = "order.snapshot"
    name: str | None = None
    placed_at: datetime | None = None
    currency: str | None = None
    presentment_currency: str | None = None
    status: str | None = None
    lines: tuple[OrderLine, ...] | None = None
    discounts: tuple[Discount, ...] | None = None
    tax_lines: tuple[TaxLine, ...] | None = None
    shipping_lines: tuple[ShippingLine, ...] | None = None
    stated: StatedTotals | None = None
    presentment_total: Money | None = None
    promised_delivery: datetime | None = None
    taxes_included: bool | None = None


@dataclass(frozen=True)
class OrderPlaced(OrderSnapshot):
    TYPE: ClassVar[str] = "order.placed"


@dataclass(frozen=True)
class OrderUpdated(OrderSnapshot):
    TYPE: ClassVar[str] = "order.updated"


@dataclass(frozen=True)
class OrderCancelled:
    TYPE: ClassVar[str] = "order.cancelled"
    reason: str | None
    cancelled_at: datetime | None = None


@dataclass(frozen=True)
class PaymentAuthorized:
    TYPE: ClassVar[str] = "payment.authorized"
    transaction_id: str
    amount: Money
    gateway: str | None = None


@dataclass(frozen=True)
class PaymentCaptured:
    TYPE: ClassVar[str] = "payment.captured"
    transaction_id: str
    amount: Money
    gateway: str | None = None
    kind: str = "capture"


@dataclass(frozen=True)
class ShipmentLine:
    sku: str | None
    quantity: int
    line_id: str | None = None


@dataclass(frozen=True)
class ShipmentCreated:
    TYPE: ClassVar[str] = "shipment.created"
    shipment_id: str
    status: str
    lines: tuple[ShipmentLine, ...]
    location: str | None = None
    carrier: str | None = None
    tracking_numbers: tuple[str, ...] = ()


@dataclass(frozen=True)
class ShipmentShipped:
    TYPE: ClassVar[str] = "shipment.shipped"
    shipment_id: str
    shipped_at: datetime


@dataclass(frozen=True)
class ShipmentStatusChanged:
    """A carrier or fulfilment status on the way (label printed, in transit, out for delivery, failure)."""

    TYPE: ClassVar[str] = "shipment.status_changed"
    shipment_id: str
    status: str
    message: str | None = None


@dataclass(frozen=True)
class ShipmentDelivered:
    TYPE: ClassVar[str] = "shipment.delivered"
    shipment_id: str
    delivered_at: datetime


@dataclass(frozen=True)
class ReturnLine:
    sku: str | None
    quantity: int
    line_id: str | None = None


@dataclass(frozen=True)
class ReturnReceived:
    """Units came back; disposition is PENDING until inspected, then RESTOCK, DAMAGED or WRITE_OFF."""

    TYPE: ClassVar[str] = "return.received"
    return_id: str
    lines: tuple[ReturnLine, ...]
    disposition: str = "PENDING"
    location: str | None = None


@dataclass(frozen=True)
class RefundLine:
    sku: str | None
    quantity: int
    amount: Money
    line_id: str | None = None
    restock: bool = False


@dataclass(frozen=True)
class RefundIssued:
    TYPE: ClassVar[str] = "refund.issued"
    refund_id: str
    amount: Money
    lines: tuple[RefundLine, ...] = ()
    shipping: Money | None = None
    tax: Money | None = None
    adjustments: Money | None = None
    # The payment processor's id of the money sent back (Stripe's re_...), as the channel and the processor
    # both state it: one refund seen by both is counted once.
    payment_refund_id: str | None = None


@dataclass(frozen=True)
class FeeCharged:
    TYPE: ClassVar[str] = "fee.charged"
    fee_type: str
    amount: Money
    reference: str | None = None


@dataclass(frozen=True)
class SettlementLineRecorded:
    """One line of a payout or settlement report; amount signed as the source signs it (credits positive)."""

    TYPE: ClassVar[str] = "settlement.line"
    settlement_id: str
    line_id: str
    line_type: str
    amount: Money
    description: str | None = None
    order_external_id: str | None = None
    sku: str | None = None
    fee: Money | None = None
    # Tax the channel collected from the buyer and remits itself (a marketplace facilitator): never the
    # seller's money, so it is no part of what the channel owes the seller.
    remitted_tax: bool = False


@dataclass(frozen=True)
class PayoutRecorded:
    TYPE: ClassVar[str] = "payout.recorded"
    payout_id: str
    amount: Money
    status: str
    deposit_date: datetime | None = None
    period_start: datetime | None = None
    period_end: datetime | None = None


# ---- envelope -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """One immutable fact with its whole context.

    `recorded_at` and `period` are set by the hub when it appends the event; `key` tells apart several
    facts of one source object version (two refunds nested in one order payload). `references` are the
    order references a non-channel system carries (order names and numbers, marketplace order ids,
    invoice references): the hub matches them to an order when `order` is not known to the source.
    """

    body: Any
    source: SourceRef
    occurred_at: datetime
    order: OrderRef | None = None
    key: str = ""
    context: dict[str, Any] = field(default_factory=dict)
    references: tuple[str, ...] = ()
    payload_hash: str | None = None
    payload_pointer: str = ""
    recorded_at: datetime | None = None
    period: str | None = None

    @property
    def type(self) -> str:
        return self.body.TYPE

    @cached_property
    def id(self) -> str:
        return event_id(self.source, self.type, self.key)

    @property
    def order_id(self) -> str | None:
        return self.order.order_id if self.order else None

    def recorded(self, at: datetime, period: str | None = None) -> Event:
        return replace(self, recorded_at=at, period=period)
