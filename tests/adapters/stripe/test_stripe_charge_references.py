"""Every Stripe fact about a charge carries the charge's followed reference, however little of the charge its
payload shows, so the hub can take all of them to the order once one of them names it."""

from __future__ import annotations

import pytest

from adapters.stripe import ADAPTER
from adapters.toolkit import MappingContext, PayloadError
from canonical_model.accounting_events import ChargebackRecorded
from canonical_model.events import Event, FeeCharged, RefundIssued, SettlementLineRecorded
from tests.adapters.stripe.stripe_payloads import (
    CHARGE_REFERENCE,
    application_fee,
    balance_transaction,
    charge,
    dispute,
    event,
    mapped,
    of_type,
    refund,
    withdrawal,
)


def followed(item: Event) -> list[str]:
    return [reference for reference in item.references if reference.startswith("@")]


def test_a_refund_webhook_names_no_order_but_follows_its_charge() -> None:
    (issued,) = mapped(event(refund(), "refund.created"))

    assert issued.body == RefundIssued("re_3PqAcme", issued.body.amount, payment_refund_id="re_3PqAcme")
    assert issued.references == (CHARGE_REFERENCE,)


def test_the_same_refund_polled_with_its_charge_expanded_names_the_order_and_the_same_charge() -> None:
    (webhook,) = mapped(event(refund(), "refund.created"))
    (polled,) = mapped(refund(charge=charge()))

    assert polled.id == webhook.id
    assert polled.references == ("450001", "#1001", CHARGE_REFERENCE)


def test_the_charge_its_refunds_its_dispute_and_their_balance_lines_all_follow_one_charge() -> None:
    refund_line = balance_transaction("txn_3PqRefund", amount=-1500, fees=(), type="refund",
                                      source=refund(), description=None)
    documents = [charge(refunds={"object": "list", "data": [refund()]}), balance_transaction(), refund_line,
                 dispute(movements=(withdrawal(),)), event(dispute(status="lost"), "charge.dispute.closed")]
    events = [item for document in documents for item in mapped(document)]

    assert {type(item.body) for item in events} >= {RefundIssued, SettlementLineRecorded, FeeCharged, ChargebackRecorded}
    assert all(followed(item) == [CHARGE_REFERENCE] for item in events), [
        (item.type, item.references) for item in events if followed(item) != [CHARGE_REFERENCE]]


def test_a_balance_line_finds_its_charge_by_its_type_or_its_expanded_source() -> None:
    unexpanded_refund = balance_transaction("txn_3PqRefund", amount=-1500, fees=(), type="refund", source="re_3PqAcme")
    non_card_payment = balance_transaction("txn_py", type="payment", source="py_3PqAcme", description=None)

    (refund_line,) = mapped(unexpanded_refund)
    payment_lines = mapped(non_card_payment)

    assert followed(refund_line) == [], "a refund's id alone does not say which charge it gave back"
    assert {tuple(followed(item)) for item in payment_lines} == {("@stripe:acct_1Acme:charge:py_3PqAcme",)}


def test_an_application_fee_follows_the_charge_of_this_account_it_came_from() -> None:
    direct = application_fee()
    destination = application_fee(originating_transaction="ch_3PqAcme", charge="py_1OnConnected")

    (on_connected,) = of_type(mapped(direct), FeeCharged.TYPE)
    (on_platform,) = of_type(mapped(destination), FeeCharged.TYPE)

    assert followed(on_connected) == [], "the fee's charge is the connected account's, not this connection's"
    assert followed(on_platform) == [CHARGE_REFERENCE]


def test_the_charge_reference_is_the_connection_accounts() -> None:
    other = MappingContext(account="acct_2Other", payload_hash="payload-hash-2")
    (issued,) = [item for found in ADAPTER.split(refund()) for item in ADAPTER.map_object(found, other)]

    assert issued.references == ("@stripe:acct_2Other:charge:ch_3PqAcme",)


def test_a_charge_id_that_cannot_be_a_reference_names_the_field() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(event(refund(charge="ch_1:forged"), "refund.created"))

    assert error.value.field == "data.object.charge"
    assert "'ch_1:forged' is not a Stripe charge id" in error.value.message
