"""A local ShipBob Developer API (aiohttp.web, version 2026-01): orders with shipments, receiving orders, stock levels.

The account holds `sample_stock.build_account(sales, seed)` (see `sample_data` and `sample_stock` for what it holds,
the gap planted in it). Routes, with ShipBob's parameters and answers:
- `GET /2026-01/order` (`Page`, `Limit` 1-250 default 50, `IDs`, `ReferenceIds`, `StartDate`/`EndDate` on
  creation, `LastUpdateStartDate`/`LastUpdateEndDate` on the latest change, all exclusive; `SortOrder`
  Newest (default) or Oldest, by creation): a bare JSON array, with `Page-Number`, `Total-Pages`,
  `Total-Count` and, when there is one, `next-page` (the next page's path and query) headers;
  `GET /2026-01/order/{id}`, `/2026-01/order/{id}/shipment`, `/2026-01/shipment/{id}`.
- `GET /2026-01/receiving` (`Page`, `Limit`, `IDs`, `Statuses`, `InsertStartDate`/`InsertEndDate`,
  `CompletedStartDate`/`CompletedEndDate`), `GET /2026-01/receiving/{id}`.
- `GET /2026-01/inventory-level/locations` (`PageSize` 1-250 default 50, `Cursor`): a page envelope
  `{items, first, last, prev, next}`; `GET /2026-01/inventory-level/{inventory_id}/locations`.
A bad parameter is a 400 with ShipBob's validation problem body; an unknown id a 404. Auth is
`Authorization: Bearer <PAT>` (401 otherwise). ShipBob's limit, 150 requests a minute on a sliding window,
is enforced (`x-remaining-calls` on every answer; an overdraft is a 429, counted as a violation).

`POST /_simulator/touch` (`{"orders": 3, "advance_hours": 24}`) moves the clock and changes orders
(waiting shipments ship, shipped ones get a carrier scan); `GET /_simulator/discrepancies` lists the
planted gap.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from aiohttp import web

from adapters.shipbob.client import API, MAX_PAGE_SIZE, SHIPBOB_API
from adapters.shipbob.sample_data import Account, order_updated, parse_time, receiving_updated, touch
from adapters.shipbob.sample_stock import build_account, inventory_levels
from adapters.toolkit.rate_limit import Clock, RateLimitPolicy
from adapters.toolkit.sales_feed import Sale, synthetic_sales
from adapters.toolkit.simulation import INTERNAL, FaultPlan, decode_token, encode_token, partner_app, touch_asked

TOKEN = "shipbob_pat_simulated"
ACCOUNT = web.AppKey("shipbob_account", Account)
CURRENCY = web.AppKey("shipbob_currency", str)
_ORDER_RANGES = {"StartDate": (lambda o: parse_time(o["created_date"]), False),
                 "EndDate": (lambda o: parse_time(o["created_date"]), True),
                 "LastUpdateStartDate": (order_updated, False), "LastUpdateEndDate": (order_updated, True)}


def _completed(wro: dict[str, Any]) -> datetime | None:
    stamps = [entry["timestamp"] for entry in wro.get("status_history", []) if entry["status"] == "Completed"]
    return parse_time(stamps[-1]) if stamps else None


_RECEIVING_RANGES = {"InsertStartDate": (lambda w: parse_time(w["insert_date"]), False),
                     "InsertEndDate": (lambda w: parse_time(w["insert_date"]), True),
                     "CompletedStartDate": (_completed, False), "CompletedEndDate": (_completed, True)}


class BadParameter(ValueError):
    def __init__(self, name: str, reason: str) -> None:
        super().__init__(reason)
        self.name = name


def _number(value: Any) -> float:
    if isinstance(value, Decimal):
        return float(value)  # amounts of two decimals print back exactly as ShipBob's JSON numbers
    raise TypeError(f"{type(value).__name__} is not JSON")


def answer(body: Any, headers: Mapping[str, str] | None = None) -> web.Response:
    return web.json_response(body, headers=headers, dumps=lambda value: json.dumps(value, default=_number))


def _problem(error: BadParameter) -> web.Response:
    return web.json_response({"type": "https://tools.ietf.org/html/rfc7231#section-6.5.1",
                              "title": "One or more validation errors occurred.", "status": 400,
                              "errors": {error.name: [str(error)]}}, status=400)


def _not_found(what: str) -> web.Response:
    return web.json_response({"type": "https://tools.ietf.org/html/rfc7231#section-6.5.4", "title": "Not Found",
                              "status": 404, "detail": f"{what} not found"}, status=404)


def _integer(query: Mapping[str, str], name: str, default: int, high: int | None = None) -> int:
    raw = query.get(name, str(default))
    if not raw.isdigit() or int(raw) < 1 or (high is not None and int(raw) > high):
        raise BadParameter(name, f"The value '{raw}' is not valid for {name}" + (f" (1-{high})" if high else ""))
    return int(raw)


def _moment(query: Mapping[str, str], name: str) -> datetime:
    try:
        return parse_time(query[name].strip().replace(" ", "+"))
    except ValueError as error:
        raise BadParameter(name, f"The value '{query[name]}' is not valid for {name}.") from error


def _ids(query: Mapping[str, str], name: str) -> set[str] | None:
    return {part.strip() for part in query[name].split(",") if part.strip()} if query.get(name) else None


def _in_ranges(query: Mapping[str, str], ranges: Mapping[str, tuple[Callable[[Any], datetime | None], bool]]
               ) -> Callable[[Any], bool]:
    bounds = [(stated, before, _moment(query, name)) for name, (stated, before) in ranges.items() if name in query]

    def inside(row: Any) -> bool:
        for stated, before, moment in bounds:
            value = stated(row)
            if value is None or (value >= moment if before else value <= moment):
                return False
        return True

    return inside


def _paged(request: web.Request, rows: list[dict[str, Any]]) -> web.Response:
    """One page of a list with ShipBob's paging headers; `next-page` keeps every other parameter."""
    limit = _integer(request.query, "Limit", 50, MAX_PAGE_SIZE)
    page = _integer(request.query, "Page", 1)
    pages = math.ceil(len(rows) / limit)
    headers = {"Page-Number": str(page), "Total-Pages": str(pages), "Total-Count": str(len(rows))}
    if page < pages:
        headers["next-page"] = str(request.rel_url.update_query(Page=page + 1))
    return answer(rows[(page - 1) * limit: page * limit], headers)


