"""What the local EasyPost account holds: the brand's parcels as EasyPost trackers and bought labels.

Fed with `Sale`s (see `adapters.toolkit.sales_feed`), each parcel of each sale becomes:
- for an Amazon sale (merchant-fulfilled, shipped by ShipBob): a standalone Tracker made from the
  parcel's tracking number once ShipBob shipped it (`reference` none: EasyPost trackers carry none;
  the hub links the tracker to the order through the tracking number the 3PL's shipment states),
  billed 0.02 USD as a `TrackerFee` (EasyPost's price for a tracker not made by one of its labels);
- for any other sale (eBay, shipped by ShipHero): a Shipment bought through EasyPost two hours before
  the parcel shipped, with `reference` = the sale's reference (the eBay order id), the parcel's
  tracking number, the selected rate at the parcel's `label_cost` (the `PostageFee` states the same
  amount; EasyPost's `LabelFee` is 0.00 on the free plan) and its tracker, free.

A tracker's scans follow the parcel: label created, accepted at the origin facility at `shipped_at`,
a regional facility halfway, out for delivery four hours before `delivered_at`, delivered at
`delivered_at`. A parcel with no `delivered_at` is still in transit. The account's clock (`now`)
starts an hour after the last thing the sales state happened, so every stated scan is visible.
Without a feed, `synthetic_feed(count, seed)` holds half Amazon and half eBay-like sales whose newest
parcels are still in transit. No deliberate discrepancy is planted: amounts equal the sales' to the
cent and times equal the parcels'.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal

from adapters.toolkit.parcel_journey import CarrierStep, carrier_steps, newest_in_transit
from adapters.toolkit.sales_feed import Parcel, Sale, synthetic_sales, tracking_number

LABEL_LEAD = timedelta(hours=2)
TRACKER_LAG = timedelta(hours=1)
TRACKER_FEE = Decimal("0.02")
STANDALONE_CHANNELS = frozenset({"amazon"})
# EasyPost's status and message of each step of a parcel's way (see `carrier_steps`).
_SCAN_WORDS: dict[CarrierStep, tuple[str, str]] = {
    "label_created": ("pre_transit", "Shipping Label Created, USPS Awaiting Item"),
    "accepted": ("in_transit", "Accepted at USPS Origin Facility"),
    "regional_facility": ("in_transit", "Arrived at USPS Regional Facility"),
    "out_for_delivery": ("out_for_delivery", "Out for Delivery"),
    "delivered": ("delivered", "Delivered, In/At Mailbox"),
}
WAREHOUSE = {"name": "Demo Brand Fulfilment", "street1": "2500 Logistics Way", "city": "Columbus", "state": "OH",
             "zip": "43219", "country": "US"}


@dataclass(frozen=True)
class Scan:
    """One tracking detail as the carrier reports it."""

    at: datetime
    status: str
    message: str
    city: str | None = None
    state: str | None = None


@dataclass
class TrackedParcel:
    """One parcel of a sale as EasyPost knows it: its tracker, and its bought label unless tracked alone."""

    sale: Sale
    parcel: Parcel
    index: int
    scans: list[Scan]
    added: list[Scan] = field(default_factory=list)

    @property
    def standalone(self) -> bool:
        return self.sale.channel in STANDALONE_CHANNELS

    @property
    def tracker_id(self) -> str:
        return "trk_" + _digest("tracker", self.parcel.tracking_number)

    @property
    def shipment_id(self) -> str | None:
        return None if self.standalone else "shp_" + _digest("shipment", self.parcel.tracking_number)

    @property
    def label_at(self) -> datetime:
        return self.parcel.shipped_at - LABEL_LEAD

    @property
    def tracker_created_at(self) -> datetime:
        return self.parcel.shipped_at + TRACKER_LAG if self.standalone else self.label_at

    def visible(self, now: datetime) -> list[Scan]:
        """The scans EasyPost has received by `now`, oldest first."""
        return sorted((scan for scan in [*self.scans, *self.added] if scan.at <= now), key=lambda scan: scan.at)

    def exists(self, now: datetime) -> bool:
        return self.tracker_created_at <= now

    def status(self, now: datetime) -> str:
        scans = self.visible(now)
        return scans[-1].status if scans else "unknown"

    def updated_at(self, now: datetime) -> datetime:
        scans = self.visible(now)
        return max([self.tracker_created_at, *(scan.at for scan in scans)])


@dataclass
class Account:
    """The EasyPost account: tracked parcels by tracker id, and its clock."""

    parcels: dict[str, TrackedParcel]
    now: datetime
    rng: random.Random


def _digest(kind: str, text: str) -> str:
    return hashlib.sha256(f"{kind}:{text}".encode()).hexdigest()[:32]


def planned_scans(sale: Sale, parcel: Parcel) -> list[Scan]:
    """The carrier's scans of a parcel as its sale's story ships and delivers it, in EasyPost's words."""
    origin = (WAREHOUSE["city"].upper(), WAREHOUSE["state"])
    destination = (sale.ship_to.city.upper(), sale.ship_to.region)
    places = {"label_created": origin, "accepted": origin, "regional_facility": ("INDIANAPOLIS", "IN"),
              "out_for_delivery": destination, "delivered": destination}
    return [Scan(at, *_SCAN_WORDS[step], *places[step]) for at, step in carrier_steps(parcel, LABEL_LEAD)]


