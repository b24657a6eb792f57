"""ShipBob documents: list answers, page envelopes, single objects, an order's shipments, and the objects refused."""

from __future__ import annotations

import pytest

from adapters.shipbob import ADAPTER
from adapters.toolkit import PayloadError
from tests.adapters.shipbob.shipbob_payloads import (
    channel,
    inventory_level,
    items_page,
    mapped,
    order,
    product,
    receiving,
    receiving_box,
    receiving_center,
    return_order,
    shipment,
    shipment_log,
    subscription,
    wire,
)


def test_a_list_answer_is_split_into_its_objects_and_each_orders_shipments() -> None:
    found = ADAPTER.split(wire([order(1), order(2, shipments=[])]))

    assert [(obj.object_type, obj.pointer) for obj in found] == [
        ("order", "/0"), ("shipment", "/0/shipments/0"), ("order", "/1")]


def test_an_orders_shipment_maps_to_the_same_ids_as_the_shipment_read_alone() -> None:
    within = [e.id for e in mapped(order()) if e.source.object_type == "shipment"]
    alone = [e.id for e in mapped(shipment())]

    assert within == alone


def test_a_page_envelope_is_split_into_its_items() -> None:
    found = ADAPTER.split(wire(items_page([inventory_level(1), inventory_level(2, "PLATE-BLUE")], next_page="x")))

    assert [(obj.object_type, obj.pointer) for obj in found] == [("inventory_level", "/items/0"),
                                                                  ("inventory_level", "/items/1")]


@pytest.mark.parametrize(("document", "kind"), [
    (order(), "order"), (shipment(), "shipment"), (receiving(), "receiving"), (inventory_level(), "inventory_level"),
])
def test_a_single_object_is_told_by_its_fields(document: dict, kind: str) -> None:
    assert ADAPTER.split(wire(document))[0].object_type == kind


def test_empty_answers_have_no_objects() -> None:
    assert mapped([]) == []
    assert mapped(items_page([])) == []


# Objects ShipBob has that the catalogue records no usable fact for, each with the reason it is refused.
UNSUPPORTED = [
    ([product()], "[0]", "products", "catalogue entries"),
    (product(), "document", "products", "catalogue entries"),
    ([channel()], "[0]", "channels", "stores connected to ShipBob"),
    ([subscription()], "[0]", "webhooks", "subscriptions"),
    ([receiving_center()], "[0]", "fulfillment_centers", "no body for a location"),
    ([return_order()], "[0]", "returns", "no sku"),
    ([shipment_log()], "[0]", "shipment_logs", "do not name their shipment"),
    ([receiving_box()], "[0]", "receiving_boxes", "do not name their receiving order"),
    (items_page([{"inventory_id": 1001, "sku": "MUG-RED", "name": "Mug", "is_lot": False}]), "items[0]",
     "inventory_items", "states no stock level"),
    ({"estimates": [{"estimated_price": 7.9, "shipping_method": "Standard"}]}, "document", "estimates", "a quote"),
    ([{"id": 1, "name": "Standard", "active": True, "default": True, "service_level": {"id": 2, "name": "Ground"}}],
     "[0]", "shipping_methods", "configuration"),
]


@pytest.mark.parametrize(("document", "field", "named", "reason"), UNSUPPORTED)
def test_unsupported_objects_are_refused_naming_them_and_why(document: object, field: str, named: str,
                                                             reason: str) -> None:
    with pytest.raises(PayloadError) as error:
        mapped(document)

    assert error.value.field == field
    assert f"'{named}'" in error.value.message and reason in error.value.message


@pytest.mark.parametrize(("document", "field"), [
    ({"id": 1, "name": "?"}, "document"), ([42], "[0]"), (["x"], "[0]"), ({"items": ["x"]}, "items[0]"),
    (order(shipments={"id": 1}), "shipments"), (order(shipments=[None]), "shipments[0]"), (42, "document"),
])
def test_malformed_documents_name_the_field(document: object, field: str) -> None:
    with pytest.raises(PayloadError) as error:
        mapped(document)

    assert error.value.field == field


def test_invalid_json_names_line_and_column() -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.parse(b'[{"id": 1,')

    assert error.value.field.startswith("line 1 column")


def test_numbers_with_a_fraction_are_read_as_decimals() -> None:
    parsed = ADAPTER.parse(b'{"invoice_amount": 7.35}')

    assert str(parsed["invoice_amount"]) == "7.35" and not isinstance(parsed["invoice_amount"], float)
