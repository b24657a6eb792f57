"""ShipHero GraphQL answers split into objects: connections, single queries, errors and what is refused."""

from __future__ import annotations

import pytest

from adapters.shiphero import ADAPTER
from adapters.toolkit import MappingContext, PayloadError, SourceObject
from tests.adapters.shiphero.shiphero_payloads import (
    CONTEXT,
    graphql_errors,
    order,
    page,
    purchase_order,
    response,
    shipment,
    single,
    warehouse_product,
    wire,
)


def test_a_list_answer_yields_each_node_of_its_connection_with_its_pointer() -> None:
    objects = ADAPTER.split(wire(page("orders", [order(), order(305719405, "#1002")], has_next=True)))

    assert [(obj.object_type, obj.pointer) for obj in objects] == [
        ("order", "/data/orders/data/edges/0/node"), ("order", "/data/orders/data/edges/1/node")]
    assert objects[1].data["order_number"] == "#1002"


@pytest.mark.parametrize(("root", "node", "kind"), [
    ("order", order(), "order"), ("shipment", shipment(), "shipment"),
    ("purchase_order", purchase_order(), "purchase_order"),
])
def test_a_single_answer_yields_its_object(root: str, node: dict, kind: str) -> None:
    (obj,) = ADAPTER.split(wire(single(root, node)))

    assert (obj.object_type, obj.pointer) == (kind, f"/data/{root}/data")


def test_every_root_field_of_one_answer_is_read() -> None:
    document = page("orders", [order()])
    document["data"] |= page("warehouse_products", [warehouse_product()])["data"]

    assert [obj.object_type for obj in ADAPTER.split(wire(document))] == ["order", "warehouse_product"]


def test_an_answer_that_found_nothing_yields_nothing() -> None:
    assert ADAPTER.split(wire(single("order", None))) == []
    assert ADAPTER.split(wire(page("shipments", []))) == []
    assert ADAPTER.split(wire({"data": {"orders": None}})) == []


def test_graphql_errors_are_refused_with_shipheros_message() -> None:
    document = graphql_errors("There are not enough credits to perform the requested operation, which requires 1001 "
                              "credits. The are 301 credits left with 60 credits restored per second.")

    with pytest.raises(PayloadError) as error:
        ADAPTER.split(wire(document))

    assert error.value.field == "errors"
    assert "There are not enough credits to perform the requested operation" in error.value.message
    assert "path orders" in error.value.message and "code 30" in error.value.message


def test_a_partial_answer_with_errors_is_refused_whole() -> None:
    document = page("orders", [order()])
    document["errors"] = [{"message": "Field 'allocations' failed", "path": ["orders", "data", "edges", 0]}]

    with pytest.raises(PayloadError) as error:
        ADAPTER.split(wire(document))

    assert "Field 'allocations' failed (path orders.data.edges.0)" in error.value.message


@pytest.mark.parametrize(("root", "reason"), [
    ("vendors", "suppliers"),
    ("webhooks", "webhook subscriptions"),
    ("account", "warehouses"),
    ("returns", "not mapped"),
    ("inventory_changes", "count units twice"),
    ("bills", "not for one shipment"),
])
def test_queries_of_unsupported_objects_are_refused_naming_them(root: str, reason: str) -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.split(wire(response(root, {"edges": []})))

    assert error.value.field == f"data.{root}"
    assert f"unsupported ShipHero object {root!r}" in error.value.message and reason in error.value.message


def test_an_aliased_root_field_is_refused_rather_than_guessed() -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.split(wire(response("recent_orders", {"edges": []})))

    assert error.value.field == "data.recent_orders" and "aliases" in error.value.message


def test_a_legacy_webhook_body_is_refused_naming_its_type() -> None:
    body = {"webhook_type": "Shipment Update", "fulfillment": {"shipment_id": 315518042, "warehouse_id": 76733}}

    with pytest.raises(PayloadError) as error:
        ADAPTER.split(wire(body))

    assert error.value.field == "webhook_type" and "'Shipment Update'" in error.value.message


def test_a_document_that_is_not_a_graphql_answer_is_refused() -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.split(wire({"orders": [order()]}))

    assert error.value.field == "data"


@pytest.mark.parametrize(("document", "field"), [
    ({"data": {"orders": [order()]}}, "data.orders.data"),
    ({"data": {"orders": {"request_id": "x", "complexity": 1, "data": [order()]}}}, "data.orders.data.edges"),
    ({"data": {"orders": {"request_id": "x", "complexity": 1, "data": {"edges": [{"cursor": "YQ=="}]}}}},
     "data.orders.data.edges[0].node"),
    ({"data": {"order": {"request_id": "x", "complexity": 1, "data": "T3JkZXI6MQ=="}}}, "data.order.data"),
])
def test_a_malformed_answer_names_the_path_at_fault(document: dict, field: str) -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.split(wire(document))

    assert error.value.field == field


def test_an_unknown_object_type_is_refused_by_the_mapping() -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.map_object(SourceObject("vendor", "/data/vendor/data", {"id": "VmVuZG9yOjE="}), CONTEXT)

    assert error.value.field == "vendor" and "supported: order, shipment" in error.value.message


def test_numbers_are_read_exactly_never_as_binary_floats() -> None:
    parsed = ADAPTER.parse(b'{"data": {"order": {"complexity": 1, "data": {"total_price": 12.5, "legacy_id": 7}}}}')
    value = parsed["data"]["order"]["data"]["total_price"]

    assert not isinstance(value, float) and str(value) == "12.5"


def test_invalid_json_names_line_and_column() -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.parse(b'{"data": {\n  "orders": }')

    assert error.value.field == "line 2 column 13"


def test_the_account_of_the_connection_is_the_events_account() -> None:
    events = [event for obj in ADAPTER.split(wire(single("order", order())))
              for event in ADAPTER.map_object(obj, MappingContext("brand-b", "hash-2", "USD"))]

    assert {event.source.account for event in events} == {"brand-b"}
    assert {event.payload_hash for event in events} == {"hash-2"}
