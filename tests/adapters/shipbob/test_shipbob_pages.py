"""Full list answers of ShipBob's API reference, mapped whole: every object maps and the events carry its numbers.

No licensed real ShipBob payloads exist, so this stands in for a conformance test over vendor files: pages
built from the published reference, checked against their own stated quantities and invoiced amounts.
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from typing import Any

from adapters.shipbob import ADAPTER
from canonical_model.events import Event
from tests.adapters.shipbob.shipbob_payloads import (
    CONTEXT,
    DELIVERED,
    MORENO_VALLEY,
    inventory_item,
    inventory_level,
    inventory_quantity,
    items_page,
    level_location,
    order,
    order_product,
    receiving,
    shipment,
    shipment_product,
    status_detail,
    tracking,
    wire,
)
from tests.adapters.vendor_fixtures import at_pointer

RETAILER = {"purchase_order_number": "WM-88121", "retailer_program_type": "Walmart", "department": "14",
            "mark_for_store": "2231", "customer_ticket_number": None, "shipByDate": "2026-03-09T00:00:00+00:00",
            "doNotShipBeforeDate": None, "delivery_date": None, "addresses": []}
# GET /1.0/order: a bare array (paging in the Page-Number / Total-Pages / Next-Page headers).
ORDERS = [
    order(2140032, "#1001"),
    order(2140033, "#1002", "450789470", products=[order_product(quantity=5), order_product(3884010, "PLATE-BLUE", 2, 11512)],
          shipments=[
              shipment(100810010, 2140033, invoice=6.1, delivery_date=DELIVERED, products=[
                  shipment_product(items=[inventory_item(quantity=3)]),
                  shipment_product(3884010, "PLATE-BLUE", [inventory_item(1002, 2, "Plate")])]),
              shipment(100810011, 2140033, center=MORENO_VALLEY, invoice=8.45,
                       products=[shipment_product(items=[inventory_item(quantity=2)])])]),
    order(2140034, "#1003", "450789471", status="Cancelled", shipments=[shipment(100810012, 2140034, "Cancelled")]),
    order(2140035, "#1004", "450789472", status="Exception",
          shipments=[shipment(100810013, 2140035, "Exception", status_details=[status_detail()])]),
    order(2140036, "WM-88121", "WM-88121", type="B2B", retailer_program_data=RETAILER,
          shipping_terms={"carrier_type": "Freight", "payment_term": "Collect"},
          shipments=[shipment(100810014, 2140036, invoice=41.0, reference_id="WM-88121",
                              tracking=tracking("PRO-55012", "XPO", bol="BOL-77120", pro_number="55012", scac="CNWY"))]),
]
# GET /1.0/order/{id}/shipment
SHIPMENTS = [shipment(100810020, status="LabeledCreated", tracking=tracking()), shipment(100810021, invoice=5.05),
             shipment(100810022, status="OnHold", status_details=[status_detail("InvalidAddress", "Address unverified", None)])]
# GET /2.0/receiving
RECEIVINGS = [
    receiving(553001, "Completed", [inventory_quantity(stowed=120), inventory_quantity(1002, "PLATE-BLUE", 60, 60, 60)]),
    receiving(553002, "PartiallyArrived", [inventory_quantity(1003, "BOWL-GREEN", 48, 20, 0),
                                           inventory_quantity(1004, "CUP-WHITE", 96, 0, 0)]),
    receiving(553003, "Awaiting", [inventory_quantity(1005, "JUG-GREY", 24, 0, 0)]),
]
# GET /inventory-level/locations
LEVELS = items_page([inventory_level(), inventory_level(1002, "PLATE-BLUE", [level_location(fulfillable=0, on_hand=3)])],
                    next_page="/inventory-level/locations?PageSize=2&Cursor=eyJwIjoyfQ")


def _mapped(document: Any) -> list[Event]:
    return [event for obj in ADAPTER.split(wire(document)) for event in ADAPTER.map_object(obj, CONTEXT)]


def _all_shipments() -> list[dict]:
    return [s for o in ORDERS for s in o["shipments"]] + SHIPMENTS


def test_every_object_of_every_page_maps_and_points_at_itself() -> None:
    for document in (ORDERS, SHIPMENTS, RECEIVINGS, LEVELS):
        parsed = wire(document)
        for event in _mapped(document):
            assert event.payload_hash == CONTEXT.payload_hash
            assert isinstance(at_pointer(parsed, event.payload_pointer), dict)
            assert event.order is None and event.occurred_at.tzinfo is not None
            json.dumps(event.context)
            if event.source.object_type in ("order", "shipment"):
                assert event.references


def test_allocations_carry_each_orders_quantities_at_the_centers_its_shipments_ship_from() -> None:
    allocated: dict[str, int] = defaultdict(int)
    centers: dict[str, set[str]] = defaultdict(set)
    for event in _mapped(ORDERS):
        if event.type == "inventory.allocated":
            allocated[event.source.object_id] += event.body.quantity
            centers[event.source.object_id].add(event.body.location)
    for stated in ORDERS:
        assert allocated[str(stated["id"])] == sum(line["quantity"] for line in stated["products"])
        assert centers[str(stated["id"])] == {f"shipbob:{s['location']['id']}" for s in stated["shipments"]}


def test_shipments_carry_their_packed_units_tracking_and_status() -> None:
    created = {e.body.shipment_id: e.body for e in _mapped(ORDERS) + _mapped(SHIPMENTS) if e.type == "shipment.created"}
    for stated in _all_shipments():
        body = created[str(stated["id"])]
        packed = sum(item["quantity"] for product in stated["products"] for item in product["inventory_items"])
        assert sum(line.quantity for line in body.lines) == packed
        assert body.tracking_numbers == ((stated["tracking"]["tracking_number"],) if stated["tracking"] else ())
        assert body.location == f"shipbob:{stated['location']['id']}"
    assert {body.shipment_id: body.status for body in created.values()} == {
        "100810005": "SHIPPED", "100810010": "SHIPPED", "100810011": "SHIPPED", "100810012": "CANCELLED",
        "100810013": "EXCEPTION", "100810014": "SHIPPED", "100810020": "LABEL_CREATED", "100810021": "SHIPPED",
        "100810022": "ON_HOLD"}


def test_fulfilment_fees_equal_each_shipments_invoiced_amount() -> None:
    fees: dict[str, Decimal] = defaultdict(Decimal)
    for event in _mapped(ORDERS) + _mapped(SHIPMENTS):
        if event.type == "fee.charged":
            fees[event.body.reference] += event.body.amount.amount
            assert event.body.amount.currency == "USD"
    for stated in wire(_all_shipments()):
        assert fees.get(str(stated["id"]), Decimal(0)) == (stated["invoice_amount"] or 0)


def test_only_the_delivered_shipment_is_delivered_and_only_completed_ones_shipped() -> None:
    events = _mapped(ORDERS) + _mapped(SHIPMENTS)

    assert [e.body.shipment_id for e in events if e.type == "shipment.delivered"] == ["100810010"]
    shipped = {e.body.shipment_id for e in events if e.type == "shipment.shipped"}
    assert shipped == {str(s["id"]) for s in _all_shipments() if s["status"] == "Completed"}


def test_receipts_carry_exactly_the_units_received() -> None:
    received = {e.body.receipt_id: e.body for e in _mapped(RECEIVINGS)}
    for stated in RECEIVINGS:
        units = sum(line["received_quantity"] for line in stated["inventory_quantities"])
        body = received.get(str(stated["id"]))
        assert (sum(line.quantity for line in body.lines) if body else 0) == units
        assert body is None or body.location == f"shipbob:{stated['fulfillment_center']['id']}"


def test_levels_equal_the_stated_quantities_of_every_location() -> None:
    reported = {(e.body.sku, e.body.location): (e.body.available, e.body.on_hand) for e in _mapped(LEVELS)}
    stated = {(item["sku"], f"shipbob:{at['location_id']}"): (at["fulfillable_quantity"], at["on_hand_quantity"])
              for item in LEVELS["items"] for at in item["locations"]}

    assert reported == stated


def test_the_b2b_order_keeps_its_retailer_program_and_freight_references() -> None:
    events = [e for e in _mapped(ORDERS[4:]) if e.type in ("inventory.allocated", "shipment.created")]

    assert events[0].context["purchase_order_number"] == "WM-88121" and events[0].context["order_type"] == "B2B"
    assert events[0].context["carrier_type"] == "Freight"
    shipment_context = next(e.context for e in events if e.type == "shipment.created")
    assert (shipment_context["bol"], shipment_context["pro_number"], shipment_context["scac"]) == (
        "BOL-77120", "55012", "CNWY")

