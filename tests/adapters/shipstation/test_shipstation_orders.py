"""ShipStation orders as allocations of their lines to the order's warehouse."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from adapters.toolkit import PayloadError
from canonical_model.inventory_events import InventoryAllocated
from tests.adapters.shipstation.shipstation_payloads import (
    MODIFIED,
    advanced_options,
    discount_item,
    item,
    mapped,
    order,
    page,
)

# 2026-03-03 09:21:59.443 in Pacific standard time (UTC-8).
MODIFIED_UTC = datetime(2026, 3, 3, 17, 21, 59, 443000, tzinfo=UTC)


def test_each_line_is_allocated_to_the_orders_warehouse() -> None:
    mug, plate = mapped(page("orders", [order()]))

    assert mug.body == InventoryAllocated(sku="MUG-RED", location="shipstation:98765", quantity=2, line_id="136282568")
    assert plate.body == InventoryAllocated(sku="PLATE-BLUE", location="shipstation:98765", quantity=1,
                                            line_id="136282570")
    assert (mug.source.system, mug.source.object_type, mug.source.object_id, mug.source.version) == (
        "shipstation", "order", "987654321", MODIFIED)
    assert (mug.key, plate.key) == ("136282568", "136282570")
    assert mug.occurred_at == MODIFIED_UTC
    assert mug.payload_pointer == "/orders/0" and mug.payload_hash == "payload-hash-1"


def test_a_3pl_order_names_the_channel_order_and_is_not_the_channel() -> None:
    events = mapped(order())

    assert all(event.order is None for event in events)
    assert all(event.references == ("#1001", "450001") for event in events)


def test_context_keeps_status_notes_and_the_lines_warehouse_details_but_no_personal_data() -> None:
    (mug, _) = mapped(order(status="on_hold", holdUntilDate="2026-03-10"))

    assert mug.context["order_status"] == "on_hold"
    assert mug.context["hold_until_date"] == "2026-03-10"
    assert mug.context["internal_notes"] == "Gift wrap requested by phone"
    assert mug.context["store_id"] == "12345" and mug.context["source"] == "Webstore"
    assert mug.context["line_item_key"] == "shopify-line-136282568"
    assert mug.context["warehouse_location"] == "Aisle 1, Bin 7"
    text = json.dumps(mug.context)
    assert "ann@example.com" not in text and "Ann Lee" not in text and "1 Main St" not in text


def test_adjustment_lines_allocate_nothing_and_are_named_in_context() -> None:
    events = mapped(order(items=[item(), discount_item()]))

    assert [event.body.sku for event in events] == ["MUG-RED"]
    assert events[0].context["adjustment_lines"] == ["DISCOUNT CODE"]


@pytest.mark.parametrize("status", ["cancelled", "rejected_fulfillment"])
def test_a_cancelled_order_states_its_status_and_emits_nothing_extra(status: str) -> None:
    events = mapped(order(status=status))

    assert [event.type for event in events] == ["inventory.allocated", "inventory.allocated"]
    assert {event.context["order_status"] for event in events} == {status}


def test_replay_gives_identical_ids_and_a_modification_new_ones() -> None:
    first = [event.id for event in mapped(order())]
    again = [event.id for event in mapped(order())]
    modified = [event.id for event in mapped(order(modifyDate="2026-03-04T08:00:00.0000000"))]

    assert first == again
    assert len(set(first)) == 2
    assert not set(first) & set(modified)


def test_a_summer_time_is_read_in_pacific_daylight_time() -> None:
    (event, _) = mapped(order(modifyDate="2026-07-01T12:00:00.0000000"))

    assert event.occurred_at == datetime(2026, 7, 1, 19, 0, tzinfo=UTC)


def test_a_line_without_a_sku_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(page("orders", [order(), order(items=[item(), item(136282570, sku=None)])]))

    assert error.value.field == "orders[1].items[1].sku"


def test_an_order_without_a_warehouse_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(page("orders", [order(advancedOptions=advanced_options(warehouse_id=None))]))

    assert error.value.field == "orders[0].advancedOptions.warehouseId"


def test_an_order_without_a_modification_time_names_its_path() -> None:
    payload = order()
    del payload["modifyDate"]

    with pytest.raises(PayloadError) as error:
        mapped(page("orders", [payload]))

    assert error.value.field == "orders[0].modifyDate"


def test_a_quantity_that_is_not_whole_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(order(items=[item(quantity="two")]))

    assert error.value.field == "items[0].quantity"


def test_a_line_without_shipstations_id_falls_back_to_the_channels_line_key() -> None:
    (event,) = mapped(order(items=[item(orderItemId=None)]))

    assert event.body.line_id == event.key == "shopify-line-136282568"
