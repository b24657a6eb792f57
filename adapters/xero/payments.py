"""Xero payments, overpayments and prepayments as AccountingPaymentRecorded.

A payment is applied to the one document it names (an invoice, a credit note, a prepayment or an
overpayment), in that document's currency. Overpayments and prepayments are money a contact paid
before or beyond what it owed: the closest honest fact is a payment applied to the invoices its
allocations name, with the unapplied rest (RemainingCredit) in context. Amounts keep Xero's sign:
positive, with the direction in PaymentType or Type (ACCRECPAYMENT money in, ACCPAYPAYMENT and
ARCREDITPAYMENT money out; RECEIVE- or SPEND- overpayments and prepayments).
"""

from __future__ import annotations

from typing import Any

from adapters.toolkit import MappingContext, PayloadError, Reader, SourceObject
from adapters.xero.common import (
    accepted,
    currency_of,
    document_date,
    number_text,
    origin,
    path_of,
    references_of,
    required_time,
    stated_money,
    updated_version,
    without_empty,
)
from canonical_model.accounting_events import AccountingPaymentRecorded, PaymentApplication
from canonical_model.events import Event

# The document a payment pays, and the field holding that document's id.
_TARGETS = (("Invoice", "InvoiceID"), ("CreditNote", "CreditNoteID"), ("Prepayment", "PrepaymentID"),
            ("Overpayment", "OverpaymentID"))


def payment_events(obj: SourceObject, ctx: MappingContext, base_currency: str | None) -> list[Event]:
    """AccountingPaymentRecorded applied to the document the payment names; RecordDeleted too once deleted."""
    r = Reader(obj.data, path_of(obj.pointer))
    accepted(r)
    payment_id = str(r.required("PaymentID"))
    target, id_field = next(((name, field) for name, field in _TARGETS if isinstance(r.data.get(name), dict)),
                            ("Invoice", "InvoiceID"))
    document = r.child(target) or Reader({}, r.at(target))
    currency = currency_of(document, base_currency)
    amount = stated_money(r, "Amount", currency)
    document_id = document.text(id_field)
    body = AccountingPaymentRecorded(
        payment_id=payment_id,
        amount=amount,
        applied_to=(PaymentApplication(document_id, amount),) if document_id else (),
    )
    context = {**payment_context(r), "document_type": document.text("Type") or target}
    references = references_of(document, "InvoiceNumber", "CreditNoteNumber", "Reference") + references_of(r, "Reference")
    source = origin(ctx, "Payment", payment_id, updated_version(r), obj.pointer, context, references)
    return [source.event(body, required_time(r, "Date")), *source.removals(r)]


def payment_context(r: Reader) -> dict[str, Any]:
    """Type, status, bank amount and account, reconciliation and batch of a payment."""
    account = r.child("Account")
    return without_empty({
        "payment_type": r.text("PaymentType"),
        "status": r.text("Status"),
        "reference": r.text("Reference"),
        "bank_amount": number_text(r.data.get("BankAmount")),
        "currency_rate": number_text(r.data.get("CurrencyRate")),
        "account_code": account.text("Code") if account else None,
        "is_reconciled": r.data.get("IsReconciled"),
        "batch_payment_id": r.text("BatchPaymentID"),
        "details": r.text("Details"),
    })


def prepayment_events(obj: SourceObject, ctx: MappingContext, base_currency: str | None) -> list[Event]:
    """A prepayment as a payment applied to the invoices it was allocated to."""
    return _credit_events(obj, ctx, base_currency, "Prepayment")


def overpayment_events(obj: SourceObject, ctx: MappingContext, base_currency: str | None) -> list[Event]:
    """An overpayment as a payment applied to the invoices it was allocated to."""
    return _credit_events(obj, ctx, base_currency, "Overpayment")


def _credit_events(obj: SourceObject, ctx: MappingContext, base_currency: str | None, kind: str) -> list[Event]:
    r = Reader(obj.data, path_of(obj.pointer))
    accepted(r)
    currency = currency_of(r, base_currency)
    credit_id = str(r.required(f"{kind}ID"))
    applications, references = allocations(r, currency)
    body = AccountingPaymentRecorded(payment_id=credit_id, amount=stated_money(r, "Total", currency),
                                     applied_to=applications)
    context = without_empty({
        "type": r.text("Type"),
        "status": r.text("Status"),
        "remaining_credit": number_text(r.data.get("RemainingCredit")),
        "line_amount_types": r.text("LineAmountTypes"),
        "sub_total": number_text(r.data.get("SubTotal")),
        "total_tax": number_text(r.data.get("TotalTax")),
        "currency_rate": number_text(r.data.get("CurrencyRate")),
    })
    references = references_of(r, "InvoiceNumber", "Reference") + references
    source = origin(ctx, kind, credit_id, updated_version(r), obj.pointer, context, references)
    return [source.event(body, document_date(r)), *source.removals(r)]


def allocations(r: Reader, currency: str) -> tuple[tuple[PaymentApplication, ...], list[str]]:
    """The invoices a credit was allocated to, with the amounts, and their invoice numbers as references."""
    applications, references = [], []
    for allocation in r.items("Allocations"):
        invoice = allocation.child("Invoice")
        invoice_id = invoice.text("InvoiceID") if invoice else None
        if invoice is None or invoice_id is None:
            raise PayloadError(allocation.at("Invoice.InvoiceID"), "is required")
        applications.append(PaymentApplication(invoice_id, stated_money(allocation, "Amount", currency)))
        references += references_of(invoice, "InvoiceNumber")
    return tuple(applications), references
