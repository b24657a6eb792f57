"""What a 3PL simulator's tests check of its stock: units in from receipts, out with shipped parcels, never short."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from canonical_model.events import Event, ShipmentCreated, ShipmentShipped

Move = tuple[datetime, str, int]


def shipped_moves(events: list[Event]) -> list[Move]:
    """Each shipped parcel's units leaving stock (negative quantities), at the time the parcel shipped."""
    shipments = {e.body.shipment_id: e.body for e in events if isinstance(e.body, ShipmentCreated)}
    return [(event.occurred_at, line.sku, -line.quantity) for event in events if isinstance(event.body, ShipmentShipped)
            for line in shipments[event.body.shipment_id].lines]


def assert_stock_never_runs_short(moves: Iterable[Move]) -> None:
    """Stock arrives before the first unit leaves, and no sku goes below zero (at the same moment, receipts first)."""
    moves = list(moves)
    assert min(at for at, _, units in moves if units > 0) < min(at for at, _, units in moves if units < 0)
    position: Counter[str] = Counter()
    for _, sku, units in sorted(moves, key=lambda move: (move[0], -move[2])):
        position[sku] += units
        assert position[sku] >= 0, sku
