"""`hub push journal CONNECTION [--period YYYY-MM]`: book the hub's journal entries in an accounting partner.

The entries are the ones `hub export` writes (hub/exports.py: orders', stock's and payouts'), in their
order. Each is mapped to the partner's chart through the connection's `accounts` option, a table from
the hub's account names to the partner's account ids; an account with no entry of its own takes its
nearest mapped parent's (`"Expenses:Fees" = "58"` covers `Expenses:Fees:Referral`), and an account with
neither is refused before anything is sent, naming the account and the entries using it (exit 2); so is
a partner account id the partner does not list (when the adapter can list its chart: `journal_accounts`).

Exactly once: the `journal_pushes` table remembers entry id -> partner id, and a row is written as soon
as the partner answers, so a rerun skips what is booked. The gap between the partner's answer and that
row (a crash, a lost answer) is closed by the partner: every create carries the entry's idempotency key,
so sending the entry again returns the first result instead of a second entry. A partner failure stops
the run where it is (exit 1); the rerun carries on from there.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError

from adapters.toolkit import Adapter
from adapters.toolkit.journal_push import PushEntry, PushLine, UnbalancedEntry
from adapters.toolkit.streams import ConnectionSettings
from canonical_model.views import JournalEntry
from hub.config import ConfigError, load_settings
from hub.connections import load_connections
from hub.db import read_connection
from hub.exports import journal_entries
from hub.schema import journal_pushes
from hub.sync_runner import ClientFactory

PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass
class PushReport:
    """What one push did: entries booked now, found booked before, with nothing to book, and the error that stopped it."""

    connection: str
    pushed: dict[str, str] = field(default_factory=dict)
    already: int = 0
    empty: int = 0
    error: str | None = None

    def summary(self) -> str:
        state = f"stopped: {self.error}" if self.error else "ok"
        return (f"{self.connection}: {len(self.pushed)} journal entries pushed, {self.already} already pushed, "
                f"{self.empty} with nothing to book; {state}")


def account_map(settings: ConnectionSettings) -> dict[str, str]:
    """The connection's `accounts` table, hub account name -> partner account id."""
    table = settings.options.get("accounts")
    if not isinstance(table, Mapping) or not table:
        raise ConfigError(f"[connections.{settings.name}] needs an `accounts` table mapping the hub's accounts to "
                          f"the partner's account ids (e.g. \"Income:Sales\" = \"79\")")
    return {str(name): str(account_id) for name, account_id in table.items()}


def partner_account(accounts: Mapping[str, str], name: str) -> str | None:
    """The partner id of an account, or of its nearest mapped parent; None when neither is mapped."""
    parts = name.split(":")
    return next((accounts[":".join(parts[:size])] for size in range(len(parts), 0, -1)
                 if ":".join(parts[:size]) in accounts), None)


def push_entry(entry: JournalEntry, accounts: Mapping[str, str]) -> PushEntry | None:
    """The entry as partners receive it (zero lines dropped); None when nothing in it is to be booked."""
    lines = tuple(PushLine(accounts[line.account], line.debit.amount, line.credit.amount, line.debit.currency,
                           line.account) for line in entry.lines if line.debit.amount or line.credit.amount)
    if not lines:
        return None
    return PushEntry(entry.id, entry.posted_at.date(), entry.memo, lines)


def prepared(entries: list[JournalEntry], accounts: Mapping[str, str], connection: str) -> list[PushEntry | None]:
    """Every entry mapped to the partner's accounts; any unmapped account refuses the whole push, by name."""
    resolved = {line.account: partner_account(accounts, line.account) for entry in entries for line in entry.lines}
    unknown = sorted(name for name, found in resolved.items() if found is None)
    if unknown:
        users = {name: [e.id for e in entries if any(line.account == name for line in e.lines)] for name in unknown}
        named = "; ".join(f"{name} (used by {len(ids)} entries, e.g. {ids[0]})" for name, ids in users.items())
        raise ConfigError(f"[connections.{connection}.accounts] maps no partner account for {named}")
    mapped = {name: found for name, found in resolved.items() if found is not None}
    try:
        return [push_entry(entry, mapped) for entry in entries]
    except UnbalancedEntry as error:
        raise ConfigError(str(error)) from error


