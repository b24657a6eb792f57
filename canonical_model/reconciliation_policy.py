"""Windows and tolerances of the reconciliation rules, and how a finding is classified and worded.

A gap that a later event is expected to close is TIMING while its window runs, and becomes an ERROR once
the window has passed without that event. "Now" is always passed in, so every rule stays a pure function
of the events; when it is not given, the rules use the time of the latest event they were given (the
log's own now), so a refold of the same events always gives the same findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from canonical_model.events import Event
from canonical_model.money import Money
from canonical_model.views import Finding

TIMING, ERROR = "TIMING", "ERROR"


@dataclass(frozen=True)
class ReconciliationPolicy:
    """Windows for what is expected to follow, tolerances for what must agree, and what is expected at all.

    `usual_fee_rates` holds (channel, fee type, rate as a fraction of the order total), e.g.
    ("amazon", "Commission", Decimal("0.15")); a fee type without a usual rate is never an anomaly.
    """

    refund_window: timedelta = timedelta(days=14)
    return_window: timedelta = timedelta(days=14)
    shipment_window: timedelta = timedelta(days=7)
    invoice_window: timedelta = timedelta(days=7)
    settlement_window: timedelta = timedelta(days=14)
    unmatched_window: timedelta = timedelta(days=3)
    payout_tolerance: Decimal = Decimal("0.01")
    fee_rate_threshold: Decimal = Decimal("0.005")
    usual_fee_rates: tuple[tuple[str, str, Decimal], ...] = ()
    invoices_expected: bool = False

    def usual_rate(self, channel: str, fee_type: str) -> Decimal | None:
        for rate_channel, rate_type, rate in self.usual_fee_rates:
            if rate_channel == channel and rate_type == fee_type:
                return rate
        return None


def log_now(events: list[Event], now: datetime | None) -> datetime | None:
    """`now` when given, else the time of the latest event."""
    if now is not None:
        return now
    return max((event.occurred_at for event in events), default=None)


def classify(since: datetime, window: timedelta, now: datetime | None) -> tuple[str, str]:
    """(classification, words about the window) for a gap open since `since`."""
    deadline = since + window
    days = window.days
    if now is None or now <= deadline:
        return TIMING, f"expected within {days} days, by {deadline:%Y-%m-%d}"
    return ERROR, f"the {days}-day window closed on {deadline:%Y-%m-%d}"


def describe(event: Event) -> str:
    """An event's source in words: "shopify refund 9876"."""
    return f"{event.source.system} {event.source.object_type} {event.source.object_id}"


def dated(event: Event) -> str:
    return f"{event.occurred_at:%Y-%m-%d}"


def finding(kind: str, key: str, classification: str, explanation: str, events: list[Event],
            amount: Money | None = None, quantity: int | None = None, order_id: str | None = None,
            severity: str | None = None) -> Finding:
    """A finding whose key starts with its kind; TIMING gaps are INFO, errors WARNING unless said otherwise."""
    return Finding(kind=kind, key=f"{kind}:{key}", severity=severity or ("INFO" if classification == TIMING else "WARNING"),
                   classification=classification, explanation=explanation, amount=amount,
                   event_ids=tuple(dict.fromkeys(event.id for event in events)), quantity=quantity, order_id=order_id)
