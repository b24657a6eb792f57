"""Full list answers of ShipHero's GraphQL reference, mapped whole: every node maps and the events carry its numbers.

No licensed real ShipHero payloads exist, so this stands in for a conformance test over vendor files: pages
built from the published schema, checked against their own stated quantities, costs and counts.
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from typing import Any

from adapters.shiphero import ADAPTER
from adapters.toolkit import SourceObject
from canonical_model.events import Event
from tests.adapters.shiphero.shiphero_payloads import (
    CONTEXT,
    EAST_WAREHOUSE,
    allocation,
    allocation_line,
    gid,
    label,
    line_item,
    order,
    page,
    po_line,
    product,
    purchase_order,
    shipment,
    shipment_line,
    warehouse_product,
    wire,
)
from tests.adapters.vendor_fixtures import at_pointer

_SPLIT_LINE = line_item(828656720, sku="BOWL-GREEN", quantity=6)
ORDERS = page("orders", [
    order(),
    order(305719405, "#1002", "5512345678902", lines=[_SPLIT_LINE], allocations=[
        allocation([allocation_line(_SPLIT_LINE, 4)]),
        allocation([allocation_line(_SPLIT_LINE, 2, EAST_WAREHOUSE)], EAST_WAREHOUSE)]),
    order(305719406, "#1003", "5512345678903", status="canceled", lines=[line_item(828656730)]),
    order(305719407, "#1004", "5512345678904", lines=[line_item(828656740, quantity=3, allocated=0)]),
], has_next=True)
SHIPMENTS = page("shipments", [
    shipment(),
    shipment(315518043, labels=[label(402113580, "1Z999AA10123456784", "12.40", carrier="ups",
                                      tracking_status="in_transit"),
                                label(402113581, "1Z999AA10123456785", "9.85", carrier="ups", delivered=True)],
             lines=[shipment_line(_SPLIT_LINE, 4, 701200)], order=None),
    shipment(315518044, labels=[label(402113590, "9400111899561704681199", "8.10", refunded=True)]),
    shipment(315518045, labels=[label(402113595, "SHIPPED-OFF-1", "0.00")], shipped_off_shiphero=True),
], has_next=True, offset=50)
WAREHOUSE_PRODUCTS = page("warehouse_products", [
    warehouse_product(),
    warehouse_product("PLATE-BLUE", on_hand=80, available=79, allocated=1, legacy_id=93003),
    warehouse_product("BOWL-GREEN", EAST_WAREHOUSE, 12, 10, 2, 93004, warehouse_identifier="East"),
])
PRODUCTS = page("products", [product(), product("PLATE-BLUE", [warehouse_product("PLATE-BLUE", legacy_id=93003)])])
PURCHASE_ORDERS = page("purchase_orders", [
    purchase_order(),
    purchase_order(12002, lines=[po_line(66010, received=0)], po_number="PO-2026-0043"),
    purchase_order(12003, lines=[po_line(66020, "BOWL-GREEN", 30, 30, price="3.10")], fulfillment_status="closed",
                   date_closed="2026-03-02T16:00:00"),
])
DOCUMENTS = (ORDERS, SHIPMENTS, WAREHOUSE_PRODUCTS, PRODUCTS, PURCHASE_ORDERS)


def _mapped(document: Any) -> tuple[list[SourceObject], list[Event]]:
    objects = ADAPTER.split(wire(document))
    return objects, [event for obj in objects for event in ADAPTER.map_object(obj, CONTEXT)]


def _nodes(document: dict) -> list[dict]:
    (answer,) = wire(document)["data"].values()
    return [edge["node"] for edge in answer["data"]["edges"]]


def test_every_node_of_every_page_maps_and_points_at_itself() -> None:
    for document in DOCUMENTS:
        parsed = wire(document)
        objects, events = _mapped(document)
        assert len(objects) == len(_nodes(document))
        for event in events:
            assert event.payload_hash == CONTEXT.payload_hash and event.source.system == "shiphero"
            assert isinstance(at_pointer(parsed, event.payload_pointer), dict)
            assert event.order is None
            assert event.occurred_at.tzinfo is not None
            json.dumps(event.context)
        assert len({event.id for event in events}) == len(events)


def test_allocations_carry_each_orders_stated_allocated_quantities_by_warehouse() -> None:
    _, events = _mapped(ORDERS)
    allocated: dict[tuple[str, str], int] = defaultdict(int)
    for event in events:
        allocated[(event.source.object_id, event.body.location)] += event.body.quantity
    stated: dict[tuple[str, str], int] = defaultdict(int)
    for node in _nodes(ORDERS):
        for each in node["allocations"]:
            for line in each["line_items"]:
                stated[(node["id"], f"shiphero:{each['warehouse_id']}")] += line["quantity_allocated"]
    assert allocated == stated
    assert all(event.references for event in events)


def test_shipments_carry_their_stated_units_tracking_and_label_costs() -> None:
    _, events = _mapped(SHIPMENTS)
    created = {event.body.shipment_id: event.body for event in events if event.type == "shipment.created"}
    charged: dict[str, Decimal] = defaultdict(Decimal)
    net: dict[str, Decimal] = defaultdict(Decimal)
    for event in events:
        if event.type == "fee.charged":
            net[event.body.reference] += event.body.amount.amount
            charged[event.body.reference] += max(event.body.amount.amount, Decimal(0))
    for node in _nodes(SHIPMENTS):
        body = created[node["id"]]
        assert sum(line.quantity for line in body.lines) == sum(e["node"]["quantity"] for e in node["line_items"]["edges"])
        assert body.tracking_numbers == tuple(each["tracking_number"] for each in node["shipping_labels"])
        labels = node["shipping_labels"]
        assert charged[node["id"]] == sum(Decimal(each["cost"]) for each in labels)
        assert net[node["id"]] == sum(Decimal(each["cost"]) for each in labels if not each["refunded"])


def test_only_unvoided_shipments_ship_and_tracking_follows_each_package() -> None:
    _, events = _mapped(SHIPMENTS)
    shipped = {event.body.shipment_id for event in events if event.type == "shipment.shipped"}
    statuses = [(event.body.shipment_id, event.body.status) for event in events if event.type == "shipment.status_changed"]

    assert shipped == {gid("Shipment", n) for n in (315518042, 315518043, 315518045)}
    assert statuses == [(gid("Shipment", 315518043), "IN_TRANSIT"), (gid("Shipment", 315518043), "DELIVERED")]


def test_levels_equal_the_stated_available_and_on_hand() -> None:
    for document in (WAREHOUSE_PRODUCTS, PRODUCTS):
        _, events = _mapped(document)
        levels = {(event.body.sku, event.body.location): (event.body.available, event.body.on_hand) for event in events}
        stated = {}
        for node in _nodes(document):
            for each in node.get("warehouse_products", [node]):
                stated[(each["sku"], f"shiphero:{each['warehouse_id']}")] = (each["available"], each["on_hand"])
        assert levels == stated


def test_receipts_equal_the_stated_received_quantities_and_prices() -> None:
    _, events = _mapped(PURCHASE_ORDERS)
    received = {event.body.receipt_id: event.body for event in events}
    for node in _nodes(PURCHASE_ORDERS):
        lines = [edge["node"] for edge in node["line_items"]["edges"] if edge["node"]["quantity_received"]]
        if not lines:
            assert node["id"] not in received
            continue
        body = received[node["id"]]
        assert [(line.sku, line.quantity) for line in body.lines] == [(x["sku"], x["quantity_received"]) for x in lines]
        assert [line.unit_cost.amount for line in body.lines] == [Decimal(x["price"]) for x in lines]
        assert body.location == f"shiphero:{node['warehouse_id']}"


def test_what_no_body_holds_stays_reachable_through_the_raw_payload() -> None:
    parsed = wire(ORDERS)
    _, events = _mapped(ORDERS)
    for event in events:
        node = at_pointer(parsed, event.payload_pointer)
        assert node["id"] == event.source.object_id
        assert {"total_price", "subtotal", "total_tax", "shipping_lines"} <= set(node)

