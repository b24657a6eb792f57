"""ShipHero orders as allocations of their lines to the warehouses ShipHero committed them to."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from adapters.toolkit import PayloadError
from canonical_model.inventory_events import InventoryAllocated
from tests.adapters.shiphero.shiphero_payloads import (
    EAST_WAREHOUSE,
    UPDATED,
    WAREHOUSE,
    allocation,
    allocation_line,
    gid,
    line_item,
    mapped,
    order,
    page,
    single,
)

PRIMARY = f"shiphero:{WAREHOUSE}"
EAST = f"shiphero:{EAST_WAREHOUSE}"
MUG_LINE = gid("LineItem", 828656700)
PLATE_LINE = gid("LineItem", 828656701)


def test_each_allocated_line_is_committed_to_its_warehouse() -> None:
    mug, plate = mapped(page("orders", [order()]))

    assert mug.body == InventoryAllocated(sku="MUG-RED", location=PRIMARY, quantity=2, line_id=MUG_LINE)
    assert plate.body == InventoryAllocated(sku="PLATE-BLUE", location=PRIMARY, quantity=1, line_id=PLATE_LINE)
    assert (mug.source.system, mug.source.object_type, mug.source.object_id, mug.source.version) == (
        "shiphero", "order", gid("Order", 305719404), UPDATED)
    assert (mug.key, plate.key) == (MUG_LINE, PLATE_LINE)
    assert mug.occurred_at == datetime(2026, 3, 2, 15, 16, 9, tzinfo=UTC)
    assert mug.payload_pointer == "/data/orders/data/edges/0/node" and mug.payload_hash == "payload-hash-1"


def test_a_3pl_order_names_the_channel_order_and_is_not_the_channel() -> None:
    events = mapped(single("order", order()))

    assert all(event.order is None for event in events)
    assert all(event.references == ("#1001", "5512345678901") for event in events)


def test_context_keeps_status_holds_and_line_standing_but_no_personal_data() -> None:
    holds = {"fraud_hold": False, "address_hold": True, "shipping_method_hold": False, "operator_hold": False,
             "payment_hold": True, "client_hold": False}
    (mug, _) = mapped(single("order", order(status="Awaiting stock", holds=holds)))

    assert mug.context["order_status"] == "Awaiting stock"
    assert mug.context["holds"] == ["address_hold", "payment_hold"]
    assert mug.context["packing_note"] == "Fragile: wrap each mug"
    assert mug.context["partner_line_item_id"] == "1339828656700"
    assert mug.context["allocation_reference"] == "362137624"
    assert mug.context["requested_shipping"] == "Priority Mail"
    text = json.dumps(mug.context)
    assert "ann@example.com" not in text and "Ann" not in text and "1 Main St" not in text


def test_a_line_split_across_warehouses_is_allocated_at_each() -> None:
    line = line_item(quantity=5)
    split = [allocation([allocation_line(line, 3)]),
             allocation([allocation_line(line, 2, EAST_WAREHOUSE, allocation_reference="362137700")], EAST_WAREHOUSE)]
    primary, east = mapped(single("order", order(lines=[line], allocations=split)))

    assert (primary.body.location, primary.body.quantity) == (PRIMARY, 3)
    assert (east.body.location, east.body.quantity) == (EAST, 2)
    assert (primary.key, east.key) == (f"{MUG_LINE}@{WAREHOUSE}", f"{MUG_LINE}@{EAST_WAREHOUSE}")
    assert east.context["allocation_reference"] == "362137700"
    assert primary.id != east.id


def test_a_partly_backordered_line_allocates_only_what_shiphero_committed() -> None:
    line = line_item(quantity=4, allocated=1)
    (event,) = mapped(single("order", order(lines=[line])))

    assert event.body.quantity == 1
    assert event.context["backorder_quantity"] == 3 and event.context["quantity_ordered"] == 4


def test_an_unallocated_order_commits_nothing() -> None:
    assert mapped(single("order", order(allocations=[]))) == []


def test_kit_components_are_allocated_as_stated_and_flagged() -> None:
    kit = line_item(828656710, sku="MUG-SET", quantity=1)
    component = line_item(828656711, sku="MUG-RED", quantity=4)
    lines = [allocation_line(component, is_kit_component=True)]
    (event,) = mapped(single("order", order(lines=[kit, component], allocations=[allocation(lines)])))

    assert (event.body.sku, event.body.quantity) == ("MUG-RED", 4)
    assert event.context["kit_component"] is True


@pytest.mark.parametrize("status", ["canceled", "cancelled"])
def test_a_cancelled_order_states_its_status_and_emits_nothing_extra(status: str) -> None:
    events = mapped(single("order", order(status=status)))

    assert [event.type for event in events] == ["inventory.allocated", "inventory.allocated"]
    assert {event.context["order_status"] for event in events} == {status}


def test_without_allocations_the_lines_warehouse_and_allocated_quantity_are_read() -> None:
    lines = [line_item(quantity=3, allocated=2), line_item(828656701, sku="PLATE-BLUE", warehouse_id=None)]
    payload = order(lines=lines)
    del payload["allocations"]
    (event,) = mapped(single("order", payload))

    assert event.body == InventoryAllocated(sku="MUG-RED", location=PRIMARY, quantity=2, line_id=MUG_LINE)
    assert event.occurred_at == datetime(2026, 3, 3, 17, 21, 59, tzinfo=UTC)


def test_without_allocated_quantities_a_lines_quantity_is_its_allocation() -> None:
    line = line_item(quantity=3)
    del line["quantity_allocated"]
    payload = order(lines=[line], allocations=[])
    del payload["allocations"]

    (event,) = mapped(single("order", payload))

    assert event.body.quantity == 3


def test_replay_gives_identical_ids_and_an_update_new_ones() -> None:
    first = [event.id for event in mapped(single("order", order()))]
    again = [event.id for event in mapped(single("order", order()))]
    updated = [event.id for event in mapped(single("order", order(updated_at="2026-03-04T08:00:00")))]

    assert first == again
    assert len(set(first)) == 2
    assert not set(first) & set(updated)


def test_an_order_without_an_update_time_is_versioned_by_its_content() -> None:
    payload = order()
    del payload["updated_at"]
    changed = order(status="on hold")
    del changed["updated_at"]

    (first, _), (again, _), (other, _) = (mapped(single("order", p)) for p in (payload, payload, changed))

    assert first.id == again.id and first.id != other.id
    assert len(first.source.version) == 12


def test_an_offset_time_is_read_as_stated() -> None:
    lines = [allocation_line(line_item(), allocated_at="2026-03-02T10:16:09-05:00")]
    (event,) = mapped(single("order", order(lines=[line_item()], allocations=[allocation(lines)])))

    assert event.occurred_at == datetime(2026, 3, 2, 15, 16, 9, tzinfo=UTC)


def test_an_allocation_without_a_sku_takes_the_lines_sku() -> None:
    lines = [allocation_line(line_item(), sku=None)]
    (event,) = mapped(single("order", order(lines=[line_item()], allocations=[allocation(lines)])))

    assert event.body.sku == "MUG-RED"


def test_an_allocation_of_an_unknown_line_without_a_sku_names_its_path() -> None:
    lines = [allocation_line(line_item(), sku=None)]

    with pytest.raises(PayloadError) as error:
        mapped(page("orders", [order(), order(lines=[], allocations=[allocation(lines)])]))

    assert error.value.field == "data.orders.data.edges[1].node.allocations[0].line_items[0].sku"


def test_an_allocation_without_a_warehouse_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(single("order", order(allocations=[allocation([], warehouse_id=None)])))

    assert error.value.field == "data.order.data.allocations[0].warehouse_id"


def test_a_quantity_that_is_not_whole_names_its_path() -> None:
    lines = [allocation_line(line_item(), quantity="two")]

    with pytest.raises(PayloadError) as error:
        mapped(single("order", order(allocations=[allocation(lines)])))

    assert error.value.field == "data.order.data.allocations[0].line_items[0].quantity_allocated"


def test_an_order_without_allocations_or_lines_names_what_is_missing() -> None:
    payload = order()
    del payload["allocations"], payload["line_items"]

    with pytest.raises(PayloadError) as error:
        mapped(single("order", payload))

    assert error.value.field == "data.order.data.allocations"


def test_an_order_without_an_id_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(page("orders", [order(id=None)]))

    assert error.value.field == "data.orders.data.edges[0].node.id"


def test_lines_asked_for_without_their_ids_do_not_stop_the_allocations() -> None:
    lines = [line_item(id=None), line_item(828656701, sku="PLATE-BLUE", quantity=1, id=None)]
    allocated = [allocation([allocation_line(line_item()), allocation_line(line_item(828656701, "PLATE-BLUE", 1))])]

    events = mapped(single("order", order(lines=lines, allocations=allocated)))

    assert [(event.body.sku, event.body.quantity) for event in events] == [("MUG-RED", 2), ("PLATE-BLUE", 1)]


def test_without_allocations_a_line_at_a_warehouse_must_state_its_id() -> None:
    payload = order(lines=[line_item(id=None)])
    del payload["allocations"]

    with pytest.raises(PayloadError) as error:
        mapped(single("order", payload))

    assert error.value.field == "data.order.data.line_items.edges[0].node.id"
