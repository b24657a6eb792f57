"""The hub's journal entries booked in the Xero simulator as manual journals: once, balanced, on known accounts."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from aiohttp import web

from adapters.toolkit import MappingContext
from adapters.toolkit.errors import FatalApiError
from adapters.toolkit.http import PartnerClient
from adapters.toolkit.journal_push import PushEntry, PushLine
from adapters.toolkit.oauth import MemoryTokenStore
from adapters.toolkit.simulation import FaultPlan
from adapters.toolkit.streams import ConnectionSettings
from adapters.xero import ADAPTER, SIMULATED_CHART
from adapters.xero.client import API
from adapters.xero.journal_push import JournalRefused, manual_journal, push_journal
from adapters.xero.simulator import ACCESS_TOKEN, TENANT_ID
from adapters.xero.simulator_listings import BOOKS
from canonical_model.accounting_events import JournalPosted, PostedLine
from canonical_model.money import Money
from canonical_model.views import JournalEntry, JournalLine
from hub.journal_push import prepared
from tests.adapters.toolkit.fakes import FAST_RETRIES, serving

SALE = JournalEntry("je_order_70007_revenue", "2026-09", datetime(2026, 9, 2, tzinfo=UTC), "order 70007 shipped", (
    JournalLine("Assets:Receivable:Channel", Money.of("88.41", "USD"), Money.of("0", "USD")),
    JournalLine("Income:Sales", Money.of("0", "USD"), Money.of("76.45", "USD")),
    JournalLine("Income:Shipping", Money.of("0", "USD"), Money.of("6.95", "USD")),
    JournalLine("Liabilities:SalesTax", Money.of("0", "USD"), Money.of("5.01", "USD")),
    JournalLine("Expenses:Fees:PaymentProcessing", Money.of("2.86", "USD"), Money.of("0", "USD")),
    JournalLine("Assets:Clearing:Payouts", Money.of("0", "USD"), Money.of("2.86", "USD")),
))


def _entry(journal: JournalEntry = SALE) -> PushEntry:
    [entry] = prepared([journal], SIMULATED_CHART, "xero-books")
    assert entry is not None
    return entry


@asynccontextmanager
async def books(faults: FaultPlan | None = None) -> AsyncIterator[tuple[PartnerClient, ConnectionSettings, web.Application]]:
    """The simulator, and a client for it as the hub makes one: OAuth from the app's refresh token, tokens in memory."""
    app = ADAPTER.simulator(seed=5, count=6, faults=faults, rate_limit=None)
    async with serving(app) as url:
        credentials = {key: value for key, value in ADAPTER.simulator_credentials.items() if key != "access_token"}
        settings = ConnectionSettings("xero-books", "xero", "demo-brand", url, credentials,
                                      dict(ADAPTER.simulator_options))
        async with PartnerClient.for_adapter(settings, ADAPTER, tokens=MemoryTokenStore(), retry=FAST_RETRIES,
                                             timeout=0.25) as client:
            yield client, settings, app


def _run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def test_an_entry_is_booked_as_a_posted_manual_journal_that_reads_back_as_the_same_lines() -> None:
    async def go() -> tuple[str, list[Any]]:
        async with books() as (client, settings, _):
            journal_id = await push_journal(client, settings, _entry())
            pages = [page async for page in next(s for s in ADAPTER.streams if s.name == "manual_journals").fetch(
                client, settings, None)]
            return journal_id, pages

    journal_id, pages = _run(go())
    [(_, body)] = [document for page in pages for document in page.documents]
    [event] = [e for obj in ADAPTER.split(ADAPTER.parse(body))
               for e in ADAPTER.map_object(obj, MappingContext("demo-brand", hashlib.sha256(body).hexdigest(), "USD"))]
    assert isinstance(event.body, JournalPosted) and event.body.entry_id == journal_id
    usd, zero = (lambda text: Money.of(text, "USD")), Money.of("0", "USD")
    assert [(line.account, line.debit, line.credit) for line in event.body.lines] == [
        ("120", usd("88.41"), zero), ("200", zero, usd("76.45")), ("260", zero, usd("6.95")),
        ("820", zero, usd("5.01")), ("404", usd("2.86"), zero), ("093", zero, usd("2.86"))]
    assert event.body.memo == f"order 70007 shipped [{_entry().reference}]" and event.occurred_at.date() == date(2026, 9, 2)
    assert event.context["status"] == "POSTED"
    assert all(isinstance(line, PostedLine) for line in event.body.lines)


