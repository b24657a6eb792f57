"""The Xero streams against the Xero simulator on a real socket: full, limited, faulty, resumed, incremental."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from aiohttp import web

from adapters.toolkit.errors import FatalApiError, GaveUp
from adapters.toolkit.http import PartnerClient
from adapters.toolkit.rate_limit import XERO, RateLimitPolicy
from adapters.toolkit.simulation import FaultPlan
from adapters.toolkit.streams import ConnectionSettings, Page
from adapters.xero import ADAPTER
from adapters.xero.books import ID_FIELDS, stamp, updated_at
from adapters.xero.client import API, auth_headers, if_modified_since
from adapters.xero.sample_data import generate_books
from adapters.xero.simulator import ACCESS_TOKEN, TENANT_ID
from adapters.xero.simulator_listings import BOOKS
from canonical_model.accounting_events import InvoiceRecorded, RecordDeleted
from tests.adapters.pages import mapped_events
from tests.adapters.toolkit.fakes import FAST_RETRIES, FakeClock, serving, simulator_stats

COUNT, SEED = 45, 7
CREDENTIALS = {"access_token": ACCESS_TOKEN, "tenant_id": TENANT_ID}
OPTIONS = {"currency": "USD", "page_size": 10}
BOOKS_AT_START = generate_books(None, SEED, COUNT)
STREAM_OF = {stream.name: stream for stream in ADAPTER.streams}
COLLECTION_OF = {"invoices": "Invoices", "credit_notes": "CreditNotes", "payments": "Payments",
                 "bank_transactions": "BankTransactions", "manual_journals": "ManualJournals", "items": "Items"}


@asynccontextmanager
async def organisation(faults: FaultPlan | None = None, credentials: dict[str, str] | None = None,
                       limit: RateLimitPolicy | None = XERO, app: web.Application | None = None,
                       clock: FakeClock | None = None,
                       **options: Any) -> AsyncIterator[tuple[PartnerClient, ConnectionSettings, str, web.Application]]:
    """The simulated organisation on a socket and a client for it, both on one fake clock (a minute's wait is free)."""
    clock = clock or FakeClock()
    app = app or ADAPTER.simulator(seed=SEED, count=COUNT, faults=faults, rate_limit=limit, clock=clock)
    async with serving(app) as url:
        settings = ConnectionSettings("xero-books", "xero", "demo-brand", url,
                                      CREDENTIALS if credentials is None else credentials, {**OPTIONS, **options})
        async with PartnerClient(settings, limit, auth=auth_headers, retry=FAST_RETRIES, timeout=0.25, clock=clock,
                                 sleep=clock.sleep) as client:
            yield client, settings, url, app


def _run(test: Callable[..., Coroutine[Any, Any, Any]], *args: Any) -> Any:
    return asyncio.run(test(*args))


async def _pages(client: PartnerClient, settings: ConnectionSettings, cursor: str | None = None,
                 stream: str = "invoices") -> list[Page]:
    return [page async for page in STREAM_OF[stream].fetch(client, settings, cursor)]


def _documents(pages: list[Page], stream: str = "invoices") -> dict[str, dict[str, Any]]:
    collection = COLLECTION_OF[stream]
    return {document[ID_FIELDS[collection]]: document for page in pages for _, body in page.documents
            for document in json.loads(body)[collection]}


def _events(pages: list[Page]) -> list[Any]:
    return mapped_events(ADAPTER, pages, currency="USD")


def test_a_first_sync_reads_every_document_under_the_real_minute_limit_with_a_rising_cursor() -> None:
    async def go() -> tuple[dict[str, list[Page]], dict[str, Any]]:
        async with organisation(page_size=5) as (client, settings, url, _):
            pages = {name: await _pages(client, settings, stream=name) for name in STREAM_OF}
            return pages, await simulator_stats(url)

    pages, stats = _run(go)
    for name, collection in COLLECTION_OF.items():
        expected = BOOKS_AT_START.collections[collection]
        assert set(_documents(pages[name], name)) == set(expected), name
        cursors = [page.cursor for page in pages[name] if page.cursor]
        assert cursors == sorted(cursors)
        if expected:
            assert cursors[-1] == max(updated_at(d) for d in expected.values()).isoformat(timespec="milliseconds")
    assert stats == {"requests": sum(len(read) for read in pages.values()), "faults": {}, "violations": 0}
    first = pages["invoices"][0].documents[0][0]
    assert first == "xero:xero-books/Invoices?order=UpdatedDateUTC+ASC&page=1&pageSize=5"
    assert "If-Modified-Since=" in pages["invoices"][1].documents[0][0], "later pages restart from the last change"


def test_the_walk_waits_a_minute_instead_of_overdrawing_the_window() -> None:
    clock = FakeClock()

    async def go() -> dict[str, Any]:
        async with organisation(page_size=1, clock=clock) as (client, settings, url, _):
            await _pages(client, settings)
            return await simulator_stats(url)

    stats, sleeps = _run(go), clock.sleeps
    assert stats["requests"] > 59 and stats["violations"] == 0
    assert sum(sleeps) >= 59, "the 60th call waited for the first one to leave the minute"


def _shape(pages: list[Page], stream: str) -> list[tuple[list[str], list[Any], str | None]]:
    """What a page says, without the envelope's per-response Id and time: origins, documents, cursor."""
    return [([origin for origin, _ in page.documents],
             [json.loads(body)[COLLECTION_OF[stream]] for _, body in page.documents], page.cursor) for page in pages]


def test_with_a_fifth_of_calls_failing_every_stream_reads_what_a_clean_run_reads() -> None:
    async def every_stream(faults: FaultPlan | None) -> tuple[dict[str, list[Page]], dict[str, Any]]:
        async with organisation(faults, limit=None, page_size=3) as (client, settings, url, _):
            pages = {name: await _pages(client, settings, stream=name) for name in STREAM_OF}
            return pages, await simulator_stats(url)

    clean, _ = _run(every_stream, None)
    faulty, stats = _run(every_stream, FaultPlan(rate=0.2, seed=SEED, delay=0.4, retry_after=0.01))
    for name in STREAM_OF:
        assert _shape(faulty[name], name) == _shape(clean[name], name)
        assert {e.id for e in _events(faulty[name])} == {e.id for e in _events(clean[name])}
    assert set(_documents(faulty["payments"], "payments")) == set(BOOKS_AT_START.collections["Payments"])
    assert set(stats["faults"]) == {"429", "500", "timeout", "malformed"}, "every kind of fault was survived"
    assert stats["violations"] == 0


def test_a_sync_stopped_after_page_two_resumes_from_its_cursor_and_misses_nothing() -> None:
    async def go() -> tuple[dict[str, Any], dict[str, Any]]:
        async with organisation() as (client, settings, _, _app):
            first: list[Page] = []
            async for page in STREAM_OF["payments"].fetch(client, settings, None):
                first.append(page)
                if len(first) == 2:
                    break
            return _documents(first, "payments"), _documents(await _pages(client, settings, first[-1].cursor,
                                                                          "payments"), "payments")

    before, after = _run(go)
    everything = set(BOOKS_AT_START.collections["Payments"])
    assert len(before) == 19, "page two starts again at the second of page one's last change"
    assert before.keys() | after.keys() == everything and len(after) < len(everything)


def test_an_incremental_sync_reads_only_the_touched_invoices_and_a_deleted_payment() -> None:
    async def go() -> tuple[list[Page], list[Page], list[Page], list[str], str]:
        async with organisation() as (client, settings, url, app):
            backfill = await _pages(client, settings)
            payments = await _pages(client, settings, stream="payments")
            async with httpx.AsyncClient() as http:
                touched = (await http.post(f"{url}/_simulator/touch", json={"orders": 4})).json()["touched"]
            books = app[BOOKS]
            deleted = sorted(books.collections["Payments"])[0]  # a payment entered by mistake and deleted
            books.collections["Payments"][deleted]["Status"] = "DELETED"
            stamp(books.collections["Payments"][deleted], books.now)
            return (await _pages(client, settings, backfill[-1].cursor),
                    await _pages(client, settings, payments[-1].cursor, "payments"), backfill, touched, deleted)

    changed_pages, payment_pages, backfill, touched, deleted = _run(go)
    cursor = datetime.fromisoformat(backfill[-1].cursor or "").replace(microsecond=0)
    same_second = {i for i, d in _documents(backfill).items() if updated_at(d) >= cursor}
    changed = _documents(changed_pages)
    assert set(changed) == set(touched) | same_second and len(touched) == 4
    assert all(changed[i]["SentToContact"] for i in touched)
    payments = BOOKS_AT_START.collections["Payments"]
    last_payment = max(updated_at(d) for d in payments.values()).replace(microsecond=0)
    assert set(_documents(payment_pages, "payments")) == {deleted} | {
        i for i, d in payments.items() if updated_at(d) >= last_payment}
    removals = [e.body for e in _events(payment_pages) if isinstance(e.body, RecordDeleted)]
    assert removals == [RecordDeleted("Payment", deleted)]


def test_the_voided_duplicate_invoice_becomes_a_deletion_of_that_invoice_only() -> None:
    async def go() -> list[Page]:
        async with organisation() as (client, settings, _, _app):
            return await _pages(client, settings)

    events = _events(_run(go))
    [voided] = [e for e in events if isinstance(e.body, RecordDeleted)]
    invoices = [e for e in events if isinstance(e.body, InvoiceRecorded) and voided.body.object_id == e.body.invoice_id]
    [duplicate] = invoices
    assert duplicate.body.status == "VOIDED" and voided.source.object_id == duplicate.body.invoice_id
    reference = next(r for r in duplicate.references if r != duplicate.body.number)
    twins = [e for e in events if isinstance(e.body, InvoiceRecorded) and reference in e.references
             and e.body.invoice_id != duplicate.body.invoice_id]
    assert len(twins) == 1 and twins[0].body.status == "PAID" and twins[0].body.total == duplicate.body.total


def test_documents_changed_mid_walk_never_push_an_unread_one_past_the_walk() -> None:
    async def go() -> dict[str, Any]:
        async with organisation() as (client, settings, _, app):
            read: list[Page] = []
            async for page in STREAM_OF["invoices"].fetch(client, settings, None):
                read.append(page)
                books = app[BOOKS]
                for invoice_id in list(_documents([page]))[:2]:  # changed while we read: they move to the end
                    books.now += timedelta(seconds=1)
                    stamp(books.collections["Invoices"][invoice_id], books.now)
            return _documents(read)

    assert set(_run(go)) == set(BOOKS_AT_START.collections["Invoices"])


def test_a_page_changed_within_one_second_is_followed_by_the_next_page() -> None:
    async def go() -> list[Page]:
        clock = FakeClock()
        app = ADAPTER.simulator(seed=SEED, count=COUNT, rate_limit=None, clock=clock)
        books = app[BOOKS]
        for invoice_id in sorted(books.collections["Invoices"])[:25]:  # a bulk edit: 25 invoices in one second
            stamp(books.collections["Invoices"][invoice_id], books.now)
        async with organisation(app=app, limit=None) as (client, settings, _, _app):
            return await _pages(client, settings)

    pages = _run(go)
    assert set(_documents(pages)) == set(BOOKS_AT_START.collections["Invoices"])
    origins = [origin for page in pages for origin, _ in page.documents]
    assert any("page=2" in origin and "If-Modified-Since" in origin for origin in origins)


def test_a_checkpoint_sends_if_modified_since_in_whole_utc_seconds() -> None:
    assert if_modified_since(datetime.fromisoformat("2026-09-03T10:15:42.917+02:00")) == "2026-09-03T08:15:42"

    async def go() -> list[Page]:
        async with organisation(limit=None, overlap_minutes=60) as (client, settings, _, _app):
            return await _pages(client, settings, "2026-09-05T12:00:00.250+00:00")

    pages = _run(go)
    assert "If-Modified-Since=2026-09-05T11%3A00%3A00" in pages[0].documents[0][0], "an hour back, the second kept"
    assert all(updated_at(d) >= datetime.fromisoformat("2026-09-05T11:00:00+00:00")
               for d in _documents(pages).values())


def test_fetch_one_reads_a_document_and_moves_no_cursor() -> None:
    invoice_id = sorted(BOOKS_AT_START.collections["Invoices"])[3]

    async def go() -> tuple[Page, FatalApiError]:
        async with organisation(limit=None) as (client, settings, _, _app):
            one = await STREAM_OF["invoices"].fetch_one(client, settings, invoice_id)  # type: ignore[misc]
            with pytest.raises(FatalApiError) as missing:
                await STREAM_OF["invoices"].fetch_one(client, settings, "not-an-invoice")  # type: ignore[misc]
            return one, missing.value

    one, missing = _run(go)
    [(origin, body)] = one.documents
    assert origin == f"xero:xero-books/Invoices/{invoice_id}" and one.cursor is None
    assert json.loads(body)["Invoices"][0]["InvoiceID"] == invoice_id and missing.status == 404


@pytest.mark.parametrize(("credentials", "status", "detail"), [
    ({"access_token": "expired-or-forged", "tenant_id": TENANT_ID}, 401, "AuthenticationUnsuccessful"),
    ({"access_token": ACCESS_TOKEN, "tenant_id": "another-organisation"}, 403, "AuthorizationUnsuccessful"),
])
def test_a_bad_token_or_another_organisation_is_fatal_at_once(credentials: dict[str, str], status: int,
                                                             detail: str) -> None:
    async def go() -> tuple[FatalApiError, dict[str, Any]]:
        async with organisation(credentials=credentials) as (client, settings, url, _):
            with pytest.raises(FatalApiError) as refused:
                await _pages(client, settings)
            return refused.value, await simulator_stats(url)

    refused, stats = _run(go)
    assert refused.status == status and detail in str(refused) and stats["requests"] == 1
    assert "expired-or-forged" not in str(refused) and "[redacted]" in refused.request_description


def test_a_connection_without_a_tenant_is_refused_before_any_call() -> None:
    with pytest.raises(ValueError, match="tenant_id"):
        auth_headers({"access_token": ACCESS_TOKEN})
    assert auth_headers(CREDENTIALS) == {"Xero-tenant-id": TENANT_ID, "Authorization": f"Bearer {ACCESS_TOKEN}"}


def test_the_day_limit_stops_the_sync_with_the_partners_reason_instead_of_waiting_a_day() -> None:
    async def go() -> tuple[GaveUp, dict[str, Any], httpx.Response]:
        clock = FakeClock()
        app = ADAPTER.simulator(seed=SEED, count=COUNT, clock=clock, day_limit=3)
        async with organisation(app=app) as (client, settings, url, _):
            with pytest.raises(GaveUp) as stopped:
                await _pages(client, settings, stream="payments")
            headers = {"Authorization": f"Bearer {ACCESS_TOKEN}", "Xero-tenant-id": TENANT_ID}
            async with httpx.AsyncClient() as http:
                refused = await http.get(f"{url}{API}/Items", headers=headers)
            return stopped.value, await simulator_stats(url), refused

    stopped, stats, refused = _run(go)
    assert stopped.status == 429 and "more than 1 s" in str(stopped) and "day limit" in str(stopped)
    assert refused.headers["X-Rate-Limit-Problem"] == "day" and float(refused.headers["Retry-After"]) > 80_000
    assert stats["violations"] == 2


def test_a_client_that_ignores_the_minute_window_is_refused_with_xeros_headers() -> None:
    async def go() -> tuple[list[int], httpx.Response, dict[str, Any]]:
        app = ADAPTER.simulator(seed=SEED, count=5, clock=FakeClock())
        headers = {"Authorization": f"Bearer {ACCESS_TOKEN}", "Xero-tenant-id": TENANT_ID}
        async with serving(app) as url, httpx.AsyncClient(base_url=url, headers=headers) as http:
            answers = [await http.get(f"{API}/Items") for _ in range(61)]
            return [int(a.headers["X-MinLimit-Remaining"]) for a in answers[:60]], answers[60], await simulator_stats(url)

    remaining, refused, stats = _run(go)
    assert remaining == list(range(59, -1, -1))
    assert refused.status_code == 429 and refused.headers["X-Rate-Limit-Problem"] == "minute"
    assert float(refused.headers["Retry-After"]) > 0 and stats["violations"] == 1


def test_a_sixth_call_at_once_is_refused_as_concurrent() -> None:
    async def go() -> list[httpx.Response]:
        app = ADAPTER.simulator(seed=SEED, count=5)
        release = asyncio.Event()

        async def slow(request: web.Request) -> web.Response:
            await release.wait()
            return web.json_response({})

        app.router.add_get(f"{API}/Reports/Slow/Hold", slow)
        headers = {"Authorization": f"Bearer {ACCESS_TOKEN}", "Xero-tenant-id": TENANT_ID}
        async with serving(app) as url, httpx.AsyncClient(base_url=url, headers=headers) as http:
            held = [asyncio.create_task(http.get(f"{API}/Reports/Slow/Hold")) for _ in range(5)]
            await asyncio.sleep(0.2)
            sixth = await http.get(f"{API}/Items")
            release.set()
            return [sixth, *await asyncio.gather(*held)]

    sixth, *held = _run(go)
    assert sixth.status_code == 429 and sixth.headers["X-Rate-Limit-Problem"] == "concurrent"
    assert [r.status_code for r in held] == [200] * 5
    assert int(held[-1].headers["X-DayLimit-Remaining"]) == 5000 - 5
