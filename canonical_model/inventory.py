"""Inventory positions: sorted events folded into units per sku, location and state, and available-to-promise.

Reservation happens at order placement: an order has no location until a location is assigned, so its
units are reserved at the pseudo location UNASSIGNED (for the order's channel) and move to `allocated`
at a real location when InventoryAllocated arrives. A shipment takes its units out of on hand at the
shipment's location and consumes the order's allocation there (or its reservation, when it shipped
unallocated); a cancellation releases what the order still holds. Inventory levels reported by a source
are kept beside the hub's own count for comparison, never folded into it. Bundles explode through the
bill of materials, so positions only ever hold component skus.

Available-to-promise = on hand - reserved - allocated - quality hold - channel safety stock, where on
hand includes the held and allocated units (see `inventory_views`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from canonical_model.bom import NO_BUNDLES, BillOfMaterials, exploded_totals
from canonical_model.catalogue import fold_order
from canonical_model.events import Event, OrderCancelled, OrderSnapshot
from canonical_model.inventory_events import InventoryAllocated, InventoryLevelReported
from canonical_model.inventory_views import (
    UNASSIGNED,
    Availability,
    InventoryState,
    OrderDemand,
    Position,
    ReportedLevel,
    SafetyStock,
)
from canonical_model.stock_moves import StockMove, stock_moves

_STATE_FIELDS = {"ON_HAND": "on_hand", "PENDING": "returns_pending_inspection", "DAMAGED": "damaged",
                 "QUALITY_HOLD": "quality_hold", "IN_TRANSIT": "in_transit", "RESTOCK": "on_hand"}


@dataclass
class _Demand:
    order_id: str
    channel: str
    description: str
    placed_at: datetime | None = None
    ordered: dict[str, int] = field(default_factory=dict)
    allocations: dict[tuple[str, str | None, str], int] = field(default_factory=dict)
    shipped: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    cancelled: bool = False
    event_ids: list[str] = field(default_factory=list)


class StockBook:
    """The running state of the positions fold: units by state, each order's demand, reported levels."""

    def __init__(self, bom: BillOfMaterials) -> None:
        self.bom = bom
        self.stock: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.demands: dict[str, _Demand] = {}
        self.reported: dict[tuple[str, str, str], ReportedLevel] = {}

    def demand(self, event: Event) -> _Demand:
        assert event.order is not None
        ref = event.order
        found = self.demands.get(ref.order_id)
        if found is None:
            found = self.demands[ref.order_id] = _Demand(ref.order_id, ref.system,
                                                         f"{ref.system} order {ref.external_id}")
        if event.id not in found.event_ids:
            found.event_ids.append(event.id)
        return found

    def add(self, sku: str, location: str, state: str, units: int) -> None:
        if state == "WRITE_OFF":
            return
        self.stock[(sku, location)][_STATE_FIELDS.get(state, state)] += units


def _order_event(book: StockBook, event: Event) -> None:
    body = event.body
    if isinstance(body, OrderSnapshot) and body.lines is not None:
        demand = book.demand(event)
        demand.placed_at = body.placed_at or demand.placed_at
        demand.ordered = exploded_totals([(line.sku, line.quantity) for line in body.lines if line.sku], book.bom)
    elif isinstance(body, OrderCancelled):
        book.demand(event).cancelled = True
    elif isinstance(body, InventoryAllocated):
        demand = book.demand(event)
        for sku, units in exploded_totals([(body.sku, body.quantity)], book.bom).items():
            # An allocation states the line's allocation at that location: a restatement replaces it.
            demand.allocations[(sku, body.line_id, body.location)] = units


def book_move(book: StockBook, move: StockMove) -> None:
    sku, at, units = move.sku, move.location, move.quantity
    if move.kind == "RECEIVE":
        book.add(sku, at, "ON_HAND", units)
    elif move.kind == "SHIP":
        book.add(sku, at, "ON_HAND", -units)
        if move.order_id and move.event.order is not None:
            book.demand(move.event).shipped[(sku, at)] += units
    elif move.kind == "TRANSFER_OUT":
        book.add(sku, at, "ON_HAND", -units)
        book.add(sku, move.other_location or at, "IN_TRANSIT", units)
    elif move.kind == "TRANSFER_IN":
        book.add(sku, at, "IN_TRANSIT", -units)
        book.add(sku, at, "ON_HAND", units)
    elif move.kind == "RETURN_RECEIVE":
        book.add(sku, at, move.disposition or "PENDING", units)
    elif move.kind == "RETURN_INSPECT":
        book.add(sku, move.other_location or at, "PENDING", -units)
        book.add(sku, at, move.disposition or "RESTOCK", units)
    elif move.kind == "ADJUST":
        _adjust(book, move)


def _adjust(book: StockBook, move: StockMove) -> None:
    """A cycle count corrects on hand; DAMAGED moves counted units out of on hand; a hold flags on-hand units."""
    state = move.state or "ON_HAND"
    book.add(move.sku, move.location, state, move.quantity)
    if state == "DAMAGED":
        book.add(move.sku, move.location, "ON_HAND", -move.quantity)


