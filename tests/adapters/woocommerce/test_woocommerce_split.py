"""Finding WooCommerce objects in documents: bare objects, lists, batch responses; refusing what is not supported."""

from __future__ import annotations

import pytest

from adapters.toolkit import PayloadError
from adapters.woocommerce import ADAPTER
from tests.adapters.woocommerce.woocommerce_payloads import (
    CONTEXT,
    batch,
    batch_error,
    body,
    mapped,
    order,
    refund,
)


def kinds(document: object) -> list[tuple[str, str]]:
    return [(obj.object_type, obj.pointer) for obj in ADAPTER.split(ADAPTER.parse(body(document)))]


def test_a_bare_order_a_page_of_orders_and_a_page_of_refunds() -> None:
    assert kinds(order()) == [("order", "")]
    assert kinds([order(1), order(2)]) == [("order", "/0"), ("order", "/1")]
    assert kinds(refund()) == [("refund", "")]
    assert kinds([refund(1), refund(2)]) == [("refund", "/0"), ("refund", "/1")]


def test_a_batch_response_names_created_updated_and_deleted_orders() -> None:
    document = batch(create=[order(1)], update=[order(2)], delete=[order(3), {"id": 4}])

    assert kinds(document) == [
        ("order", "/create/0"), ("order", "/update/0"), ("deleted_order", "/delete/0"), ("deleted_order", "/delete/1"),
    ]


def test_a_refused_batch_item_is_quarantined_alone_with_woocommerces_words() -> None:
    objects = ADAPTER.split(ADAPTER.parse(body(batch(create=[order(1)], update=[batch_error()]))))

    assert ADAPTER.map_object(objects[0], CONTEXT)
    with pytest.raises(PayloadError) as error:
        ADAPTER.map_object(objects[1], CONTEXT)
    assert error.value.field == "update[0].error"
    assert "woocommerce_rest_shop_order_invalid_id: Invalid ID." in str(error.value)


def test_an_empty_batch_states_nothing() -> None:
    assert mapped(batch()) == []


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ({"id": 799, "name": "Mug", "type": "simple", "price": "20", "sku": "MUG-RED"}, "document"),
        ([{"id": 799, "name": "Mug", "type": "simple", "price": "20"}], "[0]"),
        ({"code": "woocommerce_rest_cannot_view", "message": "Sorry, you cannot list resources.",
          "data": {"status": 401}}, "code"),
        ({"order": {"id": 1, "total": "10.00", "created_at": "2026-03-02T15:00:00Z"}}, "order"),
        ({"create": [{"id": 799, "name": "Mug", "type": "simple"}]}, "create[0]"),
    ],
    ids=["product", "product-list", "error-response", "legacy-wc-api-envelope", "products-batch"],
)
def test_unsupported_documents_are_refused_naming_the_object(document: object, field: str) -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.split(ADAPTER.parse(body(document)))

    assert error.value.field == field
    assert "unsupported WooCommerce object" in str(error.value)
    assert "supported:" in str(error.value)


@pytest.mark.parametrize("document", [{}, [], "text", 7], ids=["empty-object", "empty-list", "string", "number"])
def test_documents_that_are_no_object_are_refused(document: object) -> None:
    if document == []:
        assert ADAPTER.split(document) == []
        return
    with pytest.raises(PayloadError) as error:
        ADAPTER.split(document)
    assert error.value.field == "document"


def test_invalid_json_names_line_and_column() -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.parse(b'{"id": 1,\n "total": }')

    assert error.value.field == "line 2 column 11"
