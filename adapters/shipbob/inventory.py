"""ShipBob stock by fulfillment center as InventoryLevelReported, one per (sku, fulfillment center).

Two shapes state it: an inventory item of the 1.0/2.0 API (GET /inventory, /inventory/{id},
/product/{id}/inventory) with `fulfillable_quantity_by_fulfillment_center`, and an inventory level
grouped by location (GET /inventory-level/locations, /inventory-level/{id}/locations) with `locations`.
`available` is ShipBob's fulfillable quantity and `on_hand` its on-hand quantity; committed, awaiting,
in-transfer and the other states it counts travel in context with the lots held there.

An inventory report states no time, so its facts are dated at the epoch ("time unknown") and versioned
by a short hash of the item's content, keyed by fulfillment center. The 1.0 inventory item names no sku
(only ShipBob's inventory id and name): such an item is refused naming its `sku`, because the hub counts
stock by sku; the inventory-level endpoints state it.
"""

from __future__ import annotations

from typing import Any

from adapters.shipbob.common import EPOCH, Origin, compact, content_version, location, reader
from adapters.toolkit import MappingContext, PayloadError, Reader
from canonical_model.events import Event
from canonical_model.inventory_events import InventoryLevelReported

# Field names of the two shapes: (list of centers, center id, on hand, the other counts kept in context).
_ITEM = ("fulfillable_quantity_by_fulfillment_center", "id", "onhand_quantity")
_LEVEL = ("locations", "location_id", "on_hand_quantity")
_OTHER_COUNTS = ("committed_quantity", "awaiting_quantity", "internal_transfer_quantity", "damaged_quantity",
                 "quarantine_quantity", "exception_quantity", "in_fulfillment_quantity")


def inventory_events(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    """An inventory item's fulfillable and on-hand quantities at each fulfillment center."""
    r = reader(data, pointer)
    return _level_events(r, r.identifier("id"), _ITEM, pointer, ctx)


def inventory_level_events(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    """An inventory level's fulfillable and on-hand quantities at each location."""
    r = reader(data, pointer)
    return _level_events(r, r.identifier("inventory_id"), _LEVEL, pointer, ctx)


def _level_events(r: Reader, inventory_id: str, fields: tuple[str, str, str], pointer: str,
                  ctx: MappingContext) -> list[Event]:
    centers, center_id, on_hand = fields
    sku = r.text("sku")
    if sku is None:
        raise PayloadError(r.at("sku"), "is required: a ShipBob 1.0 inventory item names no sku (only its inventory "
                           "id and name) and the hub counts stock by sku; read /inventory-level/locations instead")
    origin = Origin(ctx, "inventory", inventory_id, content_version(r.data), pointer, item_context(r))
    events = []
    for center in r.items(centers):
        at = center.identifier(center_id)
        body = InventoryLevelReported(sku=sku, location=location(at), available=center.integer("fulfillable_quantity"),
                                      on_hand=center.integer(on_hand))
        events.append(origin.event(body, EPOCH, key=at, context=center_context(r, center, center_id)))
    return events


def item_context(r: Reader) -> dict[str, Any]:
    """ShipBob's inventory id and name, and whether the item is active, digital or lot-tracked."""
    return compact({
        "inventory_id": r.text("id") or r.text("inventory_id"),
        "inventory_name": r.text("name"),
        "is_active": r.data.get("is_active"),
        "is_digital": r.data.get("is_digital"),
        "is_lot": r.data.get("is_lot"),
        "packaging_attribute": r.text("packaging_attribute"),
    })


def center_context(item: Reader, center: Reader, center_id: str) -> dict[str, Any]:
    """The center's name, the other states ShipBob counts there, and the lots it holds there."""
    counts = {name: center.data.get(name) for name in _OTHER_COUNTS}
    return {"fulfillment_center": center.text("name"), **counts, "lots": lots_at(item, center.text(center_id))}


def lots_at(item: Reader, center_id: str | None) -> list[dict[str, Any]]:
    """The lots of a lot-tracked item held at one fulfillment center, with their expiry and quantities."""
    lots = []
    for lot in item.items("fulfillable_quantity_by_lot"):
        for center in lot.items("fulfillable_quantity_by_fulfillment_center"):
            if center.text("id") == center_id:
                lots.append(compact({"lot_number": lot.text("lot_number"), "expiration_date": lot.text("expiration_date"),
                                     "fulfillable_quantity": center.data.get("fulfillable_quantity"),
                                     "onhand_quantity": center.data.get("onhand_quantity")}))
    return lots