def open_demand(demand: _Demand) -> OrderDemand:
    """What the order still holds: nothing once cancelled; else ordered less shipped, allocated first."""
    reserved: list[tuple[str, int]] = []
    allocated: list[tuple[str, str, int]] = []
    for sku, ordered in sorted(demand.ordered.items()):
        shipped = sum(units for (line_sku, _), units in demand.shipped.items() if line_sku == sku)
        outstanding = 0 if demand.cancelled else max(ordered - shipped, 0)
        by_location: dict[str, int] = defaultdict(int)
        for (line_sku, _, location), units in demand.allocations.items():
            if line_sku == sku:
                by_location[location] += units
        for location in sorted(by_location):
            units = min(max(by_location[location] - demand.shipped.get((sku, location), 0), 0), outstanding)
            if units:
                allocated.append((sku, location, units))
                outstanding -= units
        if outstanding:
            reserved.append((sku, outstanding))
    return OrderDemand(demand.order_id, demand.channel, demand.placed_at, demand.description, tuple(reserved),
                       tuple(allocated), tuple(demand.event_ids))


def _positions(book: StockBook, demands: list[OrderDemand]) -> tuple[Position, ...]:
    counts: dict[tuple[str, str], dict[str, int]] = {key: dict(states) for key, states in dict.items(book.stock)}
    for demand in demands:
        for sku, units in demand.reserved:
            slot = counts.setdefault((sku, UNASSIGNED), {})
            slot["reserved"] = slot.get("reserved", 0) + units
        for sku, location, units in demand.allocated:
            slot = counts.setdefault((sku, location), {})
            slot["allocated"] = slot.get("allocated", 0) + units
    known = set(Position.__dataclass_fields__) - {"sku", "location", "other"}
    return tuple(
        Position(sku, location, **{name: units for name, units in states.items() if name in known},
                 other=tuple(sorted((name, units) for name, units in states.items() if name not in known and units)))
        for (sku, location), states in sorted(counts.items())
    )


def inventory_state(events: list[Event], bom: BillOfMaterials = NO_BUNDLES,
                    as_of: datetime | None = None) -> InventoryState:
    """Positions, open order demand and reported levels from the events (those recorded by `as_of`, if given)."""
    known = [e for e in events if as_of is None or e.recorded_at is None or e.recorded_at <= as_of]
    ordered = sorted(known, key=fold_order)
    moves: dict[str, list[StockMove]] = defaultdict(list)
    for move in stock_moves(ordered, bom):
        moves[move.event.id].append(move)
    book = StockBook(bom)
    for event in ordered:
        book_event(book, event)
        for move in moves.pop(event.id, []):
            book_move(book, move)
    demands = [open_demand(demand) for demand in book.demands.values()]
    return book_state(book, [d for d in demands if d.reserved or d.allocated])


def book_event(book: StockBook, event: Event) -> None:
    """Fold what an event says besides its stock moves: an order's demand, a source's reported level."""
    body = event.body
    if event.order is not None and isinstance(body, (OrderSnapshot, OrderCancelled, InventoryAllocated)):
        _order_event(book, event)
    elif isinstance(body, InventoryLevelReported):
        book.reported[(event.source.system, body.sku, body.location)] = ReportedLevel(
            body.sku, body.location, event.source.system, body.available, body.on_hand, event.occurred_at, event.id)


def book_state(book: StockBook, open_demands: list[OrderDemand]) -> InventoryState:
    """Positions, the open demands given and reported levels, from the book."""
    return InventoryState(_positions(book, open_demands), tuple(open_demands),
                          tuple(dict.__getitem__(book.reported, key) for key in sorted(book.reported)))


def available_to_promise(position: Position, channel_safety_stock: int = 0) -> Availability:
    """ATP at one location: on hand - reserved - allocated - quality hold - safety stock."""
    return Availability(position.sku, position.location, position.on_hand, position.reserved, position.allocated,
                        position.quality_hold, channel_safety_stock)


def channel_available_to_promise(state: InventoryState, sku: str, channel: str,
                                 safety: SafetyStock | None = None,
                                 locations: tuple[str, ...] | None = None, reserved: int | None = None) -> Availability:
    """ATP a channel can promise from the locations serving it (all by default), after every order's reservation.

    Unassigned reservations of every channel count (unless `reserved` says which do), because all channels
    draw on the same stock; only the safety stock is the channel's own.
    """
    serving = [p for p in state.positions if p.sku == sku and p.location != UNASSIGNED
               and (locations is None or p.location in locations)]
    reserved = state.position(sku, UNASSIGNED).reserved if reserved is None else reserved
    return Availability(sku, f"channel {channel}", sum(p.on_hand for p in serving), reserved,
                        sum(p.allocated for p in serving), sum(p.quality_hold for p in serving),
                        (safety or SafetyStock()).units(channel, sku))
