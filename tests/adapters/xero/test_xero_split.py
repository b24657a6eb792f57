"""Finding Xero objects in API responses and bare exports; Xero's dates and its error answers."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from adapters.toolkit import MappingContext, PayloadError, Reader
from adapters.xero import ADAPTER
from adapters.xero.common import xero_time
from tests.adapters.xero.xero_payloads import bank_transaction, credit, invoice, mapped, payment, response


def test_a_response_gives_one_object_per_element_with_its_pointer() -> None:
    objects = ADAPTER.split(response("Invoices", invoice(), invoice("aa11")))

    assert [(o.object_type, o.pointer) for o in objects] == [("Invoice", "/Invoices/0"), ("Invoice", "/Invoices/1")]


@pytest.mark.parametrize(("payload", "kind"), [
    (invoice(Payments=[], CreditNotes=[], Prepayments=[], Overpayments=[]), "Invoice"),
    (payment(), "Payment"), (bank_transaction(), "BankTransaction"),
    (credit("Prepayment"), "Prepayment"), (credit("Overpayment"), "Overpayment"),
])
def test_a_bare_object_is_recognised_by_its_id_field(payload: dict, kind: str) -> None:
    (obj,) = ADAPTER.split(payload)
    assert (obj.object_type, obj.pointer) == (kind, "")
    (listed,) = ADAPTER.split([payload])
    assert (listed.object_type, listed.pointer) == (kind, "/0")


def test_an_unsupported_collection_is_refused_naming_its_key() -> None:
    with pytest.raises(PayloadError) as error:
        ADAPTER.split(response("Contacts", {"ContactID": "430fa14a", "Name": "Ann Lee"}))

    assert error.value.field == "Contacts"
    assert "unsupported Xero object 'Contacts'" in str(error.value)


def test_an_error_answer_is_refused_with_why_and_a_webhook_notification_maps_to_nothing() -> None:
    answer = {"ErrorNumber": 10, "Type": "ValidationException", "Message": "A validation exception occurred",
              "Elements": [{"ValidationErrors": [{"Message": "Email address must be valid."}]}]}
    with pytest.raises(PayloadError) as error:
        ADAPTER.split(answer)
    assert error.value.field == "document"
    assert "Email address must be valid." in str(error.value)

    notification = {"events": [{"resourceUrl": "https://api.xero.com/api.xro/2.0/Invoices/ed255415",
                                "eventCategory": "INVOICE", "eventType": "UPDATE"}],
                    "firstEventSequence": 1, "lastEventSequence": 1, "entropy": "S0m3r4Nd0mt3xt"}
    [notice] = ADAPTER.split(notification)
    assert notice.object_type == "WebhookNotification"
    assert ADAPTER.map_object(notice, MappingContext("org", "hash")) == []
    intent_to_receive = {"events": [], "firstEventSequence": 0, "lastEventSequence": 0, "entropy": "XYZ"}
    assert [ADAPTER.map_object(o, MappingContext("org", "hash")) for o in ADAPTER.split(intent_to_receive)] == [[]]
    malformed = {**notification, "events": [{**notification["events"][0], "eventCategory": "PIZZA"}]}
    with pytest.raises(PayloadError) as error:
        ADAPTER.map_object(ADAPTER.split(malformed)[0], MappingContext("org", "hash"))
    assert error.value.field == "events[0].eventCategory"


def test_an_envelope_without_objects_or_a_non_object_is_refused() -> None:
    for document in ({"Id": "1", "Status": "OK"}, {}, "Invoices", [{"Name": "no id"}]):
        with pytest.raises(PayloadError) as error:
            ADAPTER.split(document)
        assert error.value.field in ("document", "[0]")


@pytest.mark.parametrize(("value", "expected"), [
    ("/Date(1518685950940+0000)/", datetime(2018, 2, 15, 9, 12, 30, 940000, tzinfo=UTC)),
    ("/Date(1551212902962)/", datetime(2019, 2, 26, 20, 28, 22, 962000, tzinfo=UTC)),
    ("/Date(1518685950940+1300)/", datetime(2018, 2, 15, 9, 12, 30, 940000, tzinfo=UTC)),
    ("2019-03-05T18:59:06Z", datetime(2019, 3, 5, 18, 59, 6, tzinfo=UTC)),
    ("2019-03-05T00:00:00", datetime(2019, 3, 5, tzinfo=UTC)),
])
def test_xero_dates_are_read_as_utc_times(value: str, expected: datetime) -> None:
    assert xero_time(Reader({"Date": value}, "x"), "Date") == expected


def test_a_bad_date_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(response("Invoices", invoice(DateString="", Date="yesterday")))

    assert error.value.field == "Invoices[0].Date"


def test_parse_reads_numbers_as_decimals_and_refuses_bad_json() -> None:
    assert ADAPTER.parse(b'{"Total": 46.00}') == {"Total": Decimal("46.00")}
    with pytest.raises(PayloadError):
        ADAPTER.parse(b'{"Total": Infinity}')
    with pytest.raises(PayloadError) as error:
        ADAPTER.parse(b"\xff")
    assert error.value.field == "body"
