"""Cost layers of one sku at one location, drawn first-in first-out or at their moving weighted average.

A layer keeps its quantity and its total value (not a unit cost), and a partial draw takes its value
rounded to the currency's minor unit, so the layers' values always add up to exactly what went in.
Under WEIGHTED_AVERAGE every costed arrival merges into one layer per sku and location, which makes each
draw cost the moving (perpetual) average.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from canonical_model.money import Money, minor_units

FIFO = "FIFO"
WEIGHTED_AVERAGE = "WEIGHTED_AVERAGE"


def share(value: Decimal, part: int, whole: int, currency: str) -> Decimal:
    """`part / whole` of a value, at the currency's minor unit (all of it when part is the whole)."""
    if part == whole:
        return value
    exponent = Decimal(1).scaleb(-minor_units(currency))
    return (value * part / whole).quantize(exponent, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CostLayer:
    """Units of a sku at a location that arrived together, with their total value (None: cost not stated)."""

    sku: str
    location: str
    quantity: int
    value: Money | None
    source: str
    received_at: datetime

    @property
    def unit_cost(self) -> Money | None:
        if self.value is None or self.quantity == 0:
            return None
        return Money(self.value.amount / self.quantity, self.value.currency)


@dataclass(frozen=True)
class LayerDraw:
    """Units taken from one layer and the value they took with them."""

    source: str
    quantity: int
    value: Money | None


def add_layer(layers: list[CostLayer], layer: CostLayer, policy: str) -> list[CostLayer]:
    """The layers after an arrival: appended under FIFO, merged into the moving average otherwise."""
    if layer.quantity <= 0:
        return layers
    if policy == WEIGHTED_AVERAGE and layers and layers[-1].value is not None and layer.value is not None \
            and layers[-1].value.currency == layer.value.currency:
        last = layers[-1]
        merged = CostLayer(last.sku, last.location, last.quantity + layer.quantity, last.value + layer.value,
                           "moving average", last.received_at)
        return [*layers[:-1], merged]
    return [*layers, layer]


def draw(layers: list[CostLayer], quantity: int) -> tuple[list[CostLayer], list[LayerDraw], int]:
    """Take units from the oldest layer on; returns the layers left, the draws and the units no layer covered."""
    left, draws, wanted = [], [], quantity
    for layer in layers:
        if wanted <= 0:
            left.append(layer)
            continue
        taken = min(wanted, layer.quantity)
        wanted -= taken
        if layer.value is None:
            draws.append(LayerDraw(layer.source, taken, None))
            rest = None
        else:
            part = share(layer.value.amount, taken, layer.quantity, layer.value.currency)
            draws.append(LayerDraw(layer.source, taken, Money(part, layer.value.currency)))
            rest = layer.value - Money(part, layer.value.currency)
        if taken < layer.quantity:
            left.append(CostLayer(layer.sku, layer.location, layer.quantity - taken, rest, layer.source,
                                  layer.received_at))
    return left, draws, wanted


def drawn_cost(draws: list[LayerDraw], uncovered: int) -> Money | None:
    """The total value of draws, or None when any unit had no cost (never guessed)."""
    if uncovered or not draws or any(d.value is None for d in draws):
        return None
    values = [d.value for d in draws if d.value is not None]
    total = values[0]
    for value in values[1:]:
        total = total + value
    return total


def layer_value(layers: list[CostLayer] | tuple[CostLayer, ...]) -> Money | None:
    """Total value of layers; None when any has no stated cost or there are none."""
    return drawn_cost([LayerDraw(layer.source, layer.quantity, layer.value) for layer in layers], 0)
