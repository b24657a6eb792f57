"""Costing: stock moves folded into cost layers per sku and location, and the cost each movement carried.

- A receipt adds a layer at unit cost plus landed cost per unit (no unit cost stated: a layer of unknown
  value, so what is later drawn from it is unknown too).
- A shipment draws its units (FIFO or moving weighted average, by policy) and records COGS per shipped
  order line with the layers it consumed; units no layer covers make that line's COGS unknown (None),
  reported and never guessed.
- A return restocked re-enters at the cost its units left with (the order's own COGS for that sku) and
  reverses that COGS; damaged or written-off returns leave their cost in COGS.
- A transfer moves its layers with the units; its freight is capitalised, spread over the transferred
  units when they arrive.
- A cycle-count loss draws layers (shrinkage); a gain enters at the location's current average cost;
  units counted DAMAGED leave the sellable layers as a damage expense.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from canonical_model.bom import NO_BUNDLES, BillOfMaterials
from canonical_model.catalogue import fold_order
from canonical_model.cost_layers import (
    FIFO,
    CostLayer,
    LayerDraw,
    add_layer,
    draw,
    drawn_cost,
    layer_value,
    share,
)
from canonical_model.events import Event
from canonical_model.money import Money
from canonical_model.stock_moves import StockMove, stock_moves


@dataclass(frozen=True)
class CostMovement:
    """The cost one stock move carried.

    kind: RECEIPT, COGS, COGS_REVERSAL (restocked return), TRANSFER_OUT, TRANSFER_IN, FREIGHT (capitalised),
    SHRINKAGE (count loss), COUNT_GAIN, DAMAGE. `cost` is None when some unit had no known cost.
    """

    kind: str
    sku: str
    location: str
    quantity: int
    cost: Money | None
    event: Event
    reference: str
    order_id: str | None = None
    line_id: str | None = None
    line_sku: str | None = None
    draws: tuple[LayerDraw, ...] = ()
    uncosted_units: int = 0


@dataclass(frozen=True)
class CostingState:
    """Layers left per sku and location, and every cost movement in fold order."""

    policy: str
    layers: tuple[CostLayer, ...] = ()
    movements: tuple[CostMovement, ...] = ()

    def for_order(self, order_id: str) -> tuple[CostMovement, ...]:
        """The order's COGS and COGS reversals."""
        return tuple(m for m in self.movements if m.order_id == order_id and m.kind in ("COGS", "COGS_REVERSAL"))

    def inventory_value(self, sku: str | None = None, location: str | None = None) -> Money | None:
        return layer_value([layer for layer in self.layers if (sku is None or layer.sku == sku)
                            and (location is None or layer.location == location)])

    def units(self, sku: str, location: str | None = None) -> int:
        return sum(layer.quantity for layer in self.layers if layer.sku == sku
                   and (location is None or layer.location == location))


class CostBook:
    """The running state of the costing fold: layers, units in transit and shipped, movements so far."""

    def __init__(self, policy: str) -> None:
        self.policy = policy
        self.layers: dict[tuple[str, str], list[CostLayer]] = defaultdict(list)
        self.transit: dict[tuple[str, str], list[LayerDraw]] = defaultdict(list)
        self.freight: dict[str, list] = {}
        self.shipped: dict[tuple[str, str], list[LayerDraw]] = defaultdict(list)
        self.movements: list[CostMovement] = []

    def enter(self, move: StockMove, quantity: int, value: Money | None, source: str) -> None:
        key = (move.sku, move.location)
        layer = CostLayer(move.sku, move.location, quantity, value, source, move.event.occurred_at)
        self.layers[key] = add_layer(self.layers[key], layer, self.policy)

    def take(self, move: StockMove, quantity: int) -> tuple[list[LayerDraw], int]:
        key = (move.sku, move.location)
        self.layers[key], draws, uncovered = draw(self.layers[key], quantity)
        return draws, uncovered

    def record(self, kind: str, move: StockMove, quantity: int, cost: Money | None,
               draws: list[LayerDraw] | tuple[LayerDraw, ...] = (), uncovered: int = 0) -> None:
        self.movements.append(CostMovement(kind, move.sku, move.location, quantity, cost, move.event, move.reference,
                                           move.order_id, move.line_id, move.line_sku, tuple(draws), uncovered))


def _unit_value(move: StockMove) -> Money | None:
    if move.unit_cost is None:
        return None
    landed = move.landed_cost if move.landed_cost is not None else Money.zero(move.unit_cost.currency)
    return move.unit_cost + landed


def _receive(costs: CostBook, move: StockMove) -> None:
    unit = _unit_value(move)
    if move.quantity > 0:
        value = unit.times(move.quantity) if unit is not None else None
        costs.enter(move, move.quantity, value, f"receipt {move.event.body.receipt_id}")
        costs.record("RECEIPT", move, move.quantity, value)
    else:
        draws, uncovered = costs.take(move, -move.quantity)
        cost = drawn_cost(draws, uncovered)
        costs.record("RECEIPT", move, move.quantity, -cost if cost is not None else None, draws, uncovered)


def _ship(costs: CostBook, move: StockMove) -> None:
    if move.quantity < 0:
        _restock(costs, move, -move.quantity, "COGS_REVERSAL")
        return
    draws, uncovered = costs.take(move, move.quantity)
    if move.order_id:
        costs.shipped[(move.order_id, move.sku)] += draws + ([LayerDraw("no layer", uncovered, None)] if uncovered else [])
    costs.record("COGS", move, move.quantity, drawn_cost(draws, uncovered), draws, uncovered)


