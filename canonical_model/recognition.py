"""Revenue recognition: when an order's revenue is earned, and in which accounting period each amount lands.

At placement nothing is revenue yet: the order's net sales (merchandise after discounts, plus shipping,
without tax) are deferred. Revenue is recognised by policy, AT_SHIPMENT (a shipment known to have left)
or AT_DELIVERY (a shipment delivered), line by line for the units that shipment carries: each line's
share of net sales (its list value's share of all lines) times the fraction of the line's owed units
now recognised, where owed = ordered less units refunded before that moment. Shipping revenue comes with
the first recognition. The moment a line's owed units are all recognised its whole remaining share is,
so rounding never leaves a cent deferred. A cancellation closes what is still deferred: into revenue
when the order was refunded (the refund is then the contra-revenue that offsets it), else reversed
against the receivable with its tax, as if never sold.

Each amount lands in the period `PeriodCalendar.period_of_event` gives the event that carries it: revenue
the shipment or delivery, COGS the shipment, fees and refunds their own events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from canonical_model.bom import NO_BUNDLES, BillOfMaterials, explode
from canonical_model.events import (
    Event,
    OrderCancelled,
    RefundIssued,
    ShipmentCreated,
    ShipmentDelivered,
    ShipmentShipped,
    ShipmentStatusChanged,
)
from canonical_model.money import Money, minor_units
from canonical_model.periods import PeriodCalendar
from canonical_model.stock_moves import SHIPPED_STATUSES
from canonical_model.views import CommerceLine, CommerceView

AT_SHIPMENT = "AT_SHIPMENT"
AT_DELIVERY = "AT_DELIVERY"


@dataclass(frozen=True)
class RecognitionPolicy:
    """When revenue is earned (AT_SHIPMENT or AT_DELIVERY) and the calendar that assigns periods."""

    revenue_at: str = AT_SHIPMENT
    calendar: PeriodCalendar = field(default_factory=PeriodCalendar)


@dataclass(frozen=True)
class RecognisedLine:
    line_id: str
    sku: str | None
    units: int
    gross: Money
    net: Money


@dataclass(frozen=True)
class RevenueEvent:
    """Revenue recognised at one moment: a shipment leaving or delivered, or a cancellation closing the rest."""

    reference: str
    kind: str
    event: Event
    period: str
    lines: tuple[RecognisedLine, ...]
    shipping: Money

    @property
    def revenue(self) -> Money:
        """Net revenue recognised: merchandise after discounts plus shipping."""
        result = self.shipping
        for line in self.lines:
            result = result + line.net
        return result


def allocate(total: Money, weights: list[Decimal]) -> list[Money]:
    """Split a total by weights at the currency's minor unit; the last part takes the rounding remainder."""
    whole = sum(weights, Decimal(0))
    if not weights:
        return []
    if whole == 0:
        return [Money.zero(total.currency) for _ in weights[:-1]] + [total]
    exponent = Decimal(1).scaleb(-minor_units(total.currency))
    parts = [Money((total.amount * weight / whole).quantize(exponent, ROUND_HALF_UP), total.currency)
             for weight in weights[:-1]]
    rest = total
    for part in parts:
        rest = rest - part
    return [*parts, rest]


def taxes_inside(commerce: CommerceView) -> bool:
    """When the stated total equals subtotal + shipping, the tax was already inside the prices."""
    return (commerce.total is not None and commerce.subtotal is not None and commerce.shipping_total is not None
            and commerce.tax_total is not None and commerce.total == commerce.subtotal + commerce.shipping_total
            and not commerce.tax_total.is_zero())


def merchandise_net(commerce: CommerceView) -> Money:
    """Net sales of the merchandise: subtotal after discounts, without tax."""
    assert commerce.subtotal is not None and commerce.tax_total is not None
    return commerce.subtotal - commerce.tax_total if taxes_inside(commerce) else commerce.subtotal


def deferred_at_placement(commerce: CommerceView) -> Money:
    """What placement defers: merchandise net plus shipping, without tax."""
    assert commerce.shipping_total is not None
    return merchandise_net(commerce) + commerce.shipping_total


def line_shares(commerce: CommerceView) -> list[tuple[CommerceLine, Money, Money]]:
    """Each line with its share of gross (before discounts) and net sales, by its list value."""
    weights = [line.unit_price.amount * line.quantity for line in commerce.lines]
    net = merchandise_net(commerce)
    gross = net + (commerce.discount_total or Money.zero(net.currency))
    return list(zip(commerce.lines, allocate(gross, weights), allocate(net, weights), strict=True))


