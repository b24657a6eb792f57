"""ShipStation shipments (labels) as shipment facts and label fees, voids included."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from adapters.shipstation import ADAPTER
from adapters.toolkit import PayloadError
from canonical_model.events import (
    FeeCharged,
    ShipmentCreated,
    ShipmentLine,
    ShipmentShipped,
    ShipmentStatusChanged,
)
from canonical_model.money import Money
from tests.adapters.shipstation.shipstation_payloads import (
    CONTEXT,
    TRACKING_NUMBER,
    item,
    mapped,
    of_type,
    page,
    shipment,
)

LABEL_CREATED_UTC = datetime(2026, 3, 3, 18, 5, 11, 627000, tzinfo=UTC)
SHIP_DAY_START_UTC = datetime(2026, 3, 4, 8, 0, tzinfo=UTC)
VOIDED_UTC = datetime(2026, 3, 3, 23, 40, 0, 120000, tzinfo=UTC)


def test_a_label_is_a_shipped_shipment_with_its_lines_warehouse_carrier_and_tracking() -> None:
    created, shipped, fee = mapped(page("shipments", [shipment()]))

    assert created.body == ShipmentCreated(
        shipment_id="33974374", status="SHIPPED",
        lines=(ShipmentLine("MUG-RED", 2, "136282568"), ShipmentLine("PLATE-BLUE", 1, "136282570")),
        location="shipstation:98765", carrier="stamps_com", tracking_numbers=(TRACKING_NUMBER,),
    )
    assert created.occurred_at == LABEL_CREATED_UTC
    assert shipped.body == ShipmentShipped("33974374", shipped_at=LABEL_CREATED_UTC), "made on its ship date"
    assert fee.body == FeeCharged("shipping_label", Money.of("7.35", "USD"), "33974374")
    assert all(event.order is None and event.references == ("#1001", "450001") for event in (created, shipped, fee))
    assert created.context["service_code"] == "usps_priority_mail"
    assert created.context["shipstation_order_id"] == "987654321"


def test_a_label_dated_ahead_ships_at_the_start_of_its_ship_date_in_pacific_time() -> None:
    [shipped] = of_type(mapped(shipment(shipDate="2026-03-04")), "shipment.shipped")

    assert shipped.body == ShipmentShipped("33974374", shipped_at=SHIP_DAY_START_UTC)
    assert shipped.occurred_at == SHIP_DAY_START_UTC


def test_postage_and_insurance_are_two_fees_and_a_zero_cost_is_none() -> None:
    insured = of_type(mapped(shipment(cost=12.4, insurance=1.85)), "fee.charged")
    uninsured = of_type(mapped(shipment(cost=12.4, insurance=0)), "fee.charged")

    assert [(e.body.fee_type, e.body.amount) for e in insured] == [
        ("shipping_label", Money.of("12.40", "USD")), ("insurance", Money.of("1.85", "USD"))]
    assert [e.key for e in insured] == ["shipping_label", "insurance"]
    assert [e.body.fee_type for e in uninsured] == ["shipping_label"]


def test_amounts_arrive_as_exact_decimals_never_floats() -> None:
    (fee,) = of_type(mapped(shipment(cost=0.1)), "fee.charged")

    assert isinstance(fee.body.amount.amount, Decimal)
    assert fee.body.amount.amount == Decimal("0.1")


def test_a_float_that_bypassed_the_parser_is_refused() -> None:
    (obj,) = ADAPTER.split({"shipments": [shipment(cost=7.35)]})

    with pytest.raises(PayloadError) as error:
        ADAPTER.map_object(obj, CONTEXT)

    assert error.value.field == "shipments[0].shipmentCost"


def test_a_voided_label_is_voided_never_shipped_and_its_fees_come_back() -> None:
    events = mapped(shipment(cost=7.35, insurance=1.0, voided=True))

    assert [event.type for event in events] == [
        "shipment.created", "shipment.status_changed", "fee.charged", "fee.charged", "fee.charged", "fee.charged"]
    created, changed = events[:2]
    assert created.body.status == "VOIDED" and created.occurred_at == VOIDED_UTC
    assert changed.body == ShipmentStatusChanged("33974374", "VOIDED", "label voided")
    fees = [(e.key, e.body.amount.amount, e.occurred_at) for e in of_type(events, "fee.charged")]
    assert fees == [
        ("shipping_label", Decimal("7.35"), LABEL_CREATED_UTC), ("shipping_label:voided", Decimal("-7.35"), VOIDED_UTC),
        ("insurance", Decimal("1.0"), LABEL_CREATED_UTC), ("insurance:voided", Decimal("-1.0"), VOIDED_UTC),
    ]
    assert sum(amount for _, amount, _ in fees) == 0
    assert created.context["void_date"] == "2026-03-03T15:40:00.1200000"


def test_a_label_read_before_and_after_its_void_charges_its_fee_once() -> None:
    before = of_type(mapped(shipment()), "fee.charged")
    after = of_type(mapped(shipment(voided=True)), "fee.charged")

    assert before[0].id == after[0].id
    assert before[0].source.version == "33974374"
    assert [event.body.amount.amount for event in after] == [Decimal("7.35"), Decimal("-7.35")]


def test_replay_gives_identical_ids_and_a_void_new_shipment_facts() -> None:
    first = [event.id for event in mapped(shipment())]
    again = [event.id for event in mapped(shipment())]
    voided = [event.id for event in mapped(shipment(voided=True))]

    assert first == again
    assert first[0] != voided[0]


def test_a_return_label_ships_nothing_and_only_costs_postage() -> None:
    events = mapped(shipment(isReturnLabel=True))

    assert [event.type for event in events] == ["fee.charged"]
    assert events[0].context["is_return_label"] is True


def test_a_shipment_listed_without_items_has_no_lines() -> None:
    (created, *_) = mapped(shipment(shipmentItems=None))

    assert created.body.lines == ()


def test_adjustment_items_are_not_shipped_lines() -> None:
    (created, *_) = mapped(shipment(items=[item(), item(9, sku="DISCOUNT CODE", quantity=1, adjustment=True)]))

    assert [line.sku for line in created.body.lines] == ["MUG-RED"]


def test_a_cost_without_a_connection_currency_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(page("shipments", [shipment()]), replace(CONTEXT, currency=None))

    assert error.value.field == "shipments[0].shipmentCost"
    assert "currency" in error.value.message


def test_the_connection_currency_is_the_fee_currency() -> None:
    (fee,) = of_type(mapped(shipment(), replace(CONTEXT, currency="CAD")), "fee.charged")

    assert fee.body.amount == Money.of("7.35", "CAD")


def test_a_voided_shipment_without_a_void_date_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(page("shipments", [shipment(voided=True, voidDate=None)]))

    assert error.value.field == "shipments[0].voidDate"


def test_a_shipment_without_a_ship_date_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(page("shipments", [shipment(shipDate=None)]))

    assert error.value.field == "shipments[0].shipDate"


def test_a_shipment_without_a_creation_time_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(page("shipments", [shipment(createDate="yesterday")]))

    assert error.value.field == "shipments[0].createDate"


def test_context_keeps_no_personal_data() -> None:
    for event in mapped(shipment()):
        text = str(event.context)
        assert "ann@example.com" not in text and "Ann Lee" not in text and "1 Main St" not in text
