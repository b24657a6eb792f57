"""The GraphQL shape of the three perspectives and completion; each built from the stored view's value."""

from __future__ import annotations

from datetime import datetime

import strawberry

from canonical_model import events as catalogue
from canonical_model import views
from hub.api.money import Money, money, required_money


@strawberry.type(description="A discount as the source gave it: its code, why it was given, the amount it took off.")
class Discount:
    code: str | None
    reason: str | None
    amount: Money

    @staticmethod
    def of(value: catalogue.Discount) -> Discount:
        return Discount(code=value.code, reason=value.reason, amount=required_money(value.amount))


@strawberry.type
class CommerceLine:
    line_id: str
    sku: str | None
    title: str
    quantity: int
    unit_price: Money
    discounts: list[Discount]


@strawberry.type
class TaxLine:
    title: str
    rate: str | None
    amount: Money


@strawberry.type
class ShippingLine:
    title: str
    code: str | None
    amount: Money
    discounts: list[Discount]


@strawberry.type(description="What the customer was promised; totals as the channel stated them.")
class Commerce:
    name: str | None
    placed_at: datetime | None
    status: str | None
    currency: str | None
    presentment_currency: str | None
    lines: list[CommerceLine]
    discounts: list[Discount]
    tax_lines: list[TaxLine]
    shipping_lines: list[ShippingLine]
    subtotal: Money | None
    discount_total: Money | None
    tax_total: Money | None
    shipping_total: Money | None
    total: Money | None
    presentment_total: Money | None
    promised_delivery: datetime | None
    cancelled_at: datetime | None
    cancel_reason: str | None


def commerce(view: views.CommerceView) -> Commerce:
    return Commerce(
        name=view.name, placed_at=view.placed_at, status=view.status, currency=view.currency,
        presentment_currency=view.presentment_currency,
        lines=[CommerceLine(line_id=line.line_id, sku=line.sku, title=line.title, quantity=line.quantity,
                            unit_price=required_money(line.unit_price), discounts=[Discount.of(d) for d in line.discounts])
               for line in view.lines],
        discounts=[Discount.of(d) for d in view.discounts],
        tax_lines=[TaxLine(title=t.title, rate=t.rate, amount=required_money(t.amount)) for t in view.tax_lines],
        shipping_lines=[ShippingLine(title=s.title, code=s.code, amount=required_money(s.amount),
                                     discounts=[Discount.of(d) for d in s.discounts]) for s in view.shipping_lines],
        subtotal=money(view.subtotal), discount_total=money(view.discount_total), tax_total=money(view.tax_total),
        shipping_total=money(view.shipping_total), total=money(view.total),
        presentment_total=money(view.presentment_total), promised_delivery=view.promised_delivery,
        cancelled_at=view.cancelled_at, cancel_reason=view.cancel_reason,
    )


@strawberry.type
class QuantityLine:
    sku: str | None
    quantity: int


@strawberry.type
class Shipment:
    id: strawberry.ID
    status: str
    location: str | None
    carrier: str | None
    tracking_number: str | None
    lines: list[QuantityLine]
    shipped_at: datetime | None
    delivered_at: datetime | None


@strawberry.type(description="Units that came back; disposition is PENDING until inspected.")
class Return:
    id: strawberry.ID
    status: str
    disposition: str
    reason: str | None
    lines: list[QuantityLine]


@strawberry.type(description="What operations executed: shipments (split, partial), tracking, delivery, returns.")
class Fulfillment:
    status: str
    shipments: list[Shipment]
    returns: list[Return]
    ordered_units: int
    shipped_units: int
    delivered_units: int


def _quantities(lines: tuple[views.QuantityLine, ...]) -> list[QuantityLine]:
    return [QuantityLine(sku=line.sku, quantity=line.quantity) for line in lines]


def fulfillment(view: views.FulfillmentView) -> Fulfillment:
    return Fulfillment(
        status=view.status,
        shipments=[Shipment(id=strawberry.ID(s.id), status=s.status, location=s.location, carrier=s.carrier,
                            tracking_number=s.tracking_number, lines=_quantities(s.lines), shipped_at=s.shipped_at,
                            delivered_at=s.delivered_at) for s in view.shipments],
        returns=[Return(id=strawberry.ID(r.id), status=r.status, disposition=r.disposition, reason=r.reason,
                        lines=_quantities(r.lines)) for r in view.returns],
        ordered_units=view.ordered_units, shipped_units=view.shipped_units, delivered_units=view.delivered_units,
    )


@strawberry.type
class Fee:
    type: str
    amount: Money
    source: str


