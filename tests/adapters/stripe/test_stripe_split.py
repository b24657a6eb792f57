"""Finding Stripe objects in documents: bare objects, list pages, bare lists and webhook events; refusing the rest."""

from __future__ import annotations

import json

import pytest

from adapters.stripe import ADAPTER
from adapters.stripe.references import metadata_references, text_references
from adapters.toolkit import PayloadError
from tests.adapters.stripe.stripe_payloads import (
    CONTEXT,
    balance_transaction,
    charge,
    event,
    mapped,
    mapped_bytes,
    page,
    payout,
    refund,
)


def test_a_list_page_gives_each_object_with_its_pointer() -> None:
    objects = ADAPTER.split(page(charge(), refund(), payout()))

    assert [(obj.object_type, obj.pointer) for obj in objects] == [
        ("charge", "/data/0"), ("refund", "/data/1"), ("payout", "/data/2")]


def test_a_bare_list_gives_each_object() -> None:
    assert [obj.pointer for obj in ADAPTER.split([charge(), refund()])] == ["/0", "/1"]


def test_a_webhook_event_maps_its_object_under_the_same_ids_as_the_object_polled() -> None:
    delivered = mapped(event(charge(), "charge.succeeded"))
    polled = mapped(charge())

    assert [item.id for item in delivered] == [item.id for item in polled]
    assert delivered[0].payload_pointer == "/data/object"
    assert delivered[0].context["event_id"] == "evt_1Acme"
    assert delivered[0].context["event_type"] == "charge.succeeded"


def test_a_page_of_events_points_into_each_event() -> None:
    events = mapped(page(event(refund(), "charge.refund.updated"), event(payout(), "payout.paid", "evt_2")))

    assert [item.payload_pointer for item in events] == ["/data/0/data/object", "/data/1/data/object"]


def test_the_same_event_delivered_twice_gives_identical_ids() -> None:
    body = json.dumps(event(balance_transaction(), "balance.available", "evt_9")).encode()

    assert [item.id for item in mapped_bytes(body)] == [item.id for item in mapped_bytes(body)]


def test_an_empty_page_has_no_objects() -> None:
    assert ADAPTER.split(page()) == []


@pytest.mark.parametrize(("document", "field", "words"), [
    ({"object": "balance", "available": [], "pending": []}, "object", "point-in-time"),
    ({"object": "transfer", "id": "tr_1", "amount": 1100}, "object", "count the same money twice"),
    (event({"object": "customer", "id": "cus_1"}, "customer.created"), "data.object.object",
     "'customer' in event customer.created"),
    (page(charge(), {"object": "plan", "id": "price_1"}), "data[1].object", "unsupported Stripe object 'plan'"),
])
def test_unsupported_objects_are_refused_naming_the_object_and_why(document: dict, field: str, words: str) -> None:
    with pytest.raises(PayloadError) as error:
        mapped(document)

    assert error.value.field == field
    assert words in str(error.value)
    assert "supported: charge, payment_intent" in str(error.value)


def test_one_unsupported_object_in_a_page_leaves_the_others_mappable() -> None:
    objects = ADAPTER.split(page(charge(), {"object": "plan", "id": "price_1"}))

    assert len(ADAPTER.map_object(objects[0], CONTEXT)) == 1
    with pytest.raises(PayloadError):
        ADAPTER.map_object(objects[1], CONTEXT)


@pytest.mark.parametrize(("document", "field"), [
    ({"id": "ch_1", "amount": 100}, "object"),
    ([charge(), "ch_1"], "[1]"),
    ({"object": "list", "data": "none"}, "data"),
    ("ch_1", "document"),
])
def test_what_names_no_stripe_object_is_refused(document: object, field: str) -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.split(document)

    assert error.value.field == field


def test_an_event_without_its_object_names_the_path() -> None:
    broken = event(charge(), "charge.succeeded")
    del broken["data"]["object"]

    with pytest.raises(PayloadError) as error:
        mapped(broken)

    assert error.value.field == "data.object"


def test_invalid_json_names_line_and_column() -> None:
    with pytest.raises(PayloadError) as error:
        mapped_bytes(b'{"object": "charge",\n "id": }')

    assert error.value.field == "line 2 column 8"


def test_order_references_come_from_metadata_keys_and_order_numbers_in_text() -> None:
    assert metadata_references({"order_id": 450001, "Order Number": "#1001", "customer_note": "x", "orderId": ""}) == (
        "450001", "#1001")
    assert text_references("Acme - Order 1002") == ("1002",)
    assert text_references("Payment for order #1003") == ("#1003",)
    assert text_references("Subscription creation") == ()
    assert text_references("Chargeback withdrawal for ch_1Acme#2") == ()
