"""Full list answers of ShipStation's V1 reference, mapped whole: every object maps and the events carry its numbers.

No licensed real ShipStation payloads exist, so this stands in for a conformance test over vendor files:
pages built from the published reference, checked against their own stated quantities and costs.
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from typing import Any

from adapters.shipstation import ADAPTER
from canonical_model.events import Event
from tests.adapters.shipstation.shipstation_payloads import (
    CONTEXT,
    advanced_options,
    discount_item,
    fulfillment,
    item,
    order,
    page,
    shipment,
    wire,
)
from tests.adapters.vendor_fixtures import at_pointer

ORDERS = page("orders", [
    order(987654321, "#1001", items=[item(), item(136282570, sku="PLATE-BLUE", quantity=1), discount_item()]),
    order(987654322, "#1002", status="shipped", items=[item(136282580, sku="BOWL-GREEN", quantity=4)],
          advancedOptions=advanced_options(warehouse_id=98766)),
    order(987654323, "#1003", status="cancelled", items=[item(136282590, quantity=1)]),
    order(987654324, "#1004", status="awaiting_payment", items=[]),
], page_number=1, pages=1)
SHIPMENTS = page("shipments", [
    shipment(33974374, cost=7.35),
    shipment(33974375, order_id=987654322, cost=12.4, insurance=1.85, orderNumber="#1002",
             items=[item(136282580, sku="BOWL-GREEN", quantity=4)], warehouseId=98766),
    shipment(33974376, cost=9.1, insurance=0.5, voided=True, trackingNumber="9400111899561704681190"),
    shipment(33974377, cost=6.05, isReturnLabel=True, shipmentItems=None),
], page_number=2, pages=2)
FULFILLMENTS = page("fulfillments", [
    fulfillment(44561230, fee=3.25),
    fulfillment(44561231, fee=0, deliveryDate="2026-03-06T14:30:00.0000000"),
    fulfillment(44561232, fee=2.75, voided=True, voidDate="2026-03-05T10:00:00.0000000"),
])


def _mapped(document: Any) -> tuple[list[Any], list[Event]]:
    parsed = wire(document)
    objects = ADAPTER.split(parsed)
    return objects, [event for obj in objects for event in ADAPTER.map_object(obj, CONTEXT)]


def test_every_object_of_every_page_maps_and_points_at_itself() -> None:
    for document in (ORDERS, SHIPMENTS, FULFILLMENTS):
        parsed = wire(document)
        objects, events = _mapped(document)
        assert len(objects) == document["total"]
        for event in events:
            assert event.payload_hash == CONTEXT.payload_hash
            assert at_pointer(parsed, event.payload_pointer) is not None
            assert event.order is None and event.references
            assert event.occurred_at.tzinfo is not None
            json.dumps(event.context)


def test_allocations_carry_each_orders_physical_quantities_at_its_warehouse() -> None:
    _, events = _mapped(ORDERS)
    allocated: dict[str, int] = defaultdict(int)
    for event in events:
        allocated[event.source.object_id] += event.body.quantity
    for stated in ORDERS["orders"]:
        physical = [line for line in stated["items"] if not line["adjustment"]]
        assert allocated.get(str(stated["orderId"]), 0) == sum(line["quantity"] for line in physical)
        warehouse = f"shipstation:{stated['advancedOptions']['warehouseId']}"
        assert {e.body.location for e in events if e.source.object_id == str(stated["orderId"])} <= {warehouse}


def test_label_fees_equal_each_shipments_stated_costs_and_voids_net_to_zero() -> None:
    _, events = _mapped(SHIPMENTS)
    charged: dict[str, Decimal] = defaultdict(Decimal)
    net: dict[str, Decimal] = defaultdict(Decimal)
    for event in events:
        if event.type == "fee.charged":
            net[event.body.reference] += event.body.amount.amount
            if event.body.amount.amount > 0:
                charged[event.body.reference] += event.body.amount.amount
    for stated in wire(SHIPMENTS)["shipments"]:
        shipment_id = str(stated["shipmentId"])
        assert charged[shipment_id] == stated["shipmentCost"] + stated["insuranceCost"]
        assert net[shipment_id] == (0 if stated["voided"] else charged[shipment_id])


def test_shipments_carry_their_stated_lines_and_tracking() -> None:
    _, events = _mapped(SHIPMENTS)
    created = {event.body.shipment_id: event.body for event in events if event.type == "shipment.created"}
    for stated in SHIPMENTS["shipments"]:
        shipment_id = str(stated["shipmentId"])
        if stated["isReturnLabel"]:
            assert shipment_id not in created
            continue
        body = created[shipment_id]
        assert body.tracking_numbers == (stated["trackingNumber"],)
        assert sum(line.quantity for line in body.lines) == sum(line["quantity"] for line in stated["shipmentItems"])
        assert body.status == ("VOIDED" if stated["voided"] else "SHIPPED")


def test_fulfilment_fees_equal_the_stated_fees() -> None:
    _, events = _mapped(FULFILLMENTS)
    fees = sum(event.body.amount.amount for event in events if event.type == "fee.charged")
    delivered = [event for event in events if event.type == "shipment.delivered"]

    assert fees == sum(Decimal(str(stated["fulfillmentFee"])) for stated in FULFILLMENTS["fulfillments"])
    assert [event.body.shipment_id for event in delivered] == ["fulfillment-44561231"]

