"""Given stock and order events, when folded into positions, then every state and ATP holds the right units."""

from __future__ import annotations

from canonical_model.inventory import available_to_promise, channel_available_to_promise, inventory_state
from canonical_model.inventory_views import UNASSIGNED, SafetyStock
from canonical_model.oversell import oversold_findings
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

STOCK = received("PO1", "WH-EAST", [("MUG", 10, "4.00")], day=1)


def test_placement_reserves_unassigned_and_allocation_moves_it_to_the_location() -> None:
    state = inventory_state([STOCK, placed("1001", [("MUG", 3, "10.00")])])
    assert state.position("MUG", UNASSIGNED).reserved == 3
    assert state.position("MUG", "WH-EAST").allocated == 0

    state = inventory_state([STOCK, placed("1001", [("MUG", 3, "10.00")]), allocated("1001", "MUG", "WH-EAST", 3)])
    assert state.position("MUG", UNASSIGNED).reserved == 0
    east = state.position("MUG", "WH-EAST")
    assert (east.on_hand, east.allocated) == (10, 3)
    assert available_to_promise(east).available == 7


def test_shipment_consumes_the_allocation_and_on_hand_at_its_location() -> None:
    events = [STOCK, placed("1001", [("MUG", 3, "10.00")]), allocated("1001", "MUG", "WH-EAST", 3),
              *shipment("1001", "S1", [("MUG", 3)], "WH-EAST")]
    east = inventory_state(events).position("MUG", "WH-EAST")
    assert (east.on_hand, east.allocated) == (7, 0)
    assert inventory_state(events).demands == ()


def test_a_shipment_stated_twice_moves_its_units_once() -> None:
    events = [STOCK, placed("1001", [("MUG", 3, "10.00")]), *shipment("1001", "S1", [("MUG", 3)], "WH-EAST"),
              *shipment("1001", "S1", [("MUG", 3)], "WH-EAST", day=4)]
    assert inventory_state(events).position("MUG", "WH-EAST").on_hand == 7


def test_cancellation_releases_the_reservation() -> None:
    state = inventory_state([STOCK, placed("1001", [("MUG", 3, "10.00")]), cancelled("1001")])
    assert state.position("MUG", UNASSIGNED).reserved == 0


def test_transfer_is_in_transit_until_received() -> None:
    out = transfer_out("T1", "WH-EAST", "WH-WEST", [("MUG", 4)], day=2)
    state = inventory_state([STOCK, out])
    assert state.position("MUG", "WH-EAST").on_hand == 6
    assert (state.position("MUG", "WH-WEST").in_transit, state.position("MUG", "WH-WEST").on_hand) == (4, 0)
    state = inventory_state([STOCK, out, transfer_in("T1", "WH-WEST", [("MUG", 4)], day=4)])
    assert (state.position("MUG", "WH-WEST").in_transit, state.position("MUG", "WH-WEST").on_hand) == (0, 4)


def test_returns_wait_for_inspection_then_go_by_disposition() -> None:
    sold = [STOCK, placed("1001", [("MUG", 3, "10.00")]), *shipment("1001", "S1", [("MUG", 3)], "WH-EAST")]
    back = return_received("1001", "RT1", [("MUG", 3)])
    state = inventory_state([*sold, back])
    assert state.position("MUG", "WH-EAST").returns_pending_inspection == 3
    state = inventory_state([*sold, back, return_inspected("1001", "RT1", "RESTOCK", [("MUG", 1)]),
                             return_inspected("1001", "RT1", "DAMAGED", [("MUG", 1)]),
                             return_inspected("1001", "RT1", "WRITE_OFF", [("MUG", 1)])])
    east = state.position("MUG", "WH-EAST")
    assert (east.returns_pending_inspection, east.on_hand, east.damaged) == (0, 8, 1)


def test_cycle_count_and_quality_hold() -> None:
    state = inventory_state([STOCK, adjusted("MUG", "WH-EAST", -2, reason="cycle count"),
                             adjusted("MUG", "WH-EAST", 3, "QUALITY_HOLD", "supplier recall", ident="A2")])
    east = state.position("MUG", "WH-EAST")
    assert (east.on_hand, east.quality_hold) == (8, 3)
    assert available_to_promise(east, channel_safety_stock=1).available == 4


def test_reported_levels_are_kept_beside_the_hubs_count() -> None:
    state = inventory_state([STOCK, level_reported("MUG", "WH-EAST", available=12, on_hand=12)])
    assert state.position("MUG", "WH-EAST").on_hand == 10
    assert [(level.system, level.available) for level in state.reported] == [("shop", 12)]


