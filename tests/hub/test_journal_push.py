"""`hub push journal` against the QuickBooks simulator: each entry arrives balanced and once, reruns push nothing,
a crash or faults mid-run end with every entry booked exactly once, unmapped accounts are refused by name."""

from __future__ import annotations

import asyncio
import json
import re
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from sqlalchemy import Engine, select

from adapters.quickbooks import ADAPTER as QUICKBOOKS
from adapters.quickbooks import SIMULATOR_CREDENTIALS
from adapters.quickbooks.books import HUB_ACCOUNTS, REALM_ID
from adapters.quickbooks.simulator import BOOKS, create_app
from adapters.shopify import ADAPTER as SHOPIFY
from adapters.shopify.simulator import build_shop
from adapters.toolkit.http import PartnerClient
from adapters.toolkit.journal_push import PushEntry
from adapters.toolkit.oauth import MemoryTokenStore
from adapters.toolkit.simulation import FaultPlan
from adapters.toolkit.streams import ConnectionSettings
from hub.cli import main as hub
from hub.config import ConfigError
from hub.db import read_connection
from hub.demo import DemoPartner, running_simulators
from hub.exports import journal_entries
from hub.ingest import ingest_documents
from hub.journal_push import partner_account, push_journal
from hub.schema import journal_pushes
from tests.adapters.toolkit.fakes import FAST_RETRIES, serving, simulator_stats


def _shop(engine: Engine) -> None:
    shop = build_shop(12, seed=5)
    orders = sorted(shop.orders.values(), key=lambda order: order["id"])
    pages = [("orders", json.dumps({"orders": orders}).encode()),
             ("payouts", json.dumps({"payouts": shop.payouts}).encode()),
             ("balance", json.dumps({"transactions": shop.balance}).encode())]
    assert ingest_documents(engine, SHOPIFY, "acme.myshopify.com", pages).rejections == []


@pytest.fixture
def brand(engine: Engine) -> Engine:
    _shop(engine)
    return engine


def settings_for(url: str, **options: Any) -> ConnectionSettings:
    return ConnectionSettings("books", "quickbooks", REALM_ID, url, dict(SIMULATOR_CREDENTIALS),
                              {**QUICKBOOKS.simulator_options, **options})


def clients(settings: ConnectionSettings, adapter: Any) -> PartnerClient:
    return PartnerClient.for_adapter(settings, adapter, retry=FAST_RETRIES, timeout=0.25, tokens=MemoryTokenStore())


@asynccontextmanager
async def company(app: web.Application | None = None) -> AsyncIterator[tuple[ConnectionSettings, web.Application]]:
    app = app or create_app(orders=10, seed=3)
    async with serving(app) as url:
        yield settings_for(url), app


def expected(engine: Engine) -> dict[str, Decimal]:
    """Entry id -> its debits, for every entry with something to book."""
    with read_connection(engine) as connection:
        entries = journal_entries(connection)
    return {entry.id: sum((line.debit.amount for line in entry.lines), Decimal(0)) for entry in entries
            if any(line.debit.amount or line.credit.amount for line in entry.lines)}


def booked(app: web.Application) -> Counter[str]:
    """How many journal entries the company holds per hub entry id; each one checked balanced."""
    found: Counter[str] = Counter()
    for entity in app[BOOKS].entities.get("JournalEntry", {}).values():
        sides = Counter()
        for line in entity["Line"]:
            sides[line["JournalEntryLineDetail"]["PostingType"]] += line["Amount"]
        assert sides["Debit"] == sides["Credit"] == entity["TotalAmt"], entity["Id"]
        found[entry_of(entity)] += 1
    return found


def entry_of(entity: dict[str, Any]) -> str:
    """The hub entry id a pushed journal entry names in its PrivateNote."""
    match = re.match(r"order-hub journal entry (.+?): ", entity["PrivateNote"])
    assert match, entity["PrivateNote"]
    return match.group(1)


