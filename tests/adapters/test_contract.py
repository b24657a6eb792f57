"""The contract every registered adapter keeps; a new adapter is covered by registering it."""

from __future__ import annotations

import pytest

from adapters.toolkit import Adapter, MappingContext, PayloadError, SourceObject
from hub.registry import ADAPTERS

REGISTERED = sorted(ADAPTERS.items())


@pytest.fixture(params=REGISTERED, ids=[name for name, _ in REGISTERED])
def adapter(request: pytest.FixtureRequest) -> Adapter:
    name, adapter = request.param
    assert adapter.name == name, "the registry key is the adapter's own name"
    return adapter


def test_garbage_bytes_are_a_payload_error(adapter: Adapter) -> None:
    with pytest.raises(PayloadError):
        adapter.split(adapter.parse(b"\xff\xfe\x00 not a payload"))


@pytest.mark.parametrize("document", [42, "text", None, [], {}])
def test_documents_of_the_wrong_shape_are_refused_or_empty(adapter: Adapter, document: object) -> None:
    try:
        found = adapter.split(document)
    except PayloadError as error:
        assert error.field, "a refusal names the field or document"
        return
    assert found == [], "a document without objects yields nothing rather than inventing some"


def test_an_unknown_object_type_is_a_payload_error(adapter: Adapter) -> None:
    with pytest.raises(PayloadError):
        adapter.map_object(SourceObject("no-such-object", "/x", {"id": "1"}), MappingContext("acct", "0" * 64))


def test_stream_names_are_unique(adapter: Adapter) -> None:
    names = [stream.name for stream in adapter.streams]
    assert len(names) == len(set(names))