def build_account(sales: list[Sale], seed: int = 1) -> Account:
    """The account holding every parcel of `sales`, its clock an hour after the last scan they state."""
    parcels = {}
    for sale in sales:
        for index, parcel in enumerate(sale.parcels):
            tracked = TrackedParcel(sale, parcel, index, planned_scans(sale, parcel))
            parcels[tracked.tracker_id] = tracked
    moments = [scan.at for tracked in parcels.values() for scan in tracked.scans]
    moments += [tracked.tracker_created_at for tracked in parcels.values()]
    now = max(moments) + timedelta(hours=1) if moments else datetime.fromisoformat("2026-10-01T00:00:00+00:00")
    return Account(parcels, now, random.Random(seed))


def synthetic_feed(count: int, seed: int = 1) -> list[Sale]:
    """`count` sales, half Amazon merchant-fulfilled (tracked alone), half eBay (labels bought here); the newest
    tenth of each still in transit."""
    amazon = [_as_amazon(sale) for sale in synthetic_sales(count // 2, seed, channel="amazon")]
    ebay = [_as_ebay(sale) for sale in synthetic_sales(count - count // 2, seed + 1, channel="ebay")]
    return newest_in_transit(amazon) + newest_in_transit(ebay)


def _as_amazon(sale: Sale) -> Sale:
    digits = str(int(_digest("amazon", sale.reference), 16))
    return _renamed(sale, f"11{digits[0]}-{digits[1:8]}-{digits[8:15]}")


def _as_ebay(sale: Sale) -> Sale:
    digits = str(int(_digest("ebay", sale.reference), 16))
    return _renamed(sale, f"{digits[:2]}-{digits[2:7]}-{digits[7:12]}")


def _renamed(sale: Sale, reference: str) -> Sale:
    parcels = tuple(replace(parcel, tracking_number=tracking_number(reference, index, parcel.carrier))
                    for index, parcel in enumerate(sale.parcels))
    return replace(sale, reference=reference, parcels=parcels)


def advance(account: Account, count: int, hours: float) -> list[TrackedParcel]:
    """Move the clock and let `count` parcels in transit scan once more (out for delivery, then delivered)."""
    account.now += timedelta(hours=hours)
    open_parcels = [p for p in account.parcels.values()
                    if p.exists(account.now) and p.status(account.now) not in ("delivered", "return_to_sender")]
    chosen = account.rng.sample(sorted(open_parcels, key=lambda p: p.tracker_id), min(count, len(open_parcels)))
    for tracked in chosen:
        at = account.now
        destination = (tracked.sale.ship_to.city.upper(), tracked.sale.ship_to.region)
        step: CarrierStep = "delivered" if tracked.status(account.now) == "out_for_delivery" else "out_for_delivery"
        tracked.added.append(Scan(at, *_SCAN_WORDS[step], *destination))
    return chosen
