"""The form of a followed reference, shared by the adapters that state it and the hub that follows it."""

from __future__ import annotations

import pytest

from canonical_model.followed_references import described, is_followed, object_reference


def test_an_object_reference_names_system_account_kind_and_id_as_the_source_wrote_them() -> None:
    reference = object_reference("stripe", "acct_1Acme", "charge", "ch_3PqAcme")

    assert reference == "@stripe:acct_1Acme:charge:ch_3PqAcme"
    assert is_followed(reference) and is_followed(f"  {reference}")
    assert not is_followed("#1001") and not is_followed("ORDER-1001")


def test_it_reads_back_in_words_whatever_the_account_holds() -> None:
    assert described(object_reference("stripe", "acct_1Acme", "charge", "ch_3PqAcme")) == "stripe charge ch_3PqAcme"
    assert described(object_reference("stripe", "eu:main", "charge", "py_1")) == "stripe charge py_1"
    assert described("@tracking") == "@tracking"


@pytest.mark.parametrize(("system", "kind", "object_id"), [
    ("stripe", "charge", "ch_1:x"), ("", "charge", "ch_1"), ("stripe", "charge", ""), ("stri:pe", "charge", "ch_1"),
])
def test_a_part_that_would_make_it_ambiguous_is_refused(system: str, kind: str, object_id: str) -> None:
    with pytest.raises(ValueError, match="cannot be part of an object reference"):
        object_reference(system, "acct_1Acme", kind, object_id)