def test_a_push_retried_after_a_lost_answer_books_one_journal() -> None:
    async def go() -> tuple[str, str, int, str]:
        async with books() as (client, settings, app):
            first = await push_journal(client, settings, _entry())
            again = await push_journal(client, settings, _entry())  # the answer was lost: the hub sends it again
            other = await push_journal(client, settings, _entry(JournalEntry(
                "je_other", "2026-09", SALE.posted_at, "another entry", SALE.lines)))
            return first, again, len(app[BOOKS].collections["ManualJournals"]), other

    first, again, filed, other = _run(go())
    assert first == again and other != first and filed == 2


def test_under_faults_every_entry_is_booked_exactly_once() -> None:
    entries = [_entry(JournalEntry(f"je_{n}", "2026-09", SALE.posted_at, f"entry {n}", SALE.lines)) for n in range(12)]

    async def go() -> tuple[list[str], int, dict[str, Any]]:
        async with books(FaultPlan(rate=0.3, seed=4, kinds=("500", "timeout", "malformed"), delay=0.4)) as (
                client, settings, app):
            ids = [await push_journal(client, settings, entry) for entry in entries]
            async with httpx.AsyncClient() as http:
                stats = (await http.get(f"{settings.base_url}/_simulator/stats")).json()
            return ids, len(app[BOOKS].collections["ManualJournals"]), stats

    ids, filed, stats = _run(go())
    assert len(set(ids)) == 12 and filed == 12
    assert stats["faults"].get("timeout", 0) + stats["faults"].get("malformed", 0) > 0, "answers were lost"


def test_an_unknown_account_code_is_refused_with_xeros_message_and_nothing_is_booked() -> None:
    entry = PushEntry("je_bad", date(2026, 9, 3), "misc", (
        PushLine("999", Decimal("10.00"), Decimal("0"), "USD", "Expenses:Unknown"),
        PushLine("200", Decimal("0"), Decimal("10.00"), "USD", "Income:Sales")))

    async def go() -> tuple[JournalRefused, int]:
        async with books() as (client, settings, app):
            with pytest.raises(JournalRefused) as refused:
                await push_journal(client, settings, entry)
            return refused.value, len(app[BOOKS].collections["ManualJournals"])

    refused, filed = _run(go())
    assert "Account code '999' is not a valid code for this document (line 1)" in str(refused) and filed == 0
    assert isinstance(refused, FatalApiError) and "je_bad" in str(refused)


def test_the_simulator_refuses_unbalanced_lines_as_xero_does() -> None:
    body = {"ManualJournals": [{"Narration": "off by a cent", "Date": "2026-09-03", "Status": "POSTED",
                                "JournalLines": [{"LineAmount": 10.00, "AccountCode": "404"},
                                                 {"LineAmount": -9.99, "AccountCode": "090"}]}]}

    async def go() -> tuple[httpx.Response, httpx.Response]:
        async with serving(ADAPTER.simulator(seed=5, count=3, rate_limit=None)) as url:
            headers = {"Authorization": f"Bearer {ACCESS_TOKEN}", "Xero-tenant-id": TENANT_ID}
            async with httpx.AsyncClient(base_url=url, headers=headers) as http:
                return (await http.put(f"{API}/ManualJournals", json=body),
                        await http.put(f"{API}/ManualJournals", params={"summarizeErrors": "false"}, json=body))

    summarised, detailed = _run(go())
    assert summarised.status_code == 400 and summarised.json()["Type"] == "ValidationException"
    [element] = summarised.json()["Elements"]
    assert element["ValidationErrors"] == [{"Message": "The total debits (10.00) must equal total credits (9.99)"}]
    assert detailed.status_code == 200 and detailed.json()["ManualJournals"][0]["StatusAttributeString"] == "ERROR"


def test_an_entry_in_another_currency_or_in_fractions_of_a_cent_is_refused_before_sending() -> None:
    dollars = PushEntry("je_eur", date(2026, 9, 3), "fx", (
        PushLine("404", Decimal("1.00"), Decimal("0"), "EUR"), PushLine("090", Decimal("0"), Decimal("1.00"), "EUR")))
    with pytest.raises(ValueError, match="base currency USD"):
        manual_journal(dollars, "USD")
    fraction = PushEntry("je_fraction", date(2026, 9, 3), "", (
        PushLine("404", Decimal("1.005"), Decimal("0"), "USD"), PushLine("090", Decimal("0"), Decimal("1.005"), "USD")))
    with pytest.raises(ValueError, match="whole cents"):
        manual_journal(fraction, "USD")
    lines = manual_journal(_entry(), "USD")["JournalLines"]
    assert json.loads(json.dumps(lines))[0] == {"LineAmount": 88.41, "AccountCode": "120",
                                                "Description": "Assets:Receivable:Channel"}
    assert sum(Decimal(str(line["LineAmount"])) for line in lines) == 0