def test_bundles_explode_into_components() -> None:
    bom = {"GIFT-SET": {"MUG": 2, "CARD": 1}}
    events = [STOCK, received("PO2", "WH-EAST", [("CARD", 5, "1.00")]), placed("1001", [("GIFT-SET", 2, "30.00")]),
              *shipment("1001", "S1", [("GIFT-SET", 1)], "WH-EAST")]
    state = inventory_state(events, bom)
    assert state.position("MUG", "WH-EAST").on_hand == 8 and state.position("CARD", "WH-EAST").on_hand == 4
    assert state.position("MUG", UNASSIGNED).reserved == 2 and state.position("CARD", UNASSIGNED).reserved == 1


def test_channel_atp_subtracts_every_reservation_and_the_channels_safety_stock() -> None:
    state = inventory_state([STOCK, placed("1001", [("MUG", 3, "10.00")]),
                             placed("A1", [("MUG", 2, "12.00")], channel="amazon")])
    safety = SafetyStock({"amazon": 4})
    shop = channel_available_to_promise(state, "MUG", "shop", safety)
    amazon = channel_available_to_promise(state, "MUG", "amazon", safety)
    assert (shop.available, amazon.available) == (5, 1)
    assert amazon.describe() == ("available to promise 1 (on hand 10, reserved 5, allocated 0, on hold 0, "
                                 "safety stock 4)")


def test_the_order_that_takes_atp_below_zero_is_oversold_until_stock_arrives() -> None:
    events = [STOCK, placed("1001", [("MUG", 8, "10.00")], day=2), placed("1002", [("MUG", 5, "10.00")], day=3)]
    [finding] = oversold_findings(inventory_state(events))
    assert (finding.kind, finding.quantity, finding.order_id, finding.key) == (
        "OVERSOLD", 3, events[2].order_id, "OVERSOLD:channel:shop:MUG")
    assert finding.explanation == (
        "shop order 1002 placed 2026-03-03 holds 5 units of MUG of which 3 cannot be promised at channel shop: "
        "available to promise -3 (on hand 10, reserved 13, allocated 0, on hold 0, safety stock 0)")
    restocked = [*events, received("PO2", "WH-EAST", [("MUG", 3, "4.00")], day=4)]
    assert oversold_findings(inventory_state(restocked)) == []


def test_allocating_more_than_a_location_holds_is_oversold_there() -> None:
    events = [STOCK, placed("1001", [("MUG", 8, "10.00")]), allocated("1001", "MUG", "WH-EAST", 8),
              transfer_out("T1", "WH-EAST", "WH-WEST", [("MUG", 5)], day=3)]
    findings = {f.key: f for f in oversold_findings(inventory_state(events))}
    assert findings["OVERSOLD:location:WH-EAST:MUG"].quantity == 3
    assert "at location WH-EAST" in findings["OVERSOLD:location:WH-EAST:MUG"].explanation


def _counted(events: list) -> set[tuple[str, str]]:
    from canonical_model.bom import NO_BUNDLES
    from canonical_model.oversell import counted_places

    return {place for event in events for place in counted_places(event, NO_BUNDLES)}


def test_stock_the_hub_does_not_count_is_never_oversold_and_counted_stock_is() -> None:
    """The storefront's own location only ever ships (no receipt, no count): its negative on hand is the hub not
    knowing. The 3PL's warehouse received 2 mugs and ships 3: that is an oversell."""
    events = [received("PO1", "3PL-EAST", [("MUG-RED", 2, "4.00")]),
              placed("1001", [("MUG-RED", 3, "10.00")], day=2), *shipment("1001", "S1", [("MUG-RED", 3)], "STORE", day=3),
              placed("1002", [("MUG-RED", 3, "10.00")], day=4), *shipment("1002", "S2", [("MUG-RED", 3)], "3PL-EAST", day=5)]
    state, counted = inventory_state(events), _counted(events)
    assert counted == {("MUG-RED", "3PL-EAST")}
    keys = {finding.key for finding in oversold_findings(state, counted=counted)}
    assert keys == {"OVERSOLD:location:3PL-EAST:MUG-RED"}
    assert "OVERSOLD:location:STORE:MUG-RED" in {f.key for f in oversold_findings(state)}  # counting everything


def test_a_channel_promises_from_its_own_locations_against_the_orders_sharing_them() -> None:
    """Amazon is served by the 3PL (5 mugs received) and holds 4; the storefront's 3 unshipped mugs come from its
    own location, so they take nothing from what Amazon can promise."""
    events = [received("PO1", "3PL-EAST", [("MUG-RED", 5, "4.00")]),
              placed("A1", [("MUG-RED", 4, "10.00")], channel="amazon"), placed("1001", [("MUG-RED", 3, "10.00")])]
    state, counted = inventory_state(events), _counted(events)
    served = {"amazon": ("3PL-EAST",), "shop": ("STORE",)}
    assert oversold_findings(state, channel_locations=served, counted=counted) == []
    pooled = oversold_findings(state, counted=counted)  # without the locations every channel draws on one pool
    assert {finding.key for finding in pooled} >= {"OVERSOLD:channel:amazon:MUG-RED"}
