"""Finding QuickBooks entities in single responses, query pages, change-data-capture responses and bare exports."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from adapters.quickbooks import ADAPTER
from adapters.quickbooks.split import bare_type
from adapters.toolkit import PayloadError
from canonical_model.accounting_events import RecordDeleted
from tests.adapters.quickbooks.quickbooks_payloads import (
    CONTEXT,
    cdc,
    copied,
    credit_memo,
    deleted,
    deposit,
    invoice,
    item,
    journal_entry,
    mapped,
    payment,
    query_page,
    refund_receipt,
    sales_receipt,
    single,
)


def test_a_query_page_gives_one_object_per_entity_with_its_pointer() -> None:
    objects = ADAPTER.split(query_page("Invoice", invoice(), invoice("131")))

    assert [(o.object_type, o.pointer) for o in objects] == [("Invoice", "/QueryResponse/Invoice/0"),
                                                              ("Invoice", "/QueryResponse/Invoice/1")]


def test_an_empty_or_count_only_page_holds_nothing() -> None:
    assert ADAPTER.split({"QueryResponse": {}, "time": "2026-03-07T08:00:00-08:00"}) == []
    assert ADAPTER.split({"QueryResponse": {"totalCount": 12}}) == []


def test_a_change_feed_maps_live_entities_and_deletions() -> None:
    document = cdc({"Invoice": [invoice(), deleted("99")]}, {"Payment": [payment()]})

    events = mapped(document)

    assert [e.type for e in events] == ["invoice.recorded", "record.deleted", "accounting_payment.recorded"]
    gone = events[1]
    assert gone.body == RecordDeleted(object_type="Invoice", object_id="99")
    assert gone.source.version == "deleted"
    assert gone.occurred_at == datetime(2026, 3, 7, 15, 59, tzinfo=UTC)
    assert gone.payload_pointer == "/CDCResponse/0/QueryResponse/0/Invoice/1"
    assert mapped(document) == events


def test_an_unsupported_entity_in_a_page_is_refused_alone_naming_it() -> None:
    document = cdc({"Customer": [{"Id": "58", "DisplayName": "Ann Lee"}]}, {"Invoice": [invoice()]})
    customer, bill = ADAPTER.split(document)

    with pytest.raises(PayloadError) as error:
        ADAPTER.map_object(customer, CONTEXT)

    assert error.value.field == "Customer"
    assert "unsupported QuickBooks object 'Customer'" in str(error.value)
    assert ADAPTER.map_object(bill, CONTEXT)


def test_a_single_unsupported_entity_is_refused_naming_its_key() -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.split(single("Customer", {"Id": "58"}))

    assert error.value.field == "Customer"


def test_a_fault_is_refused_with_its_message() -> None:
    fault = {"Fault": {"Error": [{"Message": "Object Not Found", "Detail": "Something you're trying to use has "
                                  "been made inactive.", "code": "610"}], "type": "ValidationFault"}}

    with pytest.raises(PayloadError) as error:
        ADAPTER.split(fault)

    assert error.value.field == "Fault"
    assert "Object Not Found (code 610)" in str(error.value)


@pytest.mark.parametrize(("payload", "kind"), [
    (invoice(), "Invoice"), (sales_receipt(), "SalesReceipt"), (refund_receipt(), "RefundReceipt"),
    (credit_memo(), "CreditMemo"), (payment(), "Payment"), (deposit(), "Deposit"),
    (journal_entry(), "JournalEntry"), (item(), "Item"),
])
def test_a_bare_entity_is_recognised_by_the_fields_only_its_type_has(payload: dict, kind: str) -> None:
    assert bare_type(payload) == kind
    (obj,) = ADAPTER.split(payload)
    assert (obj.object_type, obj.pointer) == (kind, "")


def test_a_bare_receipt_that_could_be_either_kind_is_refused() -> None:
    ambiguous = copied(refund_receipt())
    del ambiguous["DepositToAccountRef"]

    with pytest.raises(PayloadError) as error:
        ADAPTER.split([invoice(), ambiguous])

    assert error.value.field == "[1]"
    assert "not a recognised QuickBooks entity" in str(error.value)


def test_a_bare_deleted_entity_does_not_say_its_type_and_is_refused() -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.split(deleted("99"))

    assert error.value.field == "document"


def test_parse_reads_numbers_as_decimals_and_refuses_bad_json() -> None:
    assert ADAPTER.parse(b'{"TotalAmt": 12.5, "Qty": 2}') == {"TotalAmt": Decimal("12.5"), "Qty": 2}
    with pytest.raises(PayloadError) as error:
        ADAPTER.parse(b'{"TotalAmt": NaN}')
    assert error.value.field == "document"
    with pytest.raises(PayloadError) as error:
        ADAPTER.parse(b'{"TotalAmt": }')
    assert error.value.field == "line 1 column 14"


def test_a_document_that_is_not_an_object_or_list_is_refused() -> None:
    for document in ("Invoice", {}, {"time": "2026-03-07T08:00:00-08:00"}):
        with pytest.raises(PayloadError) as error:
            ADAPTER.split(document)
        assert error.value.field == "document"