class _Lines:
    """Units recognised so far per order line, and the amounts already recognised.

    Units are counted in component units, so a bundle line (2 mugs and a card per set) is recognised as
    its components ship, whether a shipment names the bundle or its components.
    """

    def __init__(self, commerce: CommerceView, bom: BillOfMaterials) -> None:
        self.shares = line_shares(commerce)
        self.scale = {line.line_id: sum(units for _, units in explode(line.sku, 1, bom)) if line.sku else 1
                      for line in commerce.lines}
        self.parts = {line.line_id: {sku for sku, _ in explode(line.sku, 1, bom)} if line.sku else set()
                      for line in commerce.lines}
        self.units = {line.line_id: 0 for line in commerce.lines}
        self.refunded = {line.line_id: 0 for line in commerce.lines}
        self.done: dict[str, tuple[Money, Money]] = {}

    def open(self, line: CommerceLine) -> bool:
        return self.units[line.line_id] < line.quantity * self.scale[line.line_id]

    def match(self, sku: str | None, line_id: str | None, quantity: int) -> tuple[CommerceLine | None, int]:
        """The order line a shipped or refunded line belongs to, and its quantity in that line's component units."""
        lines = [line for line, _, _ in self.shares]
        by_id = [line for line in lines if line_id is not None and line.line_id == line_id]
        by_sku = [line for line in lines if sku is not None and line.sku == sku]
        found = (by_id or [line for line in by_sku if self.open(line)] or by_sku or [None])[0]
        if found is not None:
            whole = sku is None or sku == found.sku
            return found, quantity * self.scale[found.line_id] if whole else quantity
        parts = [line for line in lines if sku in self.parts[line.line_id] and line.sku != sku]
        found = ([line for line in parts if self.open(line)] or parts or [None])[0]
        return found, quantity

    def recognise(self, line: CommerceLine, units: int, close: bool = False) -> RecognisedLine | None:
        _, gross, net = next(share for share in self.shares if share[0].line_id == line.line_id)
        self.units[line.line_id] += units
        owed = max(line.quantity * self.scale[line.line_id] - self.refunded[line.line_id], 0)
        fraction = Decimal(1) if close or owed == 0 or self.units[line.line_id] >= owed else \
            Decimal(self.units[line.line_id]) / owed
        before_gross, before_net = self.done.get(line.line_id, (gross.times(0), net.times(0)))
        now_gross, now_net = (gross, net) if fraction == 1 else (
            allocate(gross, [fraction, 1 - fraction])[0], allocate(net, [fraction, 1 - fraction])[0])
        self.done[line.line_id] = (now_gross, now_net)
        if now_gross == before_gross and now_net == before_net and units == 0:
            return None
        return RecognisedLine(line.line_id, line.sku, units // self.scale[line.line_id], now_gross - before_gross,
                              now_net - before_net)


def _recognition_moments(events: list[Event], policy: RecognitionPolicy) -> list[tuple[Event, str, tuple]]:
    """(event, shipment id, lines) for each shipment at the moment it becomes revenue under the policy."""
    lines: dict[str, tuple] = {}
    qualified: set[str] = set()
    done: set[str] = set()
    moments = []
    for event in events:
        body = event.body
        if isinstance(body, ShipmentCreated) and body.lines:
            lines[body.shipment_id] = body.lines
        if policy.revenue_at == AT_DELIVERY:
            qualifies = isinstance(body, ShipmentDelivered)
        else:
            qualifies = isinstance(body, (ShipmentShipped, ShipmentDelivered)) or (
                isinstance(body, (ShipmentCreated, ShipmentStatusChanged)) and body.status.upper() in SHIPPED_STATUSES)
        shipment_id = getattr(body, "shipment_id", None)
        if qualifies and shipment_id is not None:
            qualified.add(shipment_id)
        if shipment_id in qualified and shipment_id in lines and shipment_id not in done:
            done.add(shipment_id)
            moments.append((event, shipment_id, lines[shipment_id]))
    return moments


def revenue_recognition(events: list[Event], commerce: CommerceView, policy: RecognitionPolicy | None = None,
                        bom: BillOfMaterials = NO_BUNDLES) -> tuple[RevenueEvent, ...]:
    """The revenue recognised for an order from its sorted events, moment by moment, with periods."""
    policy = policy or RecognitionPolicy()
    if commerce.placed_at is None or commerce.subtotal is None or not commerce.lines:
        return ()
    calendar, book = policy.calendar, _Lines(commerce, bom)
    moments = {event.id: (shipment_id, lines) for event, shipment_id, lines in _recognition_moments(events, policy)}
    refunded = any(isinstance(event.body, RefundIssued) for event in events)
    shipping = commerce.shipping_total or Money.zero(commerce.currency or "USD")
    recognised: list[RevenueEvent] = []
    for event in events:
        if isinstance(event.body, RefundIssued):
            for refund_line in event.body.lines:
                line, units = book.match(refund_line.sku, refund_line.line_id, refund_line.quantity)
                if line is not None and book.open(line):
                    book.refunded[line.line_id] += units
        elif event.id in moments:
            shipment_id, lines = moments[event.id]
            found = [book.match(ship.sku, ship.line_id, ship.quantity) for ship in lines]
            parts = [part for line, units in found if line is not None and (part := book.recognise(line, units))]
            first = not recognised
            recognised.append(RevenueEvent(shipment_id, "SHIPMENT" if policy.revenue_at == AT_SHIPMENT else "DELIVERY",
                                           event, calendar.period_of_event(event), tuple(parts),
                                           shipping if first else shipping.times(0)))
        elif isinstance(event.body, OrderCancelled) and refunded:
            parts = [part for line, _, _ in book.shares if (part := book.recognise(line, 0, close=True))]
            if parts or not recognised:
                recognised.append(RevenueEvent("cancellation", "CANCELLATION", event, calendar.period_of_event(event),
                                               tuple(parts), shipping if not recognised else shipping.times(0)))
    return tuple(recognised)
