"""Stock and fulfilment discrepancies end to end through the hub: OVERSOLD, QUANTITY_MISMATCH,
RETURN_NOT_RESTOCKED, PERIOD_MISMATCH and UNMATCHED_RECORD open with their quantity or amount and
explanation, resolve with the event that closes them, and the audit trail shows both; a TIMING gap
whose window passes becomes an ERROR."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import Engine

from canonical_model.events import Event, ShipmentCreated, ShipmentLine
from canonical_model.identity import SourceRef
from hub.acknowledgements import acknowledge_discrepancy
from hub.audit import audit_for_subjects
from hub.clock import utc_now
from hub.read_models import order_views
from hub.reconcile import refresh_due
from tests.builders import at, order_placed, order_ref, shipped
from tests.canonical_model.stock_builders import (
    adjusted,
    allocated,
    received,
    return_inspected,
    return_received,
    shipment,
    when,
)
from tests.hub.hub_steps import audit_actions, days_ago, found, ingest, recent, the_one

ORDER_ID = order_ref().order_id


def _trail(engine: Engine, subject: str, discrepancy_id: str) -> list[str]:
    with engine.connect() as connection:
        entries = audit_for_subjects(connection, [subject])[subject]
    return [entry.action for entry in entries if entry.details.get("discrepancy_id") == discrepancy_id]


def test_an_order_beyond_the_channels_stock_is_oversold_until_stock_arrives(engine: Engine) -> None:
    ingest(engine, received("PO1", "WH-EAST", [("MUG-RED", 1, "4.00")]), order_placed())
    row = the_one(engine, "OVERSOLD")
    assert (row.order_id, row.sku, row.channel, row.location, row.quantity, row.classification) == (
        ORDER_ID, "MUG-RED", "shop", None, 1, "ERROR")
    assert row.explanation == ("shop order 1001 placed 2026-03-01 holds 2 units of MUG-RED of which 1 cannot be "
                               "promised at channel shop: available to promise -1 (on hand 1, reserved 2, allocated 0, "
                               "on hold 0, safety stock 0)")
    ingest(engine, received("PO2", "WH-EAST", [("MUG-RED", 5, "5.00")], day=3))
    assert the_one(engine, "OVERSOLD").status == "RESOLVED"
    assert _trail(engine, ORDER_ID, row.id) == ["discrepancy.opened", "discrepancy.resolved"]


def test_an_allocation_beyond_the_locations_stock_is_oversold_there(engine: Engine) -> None:
    ingest(engine, received("PO1", "WH-EAST", [("MUG-RED", 1, "4.00")]), order_placed(),
           allocated("1001", "MUG-RED", "WH-EAST", 2, day=1))
    by_scope = {(row.location, row.channel): row for row in found(engine, "OVERSOLD")}
    assert set(by_scope) == {("WH-EAST", None), (None, "shop")}
    there = by_scope[("WH-EAST", None)]
    assert (there.order_id, there.quantity) == (ORDER_ID, 1)
    assert "cannot be promised at location WH-EAST: available to promise -1 (on hand 1, reserved 0, allocated 2" \
        in there.explanation
    ingest(engine, received("PO2", "WH-EAST", [("MUG-RED", 1, "4.00")], day=2))
    assert {row.status for row in found(engine, "OVERSOLD")} == {"RESOLVED"}
    assert audit_actions(engine, there.id) == ["discrepancy.opened", "discrepancy.resolved"]


def test_skus_the_hub_never_counted_are_not_judged_oversold(engine: Engine, configure: Callable[[str], None]) -> None:
    ingest(engine, order_placed())
    assert found(engine, "OVERSOLD") == []
    configure("[inventory]\noversell_counted_only = false\n")
    ingest(engine, order_placed("1002"))
    assert {(row.sku, row.channel) for row in found(engine, "OVERSOLD")} == {("MUG-RED", "shop"), ("CARD", "shop")}


def test_a_short_shipment_is_timing_then_resolved_by_the_rest(engine: Engine) -> None:
    ingest(engine, recent(order_placed(), 3),
           *[recent(e, 2) for e in shipment("1001", "S1", [("MUG-RED", 1), ("CARD", 1)], "WH-EAST")])
    row = the_one(engine, "QUANTITY_MISMATCH")
    assert (row.classification, row.quantity, row.amount) == ("TIMING", 1, None)
    assert row.explanation.startswith("shop order 1001 (#1001) owes 2 units of MUG-RED (ordered 2, refunded before "
                                      "shipping 0) but 1 shipped")
    assert "expected within 7 days" in row.explanation
    ingest(engine, *[recent(e, 1) for e in shipment("1001", "S2", [("MUG-RED", 1)], "WH-EAST")])
    assert the_one(engine, "QUANTITY_MISMATCH").status == "RESOLVED"
    assert _trail(engine, ORDER_ID, row.id) == ["discrepancy.opened", "discrepancy.resolved"]


def test_a_timing_gap_becomes_an_error_when_its_window_passes(engine: Engine) -> None:
    ingest(engine, recent(order_placed(), 3),
           *[recent(e, 2) for e in shipment("1001", "S1", [("MUG-RED", 1), ("CARD", 1)], "WH-EAST")])
    assert the_one(engine, "QUANTITY_MISMATCH").classification == "TIMING"
    with engine.begin() as connection:
        assert refresh_due(connection, utc_now() + timedelta(days=4)) == 1  # the window runs 5 more days
    assert the_one(engine, "QUANTITY_MISMATCH").classification == "TIMING"
    with engine.begin() as connection:
        refresh_due(connection, utc_now() + timedelta(days=10))
    row = the_one(engine, "QUANTITY_MISMATCH")
    assert (row.status, row.classification) == ("OPEN", "ERROR") and "window closed" in row.explanation
    assert _trail(engine, ORDER_ID, row.id) == ["discrepancy.opened", "discrepancy.reclassified"]


def test_a_return_waits_for_its_inspection(engine: Engine) -> None:
    ingest(engine, order_placed(), *shipped(), recent(return_received("1001", "R1", [("MUG-RED", 1)]), 2))
    row = the_one(engine, "RETURN_NOT_RESTOCKED")
    assert (row.classification, row.quantity) == ("TIMING", 1)
    assert row.explanation.startswith("return R1 of 1 units received on ")
    assert "at WH-EAST (wms return R1) has no inspection disposition (restock, damaged or write-off)" in row.explanation
    ingest(engine, recent(return_inspected("1001", "R1", "RESTOCK", [("MUG-RED", 1)]), 1))
    assert the_one(engine, "RETURN_NOT_RESTOCKED").status == "RESOLVED"
    assert _trail(engine, ORDER_ID, row.id) == ["discrepancy.opened", "discrepancy.resolved"]


def test_revenue_at_delivery_and_cogs_at_shipment_in_different_months(engine: Engine,
                                                                       configure: Callable[[str], None]) -> None:
    configure('[accounting]\nrevenue_recognition = "AT_DELIVERY"\n')
    ingest(engine, received("PO1", "WH-EAST", [("MUG-RED", 2, "4.00"), ("CARD", 1, "1.00")]), order_placed(day=30),
           *shipment("1001", "S1", [("MUG-RED", 2), ("CARD", 1)], "WH-EAST", moment=when(3, 31), delivered=when(4, 2)))
    row = the_one(engine, "PERIOD_MISMATCH")
    assert (row.classification, row.amount) == ("ERROR", Decimal("9"))
    assert row.explanation.startswith("revenue of 26.50 USD for shipment S1 is recognised in 2026-04")
    assert "but its COGS of 9.00 USD is in 2026-03" in row.explanation
    with engine.connect() as connection:
        finance = order_views(connection, [ORDER_ID])[ORDER_ID].finance
    assert [(p.period, str(p.revenue), str(p.cogs)) for p in finance.periods] == [
        ("2026-03", "0.00 USD", "9.00 USD"), ("2026-04", "26.50 USD", "0.00 USD")]
    assert _trail(engine, ORDER_ID, row.id) == ["discrepancy.opened"]


def _threepl_shipment(reference: str) -> Event:
    body = ShipmentCreated("SB-77", "SHIPPED", (ShipmentLine("MUG-RED", 2), ShipmentLine("CARD", 1)), "SB-EAST", "UPS")
    return Event(body, SourceRef("shipbob", "acme", "shipment", "SB-77", "1"), at(3), None, references=(reference,))


def test_a_record_for_an_order_not_known_yet_resolves_when_the_order_arrives(engine: Engine) -> None:
    ingest(engine, recent(_threepl_shipment("#1001"), 1))
    row = the_one(engine, "UNMATCHED_RECORD")
    assert (row.status, row.classification, row.order_id) == ("OPEN", "TIMING", None)
    assert row.explanation.startswith(f"shipbob shipment SB-77 ({days_ago(1):%Y-%m-%d}) references '1001', which "
                                      "matches no order known to the hub yet; expected within 3 days")
    ingest(engine, order_placed())
    assert the_one(engine, "UNMATCHED_RECORD").status == "RESOLVED"
    assert audit_actions(engine, row.id) == ["discrepancy.opened", "discrepancy.resolved"]


def test_an_acknowledged_gap_stays_acknowledged_until_it_is_gone_and_reopens_if_it_returns(engine: Engine) -> None:
    ingest(engine, received("PO1", "WH-EAST", [("MUG-RED", 1, "4.00")]), order_placed())
    row = the_one(engine, "OVERSOLD")
    assert acknowledge_discrepancy(engine, row.id, "supplier confirmed a delivery for Friday").sku == "MUG-RED"
    ingest(engine, received("PO2", "WH-EAST", [("CARD", 3, "1.00")], day=2))  # the mugs are folded again
    assert (the_one(engine, "OVERSOLD").status, the_one(engine, "OVERSOLD").note) == (
        "ACKNOWLEDGED", "supplier confirmed a delivery for Friday")
    ingest(engine, received("PO3", "WH-EAST", [("MUG-RED", 1, "4.00")], day=3))
    assert the_one(engine, "OVERSOLD").status == "RESOLVED"
    ingest(engine, adjusted("MUG-RED", "WH-EAST", -1, reason="cycle count: one broken"))
    assert (the_one(engine, "OVERSOLD").id, the_one(engine, "OVERSOLD").status) == (row.id, "OPEN")
    assert _trail(engine, ORDER_ID, row.id) == ["discrepancy.opened", "discrepancy.acknowledged",
                                                 "discrepancy.resolved", "discrepancy.reopened"]
