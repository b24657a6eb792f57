"""The stock projection: for the skus an append touches, cost layers, positions per state and OVERSOLD.

Costing and positions depend on every movement of a sku, so they are folded again over the events of
the touched skus (loaded in one query through `event_keys`), never from a partial log. The result gives
the re-folded orders their cost movements, stores each sku's positions for the `inventory` query, and
keeps the OVERSOLD discrepancies of those skus in step, all in the append's transaction.

A stock move that arrives late (a receipt or a shipment dated before others already costed) changes the
cost drawn by every later draw of that sku, so the orders whose COGS come after it are re-folded too (those
whose costs really changed: each stored view keeps a digest of the costs it was folded with).

Two writers never fold the same sku from different logs: every append locks the audit chain's head before
its projections run, so a second writer's fold starts after the first committed and reads its events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from canonical_model.bom import BillOfMaterials
from canonical_model.codec import to_json
from canonical_model.costing import CostingState, CostMovement, costing
from canonical_model.events import Event
from canonical_model.identity import stable_digest
from canonical_model.inventory import inventory_state
from canonical_model.inventory_views import InventoryState
from canonical_model.oversell import KIND as OVERSOLD
from canonical_model.oversell import Place, counted_places, oversold_findings
from hub.audit import AuditRecord
from hub.discrepancy_sync import Placed, sync_discrepancies
from hub.event_keys import events_of_skus, skus_of_orders
from hub.kept_stock_fold import StockFolding, skus_named_by
from hub.policies import Policies
from hub.schema import discrepancies, events, inventory_skus, orders
from hub.upsert import upsert

_ORDER_COSTS = ("COGS", "COGS_REVERSAL")


@dataclass(frozen=True)
class StockProjection:
    """What the stock fold of some skus gives the order fold: each order's cost movements, orders to re-price."""

    skus: frozenset[str] = frozenset()
    by_order: Mapping[str, tuple[CostMovement, ...]] = field(default_factory=dict)
    repriced: frozenset[str] = frozenset()
    records: tuple[AuditRecord, ...] = ()

    def costs_for(self, order_id: str) -> tuple[CostMovement, ...]:
        """The order's COGS and reversals over the costed skus (empty when the order moved none)."""
        return self.by_order.get(order_id, ())


def _by_order(costs: CostingState, skus: set[str]) -> dict[str, tuple[CostMovement, ...]]:
    found: dict[str, list[CostMovement]] = defaultdict(list)
    for movement in costs.movements:
        if movement.order_id and movement.kind in _ORDER_COSTS and movement.sku in skus:
            found[movement.order_id].append(movement)
    return {order_id: tuple(movements) for order_id, movements in found.items()}


def cost_digests(movements: Iterable[CostMovement]) -> dict[str, str]:
    """Per sku, a digest of the cost an order's movements carried: equal digests, equal COGS in every view."""
    parts: dict[str, list[str]] = defaultdict(list)
    for m in movements:
        parts[m.sku] += [m.event.id, m.kind, m.location, str(m.quantity), str(m.cost), m.line_id or "", m.reference,
                         str(m.uncosted_units)]
    return {sku: stable_digest("costs", *values)[:16] for sku, values in sorted(parts.items())}


def _changed(connection: Connection, candidates: frozenset[str], by_order: Mapping[str, tuple[CostMovement, ...]],
             skus: set[str]) -> frozenset[str]:
    """The candidates whose stored view was folded with other costs for these skus than they now carry."""
    ids, changed = sorted(candidates), set()
    for start in range(0, len(ids), 500):
        query = select(orders.c.order_id, orders.c.cost_digests).where(orders.c.order_id.in_(ids[start:start + 500]))
        for order_id, stored in connection.execute(query):
            now, before = cost_digests(by_order.get(order_id, ())), stored or {}
            if any(now.get(sku) != before.get(sku) for sku in skus):
                changed.add(order_id)
    return frozenset(changed)


def only_sku(state: InventoryState, sku: str) -> InventoryState:
    """The state of one sku: its positions, the demand on it, what sources reported of it."""
    return by_sku(state, {sku})[sku]


