"""The stock fold kept between appends: resumed with what an append brings, caught up with what others wrote.

A sku's partition is what its full fold reads (`events_of_skus`): the events naming it (or a bundle made of
it) and the stock events of the orders those belong to. The process keeps one `StockFold` per database
holding the partitions of the skus it has projected, and for each sku the token under which the fold
covers it. An append writes a new token into each sku's stored row (`inventory_skus.fold_token`) in its
own transaction. The next append uses the kept fold for a sku only when the stored token is still the
one kept; otherwise (another process's append, a rebuild, a rolled-back append) it first reads the sku's
partition from the log and folds what the kept fold lacks. A sku's results depend only on its own
partition, so a fold holding other partitions too, some behind the log, still gives every covered sku
exactly what its full fold gives.

Resuming reads no history: the append's fresh events are in hand, and one query per 500 touched orders
finds their other events (the skus they name, and the stock events an order joining a partition brings
along or the hub has just linked to an order by reference), then read by id. Late events step the fold back inside `StockFold`.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from canonical_model.costing import CostMovement
from canonical_model.events import Event
from canonical_model.identity import stable_digest
from canonical_model.stock_fold import FOLD_FORMAT, ORDER_COSTS, StockFold
from hub.event_keys import ORDER_STOCK_TYPES, SKU, _decode, events_of_skus, keys_of
from hub.policies import Policies
from hub.schema import audit_head, event_keys, events, inventory_skus

KEPT_EVENTS = 400_000  # a fold that grew past this many events is not kept (it is read again when needed)


@dataclass
class _Kept:
    """The fold, the token under which it covers each sku, and which of its events belong to which partition."""

    fold: StockFold
    tokens: dict[str, str] = field(default_factory=dict)
    members: set[str] = field(default_factory=set)
    ids_by_key: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    stock_by_order: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def index(self, folded: Iterable[Event], keys: Callable[[Event], set[str]]) -> None:
        for event in folded:
            for key in keys(event):
                self.ids_by_key[key].add(event.id)
            if event.order_id and event.type in ORDER_STOCK_TYPES:
                self.stock_by_order[event.order_id].add(event.id)

    def held(self, keys: set[str]) -> set[str]:
        """The events the fold holds of the partitions of these keys: naming them, or of their orders."""
        naming = set().union(*(self.ids_by_key.get(key, set()) for key in keys))
        orders = {self.fold.originals[event_id].order_id for event_id in naming} - {None}
        return naming.union(*(self.stock_by_order.get(order_id, set()) for order_id in orders))


KEPT_DATABASES = 4
_kept: OrderedDict[tuple[str, str], _Kept] = OrderedDict()
_lock = threading.Lock()


def _fingerprint(policies: Policies) -> str:
    """What a fold depends on besides the log: its format, the costing method and the bill of materials."""
    return stable_digest("stock-fold", str(FOLD_FORMAT), policies.costing, json.dumps(policies.bom, sort_keys=True))


def _stored_tokens(connection: Connection, skus: list[str]) -> dict[str, str | None]:
    tokens: dict[str, str | None] = {}
    for start in range(0, len(skus), 500):
        query = select(inventory_skus.c.sku, inventory_skus.c.fold_token).where(
            inventory_skus.c.sku.in_(skus[start:start + 500]))
        tokens.update({sku: token for sku, token in connection.execute(query)})
    return tokens


def skus_named_by(connection: Connection, event_ids: list[str]) -> set[str]:
    """The skus the events name, by their keys (looked up by event id, 500 at a time)."""
    found: set[str] = set()
    for start in range(0, len(event_ids), 500):
        query = select(event_keys.c.key).where(event_keys.c.event_id.in_(event_ids[start:start + 500]),
                                               event_keys.c.key.startswith(SKU))
        found |= {key.removeprefix(SKU) for key in connection.execute(query).scalars()}
    return found


class StockFolding:
    """One append's use of the kept fold: `cover` skus (resumed or caught up), read results, then `keep`."""

    def __init__(self, connection: Connection, policies: Policies, fresh: list[Event], orders: set[str]) -> None:
        self.connection, self.policies = connection, policies
        self.in_hand, self.orders = {event.id: event for event in fresh}, sorted(orders)
        self.place = (str(connection.engine.url), _fingerprint(policies))
        # Appends lock the audit chain's head before they project; a projection without an append (the timing
        # refresh) takes the same lock, so no two writers fold and store a sku from different logs.
        connection.execute(select(audit_head.c.seq).where(audit_head.c.id == 1).with_for_update())
        with _lock:
            self.kept = _kept.pop(self.place, None) or _Kept(StockFold(policies.costing, policies.bom))
        self.skus: set[str] = set()
        self.start = len(self.fold.costs.movements)
        self.undone: list[CostMovement] = []
        self._touched: list[tuple[str, str]] | None = None
        self._stock: list[Event] | None = None
        self._keys: dict[str, set[str]] = {}

    @property
    def fold(self) -> StockFold:
        return self.kept.fold

    def _key_set(self, event: Event) -> set[str]:
        if event.id not in self._keys:
            self._keys[event.id] = keys_of(event)
        return self._keys[event.id]

    def _heads(self) -> list[tuple[str, str]]:
        """(id, type) of every event of the touched orders: one query per 500 orders, then lookups by id."""
        if self._touched is None:
            self._touched = []
            for start in range(0, len(self.orders), 500):
                query = select(events.c.id, events.c.type).where(events.c.order_id.in_(self.orders[start:start + 500]))
                self._touched += [(ident, kind) for ident, kind in self.connection.execute(query)]
        return self._touched

    def older_skus(self) -> set[str]:
        """Every sku the touched orders' events name, but for the append's own (whose skus the caller has)."""
        return skus_named_by(self.connection, [ident for ident, _ in self._heads() if ident not in self.in_hand])

    def _stock_events(self) -> list[Event]:
        """The touched orders' stock events, linked to their orders as the log now says."""
        if self._stock is None:
            ids = [ident for ident, kind in self._heads() if kind in ORDER_STOCK_TYPES]
            self._stock = []
            for start in range(0, len(ids), 1000):
                self._stock += _decode(self.connection, events.c.id.in_(ids[start:start + 1000]), None, self.in_hand)
        return self._stock

    def _naming(self, candidates: Iterable[Event], skus: set[str]) -> list[Event]:
        named = skus | self.policies.bundles_containing(skus)
        wanted = {SKU + sku for sku in named}
        return [event for event in candidates if self._key_set(event) & wanted]

    def _read(self, stale: set[str], covering: set[str]) -> list[Event]:
        """The stale skus' partitions from the log; when the fold holds events of them the log has not (an
        append rolled back, another database under the same address), the fold starts again from the log,
        with every sku this append covers."""
        wanted = stale | self.policies.bundles_containing(stale)
        loaded = events_of_skus(self.connection, wanted, fresh=self.in_hand)
        if not self.kept.held({SKU + sku for sku in wanted}) <= {event.id for event in loaded}:
            self.kept = _Kept(StockFold(self.policies.costing, self.policies.bom))
            self.start, self.undone = 0, []
            return self._read(covering | self.skus, covering)
        self.kept.members |= {event.order_id for event in self._naming(loaded, stale) if event.order_id}
        return loaded

    def cover(self, skus: set[str]) -> None:
        """Fold the append's events for these skus, after reading the partitions of those the kept fold lacks."""
        stored = _stored_tokens(self.connection, sorted(skus))
        stale = {sku for sku in skus if self.kept.tokens.get(sku) is None or self.kept.tokens[sku] != stored.get(sku)}
        loaded = self._read(stale, skus) if stale else []
        linked = {event.id: event for event in self._stock_events()}
        naming = self._naming([*[linked.get(event.id, event) for event in self.in_hand.values()], *linked.values()],
                              skus)
        self.kept.members |= {event.order_id for event in naming if event.order_id}
        joined = [event for event in linked.values() if event.order_id in self.kept.members]
        for sku in skus:
            self.kept.tokens.pop(sku, None)  # until kept again under this append's token
        batch = [*loaded, *naming, *joined]
        self.kept.index([event for event in batch if self.fold.originals.get(event.id) is not event], self._key_set)
        replay = self.fold.fold(batch)
        self.undone += replay.undone
        self.start = min(self.start, replay.start)
        self.skus |= skus

    def candidates(self, skip: set[str]) -> set[str]:
        """Orders whose cost draws of a covered sku were folded again after a fresh move of that sku."""
        moved = [m for m in self.fold.movements_since(self.start) if m.sku in self.skus]
        earliest: dict[str, object] = {}
        for m in moved:
            if m.event.id in self.in_hand:
                earliest[m.sku] = min(earliest.get(m.sku, m.event.occurred_at), m.event.occurred_at)
        found = {m.order_id for m in (*moved, *self.undone) if m.order_id and m.order_id not in skip
                 and m.sku in earliest and m.kind in ORDER_COSTS and m.event.occurred_at >= earliest[m.sku]
                 and m.event.id not in self.in_hand}
        # Folded again to the same costs as before: nothing to re-price.
        before, after = self._by_order(self.undone, found), self._by_order(moved, found)
        return {order_id for order_id in found if before.get(order_id) != after.get(order_id)}

    def _by_order(self, movements: Iterable[CostMovement], orders: set[str]) -> dict[str, list[CostMovement]]:
        grouped: dict[str, list[CostMovement]] = defaultdict(list)
        for m in movements:
            if m.order_id in orders and m.kind in ORDER_COSTS and m.sku in self.skus:
                grouped[m.order_id].append(m)
        return grouped

    def order_costs(self, order_id: str) -> tuple[CostMovement, ...]:
        """The order's COGS and reversals over the covered skus, in fold order."""
        return self.fold.order_costs(order_id, self.skus)

    def keep(self) -> dict[str, str]:
        """Keep the fold for the next append; returns the tokens to store with the covered skus."""
        tokens = {sku: uuid.uuid4().hex for sku in sorted(self.skus)}
        self.kept.tokens |= tokens
        if len(self.fold.events) <= KEPT_EVENTS:
            with _lock:
                _kept[self.place] = self.kept
                _kept.move_to_end(self.place)
                while len(_kept) > KEPT_DATABASES:
                    _kept.popitem(last=False)
        return tokens
