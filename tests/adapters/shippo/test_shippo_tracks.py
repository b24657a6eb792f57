"""Shippo tracks: a status per tracking event, shipped at the first carrier scan, delivered when DELIVERED."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.toolkit import PayloadError
from canonical_model.events import ShipmentDelivered, ShipmentShipped, ShipmentStatusChanged
from tests.adapters.shippo.shippo_payloads import (
    HISTORY,
    TRACKING_NUMBER,
    TRANSACTION_ID,
    mapped,
    of_type,
    track,
    tracking_event,
)


def test_each_tracking_event_is_a_status_change_of_the_transactions_shipment() -> None:
    events = mapped(track())

    changes = of_type(events, "shipment.status_changed")
    assert [c.body for c in changes] == [
        ShipmentStatusChanged(TRANSACTION_ID, "PRE_TRANSIT", "Label created"),
        ShipmentStatusChanged(TRANSACTION_ID, "TRANSIT", "Accepted at origin"),
        ShipmentStatusChanged(TRANSACTION_ID, "DELIVERED", "Delivered to mailbox"),
    ]
    assert changes[1].key == "2026-03-03T01:10:00Z TRANSIT" and changes[1].source.version == "2026-03-03T01:10:00Z"
    assert changes[1].context["substatus"] == "package_accepted"
    assert changes[1].references == ("Order #1001",) and changes[1].order is None


def test_the_first_transit_scan_ships_and_delivered_delivers_at_its_status_date() -> None:
    events = mapped(track())

    assert [e.body for e in of_type(events, "shipment.shipped")] == [
        ShipmentShipped(TRANSACTION_ID, datetime(2026, 3, 3, 1, 10, tzinfo=UTC))]
    assert [e.body for e in of_type(events, "shipment.delivered")] == [
        ShipmentDelivered(TRANSACTION_ID, datetime(2026, 3, 4, 9, 12, tzinfo=UTC))]


def test_the_current_status_not_yet_in_the_history_is_a_status_change_with_the_id_it_will_keep() -> None:
    early = mapped(track(history=HISTORY[:1], current=HISTORY[1]))
    later = mapped(track())

    assert [e.body.status for e in of_type(early, "shipment.status_changed")] == ["PRE_TRANSIT", "TRANSIT"]
    assert {e.id for e in early} <= {e.id for e in later}
    assert not of_type(early, "shipment.delivered")


def test_a_track_without_its_transaction_stands_for_the_tracking_number() -> None:
    events = mapped(track(transaction=None))

    assert {e.body.shipment_id for e in events} == {TRACKING_NUMBER}


def test_context_names_the_scan_city_and_never_the_addresses() -> None:
    events = mapped(track())

    assert of_type(events, "shipment.status_changed")[2].context["scan_location"] == "Berkeley, CA, US"
    assert "94705" not in str([e.context for e in events])


def test_a_tracking_event_without_any_time_names_its_path() -> None:
    undated = {**tracking_event(), "status_date": None, "object_created": None}

    with pytest.raises(PayloadError) as error:
        mapped(track(history=[HISTORY[0], undated], current=HISTORY[0]))

    assert error.value.field == "tracking_history[1].status_date"


def test_a_track_updated_webhook_maps_its_data() -> None:
    webhook = {"event": "track_updated", "test": True, "data": track()}

    events = mapped(webhook)

    assert events and {e.payload_pointer for e in events} == {"/data"}
    assert [e.id for e in events] == [e.id for e in mapped(track())]