def check_partner_chart(chart: Mapping[str, str], ready: list[PushEntry | None], connection: str) -> None:
    """Refuse, before anything is sent, a mapping to an account id the partner does not have (or not active)."""
    missing = sorted({(line.description, line.account) for entry in ready if entry for line in entry.lines
                      if line.account not in chart})
    if missing:
        named = "; ".join(f"{name} -> {account_id}" for name, account_id in missing)
        raise ConfigError(f"[connections.{connection}.accounts] names accounts the partner does not have: {named}")


def pushed_before(engine: Engine, connection: str) -> dict[str, str]:
    with engine.connect() as db:
        rows = db.execute(select(journal_pushes.c.entry_id, journal_pushes.c.partner_id)
                          .where(journal_pushes.c.connection == connection))
        return {row.entry_id: row.partner_id for row in rows}


def remember(engine: Engine, connection: str, entry_id: str, partner_id: str) -> None:
    """Record one booked entry; a row already there (a concurrent push of the same entry) stands."""
    try:
        with engine.begin() as db:
            db.execute(insert(journal_pushes).values(connection=connection, entry_id=entry_id, partner_id=partner_id,
                                                     pushed_at=datetime.now(UTC)))
    except IntegrityError:
        pass


def entries_to_push(engine: Engine, period: str | None) -> list[JournalEntry]:
    with read_connection(engine) as connection:
        entries = journal_entries(connection)
    return [entry for entry in entries if period is None or entry.period == period]


async def push_journal(engine: Engine, settings: ConnectionSettings, adapter: Adapter, clients: ClientFactory,
                       period: str | None = None) -> PushReport:
    """Push every entry of the period not yet booked in the partner, each once, in journal order."""
    if adapter.push_journal is None:
        raise ConfigError(f"[connections.{settings.name}] adapter {adapter.name} cannot receive journal entries")
    report, accounts = PushReport(settings.name), account_map(settings)
    entries = await asyncio.to_thread(entries_to_push, engine, period)
    booked = await asyncio.to_thread(pushed_before, engine, settings.name)
    report.already = sum(1 for entry in entries if entry.id in booked)
    waiting = [entry for entry in entries if entry.id not in booked]
    ready = prepared(waiting, accounts, settings.name)
    report.empty = sum(1 for entry in ready if entry is None)
    async with clients(settings, adapter) as client:
        if adapter.journal_accounts is not None:
            check_partner_chart(await adapter.journal_accounts(client, settings), ready, settings.name)  # type: ignore[arg-type]
        for entry in filter(None, ready):
            try:
                partner_id = await adapter.push_journal(client, settings, entry)  # type: ignore[arg-type]
            except Exception as error:  # noqa: BLE001 - a partner failure stops the run with its reason
                report.error = f"entry {entry.id}: {type(error).__name__}: {error}"
                break
            await asyncio.to_thread(remember, engine, settings.name, entry.id, partner_id)
            report.pushed[entry.id] = partner_id
    return report


def cmd_push_journal(args: argparse.Namespace) -> int:
    from hub.registry import ADAPTERS
    from hub.sync_command import stored_token_clients

    if args.period is not None and not PERIOD.match(args.period):
        raise ConfigError(f"--period {args.period!r} is not a month as YYYY-MM")
    settings = load_settings()
    connection = next(iter(load_connections(settings, only=args.connection)), None)
    if connection is None:
        raise ConfigError(f"{settings.config_path}: no connection named {args.connection!r}")
    engine = args.engine()
    report = asyncio.run(push_journal(engine, connection, ADAPTERS[connection.adapter], stored_token_clients(engine),
                                      args.period))
    print(report.summary(), file=sys.stderr if report.error else sys.stdout)
    return 1 if report.error else 0


def add_push_commands(commands: Any) -> None:
    """`hub push journal CONNECTION [--period YYYY-MM]`."""
    push = commands.add_parser("push", help="book the hub's data in a partner").add_subparsers(
        dest="push_command", required=True)
    journal = push.add_parser("journal", help="push the hub's journal entries to an accounting connection, each once")
    journal.add_argument("connection")
    journal.add_argument("--period", metavar="YYYY-MM", help="only the entries of this accounting period")
    journal.set_defaults(run=cmd_push_journal)
