"""Shopify fulfillments and fulfillment events as shipment facts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.toolkit import PayloadError
from canonical_model.events import (
    ShipmentCreated,
    ShipmentDelivered,
    ShipmentLine,
    ShipmentShipped,
    ShipmentStatusChanged,
)
from canonical_model.identity import OrderRef
from tests.adapters.shopify.shopify_payloads import LATER, fulfillment, mapped

PLACED_UTC = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
LATER_UTC = datetime(2026, 3, 5, 14, 30, tzinfo=UTC)


def test_a_successful_fulfillment_is_created_and_shipped() -> None:
    created, shipped = mapped({"fulfillment": fulfillment()})

    assert created.body == ShipmentCreated(
        shipment_id="3001", status="SUCCESS", lines=(ShipmentLine("MUG-RED", 2, "1001"),), location="48752903",
        carrier="UPS", tracking_numbers=("1Z999",),
    )
    assert shipped.body == ShipmentShipped("3001", shipped_at=PLACED_UTC)
    assert (created.source.object_type, created.source.object_id, created.source.version) == (
        "fulfillment", "3001", LATER)
    assert created.order == shipped.order == OrderRef("shopify", "acme.myshopify.com", "450001")
    assert created.context["service"] == "manual"


def test_a_delivered_fulfillment_is_delivered_at_its_last_update() -> None:
    events = mapped({"fulfillment": fulfillment(shipment_status="delivered")})

    assert [event.type for event in events] == ["shipment.created", "shipment.shipped", "shipment.delivered"]
    assert events[-1].body == ShipmentDelivered("3001", delivered_at=LATER_UTC)


def test_a_carrier_status_on_the_way_is_a_status_change() -> None:
    events = mapped({"fulfillment": fulfillment(shipment_status="in_transit")})

    assert events[-1].body == ShipmentStatusChanged("3001", "IN_TRANSIT")


@pytest.mark.parametrize("status", ["failure", "cancelled", "error"])
def test_a_failed_fulfillment_is_recorded_but_never_shipped(status: str) -> None:
    events = mapped({"fulfillment": fulfillment(status=status, shipment_status="delivered")})

    assert [event.type for event in events] == ["shipment.created"]
    assert events[0].body.status == status.upper()


def test_a_pending_fulfillment_is_created_only() -> None:
    events = mapped({"fulfillment": fulfillment(status="pending")})

    assert [event.type for event in events] == ["shipment.created"]


def test_a_single_tracking_number_is_read_when_the_list_is_absent() -> None:
    payload = fulfillment(tracking_number="9400111")
    del payload["tracking_numbers"]

    (created, _) = mapped({"fulfillment": payload})

    assert created.body.tracking_numbers == ("9400111",)


def test_a_standalone_fulfillment_needs_its_order() -> None:
    payload = fulfillment()
    del payload["order_id"]

    with pytest.raises(PayloadError) as error:
        mapped({"fulfillments": [payload]})

    assert error.value.field == "fulfillments[0].order_id"


def _carrier_event(**extra: object) -> dict:
    return {
        "id": 12584341209251, "fulfillment_id": 3001, "order_id": 450001, "status": "in_transit",
        "message": "Departed facility", "happened_at": LATER, "created_at": LATER, "updated_at": LATER,
        "estimated_delivery_at": "2026-03-07T12:00:00-05:00", "city": "Memphis", **extra,
    }


def test_a_fulfillment_event_on_the_way_is_a_status_change_with_its_message() -> None:
    (event,) = mapped({"fulfillment_event": _carrier_event()})

    assert event.body == ShipmentStatusChanged("3001", "IN_TRANSIT", "Departed facility")
    assert event.occurred_at == LATER_UTC
    assert (event.source.object_type, event.source.object_id, event.source.version) == (
        "fulfillment_event", "12584341209251", LATER)
    assert event.order == OrderRef("shopify", "acme.myshopify.com", "450001")
    assert event.context["estimated_delivery_at"] == "2026-03-07T12:00:00-05:00"


def test_a_delivered_fulfillment_event_is_a_delivery_when_it_happened() -> None:
    (event,) = mapped({"fulfillment_event": _carrier_event(status="delivered", happened_at="2026-03-06T11:00:00Z")})

    assert event.body == ShipmentDelivered("3001", delivered_at=datetime(2026, 3, 6, 11, tzinfo=UTC))


def test_a_fulfillment_event_without_updated_at_is_versioned_by_its_id() -> None:
    (event,) = mapped({"fulfillment_event": _carrier_event(updated_at=None)})

    assert event.source.version == "12584341209251"
