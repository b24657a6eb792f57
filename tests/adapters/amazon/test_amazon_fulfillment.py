"""Multi-Channel Fulfillment: packages as shipments with references to the storefront order, tracking, returns."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from adapters.toolkit import PayloadError
from canonical_model.events import (
    ReturnLine,
    ReturnReceived,
    ShipmentCreated,
    ShipmentDelivered,
    ShipmentLine,
    ShipmentShipped,
    ShipmentStatusChanged,
)
from tests.adapters.amazon.amazon_payloads import fulfillment_order, mapped, package_tracking, tracking_event

PERSONAL = ("Ann", "Lee", "Main St", "ann@example.com", "A. Lee", "Springfield")


def test_a_shipped_package_is_created_and_shipped_with_references_to_the_storefront_order() -> None:
    created, shipped = mapped(fulfillment_order())

    assert created.body == ShipmentCreated(
        shipment_id="543939833", status="SHIPPED", lines=(ShipmentLine("MUG-RED", 2, "line-1"),), location="PHX3",
        carrier="UPS", tracking_numbers=("1Z999AA10123456784",),
    )
    assert shipped.body == ShipmentShipped("543939833", shipped_at=datetime(2026, 3, 4, 17, tzinfo=UTC))
    assert created.order is None and shipped.order is None
    assert created.references == ("MCF-1001", "#1001")
    assert created.source.object_type == "mcf_package"
    assert shipped.source.version == "2026-03-04T17:00:00Z"
    assert created.occurred_at == datetime(2026, 3, 4, 18, tzinfo=UTC)
    assert created.payload_pointer == "/payload/fulfillmentShipments/0/fulfillmentShipmentPackage/0"
    assert created.context["amazonShipmentId"] == "DnKkYxh1q"
    assert created.context["fulfillmentOrderStatus"] == "Complete"
    assert not [word for word in PERSONAL if word in json.dumps(created.context)]


def test_packages_of_one_shipment_carry_the_items_packed_in_them() -> None:
    document = fulfillment_order()
    shipment = document["payload"]["fulfillmentShipments"][0]
    shipment["fulfillmentShipmentItem"] = [
        {"sellerSku": "MUG-RED", "sellerFulfillmentOrderItemId": "line-1", "quantity": 1, "packageNumber": 1},
        {"sellerSku": "MUG-RED", "sellerFulfillmentOrderItemId": "line-1", "quantity": 1, "packageNumber": 2},
    ]
    shipment["fulfillmentShipmentPackage"] = [{"packageNumber": 1, "carrierCode": "UPS", "trackingNumber": "T1"},
                                              {"packageNumber": 2, "carrierCode": "UPS", "trackingNumber": "T2"}]

    created = [event.body for event in mapped(document) if isinstance(event.body, ShipmentCreated)]

    assert [(body.shipment_id, body.tracking_numbers, sum(line.quantity for line in body.lines)) for body in created] == [
        ("1", ("T1",), 1), ("2", ("T2",), 1)]


def test_a_shipment_not_yet_packed_maps_to_nothing_and_a_cancelled_one_is_recorded_cancelled() -> None:
    pending = fulfillment_order(status="PENDING")
    pending["payload"]["fulfillmentShipments"][0]["fulfillmentShipmentPackage"] = []
    cancelled = fulfillment_order(status="CANCELLED_BY_FULFILLER")
    cancelled["payload"]["fulfillmentShipments"][0]["fulfillmentShipmentPackage"] = []

    assert mapped(pending) == []
    (event,) = mapped(cancelled)
    assert (event.body.shipment_id, event.body.status) == ("DnKkYxh1q", "CANCELLED")
    assert event.context["fulfillmentShipmentStatus"] == "CANCELLED_BY_FULFILLER"


def test_a_returned_unit_is_received_restocked_when_sellable_with_its_reason() -> None:
    returned = {
        "sellerReturnItemId": "RET-1", "sellerFulfillmentOrderItemId": "line-1", "amazonShipmentId": "DnKkYxh1q",
        "sellerReturnReasonCode": "DEFECTIVE", "amazonReturnReasonCode": "CR-DEFECTIVE", "status": "Processed",
        "statusChangedDate": "2026-03-20T10:00:00Z", "returnReceivedCondition": "Sellable",
        "fulfillmentCenterId": "PHX3",
    }
    events = mapped(fulfillment_order(returnItems=[returned]))

    received = events[-1]
    assert received.body == ReturnReceived("RET-1", (ReturnLine("MUG-RED", 1, "line-1"),), "RESTOCK", "PHX3")
    assert received.context["return_reason"] == "CR-DEFECTIVE"
    assert received.references == ("MCF-1001", "#1001")
    damaged = mapped(fulfillment_order(returnItems=[{**returned, "returnReceivedCondition": "CustomerDamaged"}]))[-1]
    assert damaged.body.disposition == "DAMAGED"


def test_replaying_a_fulfillment_order_gives_identical_ids() -> None:
    assert [e.id for e in mapped(fulfillment_order())] == [e.id for e in mapped(fulfillment_order())]


def test_a_fulfillment_order_without_its_id_names_the_field() -> None:
    document = fulfillment_order()
    del document["payload"]["fulfillmentOrder"]["sellerFulfillmentOrderId"]

    with pytest.raises(PayloadError) as error:
        mapped(document)

    assert error.value.field == "payload.fulfillmentOrder.sellerFulfillmentOrderId"


def test_tracking_events_are_status_changes_and_the_delivery() -> None:
    events = mapped(package_tracking())

    assert [event.body for event in events] == [
        ShipmentStatusChanged("543939833", "IN_TRANSIT", "Shipment picked up from seller's facility."),
        ShipmentStatusChanged("543939833", "OUT_FOR_DELIVERY", "Out for delivery."),
        ShipmentDelivered("543939833", delivered_at=datetime(2026, 3, 6, 15, 10, tzinfo=UTC)),
    ]
    assert events[0].occurred_at == datetime(2026, 3, 4, 17, 30, tzinfo=UTC)
    assert (events[0].source.object_id, events[0].source.version) == (
        "543939833:EVENT_102:2026-03-04T17:30:00Z", "2026-03-04T17:30:00Z")
    assert events[2].context["eventCode"] == "EVENT_301"
    assert not [word for word in PERSONAL if word in json.dumps([e.context for e in events])]


@pytest.mark.parametrize(("code", "status"), [("EVENT_101", "PRE_TRANSIT"), ("EVENT_202", "IN_TRANSIT"),
                                              ("EVENT_304", "DELIVERY_ATTEMPTED"), ("EVENT_405", "EXCEPTION"),
                                              ("EVENT_999", "EVENT_999")])
def test_event_codes_become_hub_statuses(code: str, status: str) -> None:
    (event,) = mapped(package_tracking(tracking_event(code, "2026-03-05T00:00:00Z", "Something happened.")))

    assert event.body.status == status
    assert event.context["eventDescription"] == "Something happened."


def test_a_tracking_event_without_its_time_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(package_tracking({"eventCode": "EVENT_101", "eventDescription": "x"}))

    assert error.value.field == "payload.trackingEvents[0].eventDate"
