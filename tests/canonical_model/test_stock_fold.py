"""The resumable stock fold gives what the full fold gives, whatever the arrival order and the batches."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from canonical_model.cost_layers import FIFO, WEIGHTED_AVERAGE
from canonical_model.costing import costing
from canonical_model.events import Event, ShipmentCreated, ShipmentLine
from canonical_model.identity import SourceRef
from canonical_model.inventory import inventory_state
from canonical_model.stock_fold import StockFold
from tests.builders import at, order_ref
from tests.canonical_model.stock_builders import (
    adjusted,
    allocated,
    cancelled,
    level_reported,
    placed,
    received,
    return_inspected,
    return_received,
    shipment,
    transfer_in,
    transfer_out,
)

BOM = {"GIFT-SET": {"MUG": 2, "CARD": 1}}


def _carrier_label(external_id: str, label: str, tracking: str, day: int) -> Event:
    """A carrier's label for a parcel the warehouse shipped: no lines, the same tracking number."""
    body = ShipmentCreated(label, "IN_TRANSIT", (), None, "UPS", (tracking,))
    return Event(body, SourceRef("carrier", "acme", "label", label, "1"), at(day, 15), order_ref(external_id))


def _tracked(external_id: str, shipment_id: str, lines: list[tuple[str, int]], day: int, tracking: str) -> Event:
    body = ShipmentCreated(shipment_id, "SUCCESS", tuple(ShipmentLine(s, q) for s, q in lines), "WH-EAST", "UPS",
                           (tracking,))
    return Event(body, SourceRef("wms", "main", "shipment", shipment_id, "t"), at(day, 14), order_ref(external_id))


def _world() -> list[Event]:
    """Receipts, orders (one a bundle), allocations, shipments restated and cancelled, a parcel reported by
    a carrier too, returns restocked and damaged, a transfer with freight, counts and reported levels."""
    events = [received("PO1", "WH-EAST", [("MUG", 6, "4.00"), ("CARD", 10, "1.00")], day=1),
              received("PO2", "WH-EAST", [("MUG", 6, "5.00")], day=3),
              received("PO3", "WH-WEST", [("MUG", 4, None)], day=2),
              transfer_out("T1", "WH-EAST", "WH-WEST", [("MUG", 2), ("CARD", 2)], day=4, freight="3.00"),
              transfer_in("T1", "WH-WEST", [("MUG", 2), ("CARD", 2)], day=6),
              adjusted("MUG", "WH-EAST", -1, day=8, ident="A1"), adjusted("CARD", "WH-EAST", 2, day=9, ident="A2"),
              adjusted("MUG", "WH-WEST", 1, state="DAMAGED", day=9, ident="A3"),
              level_reported("MUG", "WH-EAST", available=3, on_hand=4, day=9)]
    for number in range(1, 9):
        order = f"10{number:02d}"
        day = 1 + number
        lines = [("GIFT-SET", 1, "30.00")] if number == 4 else [("MUG", number % 3 + 1, "12.00"), ("CARD", 1, "3.00")]
        events.append(placed(order, lines, day=day))
        if number == 7:
            events.append(cancelled(order, day=day + 1))
            continue
        events.append(allocated(order, "MUG", "WH-EAST", number % 3 + 1, day=day))
        shipped = [(sku, quantity) for sku, quantity, _ in lines]
        if number == 5:
            events.append(_tracked(order, f"S{number}", shipped, day + 1, f"1Z{number}"))
            events.append(_carrier_label(order, f"LBL{number}", f"1z {number}", day + 2))
        else:
            events += shipment(order, f"S{number}", shipped, "WH-EAST", day=day + 1,
                               delivered=at(day + 4) if number % 2 else None)
    restated = shipment("1002", "S2", [("MUG", 1)], "WH-EAST", day=5)[0]
    events.append(Event(restated.body, SourceRef("wms", "main", "shipment", "S2", "2"), restated.occurred_at + timedelta(
        hours=5), restated.order))
    events.append(Event(ShipmentCreated("S6", "CANCELLED", (ShipmentLine("MUG", 1),), "WH-EAST", "UPS"),
                        SourceRef("wms", "main", "shipment", "S6", "3"), at(12), order_ref("1006")))
    events += [return_received("1003", "R1", [("MUG", 1)], day=10),
               return_inspected("1003", "R1", "RESTOCK", [("MUG", 1)], day=11),
               return_received("1008", "R2", [("MUG", 2), ("CARD", 1)], day=13),
               return_inspected("1008", "R2", "DAMAGED", [("MUG", 1)], day=14)]
    return events


def _full(events: list[Event], policy: str) -> tuple[list, object]:
    return list(costing(events, policy, BOM).movements), inventory_state(events, BOM)


def _by_order(state: object) -> object:
    return sorted(state.demands, key=lambda demand: demand.order_id)


@pytest.mark.parametrize("policy", [FIFO, WEIGHTED_AVERAGE])
@pytest.mark.parametrize("seed", range(6))
def test_any_batches_in_any_order_fold_to_the_full_fold(policy: str, seed: int) -> None:
    events = _world()
    rng = random.Random(seed)
    arrival = events[:]
    rng.shuffle(arrival)
    # Tiny checkpoints, few of them: late events step back, or fold again from the start when too old.
    fold = StockFold(policy, BOM, spacing=rng.choice([1, 2, 5]), depth=rng.choice([2, 4, 50]))
    position = 0
    while position < len(arrival):
        size = rng.randint(1, 6)
        fold.fold(arrival[position:position + size])
        position += size
        movements, state = _full(arrival[:position], policy)
        assert fold.costs.movements == movements
        mine = fold.state()
        assert (mine.positions, mine.reported, _by_order(mine)) == (state.positions, state.reported, _by_order(state))


def test_a_late_receipt_reprices_the_draws_after_it_and_says_which_movements_it_replaced() -> None:
    events = _world()
    late = next(event for event in events if getattr(event.body, "receipt_id", None) == "PO2")
    fold = StockFold(FIFO, BOM, spacing=3, depth=3)
    fold.fold([event for event in events if event is not late])
    before = list(fold.costs.movements)
    replay = fold.fold([late])
    assert fold.costs.movements == _full(events, FIFO)[0]
    assert replay.undone == tuple(before[replay.start:])
    assert fold.costs.movements[:replay.start] == before[:replay.start]
    assert replay.start < len(before)


def test_events_already_folded_change_nothing() -> None:
    events = _world()
    fold = StockFold(FIFO, BOM)
    fold.fold(events)
    movements = list(fold.costs.movements)
    replay = fold.fold(events[3:9])
    assert (replay.start, replay.undone, fold.costs.movements) == (len(movements), (), movements)
