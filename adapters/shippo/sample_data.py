"""What the local Shippo account holds: the brand's Shopify orders and the labels bought for their parcels.

Fed with Shopify `Sale`s (see `adapters.toolkit.sales_feed`; Shippo's Shopify app imports every
order), the account holds:
- an Order per sale, `order_number` = the sale's reference ("#1001"), its lines, totals and address,
  PAID until every parcel's label is bought, then SHIPPED (CANCELLED for a cancelled sale);
- a Transaction (a bought label) per parcel, two hours before the parcel shipped, with the parcel's
  tracking number and carrier, `metadata` = the order number (as the Shopify app fills it), and its
  rate at the parcel's `label_cost`;
- a Track per label: label created, accepted at `shipped_at`, a regional facility halfway, out for
  delivery four hours before `delivered_at`, delivered at `delivered_at` (in transit when the parcel
  states no delivery).

The account's clock (`now`) starts an hour after the last thing the sales state happened. Without a
feed, `synthetic_feed(count, seed)` holds Shopify-like sales whose newest parcels are still in transit.
No deliberate discrepancy is planted: label amounts equal the parcels' to the cent, times theirs.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from adapters.toolkit.parcel_journey import CarrierStep, carrier_steps, newest_in_transit
from adapters.toolkit.sales_feed import Parcel, Sale, synthetic_sales

LABEL_LEAD = timedelta(hours=2)
IMPORT_LAG = timedelta(minutes=5)
WAREHOUSE = ("COLUMBUS", "OH", "43219")
# Shippo's tracking status and details of each step of a parcel's way (see `carrier_steps`).
_TRACKING_WORDS: dict[CarrierStep, tuple[str, str]] = {
    "label_created": ("PRE_TRANSIT", "The shipping label has been created."),
    "accepted": ("TRANSIT", "Your shipment has been accepted at the origin facility."),
    "regional_facility": ("TRANSIT", "Your shipment has arrived at the regional facility."),
    "out_for_delivery": ("TRANSIT", "Your shipment is out for delivery."),
    "delivered": ("DELIVERED", "Your shipment has been delivered."),
}


@dataclass(frozen=True)
class TrackingEvent:
    """One carrier scan as Shippo reports it."""

    at: datetime
    status: str
    details: str
    city: str | None = None
    state: str | None = None
    zip: str | None = None


@dataclass
class Label:
    """One parcel's label bought through Shippo and its track."""

    sale: Sale
    parcel: Parcel
    index: int
    history: list[TrackingEvent]
    added: list[TrackingEvent] = field(default_factory=list)

    @property
    def transaction_id(self) -> str:
        return digest("transaction", self.parcel.tracking_number)

    @property
    def bought_at(self) -> datetime:
        return self.parcel.shipped_at - LABEL_LEAD

    def visible(self, now: datetime) -> list[TrackingEvent]:
        return sorted((event for event in [*self.history, *self.added] if event.at <= now), key=lambda e: e.at)

    def tracking_status(self, now: datetime) -> str:
        events = self.visible(now)
        return events[-1].status if events else "UNKNOWN"

    def updated_at(self, now: datetime) -> datetime:
        return max([self.bought_at, *(event.at for event in self.visible(now))])


@dataclass
class Account:
    """The Shippo account: orders by id, labels by transaction id, its clock."""

    orders: dict[str, Sale]
    labels: dict[str, Label]
    now: datetime
    rng: random.Random
    by_reference: dict[str, list[Label]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for label in self.labels.values():
            self.by_reference.setdefault(label.sale.reference, []).append(label)

    def labels_of(self, sale: Sale) -> list[Label]:
        return [label for label in self.by_reference.get(sale.reference, []) if label.bought_at <= self.now]

    def order_status(self, sale: Sale) -> str:
        if sale.cancelled:
            return "CANCELLED"
        bought = self.labels_of(sale)
        if sale.parcels and len(bought) == len(sale.parcels):
            return "SHIPPED"
        return "PARTIALLY_FULFILLED" if bought else "PAID"


def digest(kind: str, text: str) -> str:
    """A Shippo-like object id (32 hex characters) made from what the object stands for."""
    return hashlib.sha256(f"{kind}:{text}".encode()).hexdigest()[:32]


def planned_history(sale: Sale, parcel: Parcel) -> list[TrackingEvent]:
    """The carrier's scans of a parcel as its sale's story ships and delivers it, in Shippo's words."""
    destination = (sale.ship_to.city, sale.ship_to.region, sale.ship_to.postal_code)
    places = {"label_created": WAREHOUSE, "accepted": WAREHOUSE, "regional_facility": ("INDIANAPOLIS", "IN", "46241"),
              "out_for_delivery": destination, "delivered": destination}
    return [TrackingEvent(at, *_TRACKING_WORDS[step], *places[step]) for at, step in carrier_steps(parcel, LABEL_LEAD)]


def build_account(sales: list[Sale], seed: int = 1) -> Account:
    """The account holding every order of `sales` and a label per parcel, its clock after the last scan."""
    orders = {digest("order", sale.reference): sale for sale in sales}
    labels = {}
    for sale in sales:
        for index, parcel in enumerate(sale.parcels):
            label = Label(sale, parcel, index, planned_history(sale, parcel))
            labels[label.transaction_id] = label
    moments = [event.at for label in labels.values() for event in label.history]
    moments += [sale.placed_at + IMPORT_LAG for sale in sales]
    now = max(moments) + timedelta(hours=1) if moments else datetime.fromisoformat("2026-10-01T00:00:00+00:00")
    return Account(orders, labels, now, random.Random(seed))


def synthetic_feed(count: int, seed: int = 1) -> list[Sale]:
    """`count` Shopify-like sales, the newest tenth (at least two) of those shipped still in transit."""
    return newest_in_transit(synthetic_sales(count, seed))


def advance(account: Account, count: int, hours: float) -> list[Label]:
    """Move the clock and let `count` parcels in transit scan once more (out for delivery, then delivered)."""
    account.now += timedelta(hours=hours)
    in_transit = [label for label in account.labels.values() if label.bought_at <= account.now
                  and label.tracking_status(account.now) not in ("DELIVERED", "RETURNED", "FAILURE")]
    chosen = account.rng.sample(sorted(in_transit, key=lambda label: label.transaction_id),
                                min(count, len(in_transit)))
    for label in chosen:
        destination = (label.sale.ship_to.city, label.sale.ship_to.region, label.sale.ship_to.postal_code)
        out = any(event.details.endswith("out for delivery.") for event in label.visible(account.now))
        step: CarrierStep = "delivered" if out else "out_for_delivery"
        label.added.append(TrackingEvent(account.now, *_TRACKING_WORDS[step], *destination))
    return chosen
