"""`inventory(sku, location, channel, asOf)`: positions by state, available to promise per location and per
channel with the configured safety stock, and what a source reported beside the hub's count."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from hub.clock import utc_now
from tests.api.conftest import run
from tests.canonical_model.stock_builders import adjusted, allocated, level_reported, placed, received
from tests.hub.hub_steps import ingest

INVENTORY = """query($sku: String, $location: String, $channel: String, $asOf: DateTime) {
  inventory(sku: $sku, location: $location, channel: $channel, asOf: $asOf) {
    asOf
    positions { sku location onHand reserved allocated inTransit returnsPendingInspection damaged qualityHold }
    locations { sku location channel onHand reserved allocated qualityHold safetyStock available }
    channels { sku channel onHand reserved allocated safetyStock available }
    reported { sku location system available hubAvailable difference onHand onHandDifference }
  }
}"""


@pytest.fixture
def stocked(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Mugs at two warehouses, one on hold; two orders, one allocated; a source's level report. Returns a
    recorded time before the allocation arrived."""
    config = tmp_path / "hub.toml"
    config.write_text('[inventory.safety_stock]\nshop = 1\n[inventory.channel_locations]\nshop = ["WH-EAST"]\n')
    monkeypatch.setenv("HUB_CONFIG", str(config))
    ingest(engine, received("PO1", "WH-EAST", [("MUG", 10, "4.00")]), received("PO2", "WH-WEST", [("MUG", 5, "4.00")]),
           adjusted("MUG", "WH-WEST", 1, state="QUALITY_HOLD"), placed("2001", [("MUG", 3, "12.00")]),
           placed("2002", [("MUG", 2, "12.00")], day=3))
    before = utc_now().isoformat()
    time.sleep(0.01)
    ingest(engine, allocated("2001", "MUG", "WH-EAST", 3), level_reported("MUG", "WH-EAST", 6, on_hand=9))
    return before


def _by(items: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {item[key]: item for item in items}


def test_positions_availability_and_reported_levels(engine: Engine, stocked: str) -> None:
    stock = run(engine, INVENTORY, {"sku": "MUG", "channel": "shop"})["inventory"]
    positions = _by(stock["positions"], "location")
    assert (positions["UNASSIGNED"]["reserved"], positions["WH-EAST"]["onHand"], positions["WH-EAST"]["allocated"],
            positions["WH-WEST"]["qualityHold"]) == (2, 10, 3, 1)
    locations = _by(stock["locations"], "location")
    assert (locations["WH-EAST"]["available"], locations["WH-WEST"]["available"]) == (6, 3)  # safety stock 1 kept back
    assert stock["channels"] == [{"sku": "MUG", "channel": "shop", "onHand": 10, "reserved": 2, "allocated": 3,
                                  "safetyStock": 1, "available": 4}]
    assert stock["reported"] == [{"sku": "MUG", "location": "WH-EAST", "system": "shop", "available": 6,
                                  "hubAvailable": 7, "difference": -1, "onHand": 9, "onHandDifference": -1}]


def test_filters_and_as_of(engine: Engine, stocked: str) -> None:
    west = run(engine, INVENTORY, {"location": "WH-WEST"})["inventory"]
    assert [p["location"] for p in west["positions"]] == ["WH-WEST"] and west["reported"] == []
    assert {c["channel"] for c in run(engine, INVENTORY, {"sku": "MUG"})["inventory"]["channels"]} == {"shop"}
    then = run(engine, INVENTORY, {"sku": "MUG", "asOf": stocked})["inventory"]
    positions = _by(then["positions"], "location")
    assert (then["asOf"] is not None, positions["UNASSIGNED"]["reserved"], positions["WH-EAST"]["allocated"]) == (
        True, 5, 0)
    assert then["reported"] == []
    assert run(engine, INVENTORY, {"sku": "NOTHING"})["inventory"]["positions"] == []
