"""A local QuickBooks Online company (aiohttp.web): OAuth token endpoint, query, change data capture, journal entries.

- `POST /oauth2/v1/tokens/bearer`: refresh-token grant with HTTP Basic client credentials; every refresh
  rotates the refresh token and the old one stops working once the new one has been used; access tokens
  live 3600 s of the simulator's `clock` (adapters.toolkit.oauth_simulation.TokenIssuer).
- `GET /v3/company/{realmId}/query?query=...`: the query language (adapters.quickbooks.simulator_query)
  over Invoice, SalesReceipt, Payment, CreditMemo, JournalEntry, Item and Account; deleted objects never
  appear. Answers `{"QueryResponse": {<Entity>: [...], "startPosition", "maxResults"}, "time"}`.
- `GET /v3/company/{realmId}/cdc?entities=A,B&changedSince=T`: every object of those entities changed since T,
  deletions as `{"Id", "status": "Deleted", "MetaData"}`; T more than 30 days back is a 400 Fault.
- `POST /v3/company/{realmId}/journalentry?requestid=K`: creates a journal entry when its debits equal
  its credits and every AccountRef exists (else a 400 ValidationFault naming the problem, QuickBooks'
  codes 6000 and 2500); a create repeated with the same requestid answers the first result.
- Every call may carry `minorversion` (digits). Limits: 500 a minute per realm (429 past it, counted as
  violations) and 10 calls in flight (429 `ThrottleExceeded` past it). `POST /_simulator/touch` moves the
  company's clock and saves some sales documents again (see adapters.quickbooks.sample_books).
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from aiohttp import web

from adapters.quickbooks.books import ACCOUNTS, REALM_ID, Books, meta, stamp
from adapters.quickbooks.client import QUICKBOOKS_ONLINE
from adapters.quickbooks.sample_books import default_sales, generate_books, touch
from adapters.quickbooks.simulator_query import QueryError, fault, json_answer, parse_query
from adapters.toolkit.oauth_simulation import TokenIssuer
from adapters.toolkit.rate_limit import Clock, RateLimitPolicy
from adapters.toolkit.sales_feed import Sale
from adapters.toolkit.simulation import STATS, FaultPlan, partner_app, touch_asked

BOOKS = web.AppKey("quickbooks_books", Books)
ISSUER = web.AppKey("quickbooks_token_issuer", TokenIssuer)
ENTITIES = ("Invoice", "SalesReceipt", "Payment", "CreditMemo", "JournalEntry", "Item", "Account")
CDC_LOOKBACK = timedelta(days=30)
MAX_IN_FLIGHT = 10
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _books(request: web.Request) -> Books:
    return request.app[BOOKS]


def _validation(request: web.Request, message: str, detail: str, code: str, element: str = "") -> web.Response:
    return fault(400, "ValidationFault", message, detail, code, stamp(_books(request).now), element)


async def _query(request: web.Request) -> web.Response:
    books = _books(request)
    try:
        query = parse_query(request.query.get("query", ""), ENTITIES)
    except QueryError as error:
        return _validation(request, "Error parsing query", f"QueryParserError: {error}", "4000")
    rows = query.select(books.listed(query.entity))
    page = {query.entity: rows, "startPosition": query.start, "maxResults": len(rows)} if rows else {}
    return json_answer({"QueryResponse": page, "time": stamp(books.now)})


async def _changes(request: web.Request) -> web.Response:
    books = _books(request)
    wanted = [name.strip() for name in request.query.get("entities", "").split(",") if name.strip()]
    unknown = [name for name in wanted if name not in ENTITIES]
    if not wanted or unknown:
        return _validation(request, "Invalid entities", f"entities must name some of {', '.join(ENTITIES)}; "
                           f"not {', '.join(unknown) or 'none given'}", "2010", "entities")
    try:
        since = datetime.fromisoformat(request.query.get("changedSince", "").replace("Z", "+00:00"))
    except ValueError:
        return _validation(request, "Invalid changedSince", "changedSince must be a date time", "2010", "changedSince")
    if since.tzinfo is None or since < books.now - CDC_LOOKBACK:
        return _validation(request, "Invalid changedSince", "changedSince must be within the last 30 days and state "
                           "a time zone", "2010", "changedSince")
    pages = []
    for name in wanted:
        rows = [row for row in books.listed(name) + _deleted(books, name) if _changed(row) >= since]
        rows.sort(key=lambda row: (_changed(row), int(row["Id"])))
        pages.append({name: rows, "startPosition": 1, "maxResults": len(rows)} if rows else {})
    return json_answer({"CDCResponse": [{"QueryResponse": pages}], "time": stamp(books.now)})


def _changed(row: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(row["MetaData"]["LastUpdatedTime"])


def _deleted(books: Books, name: str) -> list[dict[str, Any]]:
    return list(books.deleted.get(name, {}).values())


async def _create_journal_entry(request: web.Request) -> web.Response:
    books, key = _books(request), request.query.get("requestid")
    if key and key in books.created:
        return json_answer(books.created[key])
    try:
        entry = json.loads(await request.read(), parse_float=Decimal)
    except ValueError:
        return _validation(request, "Request has invalid or unsupported property", "The body is not JSON", "2010")
    problem = _journal_problem(entry if isinstance(entry, dict) else {}, books)
    if problem:
        return _validation(request, *problem)
    answer = {"JournalEntry": _journal_entity(entry, books), "time": stamp(books.now)}
    books.add("JournalEntry", answer["JournalEntry"])
    if key:
        books.created[key] = answer
    return json_answer(answer)


def _journal_problem(entry: dict[str, Any], books: Books) -> tuple[str, str, str, str] | None:
    """(message, detail, code, element) of the first thing QuickBooks would refuse, or None."""
    lines = entry.get("Line")
    if not isinstance(lines, list) or not lines:
        return "Required param missing, need to supply the required value for the API", "Line is required", "2020", \
            "Line"
    sides = {"Debit": Decimal(0), "Credit": Decimal(0)}
    for index, line in enumerate(lines):
        detail = line.get("JournalEntryLineDetail") if isinstance(line, dict) else None
        amount = line.get("Amount") if isinstance(line, dict) else None
        if not isinstance(detail, dict) or detail.get("PostingType") not in sides or \
                not isinstance(amount, (Decimal, int)) or amount < 0:
            return ("Request has invalid or unsupported property", f"Line[{index}] needs a JournalEntryLineDetail "
                    f"with PostingType Debit or Credit and a non-negative Amount", "2010", f"Line[{index}]")
        account = (detail.get("AccountRef") or {}).get("value")
        if account not in books.entities.get("Account", {}):
            return ("Invalid Reference Id", f"Invalid Reference Id : Accounts element id {account} not found", "2500",
                    f"Line[{index}].AccountRef")
        sides[detail["PostingType"]] += Decimal(amount)
    if sides["Debit"] != sides["Credit"]:
        return ("A business validation error has occurred while processing your request",
                f"Business Validation Error: You can't save this transaction because it isn't balanced. Debits "
                f"{sides['Debit']} and credits {sides['Credit']} must be equal.", "6000", "Line")
    return None


def _journal_entity(entry: dict[str, Any], books: Books) -> dict[str, Any]:
    names = {ident: name for ident, name, *_ in ACCOUNTS}
    lines = []
    for index, line in enumerate(entry["Line"]):
        detail = dict(line["JournalEntryLineDetail"])
        detail["AccountRef"] = {"value": detail["AccountRef"]["value"], "name": names[detail["AccountRef"]["value"]]}
        lines.append({**line, "Id": str(index), "JournalEntryLineDetail": detail})
    total = sum((Decimal(line["Amount"]) for line in lines
                 if line["JournalEntryLineDetail"]["PostingType"] == "Debit"), Decimal(0))
    return {**{key: value for key, value in entry.items() if key != "Line"}, "Id": books.next_id(), "SyncToken": "0",
            "domain": "QBO", "sparse": False, "MetaData": meta(books.now), "Adjustment": False,
            "TxnDate": entry.get("TxnDate") or books.now.date().isoformat(), "Line": lines, "TotalAmt": total,
            "CurrencyRef": entry.get("CurrencyRef") or {"value": "USD", "name": "United States Dollar"}}


async def _touch(request: web.Request) -> web.Response:
    orders, hours = await touch_asked(request)
    books = _books(request)
    touched = touch(books, orders, hours)
    return web.json_response({"touched": touched, "now": stamp(books.now)})


async def _discrepancies(request: web.Request) -> web.Response:
    """The gaps planted on purpose, by order reference: none (the deleted duplicate is no gap; see books.py)."""
    return web.json_response({})


def _company_guard(realm_id: str) -> Any:
    """Calls about another company are refused; calls beyond 10 in flight are throttled; minorversion is digits."""
    in_flight = 0

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        nonlocal in_flight
        if not request.path.startswith("/v3/"):
            return await handler(request)
        now = stamp(request.app[BOOKS].now)
        if request.match_info.get("realm") != realm_id:
            return fault(403, "AUTHENTICATION", "message=ApplicationAuthorizationFailed; errorCode=003100; "
                         "statusCode=403", f"not authorized for company {request.match_info.get('realm')}", "003100", now)
        if not request.query.get("minorversion", "75").isdigit():
            return fault(400, "ValidationFault", "Invalid minorversion", "minorversion must be a number", "2010", now)
        if in_flight >= MAX_IN_FLIGHT:
            request.app[STATS].violations += 1
            return fault(429, "SERVICE", "message=ThrottleExceeded; errorCode=003001; statusCode=429",
                         "The request limit of 10 concurrent requests was reached", "003001", now)
        in_flight += 1
        try:
            return await handler(request)
        finally:
            in_flight -= 1

    return guard


def create_app(*, sales: list[Sale] | None = None, seed: int = 1, orders: int = 60, faults: FaultPlan | None = None,
               rate_limit: RateLimitPolicy | None = QUICKBOOKS_ONLINE, clock: Clock = time.monotonic,
               realm_id: str = REALM_ID, client_id: str = "qbo-sim-client", client_secret: str = "qbo-sim-secret",
               refresh_token: str = "qbo-sim-refresh-0", access_token: str | None = "qbo-sim-access-0",
               token_lifetime: float = 3600.0) -> web.Application:
    """The simulator app over `sales` (a synthetic feed of `orders` when None); serve it with start_simulator."""
    issuer = TokenIssuer(client_id, client_secret, refresh_token, access_token, token_lifetime, clock=clock)
    app = partner_app(faults=faults, rate_limit=rate_limit, clock=clock, authenticate=issuer.authenticate)
    app.middlewares.append(_company_guard(realm_id))
    app[BOOKS] = generate_books(sales if sales is not None else default_sales(orders, seed), seed, realm_id)
    app[ISSUER] = issuer
    app.router.add_post(issuer.token_path, issuer.token)
    company = "/v3/company/{realm}"
    app.router.add_get(f"{company}/query", _query)
    app.router.add_get(f"{company}/cdc", _changes)
    app.router.add_post(f"{company}/journalentry", _create_journal_entry)
    app.router.add_post("/_simulator/touch", _touch)
    app.router.add_get("/_simulator/discrepancies", _discrepancies)
    return app
