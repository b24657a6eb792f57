"""Bills of materials: a bundle or kit sku explodes into its component skus for stock, shipping and costing.

A bill of materials comes from configuration (or a source that states kits) as a mapping of bundle sku
to {component sku: units per bundle}. Components may themselves be bundles; they explode in turn.
"""

from __future__ import annotations

from collections.abc import Mapping

BillOfMaterials = Mapping[str, Mapping[str, int]]

NO_BUNDLES: BillOfMaterials = {}


def explode(sku: str, quantity: int, bom: BillOfMaterials, depth: int = 0) -> list[tuple[str, int]]:
    """The component skus and quantities that `quantity` units of `sku` stand for (itself when not a bundle)."""
    if sku not in bom:
        return [(sku, quantity)]
    if depth > 10:
        raise ValueError(f"bill of materials for {sku} nests more than 10 levels deep (a cycle?)")
    parts: list[tuple[str, int]] = []
    for component, per_bundle in bom[sku].items():
        parts += explode(component, quantity * per_bundle, bom, depth + 1)
    return parts


def exploded_totals(lines: list[tuple[str, int]], bom: BillOfMaterials) -> dict[str, int]:
    """Units per component sku for a list of (sku, quantity) lines."""
    totals: dict[str, int] = {}
    for sku, quantity in lines:
        for component, units in explode(sku, quantity, bom):
            totals[component] = totals.get(component, 0) + units
    return totals
