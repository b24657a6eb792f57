"""QuickBooks money movements: a Payment as AccountingPaymentRecorded, a Deposit as BankDepositRecorded.

A payment line links the money to the documents it pays (LinkedTxn): invoices become the payment's
applications; credit memos, journal entries and other links applied inside the payment are
offsets, not money received, and stay in context. A deposit's amount is its TotalAmt, after the
cash back QuickBooks takes out of it (cash back in context), exactly as the bank sees it.
"""

from __future__ import annotations

from typing import Any

from adapters.quickbooks.common import (
    currency_of,
    document_references,
    linked,
    memo,
    number_text,
    order_numbers,
    origin,
    path_of,
    ref_name,
    stated_money,
    txn_date,
    without_empty,
)
from adapters.toolkit import MappingContext, Reader, SourceObject
from canonical_model.accounting_events import AccountingPaymentRecorded, BankDepositRecorded, PaymentApplication
from canonical_model.events import Event


def payment_events(obj: SourceObject, ctx: MappingContext, home_currency: str | None) -> list[Event]:
    """AccountingPaymentRecorded applied to the invoices its lines link, dated by its TxnDate."""
    r = Reader(obj.data, path_of(obj.pointer))
    currency = currency_of(r, home_currency)
    applications: list[PaymentApplication] = []
    offsets: list[dict[str, Any]] = []
    references = document_references(r)
    for line in r.items("Line"):
        amount = stated_money(line, "Amount", currency)
        for kind, txn_id in linked(line):
            references.append(f"{kind}:{txn_id}")
            if kind == "Invoice":
                applications.append(PaymentApplication(txn_id, amount))
            else:
                offsets.append({"type": kind, "id": txn_id, "amount": str(amount.amount)})
        references += line_reference_numbers(line)
    body = AccountingPaymentRecorded(
        payment_id=str(r.required("Id")),
        amount=stated_money(r, "TotalAmt", currency),
        applied_to=tuple(applications),
        method=ref_name(r, "PaymentMethodRef"),
    )
    context = {**payment_context(r), "offsets": offsets}
    return [origin(ctx, "Payment", r, obj.pointer, context, references).event(body, txn_date(r))]


def line_reference_numbers(line: Reader) -> list[str]:
    """The DocNumber of the document a payment line pays, which QuickBooks repeats in LineEx."""
    extension = line.child("LineEx")
    found = []
    for entry in extension.items("any") if extension else []:
        pair = entry.child("value")
        if pair and pair.text("Name") == "txnReferenceNumber" and pair.text("Value"):
            found.append(str(pair.text("Value")))
    return found


def payment_context(r: Reader) -> dict[str, Any]:
    """What a payment says besides its amount: unapplied part, deposit account, reference number, card status."""
    card = r.child("CreditCardPayment")
    charge = card.child("CreditChargeResponse") if card else None
    return without_empty({
        "private_note": memo(r, "PrivateNote"),
        "unapplied_amount": number_text(r.data.get("UnappliedAmt")),
        "deposit_account": ref_name(r, "DepositToAccountRef"),
        "payment_method": ref_name(r, "PaymentMethodRef"),
        "payment_ref_num": r.text("PaymentRefNum"),
        "exchange_rate": number_text(r.data.get("ExchangeRate")),
        "credit_charge_status": charge.text("Status") if charge else None,
        "process_payment": r.data.get("ProcessPayment") or None,
    })


def deposit_events(obj: SourceObject, ctx: MappingContext, home_currency: str | None) -> list[Event]:
    """BankDepositRecorded for the deposit's TotalAmt; the payments it gathers become references."""
    r = Reader(obj.data, path_of(obj.pointer))
    currency = currency_of(r, home_currency)
    deposited_at = txn_date(r)
    body = BankDepositRecorded(
        deposit_id=str(r.required("Id")),
        amount=stated_money(r, "TotalAmt", currency),
        deposited_at=deposited_at,
        reference=memo(r, "PrivateNote"),
    )
    references = document_references(r)
    for line in r.items("Line"):
        references += [f"{kind}:{txn_id}" for kind, txn_id in linked(line)]
        references += order_numbers(line.text("Description"))
    return [origin(ctx, "Deposit", r, obj.pointer, deposit_context(r), references).event(body, deposited_at)]


def deposit_context(r: Reader) -> dict[str, Any]:
    """The account deposited to, the cash back taken out of the deposit and its memo, and FX."""
    cash_back = r.child("CashBack")
    return without_empty({
        "deposit_account": ref_name(r, "DepositToAccountRef"),
        "cash_back": without_empty({
            "amount": number_text(cash_back.data.get("Amount")),
            "account": ref_name(cash_back, "AccountRef"),
            "memo": cash_back.text("Memo"),
        }) if cash_back else None,
        "exchange_rate": number_text(r.data.get("ExchangeRate")),
        "home_total": number_text(r.data.get("HomeTotalAmt")),
    })
