"""Splitting eBay documents: pages of getOrders, getTransactions and getPayouts, fulfillments, single objects."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.ebay import ADAPTER
from adapters.toolkit import PayloadError
from tests.adapters.ebay.ebay_payloads import (
    ORDER_ID,
    body,
    charge_transaction,
    fulfillment,
    fulfillments,
    order,
    orders_page,
    payout,
    payouts_page,
    refund_transaction,
    transaction,
    transactions_page,
)


def kinds(document: object) -> list[tuple[str, str]]:
    return [(obj.object_type, obj.pointer) for obj in ADAPTER.split(ADAPTER.parse(body(document)))]


def test_each_page_of_orders_splits_into_its_own_orders_with_pointers() -> None:
    first = orders_page([order("12-00000-00001"), order("12-00000-00002")], offset=0, limit=2, total=3)
    last = orders_page([order("12-00000-00003")], offset=2, limit=2, total=3)

    assert "next" in first and "next" not in last and "prev" in last
    assert kinds(first) == [("order", "/orders/0"), ("order", "/orders/1")]
    assert kinds(last) == [("order", "/orders/0")]
    found = [obj.data["orderId"] for doc in (first, last) for obj in ADAPTER.split(ADAPTER.parse(body(doc)))]
    assert found == ["12-00000-00001", "12-00000-00002", "12-00000-00003"]


def test_pages_of_transactions_and_payouts_split_by_item() -> None:
    page = transactions_page([transaction(), refund_transaction(), charge_transaction()], offset=20, total=23)

    assert kinds(page) == [("transaction", f"/transactions/{i}") for i in range(3)]
    assert kinds(payouts_page([payout(), payout("6000012346")])) == [("payout", "/payouts/0"), ("payout", "/payouts/1")]


def test_an_empty_page_has_no_objects() -> None:
    assert kinds(orders_page([], total=0)) == []
    assert kinds(transactions_page([], total=0)) == []
    assert kinds(fulfillments([], order_id=None)) == []


def test_single_objects_are_recognised_by_their_fields() -> None:
    assert kinds(order()) == [("order", "")]
    assert kinds(payout()) == [("payout", "")]
    assert kinds({**fulfillment(), "orderId": ORDER_ID}) == [("shipping_fulfillment", "")]


def test_fulfillments_carry_the_order_id_of_their_request_path() -> None:
    objects = ADAPTER.split(fulfillments([fulfillment(), fulfillment("9405509699937003457460")]))

    assert [(obj.pointer, obj.data["orderId"]) for obj in objects] == [
        ("/fulfillments/0", ORDER_ID), ("/fulfillments/1", ORDER_ID)]


def test_fulfillments_without_their_order_are_refused_naming_order_id() -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.split(fulfillments([fulfillment()], order_id=None))

    assert error.value.field == "orderId"
    assert "request path" in error.value.message


def test_numbers_parse_as_decimals_never_floats() -> None:
    document = ADAPTER.parse(b'{"payouts": [{"payoutId": "1", "payoutStatus": "SUCCEEDED", '
                             b'"amount": {"value": 12.5, "currency": "USD"}}]}')

    assert document["payouts"][0]["amount"]["value"] == Decimal("12.5")


@pytest.mark.parametrize(("document", "field", "words"), [
    ({"paymentDisputeSummaries": [], "total": 0}, "paymentDisputeSummaries", "payment dispute"),
    ({"transferId": "T1", "transferAmount": {"value": "5.00", "currency": "USD"}}, "transferId", "transfer"),
    ({"amount": {"value": "1", "currency": "USD"}, "payoutCount": 2, "transactionCount": 3}, "payoutCount",
     "payout summary"),
    ({"creditCount": 1, "creditAmount": {"value": "1", "currency": "USD"}}, "creditCount", "transaction summary"),
    ({"inventoryItems": []}, "inventoryItems", "unsupported eBay object 'inventoryItems'"),
    ({"errors": [{"errorId": 1100, "message": "Access denied"}]}, "errors", "Access denied"),
])
def test_unsupported_documents_are_refused_naming_their_key(document: dict, field: str, words: str) -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.split(document)

    assert error.value.field == field
    assert words in error.value.message


@pytest.mark.parametrize("document", [[], [order()], "orders", None, {}])
def test_documents_that_are_not_objects_are_refused(document: object) -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.split(document)

    assert error.value.field == "document"


def test_bad_json_names_line_and_column() -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.parse(b'{"orders": [')

    assert error.value.field.startswith("line 1 column")
