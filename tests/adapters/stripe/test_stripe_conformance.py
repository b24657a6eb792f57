"""Conformance over Stripe's own example objects and dj-stripe's fixtures (shared/fixtures/stripe, beside the project)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from adapters.stripe import ADAPTER
from adapters.toolkit import PayloadError
from canonical_model.accounting_events import ChargebackRecorded
from canonical_model.events import (
    Event,
    FeeCharged,
    PaymentAuthorized,
    PaymentCaptured,
    PayoutRecorded,
    RefundIssued,
    SettlementLineRecorded,
)
from canonical_model.money import Money
from tests.adapters.stripe.stripe_payloads import CONTEXT

FIXTURES = Path(__file__).resolve().parents[3] / ".." / "shared" / "fixtures" / "stripe"
FILES = sorted(FIXTURES.glob("*.json")) if FIXTURES.is_dir() else []

# What each vendor file states, by event type, in order.
EXPECTED = {
    "application_fee.json": ["fee.charged"],
    "balance_transaction.json": ["settlement.line"],
    "charge.json": ["payment.authorized"],  # captured: false
    "dispute.json": ["chargeback.recorded"],  # no funds moved yet: no balance transactions
    "djstripe-balance_transaction_txn_fake_ch_fakefakefakefakefake0001.json": ["settlement.line", "fee.charged"],
    "djstripe-charge_ch_fakefakefakefakefake0001.json": ["payment.captured"],
    "djstripe-dispute_dp_fakefakefakefake01.json": ["chargeback.recorded", "settlement.line", "fee.charged"],
    "djstripe-dispute_dp_funds_reinstated_full.json": [
        "chargeback.recorded", "settlement.line", "fee.charged", "settlement.line", "fee.charged"],
    "djstripe-payment_intent_pi_fakefakefakefakefake0001.json": ["payment.captured"],  # its embedded charge
    "fee_refund.json": ["fee.charged"],
    "payment_intent.json": [],  # requires_payment_method: no money moved
    "payout.json": ["payout.recorded"],
    "refund.json": ["refund.issued"],
}
# Files the adapter refuses: the field it names and why.
REFUSED = {
    "balance.json": ("object", "a point-in-time balance is not an event"),
    "transfer.json": ("object", "its balance transaction is the settlement line; the transfer would count it twice"),
    "event.json": ("data.object.object", "a plan.created event carries a price plan, which is no order or money fact"),
    # dj-stripe stores payouts in major units as a decimal string ("10.00"); Stripe's API states integers in minor
    # units and its own *_decimal strings are minor units too, so the unit cannot be told and is not guessed.
    "djstripe-payout_custom_bank_account.json": ("amount", "a decimal string, not Stripe's integer minor units"),
}
PERSONAL = ("Jenny Rosen", "alex-nesnes@hotmail.fr", "Jane Doe", "test1@user.com", "223.182.253.19", "4242",
            "AOB934RVNwzk6xtn", "88PuXw9tEmvYe69o", "winning_evidence")

pytestmark = pytest.mark.skipif(not FILES, reason=f"Stripe vendor fixtures not found at {FIXTURES}")


def _load(path: Path) -> Any:
    return ADAPTER.parse(path.read_bytes())


def _map_all(document: Any) -> list[Event]:
    return [event for obj in ADAPTER.split(document) for event in ADAPTER.map_object(obj, CONTEXT)]


def _resolve(document: Any, pointer: str) -> Any:
    for part in pointer.split("/")[1:]:
        document = document[int(part)] if isinstance(document, list) else document[part]
    return document


def _usd(cents: Any) -> Money:
    """Cents as dollars, the fixtures being all in USD (exponent 2)."""
    return Money(Decimal(cents) / 100, "USD")


def test_every_vendor_file_is_either_mapped_or_refused() -> None:
    assert {path.name for path in FILES} == set(EXPECTED) | set(REFUSED)


@pytest.mark.parametrize("path", [p for p in FILES if p.name in REFUSED], ids=lambda path: path.name)
def test_unsupported_files_are_refused_naming_the_object(path: Path) -> None:
    document = _load(path)
    field, _reason = REFUSED[path.name]

    with pytest.raises(PayloadError) as error:
        _map_all(document)

    assert error.value.field == field
    if field.endswith("object"):
        assert "unsupported Stripe object" in str(error.value)
        assert repr(_resolve(document, "/" + field.replace(".", "/"))) in str(error.value)


@pytest.mark.parametrize("path", [p for p in FILES if p.name in EXPECTED], ids=lambda path: path.name)
def test_every_supported_file_maps_with_its_own_numbers(path: Path) -> None:
    document = _load(path)
    events = _map_all(document)

    assert [event.type for event in events] == EXPECTED[path.name]
    for event in events:
        assert (event.source.system, event.source.account) == ("stripe", CONTEXT.account)
        assert event.order is None
        assert event.occurred_at.tzinfo is not None
        assert event.payload_hash == CONTEXT.payload_hash
        obj = _resolve(document, event.payload_pointer)
        assert isinstance(obj, dict) and "object" in obj
        _check_numbers(event, obj)
        rendered = json.dumps(event.context)
        assert not [word for word in PERSONAL if word in rendered]


def _check_numbers(event: Event, obj: dict[str, Any]) -> None:
    body = event.body
    if isinstance(body, PaymentCaptured) and obj["object"] == "payment_intent":
        assert body.amount == _usd(obj["amount_received"])
    elif isinstance(body, PaymentCaptured):
        assert body.amount == _usd(obj.get("amount_captured") or obj["amount"])
    elif isinstance(body, (PaymentAuthorized, RefundIssued, PayoutRecorded)):
        assert body.amount == _usd(obj["amount"])
    elif isinstance(body, ChargebackRecorded):
        assert body.amount == _usd(obj["amount"])
        fees = [movement["fee"] for movement in obj["balance_transactions"]]
        assert body.fee == (_usd(sum(fees)) if fees else None)
        assert body.status == obj["status"].upper()
    elif isinstance(body, SettlementLineRecorded):
        assert (body.amount, body.fee) == (_usd(obj["net"]), None)
        assert (Decimal(event.context["gross"]), Decimal(event.context["fee"])) == (_usd(obj["amount"]).amount,
                                                                                   _usd(obj["fee"]).amount)
    elif isinstance(body, FeeCharged):
        _check_fee(event, body, obj)


def _check_fee(event: Event, body: FeeCharged, obj: dict[str, Any]) -> None:
    if obj["object"] == "balance_transaction":
        index = int(event.key.removeprefix("fee_details[").removesuffix("]"))
        assert body.amount == _usd(obj["fee_details"][index]["amount"])
    elif obj["object"] == "fee_refund":
        assert body.amount == -_usd(obj["amount"])
    else:
        assert body.amount == _usd(obj["amount"])


@pytest.mark.parametrize("path", [p for p in FILES if p.name in EXPECTED], ids=lambda path: path.name)
def test_the_fee_details_of_a_balance_transaction_add_up_to_its_fee(path: Path) -> None:
    document = _load(path)
    events = _map_all(document)
    for line in [event for event in events if isinstance(event.body, SettlementLineRecorded)]:
        fees = [e.body.amount for e in events if isinstance(e.body, FeeCharged) and e.source == line.source]
        assert sum((fee.amount for fee in fees), Decimal(0)) == Decimal(line.context["fee"])


def test_one_charge_stated_by_itself_and_by_its_payment_intent_is_one_payment() -> None:
    alone = _map_all(_load(FIXTURES / "djstripe-charge_ch_fakefakefakefakefake0001.json"))
    nested = _map_all(_load(FIXTURES / "djstripe-payment_intent_pi_fakefakefakefakefake0001.json"))

    assert [event.id for event in alone] == [event.id for event in nested]


def test_the_stages_of_one_dispute_are_separate_facts_sharing_the_withdrawal() -> None:
    first = _map_all(_load(FIXTURES / "djstripe-dispute_dp_fakefakefakefake01.json"))
    later = _map_all(_load(FIXTURES / "djstripe-dispute_dp_funds_reinstated_full.json"))

    assert first[0].id != later[0].id
    assert (first[0].body.fee, later[0].body.fee) == (_usd(1500), _usd(0))
    assert [event.id for event in first[1:]] == [event.id for event in later[1:3]]


def test_replaying_every_file_gives_identical_ids() -> None:
    for path in FILES:
        if path.name in EXPECTED:
            assert [e.id for e in _map_all(_load(path))] == [e.id for e in _map_all(_load(path))]
