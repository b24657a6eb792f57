"""EasyPost shipments: the shipment, its bought label, its fees without double-counted postage, refunds."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal

import pytest

from adapters.toolkit import PayloadError
from canonical_model.events import FeeCharged, ShipmentCreated
from canonical_model.money import Money
from tests.adapters.easypost.easypost_payloads import (
    BOUGHT,
    LABEL_ID,
    LATER,
    SHIPMENT_ID,
    bought_shipment,
    fee,
    mapped,
    of_type,
    rated_shipment,
)


def _fees(events: list) -> list[tuple[str, Money]]:
    return [(e.body.fee_type, e.body.amount) for e in of_type(events, "fee.charged")]


def test_a_rated_shipment_is_created_with_no_fee_and_carries_its_order_references() -> None:
    events = mapped(rated_shipment())

    (created,) = events
    assert created.body == ShipmentCreated(SHIPMENT_ID, "RATED", lines=(), carrier=None, tracking_numbers=())
    assert created.references == ("#1001", "1001", "order 450001")
    assert created.order is None
    assert created.source.version == rated_shipment()["created_at"]


def test_a_bought_label_records_its_rate_once_and_the_postage_fee_only_in_context() -> None:
    events = mapped(bought_shipment(amount="6.07"))

    created = of_type(events, "shipment.created")[0]
    assert created.body.status == "PRE_TRANSIT"
    assert created.body.carrier == "USPS" and created.body.tracking_numbers == ("9400100000000000000001",)
    assert _fees(events) == [("shipping_label", Money.of("6.07", "USD")),
                             ("shipping_label_fee", Money.of("0.01000", "USD"))]
    assert created.context["postage_fee"] == "6.07000"
    assert created.context["parcel"] == {"length": "10.0", "width": "8.0", "height": "4.0", "weight": "15.4"}


def test_a_postage_fee_without_a_bought_label_is_recorded_as_postage() -> None:
    shipment = rated_shipment(fees=[fee("PostageFee", "5.21000")])

    assert _fees(mapped(shipment)) == [("postage", Money.of("5.21000", "USD"))]


def test_uncharged_fees_record_nothing_and_insurance_premiums_are_fees() -> None:
    shipment = bought_shipment(fees=[fee("LabelFee", "0.01000", charged=False), fee("InsuranceFee", "1.00000")],
                               insurance="100.00")

    events = mapped(shipment)

    assert _fees(events) == [("shipping_label", Money.of("6.07", "USD")), ("insurance", Money.of("1.00000", "USD"))]
    assert events[0].context["insured_value"] == "100.00"


def test_the_label_status_without_a_tracker_status_is_label_purchased() -> None:
    shipment = bought_shipment(tracker=None)

    assert of_type(mapped(shipment), "shipment.created")[0].body.status == "LABEL_PURCHASED"


def test_replaying_a_shipment_gives_identical_events() -> None:
    first, second = mapped(bought_shipment()), mapped(bought_shipment())

    assert [e.id for e in first] == [e.id for e in second]
    assert [e.body for e in first] == [e.body for e in second]


def test_a_later_version_of_the_shipment_never_counts_its_fees_again() -> None:
    earlier = mapped(bought_shipment())
    later = mapped(bought_shipment(updated_at=LATER, refund_status="submitted"))

    fee_ids = {e.id for e in of_type(earlier, "fee.charged")}
    assert fee_ids == {e.id for e in of_type(later, "fee.charged")}
    assert {e.source.version for e in of_type(later, "fee.charged")} == {LABEL_ID}
    assert of_type(earlier, "shipment.created")[0].id != of_type(later, "shipment.created")[0].id


def test_a_submitted_refund_is_a_status_and_a_refunded_label_reverses_its_fee() -> None:
    submitted = mapped(bought_shipment(updated_at=LATER, refund_status="submitted"))
    refunded = mapped(bought_shipment(updated_at=LATER, refund_status="refunded",
                                      fees=[fee("PostageFee", "6.07000", refunded=True)]))

    assert [e.body.status for e in of_type(submitted, "shipment.status_changed") if e.key == "refund_status"] == [
        "REFUND_SUBMITTED"]
    assert _fees(submitted)[0] == ("shipping_label", Money.of("6.07", "USD"))
    assert "shipping_label:refunded" not in {e.key for e in submitted}
    assert _fees(refunded) == [("shipping_label", Money.of("6.07", "USD")), ("shipping_label", Money.of("-6.07", "USD"))]
    reversal = of_type(refunded, "fee.charged")[1]
    assert reversal.key == "shipping_label:refunded" and reversal.context["refund_status"] == "refunded"


def test_a_refunded_fee_entry_is_recorded_negative_beside_its_charge() -> None:
    shipment = bought_shipment(fees=[fee("InsuranceFee", "1.00000", refunded=True)])

    assert _fees(mapped(shipment))[1:] == [("insurance", Money.of("1.00000", "USD")),
                                           ("insurance", Money.of("-1.00000", "USD"))]


def test_money_arrives_exact_even_when_easypost_sends_a_json_number() -> None:
    document = json.loads(json.dumps(bought_shipment()))
    document["selected_rate"]["rate"] = 6.07

    (label_fee,) = [e for e in mapped(document) if e.key == "shipping_label"]

    assert label_fee.body.amount.amount == Decimal("6.07")
    assert isinstance(label_fee.body, FeeCharged)
    assert label_fee.occurred_at == datetime.fromisoformat(BOUGHT)


def test_context_keeps_messages_and_never_personal_data() -> None:
    messages = [{"carrier": "UPS", "type": "rate_error", "message": "Invalid service for this package"}]
    events = mapped(bought_shipment(messages=messages))

    rendered = json.dumps([e.context for e in events])
    assert "UPS: Invalid service for this package" in rendered
    assert not [word for word in ("Ann Lee", "Jack Sparrow", "ann@example.com", "1 Main St", "Neighbour")
                if word in rendered]


@pytest.mark.parametrize(("change", "path"), [
    ({"selected_rate": None}, "selected_rate"),
    ({"updated_at": None}, "updated_at"),
    ({"fees": [{"object": "Fee", "amount": "1.00", "charged": True}]}, "fees[0].type"),
])
def test_a_missing_required_field_names_its_path(change: dict, path: str) -> None:
    with pytest.raises(PayloadError) as error:
        mapped(bought_shipment(**change))

    assert error.value.field == path


def test_a_nested_missing_field_names_the_full_path() -> None:
    document = {"shipments": [rated_shipment(), bought_shipment(selected_rate={"rate": "6.07", "carrier": "USPS"})]}

    with pytest.raises(PayloadError) as error:
        mapped(document)

    assert error.value.field == "shipments[1].selected_rate.currency"


def test_a_fee_of_nothing_is_no_fee() -> None:
    events = mapped(bought_shipment(fees=[fee("LabelFee", "0.00000"), fee("PostageFee", "6.07000")]))

    assert [(e.body.fee_type, e.body.amount) for e in of_type(events, "fee.charged")] == [
        ("shipping_label", Money.of("6.07", "USD"))]
