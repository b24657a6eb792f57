"""Finding Shopify objects in REST responses, webhook bodies and bare lists."""

from __future__ import annotations

import pytest

from adapters.shopify import ADAPTER
from adapters.toolkit import PayloadError, SourceObject
from tests.adapters.shopify.shopify_payloads import (
    CONTEXT,
    fulfillment,
    order,
    payout,
    payout_transaction,
    refund,
    transaction,
)


def found(document: object) -> list[tuple[str, str]]:
    return [(obj.object_type, obj.pointer) for obj in ADAPTER.split(document)]


def test_the_adapter_is_named_shopify() -> None:
    assert ADAPTER.name == "shopify"


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (order(), [("order", "")]),
        ({"order": order()}, [("order", "/order")]),
        ({"orders": [order(1), order(2)]}, [("order", "/orders/0"), ("order", "/orders/1")]),
        ({"refund": refund()}, [("refund", "/refund")]),
        ({"refunds": [refund()]}, [("refund", "/refunds/0")]),
        ({"fulfillment": fulfillment()}, [("fulfillment", "/fulfillment")]),
        ({"fulfillments": [fulfillment()]}, [("fulfillment", "/fulfillments/0")]),
        ({"fulfillment_event": {"id": 1}}, [("fulfillment_event", "/fulfillment_event")]),
        ({"transaction": transaction()}, [("transaction", "/transaction")]),
        ({"transactions": [transaction()]}, [("transaction", "/transactions/0")]),
        ([transaction(), transaction(transaction_id=2)], [("transaction", "/0"), ("transaction", "/1")]),
        ({"transactions": [payout_transaction()]}, [("payout_transaction", "/transactions/0")]),
        ([payout_transaction()], [("payout_transaction", "/0")]),
        ({"payout": payout()}, [("payout", "/payout")]),
        ({"payouts": [payout(), payout(2)]}, [("payout", "/payouts/0"), ("payout", "/payouts/1")]),
        ({"orders": []}, []),
    ],
)
def test_supported_documents(document: object, expected: list[tuple[str, str]]) -> None:
    assert found(document) == expected


def test_webhook_bodies_of_refunds_and_fulfillments_are_bare_objects() -> None:
    assert found(refund()) == [("refund", "")]
    assert found(fulfillment()) == [("fulfillment", "")]


def test_a_paginated_response_ignores_keys_beside_its_objects() -> None:
    assert found({"orders": [order()], "links": {"next": "page_info=abc"}}) == [("order", "/orders/0")]


@pytest.mark.parametrize(
    "key",
    ["balance", "disputes", "draft_order", "inventory_levels", "risks", "shop", "tender_transactions"],
)
def test_unsupported_objects_are_refused_naming_their_key(key: str) -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.split({key: [{"id": 1}]})

    assert error.value.field == key
    assert "unsupported Shopify object" in str(error.value)
    assert "supported: order(s)" in str(error.value)


def test_a_refund_calculation_is_not_a_refund() -> None:
    calculation = {"refund": {"refund_line_items": [], "transactions": [{"kind": "suggested_refund"}]}}

    with pytest.raises(PayloadError) as error:
        ADAPTER.split(calculation)

    assert error.value.field == "refund"
    assert "refund calculation" in str(error.value)


def test_an_unrecognised_bare_object_is_refused_as_a_document() -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.split({"id": 7, "email": "ann@example.com", "orders_count": 3})

    assert error.value.field == "document"
    assert "not a recognised Shopify object" in str(error.value)


@pytest.mark.parametrize("document", [None, "text", 3, {}])
def test_a_document_that_is_no_object_or_list_is_refused(document: object) -> None:
    with pytest.raises(PayloadError):
        ADAPTER.split(document)


def test_an_unrecognised_list_item_is_refused_naming_its_index() -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.split([transaction(), {"id": 3, "name": "who knows"}])

    assert error.value.field == "[1]"


def test_a_wrapped_object_that_is_not_an_object_is_refused_naming_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.split({"orders": [order(), "450002"]})

    assert error.value.field == "orders[1]"


def test_an_unknown_object_type_is_refused_by_the_mapping() -> None:
    with pytest.raises(PayloadError):
        ADAPTER.map_object(SourceObject("customer", "/customer", {"id": 1}), CONTEXT)
