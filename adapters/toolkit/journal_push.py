"""Pushing the hub's balanced journal entries into an accounting partner (QuickBooks Online, Xero).

How an adapter uses it: give its `Adapter` a `push_journal`, an async function
`(client, settings, entry: PushEntry) -> partner id`, that creates one journal entry in the partner and
answers the id the partner gave it. The entry arrives in a neutral form: the hub's entry id, posting date,
memo and lines whose accounts are already the partner's account ids (the hub maps its chart through the
connection's `accounts` option before calling). The function must send `entry.idempotency_key` the way the
partner de-duplicates creates (QuickBooks `requestid`, Xero `Idempotency-Key`), so a create retried after
a lost answer returns the first result instead of booking the entry twice; the hub's own table of pushed
entries (hub/journal_push.py) makes a rerun skip what is already booked. A refusal by the partner (an
unbalanced entry, an unknown account) is a `FatalApiError` from the client and stops the push with the
partner's message. An adapter may also give `journal_accounts`, an async function `(client, settings) ->
{account id: name}` listing the accounts the partner accepts postings to; the hub then refuses, before
sending anything, a mapping that names an account the partner does not have.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from adapters.toolkit.streams import ConnectionSettings

if TYPE_CHECKING:
    from adapters.toolkit.http import PartnerClient


class UnbalancedEntry(ValueError):
    """An entry whose debits and credits differ in some currency: never sent to a partner."""


@dataclass(frozen=True)
class PushLine:
    """One line: the partner's account id, a debit or a credit (the other zero), and its currency."""

    account: str
    debit: Decimal
    credit: Decimal
    currency: str
    # The hub's own account name, for the partner's line description.
    description: str = ""


@dataclass(frozen=True)
class PushEntry:
    """One balanced journal entry as a partner receives it; `id` is the hub's entry id."""

    id: str
    date: date
    memo: str
    lines: tuple[PushLine, ...]

    def __post_init__(self) -> None:
        for currency in sorted({line.currency for line in self.lines}):
            mine = [line for line in self.lines if line.currency == currency]
            debits, credits = sum(line.debit for line in mine), sum(line.credit for line in mine)
            if debits != credits:
                raise UnbalancedEntry(f"journal entry {self.id}: {currency} debits {debits} != credits {credits}")
        if not self.lines:
            raise UnbalancedEntry(f"journal entry {self.id}: has no lines")

    @property
    def currency(self) -> str:
        """The entry's currency; an entry in several is refused, partners book one currency per entry."""
        currencies = {line.currency for line in self.lines}
        if len(currencies) != 1:
            raise UnbalancedEntry(f"journal entry {self.id}: lines in {sorted(currencies)}, one currency expected")
        return currencies.pop()

    @property
    def idempotency_key(self) -> str:
        """A short key derived from the entry id alone (partners cap its length: QuickBooks at 50 characters)."""
        return hashlib.sha256(self.id.encode()).hexdigest()[:36]

    @property
    def reference(self) -> str:
        """A document number a bookkeeper can search for (QuickBooks DocNumber allows 21 characters)."""
        return f"HUB-{self.idempotency_key[:12]}"


PushJournal = Callable[["PartnerClient", ConnectionSettings, PushEntry], Awaitable[str]]
JournalAccounts = Callable[["PartnerClient", ConnectionSettings], Awaitable[Mapping[str, str]]]
