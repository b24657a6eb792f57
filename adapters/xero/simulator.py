"""A local Xero Accounting API (aiohttp.web) for the demo brand's organisation, under `/api.xro/2.0`.

The organisation holds `generate_books(sales, seed)` (see `sample_data`: an invoice, a payment and
the credit notes of every shipped WooCommerce and eBay sale, one voided duplicate invoice, the
catalogue's items and the chart of accounts). Reads (see `simulator_listings`) honour
`If-Modified-Since`, `order`, `page` and `pageSize`; `PUT /ManualJournals` (see `simulator_journals`)
validates a journal as Xero does and honours `Idempotency-Key`.

Every call needs `Authorization: Bearer <access token>` (401 AuthenticationUnsuccessful otherwise)
and the organisation's `Xero-tenant-id` (403 AuthorizationUnsuccessful for any other). Access tokens
come from `POST /connect/token` (see `simulator_tokens`: 30-minute access tokens, single-use refresh
tokens that expire after 60 days unused); `access_token` is live for the first 30 minutes. Limits, per
organisation: 60 calls in any minute (the shared enforcer; `X-MinLimit-Remaining` on every answer),
5,000 a day (`X-DayLimit-Remaining`) and 5 calls at once; a call beyond one is answered 429 with
`X-Rate-Limit-Problem` (minute, day or concurrent) and `Retry-After`, and counted as a violation.

`POST /_simulator/touch` (`{"orders": 3, "advance_hours": 24}`) moves the clock and has some invoices
emailed to their customers (a change Xero records), answering their ids; `GET /_simulator/discrepancies`
answers the planted gaps: none.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from aiohttp import web

from adapters.toolkit.rate_limit import XERO, Clock, RateLimitPolicy, Window
from adapters.toolkit.sales_feed import Sale
from adapters.toolkit.simulation import INTERNAL, STATS, FaultPlan, Handler, partner_app, touch_asked
from adapters.xero.client import API
from adapters.xero.sample_data import generate_books, touch
from adapters.xero.simulator_journals import put_manual_journals
from adapters.xero.simulator_listings import BOOKS, answer, get_collection, get_document
from adapters.xero.simulator_tokens import TOKEN_PATH, XeroTokens

ACCESS_TOKEN = "xero-simulated-access-token"
TENANT_ID = "6b8d4a2e-1f3c-4e5a-9b7d-0c2e4f6a8b1d"
CLIENT_ID, CLIENT_SECRET = "XEROSIMULATEDCLIENTID0000000000", "xero-simulated-client-secret"
REFRESH_TOKEN = "xero-simulated-refresh-token"
DAY_LIMIT, CONCURRENT_LIMIT = 5000, 5
DAY = 86_400.0
TOKENS = web.AppKey("xero_tokens", XeroTokens)


def _problem(status: int, title: str, detail: str) -> web.Response:
    return answer({"Type": None, "Title": title, "Status": status, "Detail": detail, "Extensions": {}}, status)


def _authenticator(tokens: XeroTokens, tenant_id: str) -> Any:
    @web.middleware
    async def check(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith(INTERNAL) or request.path == TOKEN_PATH:
            return await handler(request)
        if not tokens.authenticate(request):
            return _problem(401, "Unauthorized", "AuthenticationUnsuccessful")
        if (request.headers.get("Xero-tenant-id") or "").lower() != tenant_id.lower():
            return _problem(403, "Forbidden", "AuthorizationUnsuccessful")
        return await handler(request)

    return check


def _refused(problem: str, retry_after: float) -> web.Response:
    refused = _problem(429, "Too Many Requests", f"Rate limit exceeded ({problem} limit)")
    refused.headers.update({"X-Rate-Limit-Problem": problem, "Retry-After": f"{max(1, round(retry_after))}"})
    return refused


def _daily_and_concurrent(clock: Clock, day_limit: int, concurrent_limit: int) -> Any:
    """Xero's day allowance and its limit of calls in flight at once, beside the shared minute window."""
    day, in_flight = Window(day_limit, DAY), [0]

    @web.middleware
    async def enforce(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith(INTERNAL) or request.path == TOKEN_PATH:
            return await handler(request)
        stats = request.app[STATS]
        if in_flight[0] >= concurrent_limit:
            stats.violations += 1
            return _refused("concurrent", 1)
        if (wait := day.delay(clock(), day_limit)) > 0:
            stats.violations += 1
            return _refused("day", wait)
        day.take(clock())
        in_flight[0] += 1
        try:
            response = await handler(request)
        finally:
            in_flight[0] -= 1
        response.headers["X-DayLimit-Remaining"] = str(max(0, day_limit - int(day.used(clock()))))
        return response

    return enforce


@web.middleware
async def _name_the_minute_limit(request: web.Request, handler: Handler) -> web.StreamResponse:
    """The shared enforcer refuses an overdrawn minute; Xero names that limit in `X-Rate-Limit-Problem`."""
    response = await handler(request)
    if response.status == 429 and "X-MinLimit-Remaining" in response.headers:
        response.headers.setdefault("X-Rate-Limit-Problem", "minute")
    return response


async def _touch(request: web.Request) -> web.Response:
    books = request.app[BOOKS]
    orders, hours = await touch_asked(request)
    touched = touch(books, orders, hours)
    return web.json_response({"touched": touched, "now": books.now.isoformat()})


async def _discrepancies(request: web.Request) -> web.Response:
    return web.json_response({})


def create_app(*, sales: Sequence[Sale] | None = None, seed: int = 1, count: int = 60,
               faults: FaultPlan | None = None, rate_limit: RateLimitPolicy | None = XERO,
               clock: Clock = time.monotonic, access_token: str = ACCESS_TOKEN, tenant_id: str = TENANT_ID,
               client_id: str = CLIENT_ID, client_secret: str = CLIENT_SECRET, refresh_token: str = REFRESH_TOKEN,
               day_limit: int = DAY_LIMIT, concurrent_limit: int = CONCURRENT_LIMIT) -> web.Application:
    """The simulator app; serve it with `adapters.toolkit.simulation.start_simulator`.

    `rate_limit` is the minute window (None: no limits at all, the day's and concurrency's included);
    `access_token` is live for 30 minutes of `clock` from the start, `refresh_token` the app's first."""
    app = partner_app(faults=faults, rate_limit=rate_limit, clock=clock)
    if rate_limit is not None:
        app.middlewares.insert(0, _name_the_minute_limit)
        app.middlewares.append(_daily_and_concurrent(clock, day_limit, concurrent_limit))
    tokens = XeroTokens.start(client_id, client_secret, refresh_token, access_token, clock)
    app.middlewares.append(_authenticator(tokens, tenant_id))
    app[TOKENS] = tokens
    app[BOOKS] = generate_books(sales, seed, count)
    app.router.add_post(TOKEN_PATH, tokens.token)
    app.router.add_get(f"{API}/{{collection}}", get_collection)
    app.router.add_get(f"{API}/{{collection}}/{{document_id}}", get_document)
    app.router.add_put(f"{API}/ManualJournals", put_manual_journals)
    app.router.add_post(f"{API}/ManualJournals", put_manual_journals)
    app.router.add_post(f"{INTERNAL}touch", _touch)
    app.router.add_get(f"{INTERNAL}discrepancies", _discrepancies)
    return app


__all__ = ["ACCESS_TOKEN", "CLIENT_ID", "CLIENT_SECRET", "REFRESH_TOKEN", "TENANT_ID", "TOKENS", "create_app"]
