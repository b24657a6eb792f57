"""The GraphQL shape of stock: positions by state, available-to-promise and what sources reported."""

from __future__ import annotations

from datetime import datetime

import strawberry

from canonical_model.inventory_views import Availability, Position
from hub.stock_reads import LevelComparison


@strawberry.type(description="Units in a state that has no field of its own.")
class StateCount:
    state: str
    units: int


@strawberry.type(description="One sku at one location by state. Reservations not yet assigned to a location sit at "
                              "the pseudo location UNASSIGNED.")
class InventoryPosition:
    sku: str
    location: str
    on_hand: int = strawberry.field(description="Units in the sellable stock, including allocated and held ones.")
    reserved: int = strawberry.field(description="Units committed to placed orders no location was assigned for yet.")
    allocated: int = strawberry.field(description="On-hand units assigned to orders for picking.")
    in_transit: int
    returns_pending_inspection: int
    damaged: int
    quality_hold: int
    other: list[StateCount]


def inventory_position(value: Position) -> InventoryPosition:
    return InventoryPosition(
        sku=value.sku, location=value.location, on_hand=value.on_hand, reserved=value.reserved,
        allocated=value.allocated, in_transit=value.in_transit,
        returns_pending_inspection=value.returns_pending_inspection, damaged=value.damaged,
        quality_hold=value.quality_hold, other=[StateCount(state=state, units=units) for state, units in value.other])


@strawberry.type(description="Available to promise = on hand - reserved - allocated - on hold - safety stock.")
class AvailableToPromise:
    sku: str
    location: str | None = strawberry.field(description="The location, or null for a channel's figure.")
    channel: str | None = strawberry.field(description="The channel whose safety stock is kept back, if any.")
    on_hand: int
    reserved: int
    allocated: int
    quality_hold: int
    safety_stock: int
    available: int = strawberry.field(description="Negative when oversold.")


def available(value: Availability, location: str | None, channel: str | None) -> AvailableToPromise:
    return AvailableToPromise(sku=value.sku, location=location, channel=channel, on_hand=value.on_hand,
                              reserved=value.reserved, allocated=value.allocated, quality_hold=value.quality_hold,
                              safety_stock=value.safety_stock, available=value.available)


@strawberry.type(description="What a source system says it holds, beside the hub's own count at that location.")
class ReportedLevel:
    sku: str
    location: str
    system: str
    available: int
    on_hand: int | None
    reported_at: datetime
    event_id: str
    hub_available: int = strawberry.field(description="The hub's available-to-promise at the location.")
    hub_on_hand: int
    difference: int = strawberry.field(description="Reported available less the hub's: positive when the source "
                                                   "shows more.")
    on_hand_difference: int | None


def reported_level(value: LevelComparison) -> ReportedLevel:
    level = value.reported
    return ReportedLevel(sku=level.sku, location=level.location, system=level.system, available=level.available,
                         on_hand=level.on_hand, reported_at=level.reported_at, event_id=level.event_id,
                         hub_available=value.hub_available, hub_on_hand=value.hub_on_hand,
                         difference=value.difference, on_hand_difference=value.on_hand_difference)


@strawberry.type(description="Stock as the hub counts it, now or as of a recorded time.")
class Inventory:
    as_of: datetime | None
    positions: list[InventoryPosition]
    locations: list[AvailableToPromise] = strawberry.field(description="Available to promise per sku and location.")
    channels: list[AvailableToPromise] = strawberry.field(
        description="Available to promise per sku and channel, from the locations serving the channel.")
    reported: list[ReportedLevel] = strawberry.field(description="Levels sources reported, with the difference.")