def by_sku(state: InventoryState, skus: Iterable[str]) -> dict[str, InventoryState]:
    """The state of each sku, in one pass over the positions, demands and reported levels."""
    parts: dict[str, tuple[list[Any], list[Any], list[Any]]] = {sku: ([], [], []) for sku in skus}
    for position in state.positions:
        if position.sku in parts:
            parts[position.sku][0].append(position)
    for demand in state.demands:
        for sku, part in demand.by_sku().items():
            if sku in parts:
                parts[sku][1].append(part)
    for level in state.reported:
        if level.sku in parts:
            parts[level.sku][2].append(level)
    return {sku: InventoryState(tuple(positions), tuple(demands), tuple(reported))
            for sku, (positions, demands, reported) in parts.items()}


def _scope(finding_key: str, sku: str) -> dict[str, str | None]:
    """Location or channel of an OVERSOLD finding, from its key `OVERSOLD:<location|channel>:<name>:<sku>`."""
    scope, _, name = finding_key.removeprefix(f"{OVERSOLD}:").removesuffix(f":{sku}").partition(":")
    return {"location": name if scope == "location" else None, "channel": name if scope == "channel" else None}


def counted_skus(loaded: list[Event], bom: BillOfMaterials) -> set[Place]:
    """Where the hub counts stock itself: (sku, location) it has seen units of received, counted or transferred."""
    return {place for event in loaded for place in counted_places(event, bom)}


def _oversold(states: dict[str, InventoryState], skus: Iterable[str], policies: Policies,
              counted: set[Place] | None) -> list[Placed]:
    found = []
    for sku in sorted(skus):
        for finding in oversold_findings(states[sku], policies.safety, dict(policies.channel_locations), counted):
            found.append(Placed(finding, finding.order_id, sku, **_scope(finding.key, sku)))
    return found


def _stored_oversold(connection: Connection, skus: list[str]) -> dict[str, Any]:
    stored: dict[str, Any] = {}
    for start in range(0, len(skus), 500):
        query = select(discrepancies).where(discrepancies.c.kind == OVERSOLD,
                                            discrepancies.c.sku.in_(skus[start:start + 500]))
        stored.update({row.id: row for row in connection.execute(query)})
    return stored


def stored_state(mine: InventoryState) -> dict[str, Any]:
    """What is kept of a sku (from its own state) for the `inventory` query: positions, reported levels,
    channels with demand on it."""
    return {"positions": to_json(mine.positions), "reported": to_json(mine.reported),
            "channels": sorted({demand.channel for demand in mine.demands})}


def _store_states(connection: Connection, states: dict[str, InventoryState], now: datetime,
                  tokens: Mapping[str, str]) -> None:
    upsert(connection, inventory_skus, [{"sku": sku, "state": stored_state(states[sku]), "updated_at": now,
                                         "fold_token": tokens.get(sku)} for sku in sorted(states)], ["sku"])


def _stock_findings(connection: Connection, states: dict[str, InventoryState], counted: set[Place],
                    policies: Policies, now: datetime, tokens: Mapping[str, str]) -> list[AuditRecord]:
    """Store each sku's state and keep its OVERSOLD discrepancies in step; returns the audit records."""
    ordered = sorted(states)
    _store_states(connection, states, now, tokens)
    if not policies.oversell_counted_only:
        found = _oversold(states, ordered, policies, None)
    else:
        found = _oversold(states, sorted({sku for sku, _ in counted} & set(ordered)), policies, counted)
    return sync_discrepancies(connection, found, _stored_oversold(connection, ordered), now)


def _repriced(costs: CostingState, fresh_ids: set[str], skip: set[str]) -> frozenset[str]:
    """Orders whose cost draws come after a freshly arrived move of the same sku."""
    earliest: dict[str, datetime] = {}
    for movement in costs.movements:
        if movement.event.id in fresh_ids:
            moment = movement.event.occurred_at
            earliest[movement.sku] = min(earliest.get(movement.sku, moment), moment)
    return frozenset(m.order_id for m in costs.movements
                     if m.order_id and m.order_id not in skip and m.kind in _ORDER_COSTS and m.sku in earliest
                     and m.event.occurred_at >= earliest[m.sku] and m.event.id not in fresh_ids)


