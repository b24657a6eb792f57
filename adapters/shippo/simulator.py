"""A local Shippo account (aiohttp.web): orders, transactions (labels) and tracks, as `api.goshippo.com` serves them.

The account holds `build_account(sales)` (see `adapters.shippo.sample_data` for what it holds and why
nothing is planted). Listings answer as Shippo's do: newest first, `page` / `results` (1-100, default
25) with absolute `next` / `previous` URLs, a page past the end 404 `Invalid page.`; orders filter by
`start_date` / `end_date` (when placed) and `order_status`, transactions by `object_status`,
`tracking_status` and `rate`, and embed their Rate with `expand=rate` (its id otherwise). Auth is
`Authorization: ShippoToken <token>` (401 otherwise). Shippo's published limits are enforced per
endpoint and minute (listings, single reads, tracking) and overdrafts counted as violations.
`POST /_simulator/touch` (`{"orders": 3, "advance_hours": 24}`) moves the clock and lets that many
parcels in transit scan once more; it answers the labels, tracking numbers and order numbers it changed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from aiohttp import web

from adapters.shippo.client import MAX_PAGE_SIZE, SHIPPO_LISTS, SHIPPO_SINGLE, SHIPPO_TRACKS
from adapters.shippo.documents import carrier_token, order, stamp, track, transaction
from adapters.shippo.sample_data import Account, advance, build_account, synthetic_feed
from adapters.toolkit.rate_limit import Clock, RateLimitPolicy
from adapters.toolkit.sales_feed import Sale
from adapters.toolkit.simulation import INTERNAL, STATS, FaultPlan, Handler, partner_app, query_time, touch_asked, usage_headers

ACCOUNT = web.AppKey("shippo_account", Account)
TOKEN = "shippo_live_simulated"
SYNTHETIC_SALES = 60


class BadRequest(ValueError):
    """A parameter Shippo refuses with 400."""


def _detail(status: int, detail: str) -> web.Response:
    return web.json_response({"detail": detail}, status=status)


def _number(query: Any, name: str, default: int, high: int | None = None) -> int:
    raw = query.get(name, str(default))
    if not raw.isdigit() or int(raw) < 1 or (high is not None and int(raw) > high):
        raise BadRequest(f"{name} must be a whole number from 1" + (f" to {high}" if high else ""))
    return int(raw)


def _moment(query: Any, name: str) -> datetime | None:
    try:
        return query_time(query, name)
    except ValueError as error:
        raise BadRequest(f"{name} is not an ISO 8601 date and time") from error


def _paged(request: web.Request, rows: list[dict[str, Any]]) -> web.Response:
    """One page of rows already in listing order, with Shippo's count and absolute neighbour links."""
    size, page = _number(request.query, "results", 25, MAX_PAGE_SIZE), _number(request.query, "page", 1)
    pages = max(1, -(-len(rows) // size))
    if page > pages:
        return _detail(404, "Invalid page.")
    following = str(request.url.update_query(page=page + 1)) if page < pages else None
    previous = str(request.url.update_query(page=page - 1)) if page > 1 else None
    return web.json_response({"count": len(rows), "next": following, "previous": previous,
                              "results": rows[(page - 1) * size: page * size]})


async def _orders(request: web.Request) -> web.Response:
    account, query = request.app[ACCOUNT], request.query
    try:
        start, end = _moment(query, "start_date"), _moment(query, "end_date")
        statuses = set(query.getall("order_status[]", [])) | set(query.getall("order_status", []))
        placed = [(sale.placed_at, order_id, sale) for order_id, sale in account.orders.items()
                  if sale.placed_at <= account.now and (start is None or sale.placed_at >= start)
                  and (end is None or sale.placed_at < end)]
        rows = [order(account, order_id, sale) for _, order_id, sale in sorted(placed, key=lambda r: r[:2], reverse=True)]
        return _paged(request, [row for row in rows if not statuses or row["order_status"] in statuses])
    except BadRequest as error:
        return _detail(400, str(error))


async def _order(request: web.Request) -> web.Response:
    account = request.app[ACCOUNT]
    sale = account.orders.get(request.match_info["object_id"])
    if sale is None or sale.placed_at > account.now:
        return _detail(404, "Not found.")
    return web.json_response(order(account, request.match_info["object_id"], sale))


def _expanded(request: web.Request) -> bool:
    return "rate" in {value.strip('"') for value in request.query.getall("expand", [])}


async def _transactions(request: web.Request) -> web.Response:
    account, query = request.app[ACCOUNT], request.query
    bought = sorted((label for label in account.labels.values() if label.bought_at <= account.now),
                    key=lambda label: (label.bought_at, label.transaction_id), reverse=True)
    rows = [transaction(label, account.now, _expanded(request)) for label in bought]
    wanted = {name: query[name] for name in ("object_status", "tracking_status") if name in query}
    rows = [row for row in rows if all(row[{"object_status": "status"}.get(name, name)] == value
                                       for name, value in wanted.items())]
    if "rate" in query:
        rows = [row for row in rows if (row["rate"]["object_id"] if isinstance(row["rate"], dict) else row["rate"])
                == query["rate"]]
    try:
        return _paged(request, rows)
    except BadRequest as error:
        return _detail(400, str(error))


async def _transaction(request: web.Request) -> web.Response:
    account = request.app[ACCOUNT]
    label = account.labels.get(request.match_info["object_id"])
    if label is None or label.bought_at > account.now:
        return _detail(404, "Not found.")
    return web.json_response(transaction(label, account.now, _expanded(request)))


async def _track(request: web.Request) -> web.Response:
    account = request.app[ACCOUNT]
    carrier, number = request.match_info["carrier"], request.match_info["number"]
    label = next((label for label in account.labels.values() if label.parcel.tracking_number == number
                  and carrier_token(label.parcel.carrier) == carrier and label.bought_at <= account.now), None)
    return web.json_response(track(label, account.now)) if label else _detail(404, "Not found.")


async def _touch(request: web.Request) -> web.Response:
    account = request.app[ACCOUNT]
    orders, hours = await touch_asked(request)
    changed = advance(account, orders, hours)
    touched = {name for label in changed
               for name in (label.transaction_id, label.parcel.tracking_number, label.sale.reference)}
    return web.json_response({"touched": sorted(touched), "now": stamp(account.now)})


def _operation_limits(limits: Mapping[str, RateLimitPolicy], app: web.Application, clock: Clock) -> Any:
    """Shippo's limits per endpoint: each path prefix its own allowance (the longest prefix wins)."""
    states = {prefix: policy.state() for prefix, policy in sorted(limits.items(), key=lambda item: -len(item[0]))}

    @web.middleware
    async def enforce(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith(INTERNAL):
            return await handler(request)
        prefix = next((prefix for prefix in states if request.path.startswith(prefix)), None)
        if prefix is None:
            return await handler(request)
        state, policy, now = states[prefix], limits[prefix], clock()
        delay = state.delay(now, state.capacity)
        if delay > 0:
            app[STATS].violations += 1
            return web.json_response({"detail": "Request was throttled."}, status=429, headers={
                "Retry-After": f"{max(delay, 0.001):.3f}", **usage_headers(policy, state.used(now), state.capacity)})
        state.take(now)
        return await handler(request)

    return enforce


def _authenticator(token: str) -> Callable[[web.Request], bool]:
    def authenticate(request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"ShippoToken {token}"

    return authenticate


def create_app(*, sales: list[Sale] | None = None, seed: int = 1, faults: FaultPlan | None = None,
               rate_limit: RateLimitPolicy | None = SHIPPO_LISTS, single_limit: RateLimitPolicy = SHIPPO_SINGLE,
               tracks_limit: RateLimitPolicy = SHIPPO_TRACKS, clock: Clock = time.monotonic, token: str = TOKEN,
               count: int = SYNTHETIC_SALES) -> web.Application:
    """The simulator app (`rate_limit=None`: no limit at all); serve it with `start_simulator`."""
    app = partner_app(faults=faults, clock=clock, authenticate=_authenticator(token))
    if rate_limit is not None:
        limits = {"/orders": rate_limit, "/transactions": rate_limit, "/orders/": single_limit,
                  "/transactions/": single_limit, "/tracks/": tracks_limit}
        app.middlewares.append(_operation_limits(limits, app, clock))
    app[ACCOUNT] = build_account(synthetic_feed(count, seed) if sales is None else sales, seed)
    app.router.add_get("/orders", _orders)
    app.router.add_get("/orders/{object_id}", _order)
    app.router.add_get("/transactions", _transactions)
    app.router.add_get("/transactions/{object_id}", _transaction)
    app.router.add_get("/tracks/{carrier}/{number}", _track)
    app.router.add_post("/_simulator/touch", _touch)
    return app
