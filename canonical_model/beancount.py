"""Journal entries written as a Beancount ledger (`hub export beancount`) or as CSV lines (`hub export csv`).

The ledger opens every account it uses, with the currencies posted to it, on the date of the earliest
entry; each entry becomes a transaction dated by its posting date, carrying its id and period as metadata,
with a debit as a positive and a credit as a negative posting. Names that Beancount would refuse (a chart
renamed by configuration into "Sales revenue") are refused here with the account named, rather than
written into a ledger `bean-check` then rejects.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from canonical_model.views import JournalEntry

_ROOTS = ("Assets", "Liabilities", "Equity", "Income", "Expenses")
_COMPONENT = re.compile(r"^[A-Z0-9][A-Za-z0-9\-]*$")


class LedgerError(ValueError):
    """An account name Beancount would not accept."""


def check_account(account: str) -> str:
    """The account, when Beancount accepts its name; else a LedgerError naming it and the rule."""
    root, *rest = account.split(":")
    if root not in _ROOTS or not rest or not all(_COMPONENT.match(part) for part in rest):
        raise LedgerError(f"account {account!r} is not a Beancount account name: it must start with one of "
                          f"{', '.join(_ROOTS)} and continue with components like 'Receivable' (capital or digit "
                          "first, letters, digits and hyphens only)")
    return account


def _text(value: str) -> str:
    return '"' + " ".join(value.replace("\\", "/").replace('"', "'").split()) + '"'


def _amount(value: Decimal) -> str:
    return format(value, "f")


def _opens(entries: list[JournalEntry]) -> list[str]:
    currencies: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        for line in entry.lines:
            currencies[check_account(line.account)].add(line.debit.currency)
    opened = min(entry.posted_at.date() for entry in entries).isoformat()
    return [f"{opened} open {account} {','.join(sorted(currencies[account]))}" for account in sorted(currencies)]


def _transaction(entry: JournalEntry) -> list[str]:
    lines = [f"{entry.posted_at.date().isoformat()} * {_text(entry.memo)}",
             f"  id: {_text(entry.id)}", f"  period: {_text(entry.period)}"]
    for line in entry.lines:
        amount = line.debit.amount - line.credit.amount
        lines.append(f"  {line.account}  {_amount(amount)} {line.debit.currency}")
    return lines


def beancount_ledger(entries: Iterable[JournalEntry], title: str = "Order hub journal") -> str:
    """A Beancount ledger of the entries: option lines, open directives, then transactions by date."""
    kept = sorted((entry for entry in entries if entry.lines), key=lambda e: (e.posted_at.date(), e.id))
    out = [f"option {_text('title')} {_text(title)}", ""]
    if kept:
        out += _opens(kept) + [""]
    for entry in kept:
        out += _transaction(entry) + [""]
    return "\n".join(out)


CSV_COLUMNS = ("entry_id", "period", "date", "memo", "account", "debit", "credit", "currency")


def journal_csv(entries: Iterable[JournalEntry]) -> str:
    """One row per journal line, for spreadsheets: entry id, period, date, memo, account, debit, credit, currency."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        for line in entry.lines:
            writer.writerow([entry.id, entry.period, entry.posted_at.date().isoformat(), entry.memo, line.account,
                             _amount(line.debit.amount), _amount(line.credit.amount), line.debit.currency])
    return buffer.getvalue()
