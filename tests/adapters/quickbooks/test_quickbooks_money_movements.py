"""QuickBooks payments as AccountingPaymentRecorded and deposits as BankDepositRecorded."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.toolkit import PayloadError
from canonical_model.accounting_events import AccountingPaymentRecorded, BankDepositRecorded, PaymentApplication
from canonical_model.money import Money
from tests.adapters.quickbooks.quickbooks_payloads import (
    d,
    deposit,
    mapped,
    payment,
    payment_line,
    query_page,
    single,
)


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def test_a_payment_is_applied_to_the_invoices_its_lines_link() -> None:
    (event,) = mapped(single("Payment", payment()))

    assert event.body == AccountingPaymentRecorded(
        payment_id="170", amount=usd("50.00"), applied_to=(PaymentApplication("130", usd("43.20")),), method="Visa")
    assert event.occurred_at == datetime(2026, 3, 4, tzinfo=UTC)
    assert event.references == ("Invoice:130", "1001")
    assert event.context["unapplied_amount"] == "6.80"
    assert event.context["payment_ref_num"] == "4411"
    assert event.order is None


def test_credits_applied_inside_a_payment_are_offsets_not_money_received() -> None:
    lines = [payment_line("43.20", "130", "1001"), payment_line("10.00", "160", txn_type="CreditMemo")]
    (event,) = mapped(single("Payment", payment(Line=lines, TotalAmt=d("33.20"), UnappliedAmt=d("0"))))

    assert event.body.amount == usd("33.20")
    assert event.body.applied_to == (PaymentApplication("130", usd("43.20")),)
    assert event.context["offsets"] == [{"type": "CreditMemo", "id": "160", "amount": "10.00"}]
    assert "CreditMemo:160" in event.references


def test_a_payment_line_without_amount_names_its_path() -> None:
    payload = payment()
    del payload["Line"][0]["Amount"]

    with pytest.raises(PayloadError) as error:
        mapped(query_page("Payment", payload))

    assert error.value.field == "QueryResponse.Payment[0].Line[0].Amount"


def test_a_deposit_is_its_stated_total_after_cash_back() -> None:
    (event,) = mapped(single("Deposit", deposit()))

    assert event.body == BankDepositRecorded(
        deposit_id="180", amount=usd("61.60"), deposited_at=datetime(2026, 3, 6, tzinfo=UTC),
        reference="Stripe payout po_1001")
    assert event.context["cash_back"] == {"amount": "10.00", "account": "Savings", "memo": "To savings"}
    assert event.references == ("Payment:170", "SalesReceipt:140")


def test_a_deposit_total_is_kept_as_stated_even_when_its_lines_disagree() -> None:
    (event,) = mapped(single("Deposit", deposit(TotalAmt=d("99.99"))))

    assert event.body.amount == usd("99.99")


def test_a_deposit_in_a_foreign_currency_keeps_it_and_its_rate() -> None:
    (event,) = mapped(single("Deposit", deposit(CurrencyRef={"value": "EUR"}, ExchangeRate=d("1.0825"))))

    assert event.body.amount == Money.of("61.60", "EUR")
    assert event.context["exchange_rate"] == "1.0825"
