"""Facts from systems that did not take the order are linked to it by their references, or say why not."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from unittest.mock import patch

from sqlalchemy import Engine, select

from adapters.canonical import ADAPTER as CANONICAL
from canonical_model.events import Event, ShipmentCreated, ShipmentLine
from canonical_model.identity import OrderRef, SourceRef
from canonical_model.money import Money
from hub.clock import utc_now
from hub.ingest import ingest_documents
from hub.read_models import order_views
from hub.reconcile import refresh_due
from hub.schema import discrepancies
from tests.builders import at, jsonl, order_placed, order_ref
from tests.hub.hub_steps import days_ago


def _threepl_shipment(reference: str) -> Event:
    body = ShipmentCreated("SB-77", "SHIPPED", (ShipmentLine("MUG-RED", 2), ShipmentLine("CARD", 1)), "SB-EAST", "UPS",
                           ("1Z77",))
    return Event(body, SourceRef("shipbob", "acme", "shipment", "SB-77", "1"), at(3), None,
                 references=(reference,))


def _ingest(engine: Engine, *events: Event) -> None:
    for event in events:
        ingest_documents(engine, CANONICAL, "acme", [("doc.jsonl", jsonl([event]))])


def _unmatched(engine: Engine) -> list:
    with engine.connect() as connection:
        return connection.execute(select(discrepancies.c.status, discrepancies.c.classification,
                                         discrepancies.c.explanation)
                                  .where(discrepancies.c.kind == "UNMATCHED_RECORD")).all()


def _shipments(engine: Engine, ref: OrderRef) -> list[str]:
    with engine.connect() as connection:
        view = order_views(connection, [ref.order_id])[ref.order_id]
    return [shipment.id for shipment in view.fulfillment.shipments]


def test_a_3pl_shipment_is_linked_by_the_order_name(engine: Engine) -> None:
    _ingest(engine, order_placed(), _threepl_shipment("#1001"))
    assert _shipments(engine, order_ref()) == ["SB-77"]
    assert _unmatched(engine) == []


def test_a_shipment_before_its_order_waits_then_links_and_resolves(engine: Engine) -> None:
    _ingest(engine, replace(_threepl_shipment("1001"), occurred_at=days_ago(1)))
    [(status, classification, explanation)] = _unmatched(engine)
    assert (status, classification) == ("OPEN", "TIMING")
    assert explanation.startswith(f"shipbob shipment SB-77 ({days_ago(1):%Y-%m-%d}) references '1001', which matches "
                                  "no order known to the hub yet; expected within 3 days")
    _ingest(engine, order_placed())
    assert _shipments(engine, order_ref()) == ["SB-77"]
    assert [row[0] for row in _unmatched(engine)] == ["RESOLVED"]


def test_an_ambiguous_reference_links_to_neither_and_says_so(engine: Engine) -> None:
    marketplace = replace(order_placed(), order=OrderRef("amazon", "acme-eu", "1001"),
                          source=SourceRef("amazon", "acme-eu", "order", "1001", "v1"))
    _ingest(engine, order_placed(), marketplace, _threepl_shipment("#1001"))
    [(status, classification, explanation)] = _unmatched(engine)
    assert (status, classification) == ("OPEN", "ERROR")
    assert "matches 2 orders" in explanation
    assert _shipments(engine, order_ref()) == []


def _tracker_delivered(shipment_id: str = "SB-77") -> Event:
    from canonical_model.events import ShipmentDelivered

    return Event(ShipmentDelivered(shipment_id, at(5)), SourceRef("shipbob", "acme", "tracker", "TR-1", "1"), at(5))


def test_a_tracker_follows_its_shipment_to_the_order_whatever_the_order_of_arrival(engine: Engine) -> None:
    _ingest(engine, _tracker_delivered())
    [(status, _, explanation)] = _unmatched(engine)
    assert status == "OPEN" and "references shipbob shipment SB-77" in explanation
    _ingest(engine, _threepl_shipment("#1001"), order_placed())
    with engine.connect() as connection:
        view = order_views(connection, [order_ref().order_id])[order_ref().order_id]
    assert view.fulfillment.shipments[0].delivered_at == at(5)
    assert {row[0] for row in _unmatched(engine)} == {"RESOLVED"}


def _carrier_tracker() -> list[Event]:
    """The brand's carrier account tracks the 3PL's parcel by its tracking number (EasyPost's Tracking API)."""
    from canonical_model.events import ShipmentDelivered

    tracker = SourceRef("easypost", "acme", "tracker", "trk_9", "1")
    return [Event(ShipmentCreated("trk_9", "IN_TRANSIT", (), None, "UPS", ("1z 77",)), tracker, at(4)),
            Event(ShipmentDelivered("trk_9", at(6)), replace(tracker, version="2"), at(6), key="delivered")]


def test_a_carriers_tracker_follows_the_3pl_parcel_with_its_tracking_number(engine: Engine) -> None:
    _ingest(engine, *_carrier_tracker())
    assert {row[0] for row in _unmatched(engine)} == {"OPEN"}
    assert "tracking number 1Z77" in _unmatched(engine)[0].explanation
    _ingest(engine, order_placed(), _threepl_shipment("#1001"))
    with engine.connect() as connection:
        view = order_views(connection, [order_ref().order_id])[order_ref().order_id]
    [parcel] = view.fulfillment.shipments
    assert (parcel.id, parcel.location, parcel.delivered_at, view.fulfillment.status) == (
        "SB-77", "SB-EAST", at(6), "DELIVERED")
    assert {row[0] for row in _unmatched(engine)} == {"RESOLVED"}


def test_a_carriers_fee_follows_the_tracker_it_was_charged_for(engine: Engine) -> None:
    from canonical_model.events import FeeCharged

    fee = Event(FeeCharged("tracker", Money.of("0.02", "USD"), "trk_9"),
                SourceRef("easypost", "acme", "fee", "fee_1", "1"), at(4))
    _ingest(engine, fee, *_carrier_tracker(), order_placed(), _threepl_shipment("#1001"))
    with engine.connect() as connection:
        view = order_views(connection, [order_ref().order_id])[order_ref().order_id]
    assert [(f.type, f.amount) for f in view.finance.fees] == [("tracker", Money.of("0.02", "USD"))]
    assert {row[0] for row in _unmatched(engine)} == {"RESOLVED"}


def test_a_record_whose_order_never_came_is_an_error_once_its_window_closes(engine: Engine) -> None:
    _ingest(engine, replace(_threepl_shipment("1001"), occurred_at=days_ago(2)))
    assert [row[1] for row in _unmatched(engine)] == ["TIMING"]
    with engine.begin() as connection, patch("hub.order_matching.utc_now", return_value=utc_now() + timedelta(days=2)):
        refresh_due(connection)
    [(status, classification, explanation)] = _unmatched(engine)
    assert (status, classification) == ("OPEN", "ERROR") and "the 3-day window closed on" in explanation
    _ingest(engine, _threepl_shipment("1001"))  # restated: still one record, one discrepancy
    assert len(_unmatched(engine)) == 1


def _payment_fact(object_id: str, charge: str, order: OrderRef | None = None) -> Event:
    """A payment processor's fact about one of its charges, naming the charge as a followed reference."""
    from canonical_model.events import FeeCharged
    from canonical_model.followed_references import object_reference

    return Event(FeeCharged("processing", Money.of("1.46", "USD"), charge), SourceRef("pay", "acme", "fee", object_id, "1"),
                 at(2), order, references=(object_reference("pay", "acme", "charge", charge),))


def test_a_fact_on_an_order_takes_its_followed_references_there_and_others_follow_them(engine: Engine) -> None:
    _ingest(engine, _payment_fact("fee_2", "ChX1"), _payment_fact("fee_3", "chx1"))
    assert {row.explanation.split(" references ")[1].split(",")[0] for row in _unmatched(engine)} == {
        "pay charge ChX1", "pay charge chx1"}
    _ingest(engine, order_placed(), _payment_fact("fee_1", "ChX1", order_ref()))
    with engine.connect() as connection:
        view = order_views(connection, [order_ref().order_id])[order_ref().order_id]
    assert [fee.amount for fee in view.finance.fees] == [Money.of("1.46", "USD")] * 2
    # Ids are case-sensitive: the charge spelled another way is another charge, still waiting.
    assert sorted(row[0] for row in _unmatched(engine)) == ["OPEN", "RESOLVED"]