async def list_orders(request: web.Request) -> web.Response:
    query, account = request.query, request.app[ACCOUNT]
    try:
        ids, references = _ids(query, "IDs"), _ids(query, "ReferenceIds")
        inside = _in_ranges(query, _ORDER_RANGES)
        direction = query.get("SortOrder", "Newest")
        if direction not in ("Newest", "Oldest"):
            raise BadParameter("SortOrder", f"The value '{direction}' is not valid for SortOrder.")
        rows = [order for order in account.orders.values() if inside(order)
                and (ids is None or str(order["id"]) in ids) and (references is None or order["reference_id"] in references)]
        rows.sort(key=lambda o: (o["created_date"], o["id"]), reverse=direction == "Newest")
        return _paged(request, rows)
    except BadParameter as error:
        return _problem(error)


def _order(request: web.Request) -> dict[str, Any] | None:
    return request.app[ACCOUNT].orders.get(int(request.match_info["order_id"]))


async def get_order(request: web.Request) -> web.Response:
    order = _order(request)
    return answer(order) if order else _not_found("Order")


async def get_order_shipments(request: web.Request) -> web.Response:
    order = _order(request)
    return answer(order["shipments"]) if order else _not_found("Order")


async def get_shipment(request: web.Request) -> web.Response:
    wanted = int(request.match_info["shipment_id"])
    found = next((s for s in request.app[ACCOUNT].shipments() if s["id"] == wanted), None)
    return answer(found) if found else _not_found("Shipment")


