"""A local WooCommerce store (aiohttp.web): REST API v3 orders and order refunds under `/wp-json/wc/v3`.

The store holds `generate_store(orders, seed)` (see `adapters.woocommerce.sample_data` for what the
data set holds, its Stripe fees and nets, and the two orders deliberately off by one cent). Listings
honour WooCommerce's parameters: `per_page` (1-100, default 10), `page`, `orderby` (date, id, include,
title, slug, modified; ties broken by id), `order` (default desc), `status` (default any, which leaves
out the trash), `include`, `after` / `before` (created), `modified_after` / `modified_before` (exclusive,
in store time unless `dates_are_gmt=true`), and answer with `X-WP-Total`, `X-WP-TotalPages` and a
`Link` header (`prev` / `next`); a page past the end is an empty list, a bad parameter a 400
`rest_invalid_param`. Auth is a REST API key: HTTP Basic (or `consumer_key` / `consumer_secret` query
parameters, as WooCommerce also accepts over HTTPS); 401 otherwise. WooCommerce sends no rate-limit
headers; the gentle limit the client keeps (5/s, burst 10) is enforced and overdrafts are counted.
`POST /_simulator/touch` (`{"orders": 3, "advance_hours": 24}`) moves the store's clock, modifies some
orders (processing ones are shipped and completed) and refunds one of them, for incremental-sync tests.
"""

from __future__ import annotations

import base64
import math
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web

from adapters.toolkit.rate_limit import Clock, RateLimitPolicy
from adapters.toolkit.simulation import FaultPlan, partner_app, touch_asked
from adapters.woocommerce.client import API, MAX_PAGE_SIZE, WOOCOMMERCE_REST
from adapters.woocommerce.sample_data import (
    OFF_TAX_ID,
    OFF_TOTAL_ID,
    Store,
    complete,
    generate_store,
    refund,
    ship,
)
from adapters.woocommerce.store import STORE_OFFSET, gmt, set_date

STORE = web.AppKey("woocommerce_store", Store)
_SORT_KEYS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "date": lambda o: o["date_created_gmt"], "modified": lambda o: o.get("date_modified_gmt") or o["date_created_gmt"],
    "id": lambda o: o["id"],
    "include": lambda o: o["id"], "title": lambda o: o["id"], "slug": lambda o: o["id"],
}
_RANGES = {"after": ("date_created", False), "before": ("date_created", True),
           "modified_after": ("date_modified", False), "modified_before": ("date_modified", True)}


class InvalidParam(ValueError):
    """A parameter WooCommerce would refuse with 400 `rest_invalid_param`."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(reason)
        self.name = name


def _error(code: str, message: str, status: int, **data: Any) -> web.Response:
    return web.json_response({"code": code, "message": message, "data": {"status": status, **data}}, status=status)


def _integer(query: Any, name: str, default: int, low: int, high: int | None = None) -> int:
    raw = query.get(name, str(default))
    if not raw.isdigit() or int(raw) < low or (high is not None and int(raw) > high):
        bounds = f"between {low} (inclusive) and {high} (inclusive)" if high else f"greater than or equal to {low}"
        raise InvalidParam(name, f"{name} must be {bounds}")
    return int(raw)


def _moment(query: Any, name: str) -> datetime:
    """A date parameter in UTC: naive values are store time, or GMT when `dates_are_gmt` is true."""
    try:
        moment = datetime.fromisoformat(query[name].strip().replace(" ", "+").replace("Z", "+00:00"))
    except ValueError as error:
        raise InvalidParam(name, f"{name} is not a valid date") from error
    if moment.tzinfo is None:
        in_gmt = query.get("dates_are_gmt", "false").lower() in ("true", "1")
        moment = moment.replace(tzinfo=UTC) - (timedelta(0) if in_gmt else STORE_OFFSET)
    return moment.astimezone(UTC)


def _wanted(query: Any) -> Callable[[dict[str, Any]], bool]:
    """The filter of a listing: statuses, ids and the date ranges asked for."""
    statuses = set(query.get("status", "any").split(","))
    include = {int(i) for i in query["include"].split(",") if i.isdigit()} if query.get("include") else None
    ranges = [(field, before, _moment(query, name)) for name, (field, before) in _RANGES.items() if name in query]

    def wanted(order: dict[str, Any]) -> bool:
        status_ok = order["status"] in statuses or ("any" in statuses and order["status"] != "trash")
        dates_ok = all(gmt(order, field) < moment if before else gmt(order, field) > moment
                       for field, before, moment in ranges)
        return status_ok and dates_ok and (include is None or order["id"] in include)

    return wanted


def _sorted(query: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    orderby, direction = query.get("orderby", "date"), query.get("order", "desc")
    if orderby not in _SORT_KEYS:
        raise InvalidParam("orderby", f"orderby is not one of {', '.join(_SORT_KEYS)}")
    if direction not in ("asc", "desc"):
        raise InvalidParam("order", "order is not one of asc, desc")
    key = _SORT_KEYS[orderby]
    return sorted(rows, key=lambda row: (key(row), row["id"]), reverse=direction == "desc")


def _paged(request: web.Request, rows: list[dict[str, Any]]) -> web.Response:
    """One page of a listing with WooCommerce's totals headers and its `Link` to the neighbouring pages."""
    per_page = _integer(request.query, "per_page", 10, 1, MAX_PAGE_SIZE)
    page = _integer(request.query, "page", 1, 1)
    pages = math.ceil(len(rows) / per_page)
    headers = {"X-WP-Total": str(len(rows)), "X-WP-TotalPages": str(pages)}
    links = []
    if page > 1 and pages:
        links.append(f'<{request.url.update_query(page=min(page - 1, pages))}>; rel="prev"')
    if page < pages:
        links.append(f'<{request.url.update_query(page=page + 1)}>; rel="next"')
    if links:
        headers["Link"] = ", ".join(links)
    return web.json_response(rows[(page - 1) * per_page: page * per_page], headers=headers)


