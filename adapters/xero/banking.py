"""Xero bank transactions and batch payments as BankDepositRecorded: money moving through a bank account.

The amount is signed as the bank account sees it, so that the deposits of one account add up to its
movement: RECEIVE transactions (and RECBATCH batches) are positive, SPEND transactions (and PAYBATCH
batches) negative. Xero itself states every Total positive and the direction in Type; Type and the
Total as stated stay in context. A batch payment is one deposit slip for several invoice payments;
those payments are facts of their own (the Payments endpoint), so the batch names their invoices as
references and maps no payment itself.
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
    stated_money,
    updated_version,
    without_empty,
)
from canonical_model.accounting_events import BankDepositRecorded
from canonical_model.events import Event

_BANK_TYPES = {"RECEIVE", "RECEIVE-OVERPAYMENT", "RECEIVE-PREPAYMENT", "RECEIVE-TRANSFER",
               "SPEND", "SPEND-OVERPAYMENT", "SPEND-PREPAYMENT", "SPEND-TRANSFER"}
_BATCH_TYPES = {"RECBATCH": 1, "PAYBATCH": -1}


def bank_transaction_events(obj: SourceObject, ctx: MappingContext, base_currency: str | None) -> list[Event]:
    """BankDepositRecorded for a receive (positive) or spend (negative) transaction; RecordDeleted once removed."""
    r = Reader(obj.data, path_of(obj.pointer))
    accepted(r)
    kind = str(r.required("Type"))
    if kind not in _BANK_TYPES:
        raise PayloadError(r.at("Type"), f"{kind!r} is not a Xero bank transaction type")
    currency = currency_of(r, base_currency)
    stated = stated_money(r, "Total", currency)
    transaction_id = str(r.required("BankTransactionID"))
    deposited_at = document_date(r)
    body = BankDepositRecorded(
        deposit_id=transaction_id,
        amount=-stated if kind.startswith("SPEND") else stated,
        deposited_at=deposited_at,
        reference=r.text("Reference"),
    )
    context = {
        **bank_context(r),
        "total": number_text(r.data.get("Total")),
        "sub_total": number_text(r.data.get("SubTotal")),
        "total_tax": number_text(r.data.get("TotalTax")),
        "line_amount_types": r.text("LineAmountTypes"),
        "prepayment_id": r.text("PrepaymentID"),
        "overpayment_id": r.text("OverpaymentID"),
    }
    references = references_of(r, "Reference")
    source = origin(ctx, "BankTransaction", transaction_id, updated_version(r), obj.pointer, context, references)
    return [source.event(body, deposited_at), *source.removals(r)]


def bank_context(r: Reader) -> dict[str, Any]:
    """Type, status, bank account, reconciliation, batch and FX of a bank movement."""
    account = r.child("BankAccount") or r.child("Account")
    batch = r.child("BatchPayment")
    return without_empty({
        "type": r.text("Type"),
        "status": r.text("Status"),
        "bank_account_code": account.text("Code") if account else None,
        "bank_account": account.text("Name") if account else None,
        "is_reconciled": r.data.get("IsReconciled"),
        "batch_payment_id": batch.text("BatchPaymentID") if batch else None,
        "currency_rate": number_text(r.data.get("CurrencyRate")),
    })


def batch_payment_events(obj: SourceObject, ctx: MappingContext, base_currency: str | None) -> list[Event]:
    """BankDepositRecorded for a batch: RECBATCH positive, PAYBATCH negative; RecordDeleted once deleted."""
    r = Reader(obj.data, path_of(obj.pointer))
    accepted(r)
    kind = str(r.required("Type"))
    if kind not in _BATCH_TYPES:
        raise PayloadError(r.at("Type"), f"{kind!r} is neither RECBATCH nor PAYBATCH")
    account = r.child("Account")
    currency = r.text("CurrencyCode") or currency_of(account or Reader({}, r.at("Account")), base_currency)
    stated = stated_money(r, "TotalAmount", currency)
    batch_id = str(r.required("BatchPaymentID"))
    deposited_at = document_date(r)
    body = BankDepositRecorded(
        deposit_id=batch_id,
        amount=stated if _BATCH_TYPES[kind] > 0 else -stated,
        deposited_at=deposited_at,
        reference=r.text("Reference"),
    )
    payments = list(r.items("Payments"))
    context = {
        **bank_context(r),
        "total_amount": number_text(r.data.get("TotalAmount")),
        "payments": len(payments),
        "narrative": r.text("Narrative"),
        "details": r.text("Details"),
        "particulars": r.text("Particulars"),
        "code": r.text("Code"),
    }
    references = references_of(r, "Reference")
    for payment in payments:
        invoice = payment.child("Invoice")
        references += references_of(invoice, "InvoiceNumber") if invoice else []
    source = origin(ctx, "BatchPayment", batch_id, updated_version(r), obj.pointer, context, references)
    return [source.event(body, deposited_at), *source.removals(r)]
