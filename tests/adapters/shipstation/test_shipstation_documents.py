"""ShipStation documents: list pages, single objects, bare lists, webhook notices and the objects refused."""

from __future__ import annotations

import pytest

from adapters.shipstation import ADAPTER
from adapters.toolkit import PayloadError
from tests.adapters.shipstation.shipstation_payloads import (
    fulfillment,
    label,
    mapped,
    order,
    page,
    product,
    shipment,
    subscription,
    warehouse,
    webhook,
    wire,
)


def test_list_pages_are_split_into_their_objects_with_pointers() -> None:
    found = ADAPTER.split(wire(page("orders", [order(1), order(2)], page_number=2, pages=3)))

    assert [(obj.object_type, obj.pointer) for obj in found] == [("order", "/orders/0"), ("order", "/orders/1")]


@pytest.mark.parametrize(("document", "kind"), [
    (order(), "order"), (shipment(), "shipment"), (fulfillment(), "fulfillment"), (webhook(), "webhook"),
])
def test_a_single_object_is_told_by_its_fields(document: dict, kind: str) -> None:
    (found,) = ADAPTER.split(wire(document))

    assert (found.object_type, found.pointer) == (kind, "")


def test_a_bare_list_is_split_item_by_item() -> None:
    found = ADAPTER.split(wire([shipment(1), fulfillment(2)]))

    assert [(obj.object_type, obj.pointer) for obj in found] == [("shipment", "/0"), ("fulfillment", "/1")]


def test_an_empty_page_has_no_objects() -> None:
    assert mapped({"orders": [], "total": 0, "page": 1, "pages": 0}) == []


@pytest.mark.parametrize("resource_type", ["ORDER_NOTIFY", "ITEM_ORDER_NOTIFY", "SHIP_NOTIFY", "ITEM_SHIP_NOTIFY",
                                           "FULFILLMENT_SHIPPED", "FULFILLMENT_REJECTED"])
def test_a_webhook_notice_carries_no_object_and_maps_to_no_events(resource_type: str) -> None:
    assert mapped(webhook(resource_type)) == []


def test_a_webhook_notice_of_an_unknown_type_is_refused() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(webhook("ORDER_DELETED"))

    assert error.value.field == "resource_type"


@pytest.mark.parametrize("url", ["ssapi.shipstation.com/orders", "", "ftp://ssapi.shipstation.com/orders"])
def test_a_webhook_notice_without_an_http_url_is_refused(url: str) -> None:
    document = webhook()
    document["resource_url"] = url

    with pytest.raises(PayloadError) as error:
        mapped(document)

    assert error.value.field == "resource_url"


# Objects ShipStation V1 has that the catalogue records no fact for, each with the reason it is refused.
UNSUPPORTED = [
    ({"products": [product()], "total": 1, "page": 1, "pages": 1}, "products", "products", "catalogue entries"),
    ({"customers": [], "total": 0, "page": 1, "pages": 0}, "customers", "customers", "personal data"),
    ({"webhooks": [subscription()]}, "webhooks", "webhooks", "subscriptions"),
    ([subscription()], "[0]", "webhooks", "subscriptions"),
    ([warehouse()], "[0]", "warehouses", "no body for a location"),
    (warehouse(), "document", "warehouses", "no body for a location"),
    ([{"storeId": 12345, "storeName": "Acme Shopify", "marketplaceId": 2, "marketplaceName": "Shopify"}], "[0]",
     "stores", "channels"),
    (label(), "document", "label", "states no order"),
    ({"hasErrors": False, "results": []}, "results", "results", "not a recognised ShipStation object"),
]


@pytest.mark.parametrize(("document", "field", "named", "reason"), UNSUPPORTED)
def test_unsupported_objects_are_refused_naming_them_and_why(document: object, field: str, named: str,
                                                             reason: str) -> None:
    with pytest.raises(PayloadError) as error:
        mapped(document)

    assert error.value.field == field
    assert f"'{named}'" in error.value.message and reason in error.value.message


def test_an_object_of_another_kind_inside_a_page_is_refused() -> None:
    with pytest.raises(PayloadError) as error:
        mapped({"orders": [shipment()]})

    assert error.value.field == "orders[0]"
    assert "not a ShipStation order" in error.value.message


@pytest.mark.parametrize(("document", "field"), [
    ({"orders": {"orderId": 1}}, "orders"), ({"shipments": ["x"]}, "shipments[0]"), ([42], "[0]"),
    ({"orderId": 1, "orderNumber": "1001"}, "document"),
])
def test_malformed_documents_name_the_field(document: object, field: str) -> None:
    with pytest.raises(PayloadError) as error:
        mapped(document)

    assert error.value.field == field


def test_invalid_json_names_line_and_column() -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.parse(b'{"orders": [')

    assert error.value.field.startswith("line 1 column")