def _restock(costs: CostBook, move: StockMove, quantity: int, kind: str = "COGS_REVERSAL") -> None:
    """Returned units re-enter at the cost they left with: the order's own shipped cost for the sku."""
    key = (move.order_id or "", move.sku)
    pool = costs.shipped.get(key, [])
    units = sum(piece.quantity for piece in pool)
    value = drawn_cost(pool, 0)
    cost = None
    if value is not None and quantity <= units:
        cost = Money(share(value.amount, quantity, units, value.currency), value.currency)
        costs.shipped[key] = [LayerDraw("shipped", units - quantity, value - cost)] if units > quantity else []
    costs.enter(move, quantity, cost, f"return {move.reference.split(':')[0]}")
    costs.record(kind, move, quantity, cost, uncovered=0 if cost is not None else quantity)


def _return(costs: CostBook, move: StockMove) -> None:
    if move.disposition != "RESTOCK":
        return
    if move.quantity > 0:
        _restock(costs, move, move.quantity)
    else:
        draws, uncovered = costs.take(move, -move.quantity)
        costs.record("COGS", move, -move.quantity, drawn_cost(draws, uncovered), draws, uncovered)


def _transfer_out(costs: CostBook, move: StockMove) -> None:
    transfer = move.reference
    if move.freight is not None and not move.freight.is_zero():
        units = sum(line.quantity for line in move.event.body.lines)
        costs.freight[transfer] = [move.freight.amount, move.freight.currency, units, units]
        costs.record("FREIGHT", move, 0, move.freight)
    draws, uncovered = costs.take(move, move.quantity)
    costs.transit[(transfer, move.sku)] += draws + ([LayerDraw("no layer", uncovered, None)] if uncovered else [])
    costs.record("TRANSFER_OUT", move, move.quantity, drawn_cost(draws, uncovered), draws, uncovered)


def _freight_share(costs: CostBook, transfer: str, quantity: int) -> Money | None:
    entry = costs.freight.get(transfer)
    if entry is None:
        return None
    remaining, currency, units_left, _ = entry
    part = share(remaining, min(quantity, units_left), units_left, currency) if units_left else remaining
    entry[0], entry[2] = remaining - part, max(units_left - quantity, 0)
    return Money(part, currency)


def _transfer_in(costs: CostBook, move: StockMove) -> None:
    transfer = move.reference
    pool = costs.transit.get((transfer, move.sku), [])
    costs.transit[(transfer, move.sku)], pieces, uncovered = draw(
        [CostLayer(move.sku, "transit", d.quantity, d.value, d.source, move.event.occurred_at) for d in pool],
        move.quantity)
    freight = _freight_share(costs, transfer, move.quantity)
    spread = freight.amount if freight is not None else None
    arrived: list[LayerDraw] = []
    for index, piece in enumerate(pieces):
        extra = None
        if spread is not None and freight is not None:
            extra = spread if index == len(pieces) - 1 else share(freight.amount, piece.quantity, move.quantity,
                                                                   freight.currency)
            spread -= extra
        value = piece.value + Money(extra, piece.value.currency) if piece.value is not None and extra is not None \
            else piece.value
        costs.enter(move, piece.quantity, value, f"{piece.source} via transfer {transfer}")
        arrived.append(LayerDraw(piece.source, piece.quantity, value))
    if uncovered:
        costs.enter(move, uncovered, None, f"transfer {transfer} (not seen leaving)")
    costs.transit[(transfer, move.sku)] = [LayerDraw(layer.source, layer.quantity, layer.value)
                                           for layer in costs.transit[(transfer, move.sku)]]
    costs.record("TRANSFER_IN", move, move.quantity, drawn_cost(arrived, uncovered), arrived, uncovered)


def _adjust(costs: CostBook, move: StockMove) -> None:
    if move.state not in ("ON_HAND", "DAMAGED"):
        return
    loss = -move.quantity if move.state == "ON_HAND" else move.quantity
    if loss > 0:
        draws, uncovered = costs.take(move, loss)
        costs.record("SHRINKAGE" if move.state == "ON_HAND" else "DAMAGE", move, loss, drawn_cost(draws, uncovered),
                     draws, uncovered)
        return
    gain, layers = -loss, costs.layers[(move.sku, move.location)]
    value, units = layer_value(layers), sum(layer.quantity for layer in layers)
    cost = Money(share(value.amount, gain, units, value.currency) if gain != units else value.amount, value.currency) \
        if value is not None and units else None
    costs.enter(move, gain, cost, f"count {move.reference}")
    costs.record("COUNT_GAIN", move, gain, cost, uncovered=0 if cost is not None else gain)


_HANDLERS = {"RECEIVE": _receive, "SHIP": _ship, "RETURN_RECEIVE": _return, "RETURN_INSPECT": _return,
             "TRANSFER_OUT": _transfer_out, "TRANSFER_IN": _transfer_in, "ADJUST": _adjust}


def cost_move(costs: CostBook, move: StockMove) -> None:
    """Fold one stock move into the costs: layers entered or drawn, and the movements it carried."""
    # A transfer restated with fewer units keeps the cost it already moved; positions still follow it.
    if move.quantity > 0 or (move.quantity < 0 and not move.kind.startswith("TRANSFER")):
        _HANDLERS[move.kind](costs, move)


def layers_left(costs: CostBook) -> tuple[CostLayer, ...]:
    """The layers left, by sku and location."""
    return tuple(layer for key in sorted(costs.layers) for layer in dict.get(costs.layers, key, ()))


def costing(events: list[Event], policy: str = FIFO, bom: BillOfMaterials = NO_BUNDLES) -> CostingState:
    """Cost layers and cost movements from the events (sorted here into fold order), by FIFO or WEIGHTED_AVERAGE."""
    costs = CostBook(policy)
    for move in stock_moves(sorted(events, key=fold_order), bom):
        cost_move(costs, move)
    return CostingState(policy, layers_left(costs), tuple(costs.movements))
