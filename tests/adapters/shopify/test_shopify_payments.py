"""Shopify transactions, Shopify Payments payouts and their balance transactions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.toolkit import PayloadError
from canonical_model.events import PaymentAuthorized, PaymentCaptured, PayoutRecorded, SettlementLineRecorded
from canonical_model.identity import OrderRef
from canonical_model.money import Money
from tests.adapters.shopify.shopify_payloads import mapped, payout, payout_transaction, transaction


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


@pytest.mark.parametrize("kind", ["sale", "capture"])
def test_a_successful_sale_or_capture_is_captured_money(kind: str) -> None:
    (event,) = mapped({"transaction": transaction(kind=kind)})

    assert event.body == PaymentCaptured("5001", usd("40.00"), "shopify_payments", kind=kind)
    assert (event.source.object_type, event.source.object_id, event.source.version) == (
        "transaction", "5001", "5001")
    assert event.order == OrderRef("shopify", "acme.myshopify.com", "450001")
    assert event.occurred_at == datetime(2026, 3, 5, 14, 30, tzinfo=UTC)
    assert event.context["gateway"] == "shopify_payments"


def test_an_authorization_is_authorized_money() -> None:
    (event,) = mapped([transaction(kind="authorization")])

    assert event.body == PaymentAuthorized("5001", usd("40.00"), "shopify_payments")
    assert event.payload_pointer == "/0"


@pytest.mark.parametrize(
    ("kind", "status"), [("refund", "success"), ("void", "success"), ("sale", "failure"), ("capture", "error")]
)
def test_refunds_voids_and_failures_state_no_payment(kind: str, status: str) -> None:
    assert mapped({"transactions": [transaction(kind=kind, status=status)]}) == []


def test_a_transaction_without_currency_is_refused_not_guessed() -> None:
    payload = transaction()
    del payload["currency"]

    with pytest.raises(PayloadError) as error:
        mapped({"transaction": payload})

    assert error.value.field == "transaction.currency"


def test_a_float_transaction_amount_is_refused_naming_the_field() -> None:
    with pytest.raises(PayloadError) as error:
        mapped({"transactions": [transaction(), transaction(transaction_id=5002, amount=40.0)]})

    assert error.value.field == "transactions[1].amount"


def test_a_payout_is_recorded_per_status_with_its_deposit_date() -> None:
    (event,) = mapped({"payout": payout()})

    assert event.body == PayoutRecorded(
        payout_id="623721858", amount=usd("41.90"), status="PAID", deposit_date=datetime(2026, 3, 10, tzinfo=UTC)
    )
    assert (event.source.object_type, event.source.version) == ("payout", "paid")
    assert event.occurred_at == datetime(2026, 3, 10, tzinfo=UTC)
    assert event.order is None
    assert event.context["summary"]["charges_fee_amount"] == "1.32"
    (scheduled,) = mapped({"payouts": [payout(status="scheduled")]})
    assert scheduled.id != event.id


def test_a_payout_transaction_is_a_settlement_line_of_its_order() -> None:
    (event,) = mapped({"transactions": [payout_transaction()]})

    assert event.body == SettlementLineRecorded(
        settlement_id="623721858", line_id="8001", line_type="charge", amount=usd("40.00"), description="charge",
        order_external_id="450001", fee=usd("1.46"),
    )
    assert (event.source.object_type, event.source.object_id, event.source.version) == (
        "payout_transaction", "8001", "paid")
    assert event.order == OrderRef("shopify", "acme.myshopify.com", "450001")
    assert event.context["net"] == "38.54"


def test_a_payout_transaction_keeps_shopify_sign_and_needs_no_order() -> None:
    (event,) = mapped([payout_transaction(type="refund", amount="-3.45", fee="0.00", source_order_id=None)])

    assert event.body.amount == usd("-3.45")
    assert event.order is None


def test_a_balance_transaction_not_yet_paid_out_is_no_settlement_line() -> None:
    assert mapped([payout_transaction(payout_id=None, payout_status="pending")]) == []