def test_every_entry_arrives_balanced_once_and_a_rerun_pushes_nothing(brand: Engine) -> None:
    wanted = expected(brand)

    async def run() -> None:
        async with company() as (settings, app):
            first = await push_journal(brand, settings, QUICKBOOKS, clients)
            assert first.error is None and set(first.pushed) == set(wanted) and len(wanted) > 20
            assert booked(app) == Counter(set(wanted))
            totals = {entry_of(entity): entity["TotalAmt"]
                      for entity in app[BOOKS].entities["JournalEntry"].values()}
            assert totals == wanted
            again = await push_journal(brand, settings, QUICKBOOKS, clients)
            assert again.pushed == {} and again.already == len(wanted) and again.error is None
            assert sum(booked(app).values()) == len(wanted)

    asyncio.run(run())
    with brand.connect() as connection:
        rows = connection.execute(select(journal_pushes.c.entry_id)).scalars().all()
    assert sorted(rows) == sorted(wanted)


def test_a_crash_after_the_partner_booked_and_a_rerun_end_with_each_entry_exactly_once(brand: Engine) -> None:
    wanted, sent = expected(brand), []

    async def crashing(client: PartnerClient, settings: ConnectionSettings, entry: PushEntry) -> str:
        partner_id = await QUICKBOOKS.push_journal(client, settings, entry)  # type: ignore[misc]
        sent.append(entry.id)
        if len(sent) == 5:
            raise RuntimeError("worker killed after QuickBooks booked the entry, before the hub wrote it down")
        return partner_id

    async def run() -> None:
        async with company() as (settings, app):
            dying = replace(QUICKBOOKS, push_journal=crashing)
            cut = await push_journal(brand, settings, dying, clients)
            assert len(cut.pushed) == 4 and "worker killed" in (cut.error or "")
            assert sum(booked(app).values()) == 5
            rest = await push_journal(brand, settings, QUICKBOOKS, clients)
            assert rest.error is None and rest.already == 4 and len(rest.pushed) == len(wanted) - 4
            # The fifth entry went again with the same requestid: QuickBooks answered with the first one.
            assert rest.pushed[sent[4]] in app[BOOKS].entities["JournalEntry"]
            assert booked(app) == Counter(set(wanted))

    asyncio.run(run())


def test_faults_on_the_way_still_book_each_entry_once(brand: Engine) -> None:
    wanted = expected(brand)
    faults = FaultPlan(rate=0.25, seed=11, kinds=("timeout", "malformed", "500", "429"), delay=0.5, retry_after=0.01)

    async def run() -> None:
        async with company(create_app(orders=10, seed=3, faults=faults)) as (settings, app):
            report = await push_journal(brand, settings, QUICKBOOKS, clients)
            while report.error:  # a give-up stops the run; the rerun goes on from there
                report = await push_journal(brand, settings, QUICKBOOKS, clients)
            assert booked(app) == Counter(set(wanted))
            # Timeouts and cut bodies lost answers of creates QuickBooks had made: requestid kept them single.
            lost = (await simulator_stats(settings.base_url))["faults"]
            assert lost.get("timeout", 0) + lost.get("malformed", 0) > 3

    asyncio.run(run())


def test_an_unmapped_account_refuses_the_push_by_name_before_anything_is_sent(brand: Engine) -> None:
    accounts = {name: ident for name, ident in HUB_ACCOUNTS.items() if name != "Income:Sales"}

    async def run() -> None:
        async with company() as (settings, app):
            narrow = settings_for(settings.base_url, accounts=accounts)
            with pytest.raises(ConfigError, match=r"maps no partner account for Income:Sales \(used by \d+ entries"):
                await push_journal(brand, narrow, QUICKBOOKS, clients)
            assert "JournalEntry" not in app[BOOKS].entities

    asyncio.run(run())


