"""eBay shipping fulfillments: a shipment created and shipped, its lines, carrier and tracking number."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.ebay import ADAPTER
from adapters.toolkit import PayloadError, SourceObject
from canonical_model.events import ShipmentCreated, ShipmentLine, ShipmentShipped
from canonical_model.identity import OrderRef
from tests.adapters.ebay.ebay_payloads import CONTEXT, ORDER_ID, SHIPPED, fulfillment, fulfillments, mapped


def test_a_fulfillment_is_created_and_shipped_for_its_order() -> None:
    created, shipped = mapped(fulfillments([fulfillment(lines=(("10045678901234", 1), ("10045678901235", 3)))]))

    assert isinstance(created.body, ShipmentCreated) and isinstance(shipped.body, ShipmentShipped)
    assert created.body.shipment_id == "9405509699937003457459"
    assert created.body.lines == (ShipmentLine(None, 1, "10045678901234"), ShipmentLine(None, 3, "10045678901235"))
    assert (created.body.carrier, created.body.tracking_numbers, created.body.status) == (
        "USPS", ("9405509699937003457459",), "SHIPPED")
    assert shipped.body.shipped_at == shipped.occurred_at == datetime(2026, 3, 3, 18, 40, tzinfo=UTC)
    assert created.order == shipped.order == OrderRef("ebay", CONTEXT.account, ORDER_ID)
    assert (created.source.object_type, created.source.version) == ("shipping_fulfillment", SHIPPED)
    assert created.payload_pointer == "/fulfillments/0"


def test_a_split_shipment_is_two_shipments() -> None:
    events = mapped(fulfillments([fulfillment("A1", (("10045678901234", 1),)), fulfillment("A2", (("10045678901234", 1),))]))

    assert [e.body.shipment_id for e in events if isinstance(e.body, ShipmentCreated)] == ["A1", "A2"]


def test_a_fulfillment_without_a_shipped_date_is_only_created_and_says_why_its_date_is_the_epoch() -> None:
    payload = fulfillment()
    payload.pop("shippedDate")

    [created] = mapped(fulfillments([payload]))

    assert created.body.status == "CREATED"
    assert created.occurred_at == datetime(1970, 1, 1, tzinfo=UTC)
    assert "no shipped date" in created.context["occurred_at_unknown"]
    assert created.source.version != ""


def test_replaying_fulfillments_gives_identical_ids() -> None:
    assert [e.id for e in mapped(fulfillments([fulfillment()]))] == [e.id for e in mapped(fulfillments([fulfillment()]))]


def test_a_missing_fulfillment_id_is_named() -> None:
    payload = fulfillment()
    payload.pop("fulfillmentId")

    with pytest.raises(PayloadError) as error:
        mapped(fulfillments([payload]))

    assert error.value.field == "fulfillments[0].fulfillmentId"


def test_a_line_without_quantity_is_named() -> None:
    payload = fulfillment()
    payload["lineItems"][0].pop("quantity")

    with pytest.raises(PayloadError) as error:
        mapped(fulfillments([payload]))

    assert error.value.field == "fulfillments[0].lineItems[0].quantity"


def test_a_fulfillment_mapped_without_its_order_names_order_id() -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.map_object(SourceObject("shipping_fulfillment", "", fulfillment()), CONTEXT)

    assert error.value.field == "orderId"
