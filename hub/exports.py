"""The whole journal out of the hub: `hub export beancount` (a ledger bean-check accepts) and `hub export csv`.

The journal is every order's entries as its stored view holds them (folded with the configured policies),
plus the entries that belong to no order: stock receipts, counts, capitalised freight and unlinked
shipments from costing over every stock event, and one entry per payout. Every entry balances by
construction; `journal_entries` is also what the balance test reads.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, select

from canonical_model.beancount import beancount_ledger, journal_csv
from canonical_model.codec import from_json
from canonical_model.costing import costing
from canonical_model.events import PayoutRecorded
from canonical_model.stock_journal import payout_entries, stock_entries
from canonical_model.views import JournalEntry
from hub.db import read_connection
from hub.event_keys import SKU, events_of_skus
from hub.event_rows import event_from_row
from hub.policies import Policies, configured_policies
from hub.schema import event_keys, events, orders

FORMATS = ("beancount", "csv")


def order_entries(connection: Connection) -> list[JournalEntry]:
    """The journal entries of every stored order view, in order id order."""
    entries = []
    rows = connection.execute(select(orders.c.view).order_by(orders.c.order_id)).scalars().yield_per(500)
    for view in rows:
        entries += [from_json(JournalEntry, entry) for entry in view["finance"]["journal_entries"]]
    return entries


def _stock_entries(connection: Connection, policies: Policies) -> list[JournalEntry]:
    keys = connection.execute(select(event_keys.c.key).distinct().where(event_keys.c.key.startswith(SKU)))
    skus = policies.components({key.removeprefix(SKU) for key in keys.scalars()})
    loaded = events_of_skus(connection, skus | policies.bundles_containing(skus))
    return stock_entries(costing(loaded, policies.costing, policies.bom), policies.chart, policies.recognition.calendar)


def _payout_entries(connection: Connection, policies: Policies) -> list[JournalEntry]:
    rows = connection.execute(select(events).where(events.c.type == PayoutRecorded.TYPE).order_by(events.c.seq))
    return payout_entries([event_from_row(row) for row in rows], policies.chart, policies.recognition.calendar)


def journal_entries(connection: Connection, policies: Policies | None = None) -> list[JournalEntry]:
    """Every journal entry the hub holds: orders', stock's and payouts'."""
    policies = policies or configured_policies()
    return order_entries(connection) + _stock_entries(connection, policies) + _payout_entries(connection, policies)


def export_journal(engine: Engine, kind: str, output: Path | None = None,
                   policies: Policies | None = None) -> tuple[str, int]:
    """The journal as a Beancount ledger or CSV lines, written to `output` when given; (text, entries)."""
    if kind not in FORMATS:
        raise ValueError(f"unknown export format {kind!r}; known: {', '.join(FORMATS)}")
    with read_connection(engine) as connection:
        entries = journal_entries(connection, policies)
    text = beancount_ledger(entries) if kind == "beancount" else journal_csv(entries)
    if output is not None:
        output.write_text(text)
    return text, len(entries)
