"""Xero payments, prepayments and overpayments as payments; bank transactions and batches as bank deposits."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.toolkit import PayloadError
from canonical_model.accounting_events import AccountingPaymentRecorded, BankDepositRecorded, PaymentApplication
from canonical_model.money import Money
from tests.adapters.xero.xero_payloads import (
    bank_transaction,
    batch_payment,
    credit,
    d,
    mapped,
    payment,
    response,
)


def nzd(amount: str) -> Money:
    return Money.of(amount, "NZD")


def test_a_payment_is_applied_to_its_invoice_in_the_invoices_currency() -> None:
    (event,) = mapped(response("Payments", payment()))

    assert event.body == AccountingPaymentRecorded(
        payment_id="99ea7f6b", amount=nzd("46.00"), applied_to=(PaymentApplication("ed255415", nzd("46.00")),))
    assert event.occurred_at == datetime(2026, 3, 4, tzinfo=UTC)
    assert event.references == ("INV-0101", "Shopify order #1001", "#1001", "1001")
    assert event.context["payment_type"] == "ACCRECPAYMENT"
    assert event.context["batch_payment_id"] == "b54aa50c"
    assert event.order is None


def test_a_refund_of_a_credit_note_keeps_xeros_positive_amount_and_says_its_type() -> None:
    refund = payment(PaymentType="ARCREDITPAYMENT", Amount=d("2.00"), Invoice=None,
                     CreditNote={"CreditNoteID": "249f15fa", "CreditNoteNumber": "CN-0005", "CurrencyCode": "NZD"})
    (event,) = mapped(response("Payments", refund))

    assert event.body.amount == nzd("2.00")
    assert event.body.applied_to == (PaymentApplication("249f15fa", nzd("2.00")),)
    assert event.context["payment_type"] == "ARCREDITPAYMENT"
    assert event.context["document_type"] == "CreditNote"
    assert event.references == ("CN-0005",)


def test_a_deleted_payment_is_also_record_deleted() -> None:
    events = mapped(response("Payments", payment(Status="DELETED")))

    assert [e.type for e in events] == ["accounting_payment.recorded", "record.deleted"]


def test_a_payment_without_any_currency_names_the_documents_currency_field() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(response("Payments", payment(Invoice={"InvoiceID": "ed255415"})))

    assert error.value.field == "Payments[0].Invoice.CurrencyCode"


@pytest.mark.parametrize("kind", ["Prepayment", "Overpayment"])
def test_a_prepayment_or_overpayment_is_a_payment_applied_by_its_allocations(kind: str) -> None:
    (event,) = mapped(response(f"{kind}s", credit(kind)))

    assert event.body == AccountingPaymentRecorded(
        payment_id="ce0cddef", amount=nzd("100.00"), applied_to=(PaymentApplication("ed255415", nzd("1.00")),))
    assert event.source.object_type == kind
    assert event.context["remaining_credit"] == "99.00"
    assert event.context["type"] == f"RECEIVE-{kind.upper()}"
    assert event.references == ("Order 1001 deposit", "1001", "INV-0101")


def test_a_receive_transaction_is_a_positive_deposit() -> None:
    (event,) = mapped(response("BankTransactions", bank_transaction()))

    assert event.body == BankDepositRecorded(deposit_id="db54aab0", amount=nzd("61.60"),
                                             deposited_at=datetime(2026, 3, 6, tzinfo=UTC),
                                             reference="Stripe payout po_1001")
    assert event.context["bank_account"] == "Business Account"
    assert event.context["total"] == "61.60"


@pytest.mark.parametrize("kind", ["SPEND", "SPEND-OVERPAYMENT", "SPEND-PREPAYMENT", "SPEND-TRANSFER"])
def test_a_spend_transaction_is_a_negative_movement_with_the_stated_total_in_context(kind: str) -> None:
    (event,) = mapped(response("BankTransactions", bank_transaction(kind=kind)))

    assert event.body.amount == nzd("-61.60")
    assert (event.context["type"], event.context["total"]) == (kind, "61.60")


def test_an_unknown_bank_transaction_type_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(response("BankTransactions", bank_transaction(kind="SIDEWAYS")))

    assert error.value.field == "BankTransactions[0].Type"


def test_a_receive_batch_is_one_deposit_naming_the_invoices_it_pays() -> None:
    (event,) = mapped(response("BatchPayments", batch_payment()))

    assert event.body == BankDepositRecorded(deposit_id="d0e9bbbf", amount=nzd("100.00"),
                                             deposited_at=datetime(2026, 3, 6, tzinfo=UTC), reference="Deposit 17")
    assert event.references == ("Deposit 17", "INV-0101", "INV-0102")
    assert event.context["payments"] == 2
    assert mapped(response("BatchPayments", batch_payment(kind="PAYBATCH")))[0].body.amount == nzd("-100.00")


def test_a_batch_total_is_kept_as_stated() -> None:
    (event,) = mapped(response("BatchPayments", batch_payment(TotalAmount="99.99")))

    assert event.body.amount == nzd("99.99")
