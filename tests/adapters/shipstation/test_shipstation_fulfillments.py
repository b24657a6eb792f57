"""ShipStation fulfillments (shipped outside ShipStation) as shipments, their delivery and fulfilment fee."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from adapters.toolkit import PayloadError
from canonical_model.events import ShipmentCreated, ShipmentDelivered, ShipmentShipped, ShipmentStatusChanged
from canonical_model.money import Money
from tests.adapters.shipstation.shipstation_payloads import fulfillment, mapped, of_type, page, shipment


def test_a_fulfillment_is_a_shipped_shipment_without_lines_or_location() -> None:
    created, shipped = mapped(page("fulfillments", [fulfillment()]))

    assert created.body == ShipmentCreated(
        shipment_id="fulfillment-44561230", status="SHIPPED", lines=(), location=None, carrier="fedex",
        tracking_numbers=("783408231234",),
    )
    marked_at = datetime(2026, 3, 4, 16, 50, 50, 70000, tzinfo=UTC)
    assert shipped.body == ShipmentShipped("fulfillment-44561230", marked_at), "marked shipped on its ship date"
    assert (created.source.object_type, created.source.object_id) == ("fulfillment", "44561230")
    assert created.order is None and created.references == ("1002",)
    assert created.context["fulfillment_provider_code"] == "amazon_fba"
    assert "bob@example.com" not in str(created.context) and "Bob Roe" not in str(created.context)


def test_one_marked_shipped_days_later_shipped_at_the_start_of_its_ship_date() -> None:
    [shipped] = of_type(mapped(fulfillment(createDate="2026-03-06T09:00:00.0000000")), "shipment.shipped")

    assert shipped.body == ShipmentShipped("fulfillment-44561230", datetime(2026, 3, 4, 8, 0, tzinfo=UTC))


def test_a_delivery_date_delivers_it() -> None:
    events = mapped(fulfillment(deliveryDate="2026-03-06T14:30:00.0000000"))

    assert events[-1].body == ShipmentDelivered("fulfillment-44561230", datetime(2026, 3, 6, 22, 30, tzinfo=UTC))


def test_a_fulfillment_fee_is_a_fulfilment_fee_charged_once() -> None:
    fees = of_type(mapped(fulfillment(fee=3.25)), "fee.charged")
    delivered = of_type(mapped(fulfillment(fee=3.25, deliveryDate="2026-03-06T14:30:00.0000000")), "fee.charged")

    assert [(fee.body.fee_type, fee.body.amount, fee.body.reference) for fee in fees] == [
        ("fulfilment", Money.of(Decimal("3.25"), "USD"), "fulfillment-44561230")]
    assert fees[0].id == delivered[0].id


def test_a_voided_fulfillment_is_voided_and_not_shipped() -> None:
    events = mapped(fulfillment(voided=True, voidDate="2026-03-05T10:00:00.0000000", fee=3.25))

    assert [event.type for event in events] == ["shipment.created", "shipment.status_changed", "fee.charged"]
    assert events[0].body.status == "VOIDED"
    assert events[1].body == ShipmentStatusChanged("fulfillment-44561230", "VOIDED", "fulfillment voided")


def test_a_fulfillment_never_meets_a_label_shipment_of_the_same_number() -> None:
    (label_created, *_) = mapped(shipment(shipment_id=33974374))
    (fulfilled, *_) = mapped(fulfillment(fulfillment_id=33974374))

    assert label_created.body.shipment_id != fulfilled.body.shipment_id


def test_a_void_requested_stays_in_context() -> None:
    (created, _) = mapped(fulfillment(voidRequested=True))

    assert created.context["void_requested"] is True


def test_a_voided_fulfillment_without_a_void_date_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(page("fulfillments", [fulfillment(voided=True)]))

    assert error.value.field == "fulfillments[0].voidDate"


def test_a_fulfillment_without_an_id_names_its_path() -> None:
    payload = fulfillment()
    payload["fulfillmentId"] = None

    with pytest.raises(PayloadError) as error:
        mapped(page("fulfillments", [payload]))

    assert error.value.field == "fulfillments[0].fulfillmentId"
