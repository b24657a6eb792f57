"""Facts from accounting and banking: invoices and credit notes, payments, journals, deposits, chargebacks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from canonical_model.money import Money


@dataclass(frozen=True)
class InvoiceLine:
    description: str | None
    amount: Money
    sku: str | None = None
    quantity: str | None = None
    unit_price: Money | None = None


@dataclass(frozen=True)
class InvoiceRecorded:
    """An invoice, sales receipt, credit note or refund receipt as the accounting package holds it."""

    TYPE: ClassVar[str] = "invoice.recorded"
    invoice_id: str
    kind: str
    number: str | None
    issued_at: datetime
    lines: tuple[InvoiceLine, ...]
    total: Money
    tax: Money | None = None
    balance: Money | None = None
    status: str | None = None


@dataclass(frozen=True)
class PaymentApplication:
    invoice_id: str
    amount: Money


@dataclass(frozen=True)
class AccountingPaymentRecorded:
    TYPE: ClassVar[str] = "accounting_payment.recorded"
    payment_id: str
    amount: Money
    applied_to: tuple[PaymentApplication, ...] = ()
    method: str | None = None


@dataclass(frozen=True)
class PostedLine:
    account: str
    debit: Money
    credit: Money
    description: str | None = None


@dataclass(frozen=True)
class JournalPosted:
    """A journal entry as posted in the accounting package (read) or pushed there by the hub."""

    TYPE: ClassVar[str] = "journal.posted"
    entry_id: str
    posted_at: datetime
    lines: tuple[PostedLine, ...]
    memo: str | None = None


@dataclass(frozen=True)
class BankDepositRecorded:
    TYPE: ClassVar[str] = "bank_deposit.recorded"
    deposit_id: str
    amount: Money
    deposited_at: datetime
    reference: str | None = None


@dataclass(frozen=True)
class ChargebackRecorded:
    """A dispute (chargeback, inquiry) and where it stands: NEEDS_RESPONSE, UNDER_REVIEW, WON, LOST."""

    TYPE: ClassVar[str] = "chargeback.recorded"
    dispute_id: str
    amount: Money
    status: str
    reason: str | None = None
    fee: Money | None = None


@dataclass(frozen=True)
class RecordDeleted:
    """A record the source deleted: kept as a fact, never a silent disappearance."""

    TYPE: ClassVar[str] = "record.deleted"
    object_type: str
    object_id: str
