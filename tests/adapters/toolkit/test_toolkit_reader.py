"""Reader's id fields: what a partner's payload may state as an id, and the error naming the field when it may not."""

from __future__ import annotations

import pytest

from adapters.toolkit import PayloadError, Reader, parse_json


def test_an_id_stated_as_a_whole_number_or_text_reads_as_text() -> None:
    r = Reader(parse_json(b'{"id": 4070116, "warehouse_id": "V2FyZWhvdXNlOjEx", "line": null, "note": ""}'), "order")
    assert r.identifier("id") == "4070116" and r.identifier("warehouse_id") == "V2FyZWhvdXNlOjEx"
    assert r.optional_id("id") == "4070116"
    assert r.optional_id("line") is None and r.optional_id("note") is None and r.optional_id("absent") is None


@pytest.mark.parametrize("stated", [b"12.5", b"true", b'{"id": 1}', b"[1]"])
def test_a_fraction_boolean_object_or_list_is_no_id_and_the_error_names_the_field(stated: bytes) -> None:
    r = Reader(parse_json(b'{"shipment": {"id": ' + stated + b"}}")["shipment"], "orders[3].shipment")
    with pytest.raises(PayloadError) as raised:
        r.identifier("id")
    assert raised.value.field == "orders[3].shipment.id" and "is not an id" in str(raised.value)


def test_a_missing_id_is_required() -> None:
    with pytest.raises(PayloadError) as raised:
        Reader({"id": ""}, "order").identifier("id")
    assert raised.value.field == "order.id" and "is required" in str(raised.value)