@dataclass(frozen=True)
class _Folded:
    state: InventoryState
    counted: set[Place]
    by_order: dict[str, tuple[CostMovement, ...]]
    repriced: frozenset[str]


def _fold(connection: Connection, skus: set[str], policies: Policies, fresh: dict[str, Event],
          refolding: set[str]) -> _Folded:
    loaded = events_of_skus(connection, skus | policies.bundles_containing(skus), fresh=fresh)
    costs = costing(loaded, policies.costing, policies.bom)
    by_order = _by_order(costs, skus)
    repriced = _changed(connection, _repriced(costs, set(fresh), refolding), by_order, skus)
    return _Folded(inventory_state(loaded, policies.bom), counted_skus(loaded, policies.bom), by_order, repriced)


def fold_stock(connection: Connection, skus: set[str], policies: Policies, now: datetime,
               fresh: list[Event], refolding: set[str]) -> StockProjection:
    """Cost layers, positions and OVERSOLD of the component skus, folded in one from the log and stored;
    `refolding` orders are re-folded anyway.

    Orders whose costs a late move changed are re-folded too; they may hold other skus, which then join
    the fold, so every re-folded order gets the costs of all its skus.
    """
    if not skus:
        return StockProjection()
    in_hand = {event.id: event for event in fresh}
    folded = _fold(connection, skus, policies, in_hand, refolding)
    while more := policies.components(skus_of_orders(connection, sorted(folded.repriced))) - skus:
        skus = skus | more
        folded = _fold(connection, skus, policies, in_hand, refolding)
    states = by_sku(folded.state, skus)
    records = _stock_findings(connection, states, folded.counted, policies, now, {})
    return StockProjection(frozenset(skus), folded.by_order, folded.repriced, tuple(records))


def _repriced_folding(connection: Connection, folding: StockFolding,
                      refolding: set[str]) -> tuple[frozenset[str], dict[str, tuple[CostMovement, ...]]]:
    candidates = folding.candidates(refolding)
    by_order = {order_id: costs for order_id in candidates | refolding if (costs := folding.order_costs(order_id))}
    return _changed(connection, frozenset(candidates), by_order, folding.skus), by_order


def _skus_of_orders(connection: Connection, order_ids: list[str]) -> set[str]:
    """Every sku the orders' events name: their ids by order, then their keys by id (two indexed lookups
    rather than a join, which PostgreSQL plans as a scan of every key while its statistics are young)."""
    ids: list[str] = []
    for start in range(0, len(order_ids), 500):
        ids += connection.execute(select(events.c.id).where(events.c.order_id.in_(order_ids[start:start + 500]))
                                  ).scalars()
    return skus_named_by(connection, ids)


def project_stock(connection: Connection, fresh_skus: set[str], order_ids: list[str], policies: Policies,
                  now: datetime, fresh: list[Event]) -> StockProjection:
    """The stock fold for the skus freshly named and the skus of the orders about to be re-folded.

    The fold resumes from the state the last append left (`kept_stock_fold`), so an append costs what it
    brings, not the history of its skus.
    """
    refolding = set(order_ids)
    folding = StockFolding(connection, policies, fresh, refolding)
    skus = policies.components(fresh_skus | folding.older_skus())
    if not skus:
        folding.keep()
        return StockProjection()
    folding.cover(skus)
    repriced, by_order = _repriced_folding(connection, folding, refolding)
    while more := policies.components(_skus_of_orders(connection, sorted(repriced))) - folding.skus:
        folding.cover(more)
        repriced, by_order = _repriced_folding(connection, folding, refolding)
    states = folding.fold.states_by_sku(folding.skus)
    records = _stock_findings(connection, states, folding.fold.counted, policies, now, folding.keep())
    return StockProjection(frozenset(folding.skus), by_order, repriced, tuple(records))


def order_costs_as_of(connection: Connection, order_id: str, policies: Policies,
                      as_of: datetime) -> tuple[CostMovement, ...]:
    """The order's cost movements from the stock the hub knew of at a recorded time."""
    skus = policies.components(skus_of_orders(connection, [order_id]))
    loaded = events_of_skus(connection, skus | policies.bundles_containing(skus), as_of=as_of)
    return _by_order(costing(loaded, policies.costing, policies.bom), skus).get(order_id, ())
