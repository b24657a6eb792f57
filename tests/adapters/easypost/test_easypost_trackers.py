"""EasyPost trackers: one status per scan, the first carrier scan ships, the delivered scan delivers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.toolkit import PayloadError
from canonical_model.events import ShipmentCreated, ShipmentDelivered, ShipmentShipped, ShipmentStatusChanged
from tests.adapters.easypost.easypost_payloads import (
    LATER,
    SHIPMENT_ID,
    TRACKER_ID,
    bought_shipment,
    detail,
    fee,
    mapped,
    of_type,
    tracker,
)

SCANS = [
    detail("pre_transit", "2026-03-02T18:00:00Z", "Shipping Label Created"),
    detail("in_transit", "2026-03-03T01:10:00Z", "Accepted at USPS Origin Facility"),
    detail("out_for_delivery", "2026-03-04T07:00:00Z", "Out for Delivery"),
    detail("delivered", "2026-03-04T09:12:00Z", "Delivered, In/At Mailbox", city="SPRINGFIELD"),
]


def test_each_scan_is_a_status_change_keyed_by_its_time_and_status_with_its_message_in_context() -> None:
    events = mapped(tracker(details=SCANS[:2]))

    changes = of_type(events, "shipment.status_changed")
    assert [c.body for c in changes] == [
        ShipmentStatusChanged(SHIPMENT_ID, "PRE_TRANSIT", "Shipping Label Created"),
        ShipmentStatusChanged(SHIPMENT_ID, "IN_TRANSIT", "Accepted at USPS Origin Facility"),
    ]
    assert changes[1].key == "2026-03-03T01:10:00Z in_transit"
    assert changes[1].context["message"] == "Accepted at USPS Origin Facility"
    assert changes[1].occurred_at == datetime(2026, 3, 3, 1, 10, tzinfo=UTC)
    assert all(c.order is None and c.source.object_id == TRACKER_ID for c in changes)


def test_the_first_carrier_scan_ships_and_the_delivered_scan_delivers() -> None:
    events = mapped(tracker(status="delivered", details=SCANS, updated_at=LATER))

    assert [e.body for e in of_type(events, "shipment.shipped")] == [
        ShipmentShipped(SHIPMENT_ID, datetime(2026, 3, 3, 1, 10, tzinfo=UTC))]
    assert [e.body for e in of_type(events, "shipment.delivered")] == [
        ShipmentDelivered(SHIPMENT_ID, datetime(2026, 3, 4, 9, 12, tzinfo=UTC))]


def test_a_tracker_not_yet_delivered_states_no_delivery() -> None:
    events = mapped(tracker(status="out_for_delivery", details=SCANS[:3]))

    assert not of_type(events, "shipment.delivered")


def test_delivered_without_a_delivered_scan_uses_the_tracker_time_and_says_so() -> None:
    (delivered,) = of_type(mapped(tracker(status="delivered", details=SCANS[:3], updated_at=LATER)),
                           "shipment.delivered")

    assert delivered.body.delivered_at == datetime(2026, 3, 4, 9, 30, tzinfo=UTC)
    assert "no delivered tracking detail" in delivered.context["delivered_at_from"]


def test_polling_again_gives_earlier_scans_the_same_ids() -> None:
    first = mapped(tracker(details=SCANS[:2]))
    later = mapped(tracker(status="delivered", details=SCANS, updated_at=LATER))

    assert {e.id for e in first} <= {e.id for e in later}
    assert [e.id for e in later] == [e.id for e in mapped(tracker(status="delivered", details=SCANS,
                                                                   updated_at=LATER))]


def test_a_tracker_inside_a_shipment_maps_to_the_same_events_as_fetched_alone() -> None:
    alone = mapped(tracker(details=SCANS[:2]))
    nested = [e for e in mapped(bought_shipment(tracker=tracker(details=SCANS[:2]))) if e.source.object_type == "tracker"]

    assert [(e.id, e.body) for e in nested] == [(e.id, e.body) for e in alone]
    assert nested[0].payload_pointer == "/tracker" and nested[0].references == ("#1001", "1001", "order 450001")


def test_a_tracker_of_a_bare_tracking_code_stands_for_its_own_shipment_and_states_its_number() -> None:
    events = mapped(tracker(shipment_id=None, status="in_transit", details=SCANS[:2], updated_at=LATER))

    assert {e.body.shipment_id for e in events} == {TRACKER_ID}
    (stated,) = of_type(events, "shipment.created")
    assert stated.body == ShipmentCreated(TRACKER_ID, "IN_TRANSIT", (), carrier="USPS",
                                          tracking_numbers=("9400100000000000000001",))
    assert stated.source.version == LATER and stated.occurred_at == datetime(2026, 3, 4, 9, 30, tzinfo=UTC)


def test_a_tracker_of_a_bought_label_leaves_the_shipment_to_state_itself() -> None:
    assert not of_type(mapped(tracker(details=SCANS[:2])), "shipment.created")


def test_tracker_fees_are_fees_and_the_signer_stays_out_of_context() -> None:
    events = mapped(tracker(fees=[fee("TrackerFee", "0.02000")]))

    (charged,) = of_type(events, "fee.charged")
    assert (charged.body.fee_type, str(charged.body.amount.amount)) == ("tracking", "0.02")
    assert "A. Neighbour" not in str([e.context for e in events])


def test_a_scan_without_its_time_names_the_path() -> None:
    scans = [detail(), {**detail("in_transit"), "datetime": None}]

    with pytest.raises(PayloadError) as error:
        mapped({"trackers": [tracker(details=scans)], "has_more": False})

    assert error.value.field == "trackers[0].tracking_details[1].datetime"