async def list_receiving(request: web.Request) -> web.Response:
    query, account = request.query, request.app[ACCOUNT]
    try:
        ids, statuses = _ids(query, "IDs"), _ids(query, "Statuses")
        inside = _in_ranges(query, _RECEIVING_RANGES)
        rows = [wro for wro in account.receiving.values() if receiving_updated(wro) <= account.now and inside(wro)
                and (ids is None or str(wro["id"]) in ids) and (statuses is None or wro["status"] in statuses)]
        return _paged(request, sorted(rows, key=lambda w: w["id"]))
    except BadParameter as error:
        return _problem(error)


async def get_receiving(request: web.Request) -> web.Response:
    found = request.app[ACCOUNT].receiving.get(int(request.match_info["receiving_id"]))
    return answer(found) if found else _not_found("Receiving order")


async def list_levels(request: web.Request) -> web.Response:
    """Inventory levels by location, a page at a time, the position in an opaque `Cursor`."""
    try:
        size = _integer(request.query, "PageSize", 50, MAX_PAGE_SIZE)
    except BadParameter as error:
        return _problem(error)
    state = decode_token(request.query["Cursor"]) if request.query.get("Cursor") else {"offset": 0}
    if state is None:
        return _problem(BadParameter("Cursor", "The cursor is not valid."))
    levels, offset = inventory_levels(request.app[ACCOUNT]), int(state.get("offset", 0))
    path = request.rel_url.path

    def link(at: int) -> str:
        return str(request.rel_url.with_query(PageSize=size, Cursor=encode_token({"offset": at})))

    return answer({"items": levels[offset: offset + size], "first": f"{path}?PageSize={size}",
                   "last": link(max(0, (len(levels) - 1) // size * size)),
                   "prev": link(max(0, offset - size)) if offset else None,
                   "next": link(offset + size) if offset + size < len(levels) else None})


async def get_levels(request: web.Request) -> web.Response:
    wanted = int(request.match_info["inventory_id"])
    found = next((item for item in inventory_levels(request.app[ACCOUNT]) if item["inventory_id"] == wanted), None)
    return answer(found) if found else _not_found("Inventory")


async def _touch(request: web.Request) -> web.Response:
    orders, hours = await touch_asked(request)
    account = request.app[ACCOUNT]
    touched = touch(account, orders, hours,
                    request.app[CURRENCY])
    return answer({"touched": touched, "now": account.now.isoformat()})


async def _discrepancies(request: web.Request) -> web.Response:
    return answer(request.app[ACCOUNT].discrepancies)


def create_app(*, sales: list[Sale] | None = None, seed: int = 1, orders: int = 40, faults: FaultPlan | None = None,
               rate_limit: RateLimitPolicy | None = SHIPBOB_API, clock: Clock = time.monotonic, token: str = TOKEN,
               plant_gaps: bool = True) -> web.Application:
    """The simulator app (serve it with `adapters.toolkit.simulation.start_simulator`); `orders` sizes the
    synthetic feed used when no `sales` are given."""
    expected = f"Bearer {token}"
    app = partner_app(faults=faults, rate_limit=rate_limit, clock=clock,
                      authenticate=lambda request: request.headers.get("Authorization") == expected)
    feed = sales if sales is not None else synthetic_sales(orders, seed, channel="amazon")
    app[ACCOUNT] = build_account(feed, seed, plant_gaps)
    app[CURRENCY] = feed[0].currency if feed else "USD"
    app.router.add_get(f"{API}/order", list_orders)
    app.router.add_get(f"{API}/order/{{order_id:\\d+}}", get_order)
    app.router.add_get(f"{API}/order/{{order_id:\\d+}}/shipment", get_order_shipments)
    app.router.add_get(f"{API}/shipment/{{shipment_id:\\d+}}", get_shipment)
    app.router.add_get(f"{API}/receiving", list_receiving)
    app.router.add_get(f"{API}/receiving/{{receiving_id:\\d+}}", get_receiving)
    app.router.add_get(f"{API}/inventory-level/locations", list_levels)
    app.router.add_get(f"{API}/inventory-level/{{inventory_id:\\d+}}/locations", get_levels)
    app.router.add_post(f"{INTERNAL}touch", _touch)
    app.router.add_get(f"{INTERNAL}discrepancies", _discrepancies)
    return app
