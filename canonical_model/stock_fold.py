"""The stock fold of one partition (the events of a sku), kept between appends: state in, new events out.

`costing` and `inventory_state` fold a whole sorted log. Folding it again on every append costs the whole
history each time; `StockFold` keeps the fold's state (the mover's per-object contributions, cost layers,
units in transit and shipped, positions, order demand) after the last event folded, so new events that
sort after it are simply folded on. An event that sorts earlier (a late arrival, a restated or re-linked
event, a shipment that joins an earlier parcel) steps the state back to the last checkpoint before it
(`fold_journal`) and folds again from there: the result is always that of the full fold over the same
events, in fold order. Checkpoints are taken every `spacing` events and the newest `depth` are kept;
an event older than all of them folds the partition again from its first event.
"""

from __future__ import annotations

import copy
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from canonical_model.bom import BillOfMaterials
from canonical_model.catalogue import fold_order
from canonical_model.costing import CostBook, CostMovement, cost_move
from canonical_model.events import Event
from canonical_model.fold_journal import Journal, journal_dicts
from canonical_model.inventory import StockBook, book_event, book_move, book_state, open_demand
from canonical_model.inventory_views import InventoryState, OrderDemand
from canonical_model.oversell import Place, counted_places
from canonical_model.resumable_moves import ParcelIndex, new_mover
from canonical_model.stock_moves import step

# Bump when the fold's state or its meaning changes: a kept fold of another format is folded again.
FOLD_FORMAT = 1
ORDER_COSTS = ("COGS", "COGS_REVERSAL")


@dataclass(frozen=True)
class Replay:
    """What one `fold` call did: the cost movements from `start` on were folded (again); `undone` were the
    movements they replaced, for the orders whose costs may have changed."""

    start: int
    undone: tuple[CostMovement, ...] = ()


@dataclass(frozen=True)
class _Checkpoint:
    position: int
    movements: int
    extras: dict[str, Any]


