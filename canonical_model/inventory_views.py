"""Inventory values: positions per sku and location, available-to-promise, safety stock, source-reported levels.

States of a unit at a location (what `Position` counts):
- `on_hand`: units physically in the sellable stock of the location, including units on quality hold
  and units allocated to orders but not yet shipped;
- `quality_hold`: those of the on-hand units a hold keeps from being sold (a flag on units that stay);
- `allocated`: on-hand units assigned to an order for picking (InventoryAllocated), until shipped;
- `reserved`: units committed to placed orders that no location has been assigned for yet. An order has
  no location until it is allocated, so reservations sit at the pseudo location UNASSIGNED and move to
  the allocated location when InventoryAllocated arrives;
- `in_transit`: units on their way to this location (a transfer shipped, not yet received);
- `returns_pending_inspection`, `damaged`: returned or counted units outside the sellable stock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

UNASSIGNED = "UNASSIGNED"


@dataclass(frozen=True)
class Position:
    """One sku at one location, by state."""

    sku: str
    location: str
    on_hand: int = 0
    reserved: int = 0
    allocated: int = 0
    in_transit: int = 0
    returns_pending_inspection: int = 0
    damaged: int = 0
    quality_hold: int = 0
    other: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Availability:
    """Available-to-promise with what it subtracts: on hand - reserved - allocated - quality hold - safety stock."""

    sku: str
    scope: str
    on_hand: int
    reserved: int
    allocated: int
    quality_hold: int
    safety_stock: int

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved - self.allocated - self.quality_hold - self.safety_stock

    def describe(self) -> str:
        return (f"available to promise {self.available} (on hand {self.on_hand}, reserved {self.reserved}, "
                f"allocated {self.allocated}, on hold {self.quality_hold}, safety stock {self.safety_stock})")


@dataclass(frozen=True)
class SafetyStock:
    """Units each channel keeps back from what it promises: per channel, or per (channel, sku) when set."""

    by_channel: Mapping[str, int] = field(default_factory=dict)
    by_channel_sku: Mapping[tuple[str, str], int] = field(default_factory=dict)

    def units(self, channel: str, sku: str) -> int:
        return self.by_channel_sku.get((channel, sku), self.by_channel.get(channel, 0))


@dataclass(frozen=True)
class ReportedLevel:
    """What a source says it holds of a sku at a location, kept beside (never folded into) the hub's count."""

    sku: str
    location: str
    system: str
    available: int
    on_hand: int | None
    reported_at: datetime
    event_id: str


@dataclass(frozen=True)
class OrderDemand:
    """What one order still needs of each sku: reserved (unassigned) and allocated per location."""

    order_id: str
    channel: str
    placed_at: datetime | None
    description: str
    reserved: tuple[tuple[str, int], ...] = ()
    allocated: tuple[tuple[str, str, int], ...] = ()
    event_ids: tuple[str, ...] = ()

    def by_sku(self) -> dict[str, OrderDemand]:
        """The demand split per sku: each part holds one sku's reservations and allocations."""
        skus = dict.fromkeys(line[0] for line in (*self.reserved, *self.allocated))
        if len(skus) == 1:
            return {sku: self for sku in skus}
        return {sku: replace(self, reserved=tuple(r for r in self.reserved if r[0] == sku),
                             allocated=tuple(a for a in self.allocated if a[0] == sku)) for sku in skus}

    def reserved_units(self, sku: str) -> int:
        return sum(units for line_sku, units in self.reserved if line_sku == sku)

    def allocated_units(self, sku: str, location: str | None = None) -> int:
        return sum(units for line_sku, at, units in self.allocated
                   if line_sku == sku and (location is None or at == location))


@dataclass(frozen=True)
class InventoryState:
    """Positions and open order demand as the events say, plus what sources reported."""

    positions: tuple[Position, ...] = ()
    demands: tuple[OrderDemand, ...] = ()
    reported: tuple[ReportedLevel, ...] = ()

    def position(self, sku: str, location: str) -> Position:
        found = [p for p in self.positions if p.sku == sku and p.location == location]
        return found[0] if found else Position(sku, location)

    def matching(self, sku: str | None = None, location: str | None = None) -> tuple[Position, ...]:
        """Positions of a sku and/or a location (all when neither is given)."""
        return tuple(p for p in self.positions if (sku is None or p.sku == sku)
                     and (location is None or p.location == location))

    def locations(self, sku: str | None = None) -> tuple[str, ...]:
        return tuple(sorted({p.location for p in self.positions if p.location != UNASSIGNED
                             and (sku is None or p.sku == sku)}))

    def skus(self) -> tuple[str, ...]:
        return tuple(sorted({p.sku for p in self.positions}))
