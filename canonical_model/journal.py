"""Double-entry journal entries; every entry balances by construction, on a configurable chart of accounts.

Account names follow Beancount's rules (colon-separated components, each starting with a capital letter
or digit, no spaces), so the journal exports as a ledger `bean-check` accepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from canonical_model.money import Money
from canonical_model.views import JournalEntry, JournalLine


def account_component(text: str) -> str:
    """A free-form name as one account component: "shipping_label" -> "ShippingLabel", "FBA fee" -> "FBAFee"."""
    words = [word for word in re.split(r"[^A-Za-z0-9]+", text) if word]
    joined = "".join(word[0].upper() + word[1:] for word in words)
    return joined or "Other"


@dataclass(frozen=True)
class ChartOfAccounts:
    """Account names the journal posts to; the configuration may rename them.

    `fee_accounts` maps a fee type to its account; other fee types post to `fees` + the type as a component.
    """

    receivable: str = "Assets:Receivable:Channel"
    clearing: str = "Assets:Clearing:Payouts"
    bank: str = "Assets:Bank"
    inventory: str = "Assets:Inventory"
    revenue: str = "Income:Sales"
    shipping_revenue: str = "Income:Shipping"
    discounts: str = "Income:Discounts"
    refunds: str = "Income:Refunds"
    count_gains: str = "Income:InventoryCountGains"
    deferred_revenue: str = "Liabilities:DeferredRevenue"
    sales_tax: str = "Liabilities:SalesTax"
    goods_received: str = "Liabilities:GoodsReceivedNotInvoiced"
    freight_payable: str = "Liabilities:FreightPayable"
    payables: str = "Liabilities:Payable"
    cogs: str = "Expenses:COGS"
    fees: str = "Expenses:Fees"
    chargebacks: str = "Expenses:Chargebacks"
    shrinkage: str = "Expenses:Inventory:Shrinkage"
    damage: str = "Expenses:Inventory:Damage"
    suspense: str = "Equity:Suspense:SourceInconsistency"
    fee_accounts: tuple[tuple[str, str], ...] = ()

    def fee_account(self, fee_type: str) -> str:
        """The account a fee of this type posts to."""
        return dict(self.fee_accounts).get(fee_type) or f"{self.fees}:{account_component(fee_type)}"

    def payable_to(self, system: str) -> str:
        """What the brand owes a system that bills it separately (a carrier, a 3PL)."""
        return f"{self.payables}:{account_component(system)}"


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
    for currency in dict.fromkeys(line.debit.currency for line in kept):
        gap = sum(line.debit.amount - line.credit.amount for line in kept if line.debit.currency == currency)
        if gap:
            kept.append(credit(suspense, Money(gap, currency)))
    return JournalEntry(entry_id, period or period_of(posted_at), posted_at, memo, tuple(kept))


def is_balanced(entry: JournalEntry) -> bool:
    """Debits equal credits, currency by currency."""
    currencies = {line.debit.currency for line in entry.lines}
    return all(
        sum(line.debit.amount for line in entry.lines if line.debit.currency == currency)
        == sum(line.credit.amount for line in entry.lines if line.credit.currency == currency)
        for currency in currencies
    )
