"""ShipBob shipments as shipment facts, status changes, delivery and the fulfilment fee ShipBob invoiced."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from adapters.toolkit import MappingContext, PayloadError
from canonical_model.events import ShipmentCreated, ShipmentLine
from canonical_model.money import Money
from tests.adapters.shipbob.shipbob_payloads import (
    CONTEXT,
    DELIVERED,
    inventory_item,
    mapped,
    of_type,
    shipment,
    shipment_product,
    status_detail,
    tracking,
)

UPDATED_UTC = datetime(2026, 3, 3, 21, 4, 59, 443000, tzinfo=UTC)
FULFILLED_UTC = datetime(2026, 3, 3, 17, 40, 12, tzinfo=UTC)


def test_a_completed_shipment_is_created_shipped_and_charged() -> None:
    events = mapped(shipment())

    assert [event.type for event in events] == ["shipment.created", "shipment.shipped", "fee.charged"]
    created, shipped, fee = events
    assert created.body == ShipmentCreated(
        shipment_id="100810005", status="SHIPPED",
        lines=(ShipmentLine("MUG-RED", 2), ShipmentLine("PLATE-BLUE", 1)),
        location="shipbob:9", carrier="USPS", tracking_numbers=("9400111899561704681189",))
    assert created.occurred_at == UPDATED_UTC
    assert shipped.body.shipped_at == FULFILLED_UTC
    assert (fee.body.fee_type, fee.body.amount, fee.body.reference) == ("fulfilment", Money.of("7.35", "USD"), "100810005")


def test_shipment_facts_carry_the_store_order_id_and_no_order() -> None:
    events = mapped(shipment())

    assert all(event.order is None and event.references == ("450789469",) for event in events)
    assert events[0].context["shipbob_order_id"] == "2140032"
    assert "Ann Lee" not in str(events[0].context) and "birthday" not in str(events[0].context)


def test_the_carriers_shipping_date_is_when_it_shipped() -> None:
    events = mapped(shipment(tracking=tracking(shipping_date="2026-03-03T22:15:00Z")))

    (shipped,) = of_type(events, "shipment.shipped")
    assert shipped.body.shipped_at == datetime(2026, 3, 3, 22, 15, tzinfo=UTC)


def test_a_delivered_shipment_states_its_delivery() -> None:
    events = mapped(shipment(delivery_date=DELIVERED))

    (delivered,) = of_type(events, "shipment.delivered")
    assert delivered.body.delivered_at == datetime(2026, 3, 6, 19, 30, tzinfo=UTC)
    assert delivered.occurred_at == delivered.body.delivered_at


@pytest.mark.parametrize(("status", "canonical"), [
    ("Exception", "EXCEPTION"), ("OnHold", "ON_HOLD"), ("Cancelled", "CANCELLED"), ("CleanSweeped", "CANCELLED"),
    ("LabeledCreated", "LABEL_CREATED"), ("ImportReview", "IMPORT_REVIEW"),
])
def test_a_held_stopped_or_labelled_shipment_changes_status_and_does_not_ship(status: str, canonical: str) -> None:
    events = mapped(shipment(status=status))

    assert [event.type for event in events] == ["shipment.created", "shipment.status_changed"]
    assert events[0].body.status == events[1].body.status == canonical
    assert events[0].context["shipbob_status"] == status


def test_status_details_are_the_reason_of_the_change_and_stay_in_context() -> None:
    events = mapped(shipment(status="Exception", status_details=[status_detail()]))

    (changed,) = of_type(events, "shipment.status_changed")
    assert changed.body.message == "OutOfStock: No inventory available at the assigned FC"
    assert changed.context["status_details"] == [{"name": "OutOfStock", "inventory_id": "1002",
                                                  "description": "No inventory available at the assigned FC"}]


def test_a_clean_swept_shipment_says_so_in_its_message() -> None:
    (changed,) = of_type(mapped(shipment(status="CleanSweeped")), "shipment.status_changed")

    assert changed.body.message == "ShipBob status CleanSweeped"


@pytest.mark.parametrize("status", ["Processing", "Pending", "None"])
def test_a_shipment_in_progress_is_only_created(status: str) -> None:
    events = mapped(shipment(status=status))

    assert [event.type for event in events] == ["shipment.created"]
    assert events[0].body.status in {"PROCESSING", "PENDING"}
    assert events[0].body.tracking_numbers == () and events[0].body.carrier is None


def test_an_unknown_status_is_kept_in_upper_case() -> None:
    (created,) = mapped(shipment(status="Rerouted"))

    assert created.body.status == "REROUTED"


def test_a_bundles_line_counts_its_packed_units_and_lists_its_components() -> None:
    bundle = shipment_product(3884020, "GIFT-SET", [inventory_item(1001, 1), inventory_item(1002, 1, "Plate")])
    (created, *_) = mapped(shipment(products=[bundle]))

    assert created.body.lines == (ShipmentLine("GIFT-SET", 2),)
    assert [c["inventory_id"] for c in created.context["bundle_components"]] == ["1001", "1002"]


def test_a_product_quantity_when_stated_wins_over_its_inventory_units() -> None:
    pack = shipment_product(3884021, "MUG-6PACK", [inventory_item(1001, 6)], quantity=1)
    (created, *_) = mapped(shipment(products=[pack]))

    assert created.body.lines == (ShipmentLine("MUG-6PACK", 1),)


def test_the_fee_is_exact_and_stated_once_per_shipment() -> None:
    first = of_type(mapped(shipment(invoice=12.1)), "fee.charged")
    later = of_type(mapped(shipment(invoice=12.1, last_update_at="2026-03-05T08:00:00Z")), "fee.charged")

    assert first[0].body.amount.amount == Decimal("12.1")
    assert isinstance(first[0].body.amount.amount, Decimal)
    assert [event.id for event in first] == [event.id for event in later]
    assert first[0].source.version == "100810005"


def test_a_zero_or_missing_invoice_is_no_fee() -> None:
    assert of_type(mapped(shipment(invoice=0)), "fee.charged") == []
    assert of_type(mapped(shipment(invoice=None)), "fee.charged") == []


def test_a_fee_without_a_currency_takes_the_connections_or_names_the_field() -> None:
    document = shipment(invoice_currency_code=None)

    (fee,) = of_type(mapped(document, replace(CONTEXT, currency="CAD")), "fee.charged")
    assert fee.body.amount == Money.of("7.35", "CAD")
    with pytest.raises(PayloadError) as error:
        mapped(document, MappingContext("acme-shipbob", "payload-hash-1"))
    assert error.value.field == "invoice_currency_code"


def test_replay_gives_identical_ids_and_an_update_new_ones_for_the_shipment_facts() -> None:
    first = [event.id for event in mapped(shipment())]
    again = [event.id for event in mapped(shipment())]
    updated = [event.id for event in mapped(shipment(last_update_at="2026-03-05T08:00:00Z"))]

    assert first == again and len(set(first)) == 3
    assert set(first) & set(updated) == {first[2]}


def test_a_shipment_without_update_times_is_versioned_by_its_content() -> None:
    events = mapped(shipment(status="Processing", last_update_at=None))

    assert len(events[0].source.version) == 12
    assert events[0].occurred_at == datetime(2026, 3, 2, 15, 16, 5, 117000, tzinfo=UTC)


def test_a_completed_shipment_without_a_fulfilment_date_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped([shipment(actual_fulfillment_date=None)])

    assert error.value.field == "[0].actual_fulfillment_date"


def test_a_shipment_without_an_id_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped([shipment(), shipment(id=None)])

    assert error.value.field == "[1].id"


def test_a_packed_quantity_that_is_not_whole_names_its_path() -> None:
    bad = shipment_product(items=[inventory_item(quantity=1.5)])

    with pytest.raises(PayloadError) as error:
        mapped(shipment(products=[bad]))

    assert error.value.field == "products[0].inventory_items[0].quantity"
