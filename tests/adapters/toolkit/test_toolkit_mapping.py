"""mapped_by_type: each object goes to the mapper of its type; what cannot be mapped is refused naming the object."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.toolkit import MappingContext, PayloadError, SourceObject
from adapters.toolkit.mapping import mapped_by_type, reading_data
from canonical_model.events import Event
from canonical_model.money import Money

CONTEXT = MappingContext("acme", "0" * 64, "USD")


def _mixed_currencies(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    Money.of(data["price"], "USD") + Money.of(data["tax"], "EUR")
    return []


def _pointers(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    raise LookupError(f"{pointer} {data['id']} {ctx.account}")


MAPPERS = reading_data({"order": _pointers, "invoice": _mixed_currencies})


def test_each_object_reaches_the_mapper_of_its_type_with_its_data_pointer_and_context() -> None:
    with pytest.raises(LookupError, match="/orders/2 77 acme"):
        mapped_by_type("Acme", MAPPERS, SourceObject("order", "/orders/2", {"id": 77}), CONTEXT)


def test_a_type_without_a_mapper_is_refused_listing_those_supported() -> None:
    with pytest.raises(PayloadError) as raised:
        mapped_by_type("Acme", MAPPERS, SourceObject("refund", "/refunds/0", {}), CONTEXT)
    assert raised.value.field == "refund"
    assert raised.value.message == "unsupported Acme object type 'refund'; supported: order, invoice"


def test_amounts_in_two_currencies_are_refused_naming_the_object_by_its_path() -> None:
    with pytest.raises(PayloadError) as raised:
        mapped_by_type("Acme", MAPPERS, SourceObject("invoice", "/invoices/3", {"price": "10.00", "tax": "0.80"}),
                       CONTEXT)
    assert raised.value.field == "invoices[3]"
