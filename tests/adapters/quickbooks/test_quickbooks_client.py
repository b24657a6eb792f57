"""The QuickBooks streams against the QuickBooks simulator on a real socket: OAuth, paging, incremental, faults,
deletions, and the books of the channels' sales to the cent."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from aiohttp import web

from adapters.amazon.sales import sales_of as amazon_sales
from adapters.amazon.sample_data import build_brand
from adapters.quickbooks import ADAPTER, SIMULATOR_CREDENTIALS
from adapters.quickbooks.books import REALM_ID, stamp
from adapters.quickbooks.client import journal_entry_body, query_text
from adapters.quickbooks.sample_books import default_sales
from adapters.quickbooks.simulator import BOOKS, ISSUER, create_app
from adapters.shopify.sales import sales_of as shopify_sales
from adapters.shopify.simulator import build_shop
from adapters.toolkit import MappingContext
from adapters.toolkit.errors import FatalApiError
from adapters.toolkit.http import PartnerClient
from adapters.toolkit.journal_push import PushEntry, PushLine, UnbalancedEntry
from adapters.toolkit.oauth import MemoryTokenStore, OAuthRefused
from adapters.toolkit.sales_feed import Sale
from adapters.toolkit.simulation import FaultPlan
from adapters.toolkit.streams import ConnectionSettings, Page
from canonical_model.accounting_events import AccountingPaymentRecorded, InvoiceRecorded, RecordDeleted
from canonical_model.events import Event
from tests.adapters.toolkit.fakes import FAST_RETRIES, FakeClock, serving, simulator_stats

COUNT, SEED = 45, 7
OPTIONS = {**ADAPTER.simulator_options, "page_size": 7}


@asynccontextmanager
async def company(app: web.Application | None = None, credentials: dict[str, str] | None = None,
                  **options: Any) -> AsyncIterator[tuple[PartnerClient, ConnectionSettings, web.Application]]:
    """A simulated company on a socket and an OAuth client for it, with tiny retry waits and a short timeout."""
    app = app or create_app(orders=COUNT, seed=SEED)
    async with serving(app) as url:
        settings = ConnectionSettings("books", "quickbooks", "demo-brand", url,
                                      {**SIMULATOR_CREDENTIALS, **(credentials or {})}, {**OPTIONS, **options})
        async with PartnerClient.for_adapter(settings, ADAPTER, retry=FAST_RETRIES, timeout=0.25,
                                             tokens=MemoryTokenStore()) as client:
            yield client, settings, app


def events_of(pages: list[Page]) -> dict[str, Event]:
    found = {}
    for page in pages:
        for _, body in page.documents:
            context = MappingContext("demo-brand", hashlib.sha256(body).hexdigest(), "USD")
            for obj in ADAPTER.split(ADAPTER.parse(body)):
                found |= {event.id: event for event in ADAPTER.map_object(obj, context)}
    return found


async def read(client: PartnerClient, settings: ConnectionSettings,
               cursors: dict[str, str | None] | None = None) -> dict[str, list[Page]]:
    """Every stream read from its cursor (from the start when none)."""
    return {stream.name: [page async for page in stream.fetch(client, settings, (cursors or {}).get(stream.name))]
            for stream in ADAPTER.streams}


def everything(reads: dict[str, list[Page]]) -> dict[str, Event]:
    return {ident: event for pages in reads.values() for ident, event in events_of(pages).items()}


def final_cursors(reads: dict[str, list[Page]]) -> dict[str, str | None]:
    return {name: pages[-1].cursor if pages else None for name, pages in reads.items()}


def test_a_full_read_refreshes_once_and_serves_every_entity_with_the_deletion_as_an_event() -> None:
    async def main() -> None:
        async with company() as (client, settings, app):
            reads = await read(client, settings)
            books = app[BOOKS]
            assert app[ISSUER].refreshes == 1 and client.oauth and client.oauth.refreshes == 1
        events = everything(reads)
        kinds = Counter((e.source.object_type, e.type) for e in events.values())
        assert kinds[("SalesReceipt", "invoice.recorded")] == len(books.entities["SalesReceipt"])
        assert kinds[("Invoice", "invoice.recorded")] == len(books.entities["Invoice"]) > 0
        assert kinds[("Payment", "accounting_payment.recorded")] == len(books.entities["Payment"])
        assert kinds[("CreditMemo", "invoice.recorded")] == len(books.entities["CreditMemo"]) > 0
        assert kinds[("Item", "item.recorded")] == len(books.entities["Item"])
        [deleted_id] = books.deleted["SalesReceipt"]
        deletions = [e for e in events.values() if isinstance(e.body, RecordDeleted)]
        assert [(e.body.object_type, e.body.object_id) for e in deletions] == [("SalesReceipt", deleted_id)]
        # Only change data capture shows the deletion; the query streams never list the deleted receipt.
        assert deleted_id not in {e.source.object_id for e in events_of(reads["sales_receipts"]).values()}

    asyncio.run(main())


def test_small_pages_give_the_events_of_one_big_page_and_cursors_only_move_forward() -> None:
    async def main() -> None:
        async with company() as (client, settings, _):
            small = await read(client, settings)
        async with company(page_size=1000) as (client, settings, _):
            big = await read(client, settings)
        assert everything(small) == everything(big)
        assert len(small["sales_receipts"]) > len(big["sales_receipts"]) == 1
        cursors = [page.cursor for page in small["sales_receipts"]]
        assert cursors == sorted(cursors) and None not in cursors

    asyncio.run(main())


def test_an_incremental_read_after_a_touch_yields_only_the_touched_documents() -> None:
    async def main() -> None:
        async with company() as (client, settings, _):
            first = await read(client, settings)
            quiet = await read(client, settings, final_cursors(first))
            async with httpx.AsyncClient(base_url=settings.base_url) as http:
                touched = (await http.post("/_simulator/touch", json={"orders": 4, "advance_hours": 24})).json()
            later = await read(client, settings, final_cursors(first))
        assert len(touched["touched"]) == 4
        new = {e.source.object_id for e in everything(later).values()} - set(everything(quiet))
        changed = {e.source.object_id for ident, e in everything(later).items() if ident not in everything(first)}
        assert changed == set(touched["touched"]) and new >= changed
        assert {e.source.object_id for e in everything(quiet).values()} < {e.source.object_id
                                                                          for e in everything(first).values()}

    asyncio.run(main())


def test_faults_give_the_events_of_a_clean_read_within_the_published_limit() -> None:
    async def main() -> None:
        async with company() as (client, settings, _):
            clean = everything(await read(client, settings))
        faults = FaultPlan(rate=0.2, seed=3, delay=0.5)
        async with company(create_app(orders=COUNT, seed=SEED, faults=faults)) as (client, settings, _):
            faulty = everything(await read(client, settings))
            stats = await simulator_stats(settings.base_url)
        assert faulty == clean
        assert sum(stats["faults"].values()) > 0 and stats["violations"] == 0

    asyncio.run(main())


def test_an_access_token_expiring_mid_sync_is_refreshed_after_the_401_and_the_read_goes_on() -> None:
    async def main() -> None:
        clock = FakeClock()
        async with company(create_app(orders=COUNT, seed=SEED, clock=clock)) as (client, settings, app):
            before = everything(await read(client, settings))
            clock.now += 3601  # the company's clock: every access token issued so far has expired
            after = everything(await read(client, settings))
            assert app[ISSUER].refreshes == 2 and after == before

    asyncio.run(main())


def test_a_wrong_client_secret_or_another_company_is_a_clear_error() -> None:
    async def main() -> None:
        async with company(credentials={"client_secret": "not-the-secret"}) as (client, settings, _):
            with pytest.raises(OAuthRefused, match="401 invalid_client") as refused:
                await read(client, settings)
            assert "not-the-secret" not in str(refused.value)
        async with company(realm_id="4620816365") as (client, settings, _):
            with pytest.raises(FatalApiError, match="403.*ApplicationAuthorizationFailed"):
                await read(client, settings)

    asyncio.run(main())


def test_change_data_capture_refuses_a_look_back_beyond_30_days_and_bad_queries_are_faults() -> None:
    async def main() -> None:
        async with company() as (client, settings, app):
            too_old = stamp(app[BOOKS].now - timedelta(days=31))
            with pytest.raises(FatalApiError, match="30 days"):
                await client.get(f"/v3/company/{REALM_ID}/cdc", {"entities": "Invoice", "changedSince": too_old})
            with pytest.raises(FatalApiError, match="QueryParserError"):
                await client.get(f"/v3/company/{REALM_ID}/query", {"query": "select Name from Invoice"})
            answer = await client.get(f"/v3/company/{REALM_ID}/query",
                                      {"query": query_text("Invoice", "2100-01-01T00:00:00+00:00", 1, 10)})
            assert answer.json()["QueryResponse"] == {}

    asyncio.run(main())


def channel_sales() -> list[Sale]:
    return shopify_sales(list(build_shop(40, seed=7).orders.values())) + amazon_sales(build_brand(40, seed=7))


def test_the_books_of_the_channels_sales_reference_each_sale_with_its_amounts_to_the_cent() -> None:
    sales = channel_sales()

    async def main() -> dict[str, Event]:
        async with company(create_app(sales=sales, seed=SEED)) as (client, settings, _):
            async with httpx.AsyncClient(base_url=settings.base_url) as http:
                assert (await http.get("/_simulator/discrepancies")).json() == {}
            return everything(await read(client, settings))

    events = list(asyncio.run(main()).values())
    documents = [e for e in events if isinstance(e.body, InvoiceRecorded) and e.source.object_type != "CreditMemo"]
    booked = Counter(reference for e in documents for reference in e.references if reference in
                     {sale.reference for sale in sales})
    for sale in sales:
        mine = [e for e in documents if sale.reference in e.references]
        shipped = not sale.cancelled and sale.total and (sale.parcels or "AFN" in sale.tags)
        if not shipped:
            assert mine == [], sale.reference
            continue
        assert booked[sale.reference] == 1 and mine[0].body.total.amount == sale.total, sale.reference
        expected = "SALES_RECEIPT" if sale.channel == "shopify" else "INVOICE"
        assert mine[0].body.kind == expected
        lines = sum((line.amount.amount for line in mine[0].body.lines), Decimal(0))
        assert lines + mine[0].body.tax.amount == sale.total
        credits = sorted(e.body.total.amount for e in events if isinstance(e.body, InvoiceRecorded)
                         and e.body.kind == "CREDIT_NOTE" and sale.reference in e.references)
        assert credits == sorted(refund.amount for refund in sale.refunds)
    references = {sale.reference for sale in sales}
    money = [e for e in events if isinstance(e.body, (InvoiceRecorded, AccountingPaymentRecorded))]
    assert [e.source.object_id for e in money if not set(e.references) & references] == []
    payments = {e.body.applied_to[0].invoice_id: e.body.amount for e in events
                if isinstance(e.body, AccountingPaymentRecorded)}
    invoices = {e.body.invoice_id: e.body.total for e in documents if e.body.kind == "INVOICE"}
    assert payments == invoices and len(invoices) > 5
    assert {s.channel for s in sales} == {"shopify", "amazon"}


def test_a_standalone_company_books_both_channels() -> None:
    sales = default_sales(COUNT, SEED)
    assert Counter(sale.channel for sale in sales) == {"shopify": 30, "amazon": 15}
    assert all(sale.reference.startswith("112-") and len(sale.reference) == 19 for sale in sales
               if sale.channel == "amazon")


def test_requests_stay_within_the_published_limit_of_the_real_policy() -> None:
    async def main() -> None:
        started = time.monotonic()
        async with company() as (client, settings, _):
            await read(client, settings)
            stats = await simulator_stats(settings.base_url)
        assert stats["violations"] == 0 and stats["requests"] == client.requests + 1  # + the token call
        assert time.monotonic() - started < 30

    asyncio.run(main())


def test_a_journal_entry_request_has_one_line_per_side_and_exact_amounts() -> None:
    entry = PushEntry("ord_1:sale", date(2026, 9, 3), "sale #1001 (deferred)", (
        PushLine("84", Decimal("107.95"), Decimal("0"), "USD", "Assets:Receivable:Channel"),
        PushLine("88", Decimal("0"), Decimal("101.00"), "USD", "Liabilities:DeferredRevenue"),
        PushLine("33", Decimal("0"), Decimal("6.95"), "USD", "Liabilities:SalesTax")))
    body = journal_entry_body(entry)
    assert [(line["JournalEntryLineDetail"]["PostingType"], line["JournalEntryLineDetail"]["AccountRef"]["value"],
             Decimal(repr(line["Amount"]))) for line in body["Line"]] == [
        ("Debit", "84", Decimal("107.95")), ("Credit", "88", Decimal("101.00")), ("Credit", "33", Decimal("6.95"))]
    assert body["DocNumber"] == entry.reference and len(entry.reference) <= 21 and len(entry.idempotency_key) <= 50
    assert body["PrivateNote"] == "order-hub journal entry ord_1:sale: sale #1001 (deferred)"
    with pytest.raises(UnbalancedEntry, match="ord_2: USD debits 1.00 != credits 0.99"):
        PushEntry("ord_2", date(2026, 9, 3), "", (PushLine("84", Decimal("1.00"), Decimal(0), "USD"),
                                                  PushLine("79", Decimal(0), Decimal("0.99"), "USD")))
    precise = PushEntry("ord_3", date(2026, 9, 3), "", (PushLine("84", Decimal("0.1000000000000000055511"), Decimal(0),
                                                                 "USD"),
                                                        PushLine("79", Decimal(0), Decimal("0.1000000000000000055511"),
                                                                 "USD")))
    with pytest.raises(ValueError, match="without loss"):
        journal_entry_body(precise)


def test_more_than_ten_calls_in_flight_are_throttled_like_quickbooks() -> None:
    app = create_app(orders=COUNT, seed=SEED, rate_limit=None)

    @web.middleware
    async def slow(request: web.Request, handler: Any) -> web.StreamResponse:
        await asyncio.sleep(0.3)  # a slow company: calls pile up in flight
        return await handler(request)

    app.middlewares.append(slow)

    async def main() -> None:
        async with serving(app) as url, httpx.AsyncClient(base_url=url, timeout=5) as http:
            headers = {"Authorization": f"Bearer {SIMULATOR_CREDENTIALS['access_token']}"}
            params = {"query": "select * from Item", "minorversion": "75"}
            answers = await asyncio.gather(*(http.get(f"/v3/company/{REALM_ID}/query", params=params, headers=headers)
                                             for _ in range(13)))
            stats = await simulator_stats(url)
        statuses = Counter(answer.status_code for answer in answers)
        assert statuses == {200: 10, 429: 3} and stats["violations"] == 3
        throttled = next(answer for answer in answers if answer.status_code == 429).json()
        assert throttled["Fault"]["Error"][0]["code"] == "003001"

    asyncio.run(main())
