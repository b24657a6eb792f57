"""What downstream partner simulators are told about the brand's sales, so one brand's systems agree.

A 3PL ships orders a storefront or marketplace took, a carrier carries the 3PL's parcels, a payment
processor settles a storefront's charges and the books record all of it. Their simulators therefore
do not invent orders of their own when they are given a feed: each takes the `Sale`s of the channels
it serves (built by the channel's `sales` module from the channel simulator's own data) and shows
them as that partner would, carrying the references the real partner carries (order name, number,
marketplace order id) and the parcels' tracking numbers, so the hub can match every fact to its order.

Standalone (a contract test, a benchmark), a simulator takes `synthetic_sales(count, seed)` instead.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

CENT = Decimal("0.01")
# The brand's one catalogue: every channel sells these skus (sku, title, price).
CATALOGUE = (
    ("MUG-RED", "Stoneware mug, red", Decimal("18.00")), ("MUG-BLU", "Stoneware mug, blue", Decimal("18.00")),
    ("TEE-S", "Organic tee, small", Decimal("29.00")), ("TEE-M", "Organic tee, medium", Decimal("29.00")),
    ("CAP-01", "Canvas cap", Decimal("24.50")), ("BAG-TOTE", "Tote bag", Decimal("35.00")),
    ("CARD-GIFT", "Greeting card", Decimal("4.95")), ("POSTER-A2", "Poster A2", Decimal("22.00")),
)
# What the brand pays its makers per unit: the cost a 3PL's receipts (inbound, purchase orders) state.
UNIT_COSTS = {"MUG-RED": Decimal("6.40"), "MUG-BLU": Decimal("6.40"), "TEE-S": Decimal("9.10"),
              "TEE-M": Decimal("9.10"), "CAP-01": Decimal("7.80"), "BAG-TOTE": Decimal("11.20"),
              "CARD-GIFT": Decimal("0.85"), "POSTER-A2": Decimal("5.30")}


@dataclass(frozen=True)
class SoldLine:
    """One order line: `amount` is what the customer pays for the line before tax, after discounts (exact to
    the cent, where a unit price may not be)."""

    sku: str
    title: str
    quantity: int
    amount: Decimal
    line_id: str | None = None

    @property
    def unit_price(self) -> Decimal:
        return self.amount / self.quantity


@dataclass(frozen=True)
class ShipTo:
    name: str
    street: str
    city: str
    region: str
    postal_code: str
    country: str = "US"


@dataclass(frozen=True)
class Parcel:
    """A parcel of the order as the channel's story ships it: which units, when, under which tracking number."""

    tracking_number: str
    lines: tuple[tuple[str, int], ...]
    shipped_at: datetime
    delivered_at: datetime | None = None
    carrier: str = "USPS"
    service: str = "Priority"
    label_cost: Decimal = Decimal("7.45")


@dataclass(frozen=True)
class Refund:
    """Money given back on the order: `amount` includes its tax; `reference` is the channel's refund id."""

    reference: str
    amount: Decimal
    at: datetime
    reason: str
    lines: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Sale:
    """One order as the partners downstream of its channel know it.

    `reference` is the name those partners carry (what the hub matches on): a storefront's order name
    ("#1001") or number, a marketplace's order id ("112-...").
    """

    channel: str
    reference: str
    placed_at: datetime
    currency: str
    lines: tuple[SoldLine, ...]
    shipping: Decimal
    tax: Decimal
    total: Decimal
    ship_to: ShipTo
    parcels: tuple[Parcel, ...] = ()
    refunds: tuple[Refund, ...] = ()
    cancelled: bool = False
    # The channel's own id for the order, where partners carry it next to the name (Stripe metadata).
    external_id: str | None = None
    paid_at: datetime | None = None
    tags: tuple[str, ...] = field(default=())
    # Other charges the customer paid, untaxed (a gift-wrap fee): total = subtotal + charges + shipping + tax.
    charges: Decimal = Decimal(0)

    @property
    def subtotal(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))


def tracking_number(reference: str, index: int, carrier: str = "USPS") -> str:
    """A deterministic tracking number of the carrier's form for the `index`th parcel of an order."""
    digits = str(int(hashlib.sha256(f"{reference}#{index}".encode()).hexdigest(), 16))
    if carrier.upper() == "UPS":
        return "1Z" + digits[:16]
    if carrier.upper() == "FEDEX":
        return digits[:12]
    return "9400" + digits[:18]


_STREETS = ("12 Harbor St", "88 Pine Ave", "401 Market St", "7 Elm Rd", "230 Lake Dr")
_PLACES = (("Seattle", "WA", "98101"), ("Brooklyn", "NY", "11201"), ("Austin", "TX", "78701"),
           ("Pittsburgh", "PA", "15213"), ("Portland", "OR", "97201"))


def ship_to_for(reference: str) -> ShipTo:
    """A stable made-up address for an order, for channels whose data states none the partner would need."""
    index = int(hashlib.sha256(reference.encode()).hexdigest(), 16)
    city, region, postal = _PLACES[index % len(_PLACES)]
    return ShipTo(f"Customer {reference.lstrip('#')}", _STREETS[index % len(_STREETS)], city, region, postal)


def synthetic_sales(count: int, seed: int = 1, channel: str = "shopify",
                    start: datetime = datetime(2026, 9, 1, tzinfo=UTC), spacing_minutes: int = 240) -> list[Sale]:
    """`count` paid orders of one channel, about `spacing_minutes` apart, most shipped in one parcel and
    delivered, a few refunded in part: a feed for a simulator run on its own."""
    rng = random.Random(seed)
    sales = []
    for number in range(1, count + 1):
        placed = start + timedelta(minutes=number * spacing_minutes + rng.randint(0, spacing_minutes - 1))
        reference = f"#{1000 + number}"
        quantities = [rng.randint(1, 3) for _ in range(3)]
        lines = tuple(SoldLine(sku, title, quantity, price * quantity, f"{number}-{index}")
                      for index, ((sku, title, price), quantity) in
                      enumerate(zip(rng.sample(CATALOGUE, rng.randint(1, 3)), quantities, strict=False)))
        subtotal = sum((line.amount for line in lines), Decimal(0))
        tax = (subtotal * Decimal("0.06")).quantize(CENT)
        shipping = Decimal("0.00") if subtotal >= 75 else Decimal("6.95")
        shipped = placed + timedelta(days=1, hours=rng.randint(1, 20))
        parcels = (Parcel(tracking_number(reference, 0), tuple((line.sku, line.quantity) for line in lines), shipped,
                          shipped + timedelta(days=3)),) if rng.random() < 0.9 else ()
        refunds = ()
        if parcels and rng.random() < 0.1:
            line = lines[0]
            amount = (line.unit_price * (1 + Decimal("0.06"))).quantize(CENT)
            refunds = (Refund(f"{reference}-R1", amount, shipped + timedelta(days=8), "customer return: too small",
                              ((line.sku, 1),)),)
        sales.append(Sale(channel, reference, placed, "USD", lines, shipping, tax, subtotal + tax + shipping,
                          ship_to_for(reference), parcels, refunds, external_id=str(5_000_000 + number),
                          paid_at=placed))
    return sales
