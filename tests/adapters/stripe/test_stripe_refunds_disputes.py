"""Stripe refunds and disputes: amounts as Stripe signs them, reasons in context, one fact per dispute stage."""

from __future__ import annotations

import json

import pytest

from adapters.toolkit import PayloadError
from canonical_model.accounting_events import ChargebackRecorded
from canonical_model.events import FeeCharged, RefundIssued, SettlementLineRecorded
from canonical_model.money import Money
from tests.adapters.stripe.stripe_payloads import (
    CHARGE_REFERENCE,
    charge,
    dispute,
    event,
    mapped,
    of_type,
    refund,
    reinstatement,
    withdrawal,
)


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def test_a_refund_is_refund_issued_with_its_reason_and_status() -> None:
    (issued,) = mapped(refund())

    assert issued.body == RefundIssued("re_3PqAcme", usd("15.00"), payment_refund_id="re_3PqAcme")
    assert (issued.source.object_type, issued.source.version) == ("refund", "re_3PqAcme")
    assert issued.order is None
    assert issued.context["reason"] == "requested_by_customer"
    assert issued.context["status"] == "succeeded"
    assert issued.context["charge"] == "ch_3PqAcme"


def test_a_refund_takes_order_references_from_its_expanded_charge_and_payment_intent() -> None:
    expanded = refund(charge=charge(), payment_intent={"id": "pi_3PqAcme", "metadata": {"Order Number": "1001"}},
                      metadata={"orderId": "450001"})
    (issued,) = mapped(expanded)

    assert issued.references == ("450001", "#1001", "1001", CHARGE_REFERENCE)
    assert issued.context["charge"] == "ch_3PqAcme"


def test_a_pending_refund_that_succeeds_is_one_refund() -> None:
    (pending,) = mapped(refund(status="pending"))
    (succeeded,) = mapped(refund(status="succeeded"))

    assert pending.id == succeeded.id


@pytest.mark.parametrize("status", ["failed", "canceled"])
def test_a_refund_that_gave_no_money_back_states_no_refund(status: str) -> None:
    assert mapped(refund(status=status, failure_reason="expired_or_canceled_card")) == []


def test_a_refund_without_an_amount_names_the_field() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(event(refund(amount=None), "refund.created"))

    assert error.value.field == "data.object.amount"


def test_a_dispute_is_a_chargeback_with_its_status_reason_and_no_fee_before_funds_move() -> None:
    (chargeback,) = mapped(dispute(status="warning_needs_response"))

    assert chargeback.body == ChargebackRecorded("dp_1Acme", usd("40.00"), "WARNING_NEEDS_RESPONSE", "fraudulent", None)
    assert chargeback.context["reason"] == "fraudulent"
    assert chargeback.context["network_reason_code"] == "10.4"
    assert chargeback.context["evidence_due_by"] == "2026-03-05T15:00:00+00:00"


def test_the_dispute_fee_is_the_sum_of_its_balance_transaction_fees() -> None:
    events = mapped(dispute(movements=(withdrawal(),)))
    (chargeback,) = of_type(events, ChargebackRecorded.TYPE)

    assert chargeback.body.fee == usd("15.00")
    assert chargeback.body.amount == usd("40.00")
    (line,) = of_type(events, SettlementLineRecorded.TYPE)
    assert (line.body.amount, line.body.fee) == (usd("-55.00"), None)
    assert [fee.body for fee in of_type(events, FeeCharged.TYPE)] == [FeeCharged("stripe_fee", usd("15.00"), "dp_1Acme")]


def test_reinstated_funds_bring_the_fee_back_to_zero_as_a_new_stage() -> None:
    withdrawn = mapped(dispute(movements=(withdrawal(),)))
    won = mapped(dispute(status="won", movements=(withdrawal(), reinstatement())))
    (first,) = of_type(withdrawn, ChargebackRecorded.TYPE)
    (last,) = of_type(won, ChargebackRecorded.TYPE)

    assert last.body.status == "WON"
    assert last.body.fee == usd("0.00")
    assert first.id != last.id
    assert of_type(withdrawn, SettlementLineRecorded.TYPE)[0].id == of_type(won, SettlementLineRecorded.TYPE)[0].id
    assert last.occurred_at > first.occurred_at


def test_each_stage_is_one_fact_however_often_it_is_delivered() -> None:
    stages = [dispute(status="needs_response"), dispute(status="under_review"),
              dispute(status="under_review", movements=(withdrawal(),))]
    ids = [of_type(mapped(stage), ChargebackRecorded.TYPE)[0].id for stage in stages]
    again = of_type(mapped(event(dispute(status="under_review"), "charge.dispute.updated")), ChargebackRecorded.TYPE)

    assert len(set(ids)) == 3
    assert again[0].id == ids[1]


def test_a_balance_transaction_becoming_available_is_not_a_new_stage() -> None:
    pending = mapped(dispute(movements=(withdrawal(status="pending"),)))
    available = mapped(dispute(movements=(withdrawal(status="available"),)))

    assert [item.id for item in pending] == [item.id for item in available]


def test_dispute_evidence_never_reaches_context() -> None:
    for item in mapped(dispute(movements=(withdrawal(),))):
        rendered = json.dumps(item.context)
        assert "Ann Lee" not in rendered and "ann@example.com" not in rendered and "203.0.113.9" not in rendered
