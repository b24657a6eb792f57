"""ShipHero stock by warehouse as InventoryLevelReported, one per (sku, warehouse).

Two answers state it: `warehouse_products` (one node per sku and warehouse) and `product` /
`products` with their `warehouse_products` list. `available` and `on_hand` are ShipHero's own; its
allocated, backorder, reserve and non-sellable counts travel in context. A level's source object is
the sku at the warehouse, dated at the warehouse product's `updated_at` (its product's when it states
none) and versioned by that time plus a short hash of the counts, because ShipHero's `updated_at` need
not move when only stock moves: a replay gives the same ids, and a changed count a new one. A level
with no time at all is refused naming `updated_at`: placed at an invented time, the latest report
could not be told from an older one. A product's catalogue fields are not mapped (they stay in the
raw payload); a product fetched without `warehouse_products` states no stock and is refused.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from adapters.shiphero.common import Origin, compact, location, plain, reader
from adapters.toolkit import MappingContext, PayloadError, Reader
from canonical_model.events import Event
from canonical_model.identity import short_hash
from canonical_model.inventory_events import InventoryLevelReported

_COUNTS = ("available", "on_hand", "allocated", "backorder", "reserve_inventory", "non_sellable_quantity", "in_tote",
           "sell_ahead")


def warehouse_product_events(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    """The stock level one warehouse product states."""
    return [level_event(reader(data, pointer), pointer, ctx)]


def product_events(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    """The stock level of a product at each warehouse it lists."""
    r = reader(data, pointer)
    if r.data.get("warehouse_products") is None:
        raise PayloadError(r.at("warehouse_products"), "is required: a ShipHero product states its stock only in "
                           "warehouse_products; its catalogue fields are not mapped")
    return [level_event(item, f"{pointer}/warehouse_products/{index}", ctx, r.text("sku"), r.time("updated_at"))
            for index, item in enumerate(r.items("warehouse_products"))]


def level_event(w: Reader, pointer: str, ctx: MappingContext, product_sku: str | None = None,
                product_time: datetime | None = None) -> Event:
    """InventoryLevelReported for one sku at one warehouse, as ShipHero counts it."""
    sku = w.text("sku") or product_sku
    if sku is None:
        raise PayloadError(w.at("sku"), "is required")
    warehouse = w.identifier("warehouse_id")
    available = w.integer("available")
    on_hand = w.integer("on_hand") if w.data.get("on_hand") is not None else None
    occurred_at = w.time("updated_at") or product_time
    if occurred_at is None:
        raise PayloadError(w.at("updated_at"), "is required: ShipHero states when a stock level was counted only in "
                           "updated_at (of the warehouse product or its product)")
    counts = {name: w.data.get(name) for name in _COUNTS}
    digest = short_hash(json.dumps(plain({"sku": sku, "warehouse": warehouse, **counts}), sort_keys=True))
    origin = Origin(ctx, "warehouse_product", f"{sku}@{warehouse}", f"{occurred_at.isoformat()}:{digest}", pointer,
                    level_context(w, counts))
    return origin.event(InventoryLevelReported(sku, location(warehouse), available, on_hand), occurred_at)


def level_context(w: Reader, counts: dict[str, Any]) -> dict[str, Any]:
    """ShipHero's other counts, its warehouse label and bins, and whether the sku is active there."""
    return compact({
        **{name: value for name, value in counts.items() if name not in ("available", "on_hand")},
        "warehouse_product_id": w.text("id"),
        "warehouse_identifier": w.text("warehouse_identifier"),
        "inventory_bin": w.text("inventory_bin"),
        "inventory_overstock_bin": w.text("inventory_overstock_bin"),
        "active": w.data.get("active"),
    })