def test_an_account_id_the_partner_lacks_is_refused_up_front_else_the_partners_fault_stops_the_run(
        brand: Engine) -> None:
    async def run() -> None:
        async with company() as (settings, app):
            unknown = settings_for(settings.base_url, accounts={**HUB_ACCOUNTS, "Income:Sales": "999"})
            with pytest.raises(ConfigError, match=r"the partner does not have: Income:Sales -> 999"):
                await push_journal(brand, unknown, QUICKBOOKS, clients)
            assert "JournalEntry" not in app[BOOKS].entities
            # A partner that cannot list its chart: its own refusal stops the run, in its words.
            blind = replace(QUICKBOOKS, journal_accounts=None)
            report = await push_journal(brand, unknown, blind, clients)
            assert "Accounts element id 999 not found" in (report.error or "")
            assert report.summary().endswith(report.error or "")

    asyncio.run(run())


def test_a_parent_account_stands_for_its_children() -> None:
    accounts = {"Expenses:Fees": "58", "Expenses:Fees:Shopify": "61", "Equity": "91"}
    assert partner_account(accounts, "Expenses:Fees:Referral") == "58"
    assert partner_account(accounts, "Expenses:Fees:Shopify") == "61"
    assert partner_account(accounts, "Equity:Suspense:SourceInconsistency") == "91"
    assert partner_account(accounts, "Income:Sales") is None


def _config(tmp_path: Path, url: str, accounts: dict[str, str]) -> Path:
    table = "\n".join(f'"{name}" = "{ident}"' for name, ident in accounts.items())
    path = tmp_path / "hub.toml"
    path.write_text(f"""
[connections.books]
adapter = "quickbooks"
account = "{REALM_ID}"
base_url = "{url}"
realm_id = "{REALM_ID}"
oauth_endpoint = "/oauth2/v1/tokens/bearer"
currency = "USD"
client_id_env = "QBO_CLIENT_ID"
client_secret_env = "QBO_CLIENT_SECRET"
refresh_token_env = "QBO_REFRESH_TOKEN"

[connections.books.accounts]
{table}
""")
    return path


def test_the_command_pushes_a_period_then_nothing_and_exits_2_on_an_unmapped_account(
        brand: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    partner = DemoPartner("quickbooks", "books", REALM_ID, {"orders": 10, "seed": 3}, dict(SIMULATOR_CREDENTIALS))
    with running_simulators([partner]) as urls:
        monkeypatch.setenv("HUB_DATABASE_URL", brand.url.render_as_string(hide_password=False))
        monkeypatch.setenv("QBO_CLIENT_ID", SIMULATOR_CREDENTIALS["client_id"])
        monkeypatch.setenv("QBO_CLIENT_SECRET", SIMULATOR_CREDENTIALS["client_secret"])
        monkeypatch.setenv("QBO_REFRESH_TOKEN", SIMULATOR_CREDENTIALS["refresh_token"])
        monkeypatch.setenv("HUB_CONFIG", str(_config(tmp_path, urls["books"], {"Income:Sales": "79"})))
        assert hub(["push", "journal", "books"]) == 2
        assert "maps no partner account for" in capsys.readouterr().err
        monkeypatch.setenv("HUB_CONFIG", str(_config(tmp_path, urls["books"], HUB_ACCOUNTS)))
        with read_connection(brand) as connection:
            periods = Counter(entry.period for entry in journal_entries(connection))
        period = max(periods, key=lambda key: periods[key])
        assert hub(["push", "journal", "books", "--period", period]) == 0
        out = capsys.readouterr().out
        assert f"books: {periods[period]} journal entries pushed" in out and "; ok" in out
        assert hub(["push", "journal", "books", "--period", period]) == 0
        assert capsys.readouterr().out.startswith(f"books: 0 journal entries pushed, {periods[period]} already")
        assert hub(["push", "journal", "books", "--period", "2026-13"]) == 2
        assert "--period '2026-13' is not a month" in capsys.readouterr().err
