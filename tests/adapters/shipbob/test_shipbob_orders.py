"""ShipBob orders as allocations of their lines to the fulfillment centers their shipments ship from."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from adapters.toolkit import PayloadError
from canonical_model.inventory_events import InventoryAllocated
from tests.adapters.shipbob.shipbob_payloads import (
    CICERO,
    MORENO_VALLEY,
    inventory_item,
    mapped,
    of_type,
    order,
    order_product,
    shipment,
    shipment_product,
)


def allocations(document: object) -> list:
    return of_type(mapped(document), "inventory.allocated")


def test_each_line_is_allocated_at_the_fulfillment_center_its_shipment_ships_from() -> None:
    mug, plate = allocations(order())

    assert mug.body == InventoryAllocated(sku="MUG-RED", location="shipbob:9", quantity=2, line_id="11501")
    assert plate.body == InventoryAllocated(sku="PLATE-BLUE", location="shipbob:9", quantity=1, line_id="11502")
    assert (mug.source.system, mug.source.object_type, mug.source.object_id) == ("shipbob", "order", "2140032")
    assert (mug.key, plate.key) == ("11501", "11502")
    assert mug.payload_pointer == "" and mug.payload_hash == "payload-hash-1"


def test_an_order_states_the_latest_time_it_knows() -> None:
    (mug, _) = allocations(order())

    assert mug.occurred_at == datetime(2026, 3, 3, 21, 4, 59, 443000, tzinfo=UTC)


def test_a_3pl_order_names_the_store_order_and_is_not_the_channel() -> None:
    events = mapped(order())

    assert all(event.order is None for event in events)
    assert {event.references for event in allocations(order())} == {("#1001", "450789469")}


def test_context_keeps_status_channel_and_tags_but_no_personal_data() -> None:
    (mug, _) = allocations(order(status="Exception"))

    assert mug.context["order_status"] == "Exception"
    assert mug.context["channel_name"] == "Acme-Shopify-Store"
    assert mug.context["tags"] == [{"name": "Handling instructions", "value": "Fragile"}]
    assert mug.context["shipbob_product_id"] == "3884009" and mug.context["external_line_id"] == "11501"
    text = json.dumps(mug.context)
    assert "Ann Lee" not in text and "ann@example.com" not in text and "1 Main St" not in text
    assert "birthday" not in text


@pytest.mark.parametrize("status", ["Cancelled", "ImportReview"])
def test_a_cancelled_order_states_its_status_and_emits_nothing_extra(status: str) -> None:
    stopped = [shipment(status="Cancelled")] if status == "Cancelled" else [shipment(status="ImportReview")]
    events = allocations(order(status=status, shipments=stopped))

    assert [event.body.quantity for event in events] == [2, 1]
    assert {event.context["order_status"] for event in events} == {status}


def test_a_line_split_across_fulfillment_centers_is_allocated_at_each_with_its_units() -> None:
    lines = [order_product(quantity=5)]
    east = shipment(100810005, products=[shipment_product(items=[inventory_item(quantity=3)])])
    west = shipment(100810006, center=MORENO_VALLEY, products=[shipment_product(items=[inventory_item(quantity=2)])])
    events = allocations(order(products=lines, shipments=[east, west]))

    assert [(e.body.location, e.body.quantity, e.key) for e in events] == [
        ("shipbob:21", 2, "11501@21"), ("shipbob:9", 3, "11501@9")]
    assert {e.context["ordered_quantity"] for e in events} == {5}


def test_a_cancelled_shipment_counts_only_when_no_other_carries_the_line() -> None:
    stopped = shipment(100810004, status="Cancelled", center=MORENO_VALLEY)
    events = allocations(order(shipments=[stopped, shipment()]))

    assert {event.body.location for event in events} == {f"shipbob:{CICERO}"}


def test_a_line_no_shipment_carries_is_not_allocated_and_is_named() -> None:
    lines = [order_product(), order_product(3884011, "BOWL-GREEN", 4, 11503)]
    events = allocations(order(products=lines))

    assert [event.body.sku for event in events] == ["MUG-RED"]
    assert events[0].context["unassigned_skus"] == ["BOWL-GREEN"]


def test_an_order_without_shipments_allocates_nothing() -> None:
    assert mapped(order(status="ImportReview", shipments=[])) == []


def test_replay_gives_identical_ids_and_a_changed_order_new_ones() -> None:
    first = [event.id for event in allocations(order())]
    again = [event.id for event in allocations(order())]
    changed = [event.id for event in allocations(order(status="Cancelled"))]

    assert first == again and len(set(first)) == 2
    assert not set(first) & set(changed)


def test_a_line_without_the_channels_line_id_falls_back_to_shipbobs_product_id() -> None:
    (event,) = allocations(order(products=[order_product(line_id=None)]))

    assert event.body.line_id == event.key == "3884009"


def test_two_lines_of_one_product_keep_apart() -> None:
    lines = [order_product(line_id=None, quantity=1), order_product(line_id=None, quantity=1)]
    events = allocations(order(products=lines))

    assert [event.key for event in events] == ["3884009", "3884009:1"]
    assert len({event.id for event in events}) == 2


def test_a_line_without_a_sku_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped([order(), order(products=[order_product(), order_product(sku=None)])])

    assert error.value.field == "[1].products[1].sku"


def test_an_order_without_a_status_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped([order(status=None)])

    assert error.value.field == "[0].status"


def test_a_quantity_that_is_not_whole_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(order(products=[order_product(quantity="two")]))

    assert error.value.field == "products[0].quantity"
