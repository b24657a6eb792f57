"""What the `inventory` query reads: positions per sku and location, available-to-promise per location and
per channel, and what sources reported beside the hub's own count.

Now, positions come from the stock projection (one row per sku, kept in step with every append). As of a
recorded time, the sku's events known then are folded again, so the answer is what the hub knew at that
moment, as for orders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from canonical_model.codec import from_json
from canonical_model.inventory import available_to_promise, channel_available_to_promise, inventory_state
from canonical_model.inventory_views import UNASSIGNED, Availability, InventoryState, Position, ReportedLevel
from hub.event_keys import SKU, events_of_skus
from hub.inventory_projection import by_sku
from hub.policies import Policies
from hub.schema import event_keys, inventory_skus


@dataclass(frozen=True)
class LevelComparison:
    """A source's reported level beside the hub's count at the same location."""

    reported: ReportedLevel
    hub_available: int
    hub_on_hand: int

    @property
    def difference(self) -> int:
        """Reported available less the hub's available-to-promise there: positive when the source shows more."""
        return self.reported.available - self.hub_available

    @property
    def on_hand_difference(self) -> int | None:
        return self.reported.on_hand - self.hub_on_hand if self.reported.on_hand is not None else None


@dataclass(frozen=True)
class StockReport:
    positions: tuple[Position, ...]
    locations: tuple[Availability, ...]
    channels: tuple[tuple[str, Availability], ...]
    reported: tuple[LevelComparison, ...]


def _stored(connection: Connection, sku: str | None) -> tuple[InventoryState, set[str]]:
    query = select(inventory_skus.c.state).order_by(inventory_skus.c.sku)
    if sku is not None:
        query = query.where(inventory_skus.c.sku == sku)
    positions, reported, channels = [], [], set()
    for state in connection.execute(query).scalars():
        stored = from_json(InventoryState, state)
        positions += stored.positions
        reported += stored.reported
        channels |= set(state.get("channels", ()))
    return InventoryState(tuple(positions), (), tuple(reported)), channels


def _as_of(connection: Connection, sku: str | None, policies: Policies, as_of: datetime) -> tuple[InventoryState, set[str]]:
    if sku is not None:
        skus = policies.components({sku})
    else:
        keys = connection.execute(select(event_keys.c.key).distinct().where(event_keys.c.key.startswith(SKU)))
        skus = policies.components({key.removeprefix(SKU) for key in keys.scalars()})
    loaded = events_of_skus(connection, skus | policies.bundles_containing(skus), as_of=as_of)
    state = inventory_state(loaded, policies.bom, as_of=as_of)
    parts = list(by_sku(state, sorted(skus)).values())
    return (InventoryState(tuple(p for part in parts for p in part.positions), (),
                           tuple(r for part in parts for r in part.reported)),
            {demand.channel for part in parts for demand in part.demands})


def _comparison(state: InventoryState, level: ReportedLevel) -> LevelComparison:
    position = state.position(level.sku, level.location)
    return LevelComparison(level, available_to_promise(position).available, position.on_hand)


def stock_report(connection: Connection, policies: Policies, sku: str | None = None, location: str | None = None,
                 channel: str | None = None, as_of: datetime | None = None) -> StockReport:
    """Positions, ATP per location (with the channel's safety stock when one is asked) and per channel, levels."""
    state, with_demand = _as_of(connection, sku, policies, as_of) if as_of else _stored(connection, sku)
    positions = tuple(p for p in state.positions if location is None or p.location == location)
    safety = {p.sku: policies.safety.units(channel, p.sku) if channel else 0 for p in positions}
    locations = tuple(available_to_promise(p, safety[p.sku]) for p in positions if p.location != UNASSIGNED)
    known = with_demand | set(policies.channel_locations) | set(policies.safety.by_channel) | \
        {name for name, _ in policies.safety.by_channel_sku}
    channels = tuple((name, channel_available_to_promise(state, one, name, policies.safety,
                                                         policies.channel_locations.get(name)))
                     for name in sorted({channel} if channel else known) for one in state.skus()
                     if location is None or location in policies.channel_locations.get(name, (location,)))
    reported = tuple(_comparison(state, level) for level in state.reported
                     if location is None or level.location == location)
    return StockReport(positions, locations, channels, reported)
