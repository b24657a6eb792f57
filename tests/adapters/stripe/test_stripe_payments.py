"""Stripe charges and payment intents: captured and authorized payments, exact minor units, one identity per payment."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from adapters.toolkit import PayloadError
from canonical_model.events import PaymentAuthorized, PaymentCaptured, RefundIssued
from canonical_model.money import Money
from tests.adapters.stripe.stripe_payloads import (
    CHARGE_REFERENCE,
    CONTEXT,
    charge,
    mapped,
    mapped_bytes,
    of_type,
    page,
    payment_intent,
    refund,
)

PERSONAL = ("Ann Lee", "ann@example.com", "+15550100", "1 Main St", "4242", "Xt5EWLLDS7FJjR1c")


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def test_a_captured_charge_is_captured_money_pointing_at_its_order() -> None:
    (event,) = mapped(charge())

    assert event.body == PaymentCaptured("ch_3PqAcme", usd("40.00"), "stripe")
    assert (event.source.system, event.source.account, event.source.object_type) == ("stripe", "acct_1Acme", "charge")
    assert (event.source.object_id, event.source.version) == ("ch_3PqAcme", "ch_3PqAcme")
    assert event.order is None
    assert event.references == ("450001", "#1001", CHARGE_REFERENCE)
    assert event.occurred_at == datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
    assert (event.payload_hash, event.payload_pointer) == (CONTEXT.payload_hash, "")


def test_an_uncaptured_charge_is_an_authorization_of_its_whole_amount() -> None:
    (event,) = mapped(charge(captured=False, amount_captured=0))

    assert event.body == PaymentAuthorized("ch_3PqAcme", usd("40.00"), "stripe")


def test_a_partial_capture_is_the_amount_captured() -> None:
    (event,) = mapped(charge(amount_captured=2500))

    assert event.body.amount == usd("25.00")


def test_an_old_charge_without_amount_captured_was_captured_in_full() -> None:
    (event,) = mapped(charge(amount_captured=0))

    assert event.body.amount == usd("40.00")


@pytest.mark.parametrize("status", ["failed", "pending"])
def test_a_failed_or_pending_charge_states_no_payment(status: str) -> None:
    assert mapped(charge(status=status, failure_message="Your card was declined.")) == []


@pytest.mark.parametrize(("currency", "amount", "expected"), [
    ("jpy", 5000, "5000"), ("kwd", 12340, "12.340"), ("eur", 1999, "19.99"), ("isk", 100000, "1000.00"),
    ("mga", 2000, "2000"),
])
def test_minor_units_convert_exactly_as_stripe_counts_them(currency: str, amount: int, expected: str) -> None:
    (event,) = mapped(charge(amount=amount, currency=currency))

    assert event.body.amount == Money.of(expected, currency.upper())
    assert str(event.body.amount.amount) == expected


def test_context_keeps_why_and_how_but_no_card_holder_data() -> None:
    declined_then_paid = charge(outcome={"type": "authorized", "reason": "elevated_risk_level", "risk_level": "elevated",
                                         "seller_message": "Stripe evaluated this payment as having elevated risk."})
    (event,) = mapped(declined_then_paid)

    assert event.context["outcome_type"] == "authorized"
    assert event.context["outcome_reason"] == "elevated_risk_level"
    assert event.context["risk_level"] == "elevated"
    assert event.context["payment_method_type"] == "card"
    assert event.context["payment_intent"] == "pi_3PqAcme"
    rendered = json.dumps(event.context)
    assert not [word for word in PERSONAL if word in rendered]


def test_refunds_nested_in_a_charge_map_like_the_refund_alone_with_the_charge_references() -> None:
    nested = charge(amount_refunded=1500, refunds={"object": "list", "data": [refund()], "has_more": False})
    events = mapped(nested)
    (alone,) = mapped(refund())
    (inside,) = of_type(events, RefundIssued.TYPE)

    assert inside.id == alone.id
    assert inside.body == alone.body == RefundIssued("re_3PqAcme", usd("15.00"), payment_refund_id="re_3PqAcme")
    assert inside.payload_pointer == "/refunds/data/0"
    assert inside.references == ("450001", "#1001", CHARGE_REFERENCE)


def test_a_payment_intent_with_embedded_charges_maps_them_as_the_charges_alone() -> None:
    intent = payment_intent(charges={"object": "list", "data": [charge(status="failed", id="ch_1Declined"), charge()]})
    (event,) = mapped(intent)
    (alone,) = mapped(charge())

    assert event.id == alone.id
    assert event.payload_pointer == "/charges/data/1"
    assert event.references == ("450001", "#1001", "1001", CHARGE_REFERENCE)


def test_a_payment_intent_naming_its_latest_charge_is_that_charges_payment() -> None:
    (event,) = mapped(payment_intent())
    (alone,) = mapped(charge())

    assert event.id == alone.id
    assert event.body == PaymentCaptured("ch_3PqAcme", usd("40.00"), "stripe")
    assert event.context["stated_by"] == "payment_intent"
    assert event.references == ("1001", CHARGE_REFERENCE)


def test_a_payment_intent_awaiting_capture_is_an_authorization_of_the_capturable_amount() -> None:
    (event,) = mapped(payment_intent(status="requires_capture", amount_capturable=4000))

    assert event.body == PaymentAuthorized("ch_3PqAcme", usd("40.00"), "stripe")


def test_a_payment_intent_without_a_charge_is_its_own_payment() -> None:
    (event,) = mapped(payment_intent(latest_charge=None))

    assert (event.source.object_type, event.source.object_id) == ("payment_intent", "pi_3PqAcme")
    assert event.body.transaction_id == "pi_3PqAcme"


@pytest.mark.parametrize("status", ["requires_payment_method", "requires_action", "processing", "canceled"])
def test_a_payment_intent_that_took_no_money_states_no_payment(status: str) -> None:
    assert mapped(payment_intent(status=status, cancellation_reason="abandoned")) == []


def test_replaying_a_page_gives_identical_ids() -> None:
    body = json.dumps(page(charge(), charge("ch_2Other", captured=False))).encode()

    first, second = mapped_bytes(body), mapped_bytes(body)

    assert [event.id for event in first] == [event.id for event in second]
    assert len({event.id for event in first}) == 2


def test_a_missing_required_field_names_its_path() -> None:
    without_currency = charge()
    del without_currency["currency"]

    with pytest.raises(PayloadError) as error:
        mapped(page(charge(), without_currency))

    assert error.value.field == "data[1].currency"


def test_a_fractional_amount_is_refused_never_read_as_a_float() -> None:
    body = json.dumps(charge()).replace('"amount": 4000', '"amount": 40.5').encode()

    with pytest.raises(PayloadError) as error:
        mapped_bytes(body.replace(b'"amount_captured": 4000', b'"amount_captured": 0'))

    assert error.value.field == "amount"
    assert "whole number of USD minor units" in str(error.value)