@strawberry.type
class JournalLine:
    account: str
    debit: Money
    credit: Money


@strawberry.type(description="A balanced double-entry journal entry in its accounting period (YYYY-MM).")
class JournalEntry:
    id: strawberry.ID
    period: str
    posted_at: datetime
    memo: str
    lines: list[JournalLine]


@strawberry.type(description="What one accounting period (YYYY-MM) holds of the order: recognised revenue, COGS, "
                              "fees and refunds, each in the period its policy puts it in.")
class FinancePeriod:
    period: str
    revenue: Money
    cogs: Money
    fees: Money
    refunds: Money


@strawberry.type(description="One order line's recognised revenue less its refunds and COGS; cogs and margin are null "
                              "while some shipped unit has no known cost.")
class FinanceLine:
    line_id: str
    sku: str | None
    quantity: int
    revenue: Money
    refunds: Money
    cogs: Money | None
    margin: Money | None


@strawberry.type(description="What is recorded and settled: revenue, refunds, fees, expected vs settled net, journal.")
class Finance:
    currency: str | None
    gross_revenue: Money | None
    discount_total: Money | None
    tax_total: Money | None
    shipping_revenue: Money | None
    refund_total: Money | None
    fee_total: Money | None
    cogs: Money | None
    margin: Money | None
    net_expected: Money | None
    settled_net: Money | None
    captured: Money | None
    fees: list[Fee]
    journal_entries: list[JournalEntry]
    recognition_policy: str | None = strawberry.field(description="AT_SHIPMENT or AT_DELIVERY, as configured.")
    recognised_revenue: Money | None = strawberry.field(
        description="Net revenue recognised so far (merchandise after discounts, plus shipping, without tax).")
    deferred_revenue: Money | None = strawberry.field(description="Net sales placed but not recognised yet.")
    periods: list[FinancePeriod] = strawberry.field(description="Where each amount landed, period by period.")
    lines: list[FinanceLine] = strawberry.field(description="Margin per order line.")
    cogs_unknown: list[str] = strawberry.field(description="Shipped or restocked units with no known cost, in words.")
    first_settled_at: datetime | None = None
    last_settled_at: datetime | None = None


def _periods(view: views.FinanceView) -> list[FinancePeriod]:
    return [FinancePeriod(period=p.period, revenue=required_money(p.revenue), cogs=required_money(p.cogs),
                          fees=required_money(p.fees), refunds=required_money(p.refunds)) for p in view.periods]


def _lines(view: views.FinanceView) -> list[FinanceLine]:
    return [FinanceLine(line_id=line.line_id, sku=line.sku, quantity=line.quantity, revenue=required_money(line.revenue),
                        refunds=required_money(line.refunds), cogs=money(line.cogs), margin=money(line.margin))
            for line in view.lines]


def finance(view: views.FinanceView) -> Finance:
    return Finance(
        currency=view.currency, gross_revenue=money(view.gross_revenue), discount_total=money(view.discount_total),
        tax_total=money(view.tax_total), shipping_revenue=money(view.shipping_revenue),
        refund_total=money(view.refund_total), fee_total=money(view.fee_total), cogs=money(view.cogs),
        margin=money(view.margin), net_expected=money(view.net_expected), settled_net=money(view.settled_net),
        captured=money(view.captured),
        fees=[Fee(type=f.type, amount=required_money(f.amount), source=f.source) for f in view.fees],
        journal_entries=[
            JournalEntry(id=strawberry.ID(e.id), period=e.period, posted_at=e.posted_at, memo=e.memo,
                         lines=[JournalLine(account=line.account, debit=required_money(line.debit),
                                            credit=required_money(line.credit)) for line in e.lines])
            for e in view.journal_entries
        ],
        recognition_policy=view.recognition_policy, recognised_revenue=money(view.recognised_revenue),
        deferred_revenue=money(view.deferred_revenue), periods=_periods(view), lines=_lines(view),
        cogs_unknown=list(view.cogs_unknown), first_settled_at=view.first_settled_at,
        last_settled_at=view.last_settled_at,
    )


@strawberry.type(description="Complete only when delivered, inventory settled and money settled; `missing` says what is not.")
class Completion:
    delivered: bool
    inventory_settled: bool
    money_settled: bool
    complete: bool
    missing: list[str]


def completion(value: views.Completion) -> Completion:
    return Completion(delivered=value.delivered, inventory_settled=value.inventory_settled,
                      money_settled=value.money_settled, complete=value.complete, missing=list(value.missing))
