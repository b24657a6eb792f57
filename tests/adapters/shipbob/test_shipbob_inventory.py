"""ShipBob stock by fulfillment center as reported levels; receiving orders as receipts of the units received."""

from __future__ import annotations

import pytest

from adapters.shipbob.common import EPOCH
from adapters.toolkit import PayloadError
from canonical_model.inventory_events import InventoryLevelReported, InventoryReceived, ReceiptLine
from tests.adapters.shipbob.shipbob_payloads import (
    center_quantities,
    inventory,
    inventory_level,
    inventory_quantity,
    items_page,
    level_location,
    mapped,
    receiving,
    receiving_box,
)


def test_an_inventory_level_reports_fulfillable_and_on_hand_at_each_location() -> None:
    cicero, moreno = mapped(items_page([inventory_level()]))

    assert cicero.body == InventoryLevelReported(sku="MUG-RED", location="shipbob:9", available=40, on_hand=44)
    assert moreno.body == InventoryLevelReported(sku="MUG-RED", location="shipbob:21", available=12, on_hand=12)
    assert (cicero.source.object_type, cicero.source.object_id, cicero.key) == ("inventory", "1001", "9")
    assert cicero.context["committed_quantity"] == 4 and cicero.context["fulfillment_center"] == "Cicero (IL)"
    assert cicero.payload_pointer == "/items/0"
    assert cicero.order is None and cicero.references == ()


def test_an_undated_report_is_dated_at_the_epoch_and_versioned_by_its_content() -> None:
    (first, _) = mapped(inventory_level())
    (changed, _) = mapped(inventory_level(locations=[level_location(fulfillable=39), level_location(21, 12, 12)]))
    (again, _) = mapped(inventory_level())

    assert first.occurred_at == EPOCH
    assert first.id == again.id and first.id != changed.id


def test_an_inventory_item_that_states_its_sku_reports_its_centers_with_their_lots() -> None:
    lot = {"lot_number": "L-2026-02", "expiration_date": "2027-02-01T00:00:00+00:00", "fulfillable_quantity": 40,
           "onhand_quantity": 44, "committed_quantity": 4, "awaiting_quantity": 0, "internal_transfer_quantity": 0,
           "fulfillable_quantity_by_fulfillment_center": [center_quantities()]}
    events = mapped(inventory(sku="MUG-RED", is_lot=True, fulfillable_quantity_by_lot=[lot]))

    assert [(e.body.location, e.body.available, e.body.on_hand) for e in events] == [
        ("shipbob:9", 40, 44), ("shipbob:21", 12, 12)]
    assert events[0].context["lots"] == [{"lot_number": "L-2026-02", "expiration_date": "2027-02-01T00:00:00+00:00",
                                          "fulfillable_quantity": 40, "onhand_quantity": 44}]
    assert "lots" not in events[1].context


def test_a_1_0_inventory_item_names_no_sku_and_is_refused_naming_it() -> None:
    with pytest.raises(PayloadError) as error:
        mapped([inventory()])

    assert error.value.field == "[0].sku"
    assert "inventory-level" in error.value.message


def test_a_location_without_its_on_hand_names_its_path() -> None:
    bad = level_location()
    del bad["on_hand_quantity"]

    with pytest.raises(PayloadError) as error:
        mapped(items_page([inventory_level(locations=[bad])]))

    assert error.value.field == "items[0].locations[0].on_hand_quantity"


def test_a_receiving_order_receives_what_was_counted_at_its_fulfillment_center() -> None:
    (event,) = mapped(receiving())

    assert event.body == InventoryReceived(receipt_id="553001", location="shipbob:9",
                                           lines=(ReceiptLine("MUG-RED", 120), ReceiptLine("PLATE-BLUE", 24)))
    assert (event.source.object_type, event.source.version) == ("receiving", "2026-03-04T16:02:11.5+00:00")
    assert event.context["purchase_order_number"] == "PO-2026-0042"
    assert event.context["receiving_status"] == "Processing"
    assert event.context["quantities"][1] == {"sku": "PLATE-BLUE", "inventory_id": "1002", "expected": 60,
                                              "received": 24, "stowed": 0}


def test_only_units_actually_received_count() -> None:
    document = receiving(status="PartiallyArrived", quantities=[inventory_quantity(received=0, stowed=0),
                                                                inventory_quantity(1002, "PLATE-BLUE", 60, 30, 0)])
    (event,) = mapped(document)

    assert event.body.lines == (ReceiptLine("PLATE-BLUE", 30),)


@pytest.mark.parametrize("status", ["Awaiting", "Cancelled"])
def test_a_receiving_order_with_nothing_received_states_nothing(status: str) -> None:
    quantities = [inventory_quantity(received=0, stowed=0), inventory_quantity(1002, "PLATE-BLUE", 60, None, None)]

    assert mapped(receiving(status=status, quantities=quantities)) == []


def test_each_update_of_a_receiving_order_restates_it() -> None:
    (first,) = mapped(receiving())
    (again,) = mapped(receiving())
    (later,) = mapped(receiving(last_updated_date="2026-03-05T09:00:00+00:00"))

    assert first.id == again.id != later.id
    assert later.body.receipt_id == first.body.receipt_id


def test_a_1_0_receiving_order_lists_boxes_without_skus_and_is_refused_naming_it() -> None:
    document = receiving(boxes=[receiving_box()])
    del document["inventory_quantities"]

    with pytest.raises(PayloadError) as error:
        mapped([document])

    assert error.value.field == "[0].inventory_quantities"


def test_a_received_line_without_a_sku_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(receiving(quantities=[inventory_quantity(sku=None)]))

    assert error.value.field == "inventory_quantities[0].sku"


def test_a_receiving_order_without_an_update_time_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(receiving(last_updated_date=None))

    assert error.value.field == "last_updated_date"