class StockFold:
    """A resumable fold of stock events into cost movements, layers, positions and open order demand."""

    def __init__(self, policy: str, bom: BillOfMaterials, spacing: int = 64, depth: int = 512) -> None:
        self.policy, self.bom, self.spacing, self.depth = policy, bom, spacing, depth
        self.keys: list[tuple[Any, ...]] = []
        self.events: list[Event] = []
        self.originals: dict[str, Event] = {}
        self.parcels = ParcelIndex()
        self.counted: set[Place] = set()
        self._start()

    def _start(self) -> None:
        """An empty state, before the first event."""
        self.journal = Journal()
        self.mover, self.costs, self.book = new_mover(self.bom), CostBook(self.policy), StockBook(self.bom)
        # Anything of the mover's state that is not a dict is copied whole at each checkpoint.
        self.extras = [name for name in journal_dicts(self.mover, self.journal, keep=("bom",)) if name != "moves"]
        journal_dicts(self.costs, self.journal, replaced=("layers",))
        journal_dicts(self.book, self.journal, keep=("bom",), replaced=("reported",), tracked=("demands",))
        self.by_order: dict[str, list[int]] = defaultdict(list)
        self.open: dict[str, OrderDemand] = {}
        self.split: dict[str, dict[str, OrderDemand]] = {}
        self.folded = 0
        self.checkpoints = [_Checkpoint(0, 0, self._extras())]

    def _extras(self) -> dict[str, Any]:
        return {name: copy.deepcopy(getattr(self.mover, name)) for name in self.extras}

    def fold(self, events: Iterable[Event]) -> Replay:
        """Fold new events, and events known before whose content changed (re-linked to an order)."""
        fresh: dict[str, Event] = {}
        for event in events:
            known = self.originals.get(event.id)
            if known is None or (known is not event and known != event):
                fresh[event.id] = event
        if not fresh:
            return Replay(len(self.costs.movements))
        rewritten = self.parcels.add(list(fresh.values()))
        keys = {event_id: fold_order(event) for event_id, event in fresh.items()}
        self._insert(sorted((keys[event.id], event) for event in fresh.values() if event.id not in self.originals))
        self.originals.update(fresh)
        earliest = len(self.events)
        for event_id in set(fresh) | set(rewritten):
            key = keys.get(event_id) or fold_order(self.originals[event_id])
            position = bisect_left(self.keys, key)
            self.events[position] = rewritten.get(event_id, self.originals[event_id])
            earliest = min(earliest, position)
        undone = self._step_back(earliest) if earliest < self.folded else ()
        replay = Replay(len(self.costs.movements), undone)
        self._fold_on()
        return replay

    def _insert(self, new: list[tuple[tuple[Any, ...], Event]]) -> None:
        """Merge new sorted events into the sorted ones: each found by bisection, the runs between copied whole."""
        if not new:
            return
        start = bisect_left(self.keys, new[0][0])
        keys, events, previous = self.keys[:start], self.events[:start], start
        for key, event in new:
            position = bisect_left(self.keys, key, previous)
            keys += self.keys[previous:position]
            events += self.events[previous:position]
            keys.append(key)
            events.append(event)
            previous = position
        self.keys, self.events = keys + self.keys[previous:], events + self.events[previous:]

    def _step_back(self, position: int) -> tuple[CostMovement, ...]:
        """Back to the last checkpoint at or before `position` (the first event, when none is kept)."""
        index = max((i for i, checkpoint in enumerate(self.checkpoints) if checkpoint.position <= position), default=None)
        undone = tuple(self.costs.movements)
        if index is None:
            self._start()
            return undone
        checkpoint = self.checkpoints[index]
        self.journal.step_back(index)
        del self.checkpoints[index + 1:]
        for name, value in checkpoint.extras.items():
            setattr(self.mover, name, copy.deepcopy(value))
        for number in range(len(self.costs.movements) - 1, checkpoint.movements - 1, -1):
            order_id = self.costs.movements[number].order_id
            if order_id:
                self.by_order[order_id].pop()
        del self.costs.movements[checkpoint.movements:]
        self.folded = checkpoint.position
        return undone[checkpoint.movements:]

    def _fold_on(self) -> None:
        for position in range(self.folded, len(self.events)):
            if position - self.checkpoints[-1].position >= self.spacing:
                self._checkpoint(position)
            self._fold_one(self.events[position])
        self.folded = len(self.events)

    def _checkpoint(self, position: int) -> None:
        self.journal.checkpoint()
        self.checkpoints.append(_Checkpoint(position, len(self.costs.movements), self._extras()))
        if len(self.checkpoints) > self.depth:
            self.journal.forget_oldest()
            del self.checkpoints[0]

    def _fold_one(self, event: Event) -> None:
        moves = step(self.mover, event)
        book_event(self.book, event)
        movements = self.costs.movements
        for move in moves:
            book_move(self.book, move)
            first = len(movements)
            cost_move(self.costs, move)
            for number in range(first, len(movements)):
                if movements[number].order_id:
                    self.by_order[movements[number].order_id].append(number)
        self.counted |= counted_places(event, self.bom)

    def state(self) -> InventoryState:
        """Positions, open order demand and reported levels after every event folded."""
        demands = self.book.demands
        for order_id in demands.touched:
            demand = dict.get(demands, order_id)
            now = open_demand(demand) if demand is not None else None
            self.split.pop(order_id, None)
            if now is not None and (now.reserved or now.allocated):
                self.open[order_id] = now
            else:
                self.open.pop(order_id, None)
        demands.touched.clear()
        return book_state(self.book, [self.open[order_id] for order_id in sorted(self.open)])

    def states_by_sku(self, skus: Collection[str]) -> dict[str, InventoryState]:
        """`state()` split per sku: each sku's positions, the demand on it and what was reported of it."""
        state = self.state()
        for order_id in self.open.keys() - self.split.keys():
            self.split[order_id] = self.open[order_id].by_sku()
        for order_id in self.split.keys() - self.open.keys():
            del self.split[order_id]
        parts: dict[str, tuple[list[Any], list[Any], list[Any]]] = {sku: ([], [], []) for sku in skus}
        for position in state.positions:
            if position.sku in parts:
                parts[position.sku][0].append(position)
        for order_id in sorted(self.split):
            for sku, demand in self.split[order_id].items():
                if sku in parts:
                    parts[sku][1].append(demand)
        for level in state.reported:
            if level.sku in parts:
                parts[level.sku][2].append(level)
        return {sku: InventoryState(tuple(positions), tuple(demands), tuple(reported))
                for sku, (positions, demands, reported) in parts.items()}

    def movements_since(self, start: int) -> list[CostMovement]:
        return self.costs.movements[start:]

    def order_costs(self, order_id: str, skus: Collection[str]) -> tuple[CostMovement, ...]:
        """The order's COGS and reversals of the skus, in fold order."""
        movements = self.costs.movements
        return tuple(movements[number] for number in self.by_order.get(order_id, ())
                     if movements[number].kind in ORDER_COSTS and movements[number].sku in skus)