def _invalid(error: InvalidParam) -> web.Response:
    return _error("rest_invalid_param", f"Invalid parameter(s): {error.name}", 400, params={error.name: str(error)})


async def _orders(request: web.Request) -> web.Response:
    store = request.app[STORE]
    try:
        wanted = _wanted(request.query)
        return _paged(request, _sorted(request.query, [o for o in store.orders.values() if wanted(o)]))
    except InvalidParam as error:
        return _invalid(error)


def _order_of(request: web.Request) -> dict[str, Any] | None:
    return request.app[STORE].orders.get(int(request.match_info["order_id"]))


async def _order(request: web.Request) -> web.Response:
    order = _order_of(request)
    if order is None:
        return _error("woocommerce_rest_shop_order_invalid_id", "Invalid ID.", 404)
    return web.json_response(order)


async def _refunds(request: web.Request) -> web.Response:
    order = _order_of(request)
    if order is None:
        return _error("woocommerce_rest_shop_order_invalid_id", "Invalid ID.", 404)
    try:
        refunds = request.app[STORE].refunds.get(order["id"], [])
        return _paged(request, _sorted(request.query, list(refunds)))
    except InvalidParam as error:
        return _invalid(error)


def touch(store: Store, count: int, advance_hours: float) -> tuple[list[int], list[int]]:
    """Move the clock, modify `count` orders and refund one: what an incremental sync must then pick up."""
    store.now += timedelta(hours=advance_hours)
    touched = store.rng.sample(sorted(store.orders), min(count, len(store.orders)))
    for offset, order_id in enumerate(touched):
        order, at = store.orders[order_id], store.now + timedelta(seconds=offset + 1)
        if order["status"] == "processing":
            shipped = {int(p["item_id"]) for parcel in _parcels(order) for p in parcel["products_list"]}
            ship(store, order, [line for line in order["line_items"] if line["id"] not in shipped], at)
            complete(order, at)
        else:
            set_date(order, "date_modified", at)  # saved in the admin: a note, an address, a meta field
    candidates = [i for i in touched if store.orders[i]["status"] in ("processing", "completed")
                  and not store.orders[i]["refunds"] and i not in (OFF_TOTAL_ID, OFF_TAX_ID)]
    if candidates:
        order = store.orders[candidates[0]]
        refund(store, order, [(order["line_items"][0], 1)], reason="customer return: damaged",
               at=store.now + timedelta(seconds=len(touched) + 1))
    return touched, candidates[:1]


def _parcels(order: dict[str, Any]) -> list[dict[str, Any]]:
    return next((m["value"] for m in order["meta_data"] if m["key"] == "_wc_shipment_tracking_items"), [])


async def _touch(request: web.Request) -> web.Response:
    store = request.app[STORE]
    orders, hours = await touch_asked(request)
    touched, refunded = touch(store, orders, hours)
    return web.json_response({"touched": touched, "refunded": refunded, "now": store.now.isoformat()})


def _authenticator(consumer_key: str, consumer_secret: str) -> Callable[[web.Request], bool]:
    expected = "Basic " + base64.b64encode(f"{consumer_key}:{consumer_secret}".encode()).decode()

    def authenticate(request: web.Request) -> bool:
        if request.headers.get("Authorization") == expected:
            return True
        query = request.query
        return query.get("consumer_key") == consumer_key and query.get("consumer_secret") == consumer_secret

    return authenticate


def create_app(*, orders: int = 50, seed: int = 1, spacing_minutes: int = 17, consumer_key: str = "ck_simulated",
               consumer_secret: str = "cs_simulated", faults: FaultPlan | None = None,
               rate_limit: RateLimitPolicy | None = WOOCOMMERCE_REST, clock: Clock = time.monotonic) -> web.Application:
    """The simulator app; serve it with `adapters.toolkit.simulation.start_simulator`."""
    app = partner_app(faults=faults, rate_limit=rate_limit, clock=clock,
                      authenticate=_authenticator(consumer_key, consumer_secret))
    app[STORE] = generate_store(orders, seed, spacing_minutes)
    app.router.add_get(f"{API}/orders", _orders)
    app.router.add_get(f"{API}/orders/{{order_id:\\d+}}", _order)
    app.router.add_get(f"{API}/orders/{{order_id:\\d+}}/refunds", _refunds)
    app.router.add_post("/_simulator/touch", _touch)
    return app
