"""Shippo transactions: the label purchase as a shipment, and its price when the rate is embedded."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from adapters.toolkit import PayloadError
from canonical_model.events import FeeCharged, ShipmentCreated
from canonical_model.money import Money
from tests.adapters.shippo.shippo_payloads import (
    LATER,
    TRACKING_NUMBER,
    TRANSACTION_ID,
    mapped,
    of_type,
    rate,
    transaction,
)


def test_a_bought_label_is_a_shipment_named_by_the_transaction_with_its_metadata_as_reference() -> None:
    (created,) = mapped(transaction())

    assert created.body == ShipmentCreated(TRANSACTION_ID, "LABEL_PURCHASED", lines=(), carrier=None,
                                           tracking_numbers=(TRACKING_NUMBER,))
    assert created.references == ("Order #1001",) and created.order is None
    assert created.context["transaction_status"] == "SUCCESS" and created.context["rate_id"] == "rate0001"
    assert created.source.version == transaction()["object_updated"]


def test_an_embedded_rate_states_the_carrier_and_the_label_fee_exactly() -> None:
    events = mapped(transaction(embedded=rate("9.09")))

    assert of_type(events, "shipment.created")[0].body.carrier == "USPS"
    (fee,) = of_type(events, "fee.charged")
    assert fee.body == FeeCharged("shipping_label", Money.of("9.09", "USD"), TRANSACTION_ID)
    assert fee.context["service"] == "Priority Mail"


def test_a_failed_or_queued_purchase_charges_nothing_and_keeps_the_carrier_message() -> None:
    messages = [{"source": "UPS", "code": "120100", "text": "Missing or invalid shipper number"}]
    failed = mapped(transaction(status="ERROR", embedded=rate(), messages=messages, tracking_number=""))
    queued = mapped(transaction(status="QUEUED", embedded=rate()))

    assert [e.type for e in failed + queued] == ["shipment.created", "shipment.created"]
    assert failed[0].body.status == "ERROR" and failed[0].body.tracking_numbers == ()
    assert failed[0].context["messages"] == ["UPS 120100: Missing or invalid shipper number"]


def test_a_refunded_label_reverses_its_fee_and_later_versions_never_repeat_it() -> None:
    bought = mapped(transaction(embedded=rate("9.09")))
    refunded = mapped(transaction(status="REFUNDED", embedded=rate("9.09"), object_updated=LATER))

    assert [e.body.amount for e in of_type(refunded, "fee.charged")] == [Money.of("9.09", "USD"),
                                                                          Money.of("-9.09", "USD")]
    assert of_type(bought, "fee.charged")[0].id == of_type(refunded, "fee.charged")[0].id
    assert of_type(refunded, "shipment.created")[0].body.status == "REFUNDED"


def test_the_carriers_tracking_status_wins_over_the_purchase_status() -> None:
    (created,) = mapped(transaction(tracking_status={"status": "TRANSIT", "status_details": "Departed"}))

    assert created.body.status == "TRANSIT"


def test_replay_gives_identical_ids_and_money_never_passes_through_a_float() -> None:
    document = json.loads(json.dumps(transaction(embedded=rate())))
    document["rate"]["amount"] = 9.09

    first, second = mapped(document), mapped(document)

    assert [e.id for e in first] == [e.id for e in second]
    assert of_type(first, "fee.charged")[0].body.amount.amount == Decimal("9.09")


def test_an_embedded_order_gives_its_number_as_reference_and_no_owner_login_in_context() -> None:
    (created,) = mapped(transaction(order={"object_id": "order0001", "order_number": "#1001"}, metadata=""))

    assert created.references == ("#1001",)
    assert "owner@example.com" not in json.dumps(created.context)


@pytest.mark.parametrize(("change", "path"), [
    ({"object_id": None}, "object_id"),
    ({"status": ""}, "status"),
    ({"rate": rate(currency=None)}, "rate.currency"),
    ({"object_updated": None, "object_created": None}, "object_created"),
])
def test_a_missing_required_field_names_its_path(change: dict, path: str) -> None:
    with pytest.raises(PayloadError) as error:
        mapped(transaction(**change))

    assert error.value.field == path


def test_a_listed_transaction_names_its_place_in_the_page() -> None:
    page = {"count": 2, "next": None, "previous": None,
            "results": [transaction(), transaction("t2", embedded=rate(amount="abc"))]}

    with pytest.raises(PayloadError) as error:
        mapped(page)

    assert error.value.field == "results[1].rate.amount"
