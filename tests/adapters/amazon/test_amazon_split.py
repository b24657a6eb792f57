"""Finding Amazon objects in SP-API answers (wrapped or not), error answers and settlement flat files."""

from __future__ import annotations

import pytest

from adapters.amazon import ADAPTER
from adapters.toolkit import PayloadError, SourceObject
from tests.adapters.amazon.amazon_payloads import (
    CONTEXT,
    event_group,
    financial_events,
    fulfillment_order,
    order,
    order_items,
    package_tracking,
    refund_event,
    shipment_event,
    transaction,
)


def found(document: object) -> list[tuple[str, str]]:
    return [(obj.object_type, obj.pointer) for obj in ADAPTER.split(document)]


def test_the_adapter_is_named_amazon() -> None:
    assert ADAPTER.name == "amazon"


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"payload": order()}, [("order", "/payload")]),
        (order(), [("order", "")]),
        ({"payload": {"Orders": [order(), order("2")], "NextToken": "t"}},
         [("order", "/payload/Orders/0"), ("order", "/payload/Orders/1")]),
        ({"payload": {"Orders": []}}, []),
        (order_items(), [("order_items", "/payload")]),
        ({"payload": {"AmazonOrderId": "1", "ShippingAddress": {}}}, [("order_personal_data", "/payload")]),
        ({"payload": {"AmazonOrderId": "1", "BuyerEmail": "x@example.com"}}, [("order_personal_data", "/payload")]),
        (financial_events(ShipmentEventList=[shipment_event()], RefundEventList=[refund_event()], ChargebackEventList=[]),
         [("ShipmentEvent", "/payload/FinancialEvents/ShipmentEventList/0"),
          ("RefundEvent", "/payload/FinancialEvents/RefundEventList/0")]),
        ({"payload": {"FinancialEventGroupList": [event_group()]}},
         [("financial_event_group", "/payload/FinancialEventGroupList/0")]),
        ({"payload": {"transactions": [transaction()]}}, [("transaction", "/payload/transactions/0")]),
        (fulfillment_order(), [("fulfillment_order", "/payload")]),
        (package_tracking(), [("package_tracking", "/payload")]),
    ],
)
def test_supported_documents(document: object, expected: list[tuple[str, str]]) -> None:
    assert found(document) == expected


def test_an_error_answer_is_refused_with_amazons_message() -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.split({"errors": [{"code": "InvalidInput", "message": "Invalid Input", "details": ""}]})

    assert error.value.field == "errors"
    assert "InvalidInput: Invalid Input" in str(error.value)


@pytest.mark.parametrize("payload", [{"InboundShipmentData": {}}, {"inventorySummaries": []}])
def test_an_unsupported_answer_is_refused_naming_its_key(payload: dict) -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.split({"payload": payload})

    assert error.value.field == "payload"
    assert "unsupported Amazon SP-API object" in str(error.value)
    assert "supported: Orders v0" in str(error.value)


def test_an_unwrapped_unsupported_answer_is_refused_naming_its_first_key() -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.split({"reportId": "1", "processingStatus": "DONE"})

    assert error.value.field == "reportId"


@pytest.mark.parametrize("document", [None, "text", 3, {}, [order()]])
def test_a_document_that_is_no_object_is_refused(document: object) -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.split(document)

    assert error.value.field == "document"


def test_a_list_that_is_not_a_list_is_refused_naming_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.split({"payload": {"FinancialEvents": {"ShipmentEventList": {"AmazonOrderId": "1"}}}})

    assert error.value.field == "payload.FinancialEvents.ShipmentEventList"


def test_an_event_that_is_not_an_object_is_refused_naming_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.split({"payload": {"Orders": [order(), "113-0000000-0000000"]}})

    assert error.value.field == "payload.Orders[1]"


def test_invalid_json_names_line_and_column() -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.parse(b'{"payload": {"Orders": [}')

    assert error.value.field.startswith("line 1 column")


def test_an_unknown_object_type_is_refused_by_the_mapping() -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.map_object(SourceObject("CustomerEvent", "/payload/FinancialEvents/CustomerEventList/0", {}), CONTEXT)

    assert "unsupported Amazon financial event CustomerEvent" in str(error.value)
