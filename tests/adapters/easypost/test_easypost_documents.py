"""EasyPost documents: pages, bare lists and webhook events; refunds, insurance, orders and batches."""

from __future__ import annotations

import pytest

from adapters.easypost.split import next_page, split
from adapters.toolkit import PayloadError
from canonical_model.events import FeeCharged, ShipmentStatusChanged
from canonical_model.money import Money
from tests.adapters.easypost.easypost_payloads import (
    SHIPMENT_ID,
    bought_shipment,
    fee,
    insurance,
    mapped,
    of_type,
    rated_shipment,
    refund,
    tracker,
)


def test_pages_bare_lists_and_webhook_events_are_split_with_pointers() -> None:
    assert [(o.object_type, o.pointer) for o in split({"trackers": [tracker(), tracker("trk_2")], "has_more": True})] \
        == [("tracker", "/trackers/0"), ("tracker", "/trackers/1")]
    assert [(o.object_type, o.pointer) for o in split([refund()])] == [("refund", "/0")]
    event = {"object": "Event", "description": "tracker.updated", "result": tracker()}
    assert [(o.object_type, o.pointer) for o in split(event)] == [("tracker", "/result")]


def test_the_next_page_is_asked_for_before_the_last_id() -> None:
    assert next_page({"trackers": [tracker(), tracker("trk_2")], "has_more": True}) == {"before_id": "trk_2"}
    assert next_page({"trackers": [tracker()], "has_more": False}) is None


@pytest.mark.parametrize(("document", "field", "named"), [
    ({"object": "Address", "id": "adr_1"}, "object", "Address"),
    ({"scan_forms": [], "has_more": False}, "scan_forms", "scan_forms"),
    ({"trackers": [{"object": "Parcel", "id": "prcl_1"}]}, "trackers[0].object", "Parcel"),
])
def test_unsupported_objects_are_refused_naming_them(document: dict, field: str, named: str) -> None:
    with pytest.raises(PayloadError) as error:
        split(document)

    assert error.value.field == field
    assert f"unsupported EasyPost object '{named}'" in str(error.value)


def test_a_refund_object_is_a_refund_status_of_its_shipment() -> None:
    (event,) = mapped([refund(status="rejected")])

    assert event.body == ShipmentStatusChanged(SHIPMENT_ID, "REFUND_REJECTED")
    assert event.context["refund_status"] == "rejected" and event.source.object_type == "refund"


def test_an_insurance_premium_is_a_fee_once_and_its_tracker_maps_as_a_tracker() -> None:
    events = mapped(insurance())

    (premium,) = of_type(events, "fee.charged")
    assert premium.body == FeeCharged("insurance", Money.of("1.00000", "USD"), SHIPMENT_ID)
    assert premium.context["insured_value"] == "100.00000"
    assert premium.references == ("#1001",)
    assert of_type(events, "shipment.status_changed")
    assert [e.id for e in mapped(insurance(updated_at="2026-03-09T00:00:00Z"))] == [e.id for e in events]


def test_an_insurance_without_a_charged_fee_records_no_fee() -> None:
    assert not of_type(mapped(insurance(premium=fee("InsuranceFee", "1.00000", charged=False))), "fee.charged")


def test_an_order_maps_each_shipment_with_the_order_reference() -> None:
    order = {"id": "order_1", "object": "Order", "reference": "#1002", "created_at": "2026-03-02T15:00:00Z",
             "updated_at": "2026-03-02T15:00:00Z", "shipments": [bought_shipment(), bought_shipment("shp_0002")],
             "rates": []}

    events = mapped(order)

    created = of_type(events, "shipment.created")
    assert [e.body.shipment_id for e in created] == [SHIPMENT_ID, "shp_0002"]
    assert created[1].references == ("#1001", "1001", "order 450001", "#1002")
    assert created[1].payload_pointer == "/shipments/1" and created[1].context["easypost_order_id"] == "order_1"
    assert [e.body.amount for e in events if e.key == "shipping_label"] == [Money.of("6.07", "USD")] * 2


def test_a_batch_of_stubs_maps_to_nothing_and_full_shipments_map_as_shipments() -> None:
    stub = {"id": SHIPMENT_ID, "batch_status": "queued_for_purchase", "reference": None, "tracking_code": None}
    batch = {"id": "batch_1", "object": "Batch", "state": "created", "reference": "run 7", "shipments": [stub]}

    assert mapped(batch) == []
    events = mapped({**batch, "shipments": [rated_shipment()]})
    assert events[0].context["batch_id"] == "batch_1" and "run 7" in events[0].references


def test_a_batch_stub_without_an_id_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped({"id": "batch_1", "object": "Batch", "shipments": [{"batch_status": "created"}]})

    assert error.value.field == "shipments[0].id"
