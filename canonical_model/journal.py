"""Double-entry journal entries for an order's financial events; every entry balances by construction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from canonical_model.money import Money
from canonical_model.views import JournalEntry, JournalLine


@dataclass(frozen=True)
class ChartOfAccounts:
    """Account names the journal posts to; the configuration may rename them."""

    receivable: str = "Assets:Receivable:Channel"
    clearing: str = "Assets:Clearing:Payouts"
    revenue: str = "Income:Sales"
    shipping_revenue: str = "Income:Shipping"
    discounts: str = "Income:Discounts"
    refunds: str = "Income:Refunds"
    sales_tax: str = "Liabilities:SalesTax"
    fees: str = "Expenses:Fees"
    suspense: str = "Equity:Suspense:SourceInconsistency"


def period_of(moment: datetime) -> str:
    """Monthly accounting period (YYYY-MM) of a moment, in the moment's own UTC offset as the source gave it."""
    return f"{moment.year:04d}-{moment.month:02d}"


def debit(account: str, amount: Money) -> JournalLine:
    """A line debiting amount; a negative amount becomes a credit so no line carries a negative figure."""
    zero = Money.zero(amount.currency)
    return JournalLine(account, amount, zero) if amount.amount >= 0 else JournalLine(account, zero, -amount)


def credit(account: str, amount: Money) -> JournalLine:
    zero = Money.zero(amount.currency)
    return JournalLine(account, zero, amount) if amount.amount >= 0 else JournalLine(account, -amount, zero)


def balanced_entry(entry_id: str, posted_at: datetime, memo: str, lines: list[JournalLine],
                   suspense: str, period: str | None = None) -> JournalEntry:
    """An entry from its lines; a source that does not add up is balanced to the suspense account, visibly."""
    kept = [line for line in lines if not (line.debit.is_zero() and line.credit.is_zero())]
    if kept:
        currency = kept[0].debit.currency
        gap = sum((line.debit.amount - line.credit.amount for line in kept), start=Money.zero(currency).amount)
        if gap:
            kept.append(credit(suspense, Money(gap, currency)))
    return JournalEntry(entry_id, period or period_of(posted_at), posted_at, memo, tuple(kept))


def is_balanced(entry: JournalEntry) -> bool:
    debits = sum(line.debit.amount for line in entry.lines)
    credits = sum(line.credit.amount for line in entry.lines)
    return debits == credits
