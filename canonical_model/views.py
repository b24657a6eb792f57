"""The three perspectives of one order, plus completion and findings: plain values the folds produce."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from canonical_model.events import Discount, ShippingLine, TaxLine
from canonical_model.money import Money


@dataclass(frozen=True)
class CommerceLine:
    line_id: str
    sku: str | None
    title: str
    quantity: int
    unit_price: Money
    discounts: tuple[Discount, ...] = ()


@dataclass(frozen=True)
class CommerceView:
    """What the customer was promised."""

    name: str | None = None
    placed_at: datetime | None = None
    status: str | None = None
    currency: str | None = None
    presentment_currency: str | None = None
    lines: tuple[CommerceLine, ...] = ()
    discounts: tuple[Discount, ...] = ()
    tax_lines: tuple[TaxLine, ...] = ()
    shipping_lines: tuple[ShippingLine, ...] = ()
    subtotal: Money | None = None
    discount_total: Money | None = None
    tax_total: Money | None = None
    shipping_total: Money | None = None
    total: Money | None = None
    presentment_total: Money | None = None
    promised_delivery: datetime | None = None
    cancelled_at: datetime | None = None
    cancel_reason: str | None = None


@dataclass(frozen=True)
class QuantityLine:
    sku: str | None
    quantity: int


@dataclass(frozen=True)
class ShipmentView:
    id: str
    status: str
    lines: tuple[QuantityLine, ...] = ()
    location: str | None = None
    carrier: str | None = None
    tracking_number: str | None = None
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None


@dataclass(frozen=True)
class ReturnView:
    id: str
    status: str
    disposition: str
    lines: tuple[QuantityLine, ...] = ()
    reason: str | None = None
    received_at: datetime | None = None
    inspected_at: datetime | None = None
    location: str | None = None


@dataclass(frozen=True)
class FulfillmentView:
    """What operations executed."""

    status: str = "UNFULFILLED"
    shipments: tuple[ShipmentView, ...] = ()
    returns: tuple[ReturnView, ...] = ()
    ordered_units: int = 0
    owed_units: int = 0
    shipped_units: int = 0
    delivered_units: int = 0


@dataclass(frozen=True)
class FeeView:
    type: str
    amount: Money
    source: str


@dataclass(frozen=True)
class JournalLine:
    account: str
    debit: Money
    credit: Money


@dataclass(frozen=True)
class JournalEntry:
    id: str
    period: str
    posted_at: datetime
    memo: str
    lines: tuple[JournalLine, ...]


@dataclass(frozen=True)
class PeriodAmounts:
    """What one accounting period (YYYY-MM) holds of an order: recognised revenue, COGS, fees and refunds."""

    period: str
    revenue: Money
    cogs: Money
    fees: Money
    refunds: Money


@dataclass(frozen=True)
class LineMargin:
    """One order line's recognised revenue less its refunds and COGS (before order-level fees and shipping)."""

    line_id: str
    sku: str | None
    quantity: int
    revenue: Money
    refunds: Money
    cogs: Money | None
    margin: Money | None


@dataclass(frozen=True)
class FinanceView:
    """What is recorded and settled."""

    currency: str | None = None
    gross_revenue: Money | None = None
    discount_total: Money | None = None
    tax_total: Money | None = None
    shipping_revenue: Money | None = None
    refund_total: Money | None = None
    refunds_without_tax: Money | None = None
    fee_total: Money | None = None
    cogs: Money | None = None
    margin: Money | None = None
    net_expected: Money | None = None
    settled_net: Money | None = None
    captured: Money | None = None
    fees: tuple[FeeView, ...] = ()
    journal_entries: tuple[JournalEntry, ...] = ()
    recognition_policy: str | None = None
    recognised_revenue: Money | None = None
    deferred_revenue: Money | None = None
    periods: tuple[PeriodAmounts, ...] = ()
    lines: tuple[LineMargin, ...] = ()
    cogs_unknown: tuple[str, ...] = ()
    first_settled_at: datetime | None = None
    last_settled_at: datetime | None = None


@dataclass(frozen=True)
class Completion:
    delivered: bool
    inventory_settled: bool
    money_settled: bool
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return self.delivered and self.inventory_settled and self.money_settled


@dataclass(frozen=True)
class Finding:
    """A gap or contradiction found by a rule; the hub turns it into a tracked discrepancy."""

    kind: str
    key: str
    severity: str
    classification: str
    explanation: str
    amount: Money | None = None
    event_ids: tuple[str, ...] = ()
    quantity: int | None = None
    order_id: str | None = None


@dataclass(frozen=True)
class OrderView:
    order_id: str
    channel: str
    account: str
    external_id: str
    commerce: CommerceView = field(default_factory=CommerceView)
    fulfillment: FulfillmentView = field(default_factory=FulfillmentView)
    finance: FinanceView = field(default_factory=FinanceView)
    completion: Completion = field(default_factory=lambda: Completion(False, False, False, ("order placement",)))
    findings: tuple[Finding, ...] = ()
    last_occurred_at: datetime | None = None
