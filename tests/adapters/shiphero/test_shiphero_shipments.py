"""ShipHero shipments: their units and packages, tracking as ShipHero reports it, and label fees."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from adapters.toolkit import MappingContext, PayloadError
from canonical_model.events import ShipmentLine
from canonical_model.money import Money
from tests.adapters.shiphero.shiphero_payloads import (
    SHIPPED,
    WAREHOUSE,
    gid,
    label,
    line_item,
    mapped,
    of_type,
    page,
    shipment,
    shipment_line,
    single,
)

SHIPMENT_ID = gid("Shipment", 315518042)
SHIPPED_AT = datetime(2026, 3, 3, 18, 5, 40, tzinfo=UTC)


def test_a_shipment_is_created_shipped_from_its_warehouse_with_its_units_and_tracking() -> None:
    created, shipped, fee = mapped(page("shipments", [shipment()]))

    assert created.body.shipment_id == SHIPMENT_ID and created.body.status == "SHIPPED"
    assert created.body.lines == (ShipmentLine("MUG-RED", 2, gid("LineItem", 828656700)),
                                  ShipmentLine("PLATE-BLUE", 1, gid("LineItem", 828656701)))
    assert created.body.location == f"shiphero:{WAREHOUSE}"
    assert created.body.carrier == "usps" and created.body.tracking_numbers == ("9400111899561704681189",)
    assert (shipped.body.shipment_id, shipped.body.shipped_at) == (SHIPMENT_ID, SHIPPED_AT)
    assert created.occurred_at == SHIPPED_AT
    assert fee.type == "fee.charged"
    assert created.payload_pointer == "/data/shipments/data/edges/0/node"


def test_a_shipment_names_the_channel_order_and_is_not_the_channel() -> None:
    events = mapped(single("shipment", shipment()))

    assert all(event.order is None and event.references == ("#1001", "5512345678901") for event in events)


def test_without_the_nested_order_the_labels_order_number_is_the_reference() -> None:
    events = mapped(single("shipment", shipment(order=None)))

    assert {event.references for event in events} == {("#1001",)}


def test_every_package_is_tracked_and_described_without_personal_data() -> None:
    packages = [label(), label(402113571, "9400111899561704681190", "6.10", package_number=2, box_name="Small box")]
    (created, _, first_fee, second_fee) = mapped(single("shipment", shipment(labels=packages)))

    assert created.body.tracking_numbers == ("9400111899561704681189", "9400111899561704681190")
    assert [package["box_name"] for package in created.context["packages"]] == ["Medium box", "Small box"]
    assert created.context["total_packages"] == 2
    assert [fee.body.amount for fee in (first_fee, second_fee)] == [Money.of("7.35", "USD"), Money.of("6.10", "USD")]
    text = json.dumps(created.context)
    assert "Ann" not in text and "1 Main St" not in text and "ann@example.com" not in text


def test_the_label_cost_is_a_shipping_label_fee_for_the_shipment() -> None:
    (fee,) = of_type(mapped(single("shipment", shipment())), "fee.charged")

    assert (fee.body.fee_type, fee.body.amount, fee.body.reference) == (
        "shipping_label", Money(Decimal("7.35"), "USD"), SHIPMENT_ID)
    assert fee.occurred_at == datetime(2026, 3, 3, 18, 5, 11, tzinfo=UTC)
    assert fee.source.version == f"label:{gid('ShippingLabel', 402113570)}" and fee.key == "shipping_label"
    assert fee.context["package"] == "9400111899561704681189"


def test_a_label_bought_outside_shiphero_keeps_its_cost_in_context_and_is_no_fee_of_shiphero() -> None:
    events = mapped(single("shipment", shipment(shipped_off_shiphero=True)))

    assert of_type(events, "fee.charged") == []
    (created,) = of_type(events, "shipment.created")
    assert created.context["shipped_off_shiphero"] is True and created.context["packages"][0]["cost"] == "7.35"
    assert created.body.tracking_numbers == ("9400111899561704681189",)


@pytest.mark.parametrize("cost", ["0.00", None, ""])
def test_a_label_without_a_cost_is_no_fee(cost: str | None) -> None:
    assert of_type(mapped(single("shipment", shipment(labels=[label(cost=cost)]))), "fee.charged") == []


def test_fees_are_not_counted_twice_when_the_shipment_is_read_again_after_delivery() -> None:
    before = mapped(single("shipment", shipment()))
    after = mapped(single("shipment", shipment(delivered=True, labels=[label(delivered=True)])))

    assert [e.id for e in of_type(before, "fee.charged")] == [e.id for e in of_type(after, "fee.charged")]
    assert [e.id for e in of_type(before, "shipment.shipped")] == [e.id for e in of_type(after, "shipment.shipped")]
    assert of_type(before, "shipment.created")[0].id != of_type(after, "shipment.created")[0].id


def test_a_delivered_package_is_a_status_change_without_an_invented_delivery_time() -> None:
    events = mapped(single("shipment", shipment(delivered=True, labels=[label(delivered=True)])))
    (status,) = of_type(events, "shipment.status_changed")

    assert of_type(events, "shipment.delivered") == []
    assert (status.body.status, status.body.message) == ("DELIVERED", "package 9400111899561704681189: delivered")
    assert status.occurred_at == SHIPPED_AT and "no time" in status.context["status_time"]
    assert status.key == f"package:{gid('ShippingLabel', 402113570)}"


def test_a_delivered_shipment_whose_packages_say_nothing_is_delivered_once() -> None:
    (status,) = of_type(mapped(single("shipment", shipment(delivered=True))), "shipment.status_changed")

    assert (status.body.status, status.key) == ("DELIVERED", "shipment")


@pytest.mark.parametrize(("fields", "expected"), [
    ({"tracking_status": "in_transit"}, "IN_TRANSIT"),
    ({"tracking_status": "Out for delivery"}, "OUT_FOR_DELIVERY"),
    ({"picked_up": True}, "PICKED_UP"),
])
def test_a_packages_tracking_status_is_reported(fields: dict, expected: str) -> None:
    (status,) = of_type(mapped(single("shipment", shipment(labels=[label(**fields)]))), "shipment.status_changed")

    assert status.body.status == expected


def test_a_shipment_whose_labels_were_all_refunded_is_voided_never_shipped_and_its_fee_reversed() -> None:
    events = mapped(single("shipment", shipment(labels=[label(refunded=True, status="void")])))

    (created,) = of_type(events, "shipment.created")
    assert created.body.status == "VOIDED"
    assert of_type(events, "shipment.shipped") == [] and of_type(events, "shipment.status_changed") == []
    charged, reversed_fee = of_type(events, "fee.charged")
    assert charged.body.amount + reversed_fee.body.amount == Money.zero("USD")
    assert reversed_fee.key == "shipping_label:refunded" and reversed_fee.context["refunded"] is True


def test_one_refunded_label_of_two_reverses_only_its_own_fee() -> None:
    packages = [label(), label(402113571, "9400111899561704681190", "6.10", refunded=True)]
    events = mapped(single("shipment", shipment(labels=packages)))

    assert of_type(events, "shipment.created")[0].body.status == "SHIPPED"
    assert sum(e.body.amount.amount for e in of_type(events, "fee.charged")) == Decimal("7.35")


def test_a_dropshipment_does_not_leave_the_warehouses_stock() -> None:
    (created, *_) = mapped(single("shipment", shipment(dropshipment=True)))

    assert created.body.location is None and created.context["dropshipment"] is True


def test_a_shipment_line_without_the_nested_line_item_keeps_its_line_id() -> None:
    line = shipment_line(line_item())
    del line["line_item"]
    (created, *_) = mapped(single("shipment", shipment(lines=[line])))

    assert created.body.lines == (ShipmentLine(None, 2, gid("LineItem", 828656700)),)


def test_replay_gives_identical_ids() -> None:
    first = [event.id for event in mapped(single("shipment", shipment()))]

    assert first == [event.id for event in mapped(single("shipment", shipment()))]
    assert len(set(first)) == len(first)


def test_a_label_cost_needs_a_currency_from_the_connection() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(single("shipment", shipment()), MappingContext("acme-shiphero", "payload-hash-1"))

    assert error.value.field == "data.shipment.data.shipping_labels[0].cost" and "currency" in error.value.message


def test_a_shipment_without_its_creation_time_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(page("shipments", [shipment(), shipment(created_date=None)]))

    assert error.value.field == "data.shipments.data.edges[1].node.created_date"


def test_a_shipped_quantity_that_is_not_whole_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(single("shipment", shipment(lines=[shipment_line(line_item(), quantity="1.5")])))

    assert error.value.field == "data.shipment.data.line_items.edges[0].node.quantity"


def test_a_cost_that_is_not_a_number_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(single("shipment", shipment(labels=[label(cost="seven")])))

    assert error.value.field == "data.shipment.data.shipping_labels[0].cost"


def test_the_shipped_fact_is_dated_at_shipheros_creation_time() -> None:
    (_, shipped, _) = mapped(single("shipment", shipment()))

    assert shipped.source.version == SHIPPED
