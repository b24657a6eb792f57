"""A local EasyPost account (aiohttp.web): API v2 trackers and shipments under `/v2`.

The account holds `build_account(sales)` (see `adapters.easypost.sample_data` for what it holds and
why nothing is planted). Listings answer as EasyPost does: newest first by creation, `page_size`
(1-100, default 20), `before_id` / `after_id` (strictly older / newer than that object),
`start_datetime` / `end_datetime` (creation, inclusive / exclusive), `has_more`; trackers also filter
by `tracking_code` and `carrier`, shipments by `purchased`. An unknown id answers 404 `NOT_FOUND`, a
bad parameter 422 `PARAMETER.INVALID`. Auth is HTTP Basic with the API key as user (401 otherwise).
EasyPost publishes no fixed limit; the client's gentle one is enforced and overdrafts are counted.
`POST /_simulator/touch` (`{"orders": 3, "advance_hours": 24}`) moves the clock and lets that many
parcels in transit scan once more; it answers the trackers, shipments and sale references it changed.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from aiohttp import web

from adapters.easypost.client import API, EASYPOST_API, MAX_PAGE_SIZE
from adapters.easypost.documents import shipment, stamp, tracker
from adapters.easypost.sample_data import Account, TrackedParcel, advance, build_account, synthetic_feed
from adapters.toolkit.rate_limit import Clock, RateLimitPolicy
from adapters.toolkit.sales_feed import Sale
from adapters.toolkit.simulation import FaultPlan, partner_app, query_time, touch_asked

ACCOUNT = web.AppKey("easypost_account", Account)
API_KEY = "EZAK_simulated"
SYNTHETIC_SALES = 80


class InvalidParameter(ValueError):
    """A parameter EasyPost refuses with 422 PARAMETER.INVALID."""


def _error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message, "errors": []}}, status=status)


def _page_size(query: Any) -> int:
    raw = query.get("page_size", "20")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
        raise InvalidParameter(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
    return int(raw)


def _moment(query: Any, name: str) -> datetime | None:
    try:
        return query_time(query, name)
    except ValueError as error:
        raise InvalidParameter(f"{name} is not a valid datetime") from error


def _listed(request: web.Request, rows: list[tuple[datetime, str, dict[str, Any]]], collection: str) -> web.Response:
    """One page of rows (creation time, id, object), newest first, as EasyPost pages them."""
    query = request.query
    size = _page_size(query)
    start, end = _moment(query, "start_datetime"), _moment(query, "end_datetime")
    ordered = sorted(((at, ident, row) for at, ident, row in rows
                      if (start is None or at >= start) and (end is None or at < end)), key=lambda r: (r[0], r[1]),
                     reverse=True)
    keys = {ident: (at, ident) for at, ident, _ in ordered}
    for name, older in (("before_id", True), ("after_id", False)):
        if name in query:
            if query[name] not in keys:
                raise InvalidParameter(f"{name} {query[name]} is not an object of this listing")
            bound = keys[query[name]]
            ordered = [r for r in ordered if ((r[0], r[1]) < bound if older else (r[0], r[1]) > bound)]
    if "after_id" in query and "before_id" not in query:
        ordered = ordered[-size:]  # the page just newer than after_id
    page = [row for _, _, row in ordered[:size]]
    return web.json_response({collection: page, "has_more": len(ordered) > size})


def _existing(account: Account) -> list[TrackedParcel]:
    return [tracked for tracked in account.parcels.values() if tracked.exists(account.now)]


async def _trackers(request: web.Request) -> web.Response:
    account = request.app[ACCOUNT]
    code, carrier = request.query.get("tracking_code"), request.query.get("carrier")
    rows = [(t.tracker_created_at, t.tracker_id, tracker(t, account.now)) for t in _existing(account)
            if (code is None or t.parcel.tracking_number == code) and (carrier is None or t.parcel.carrier == carrier)]
    try:
        return _listed(request, rows, "trackers")
    except InvalidParameter as error:
        return _error(422, "PARAMETER.INVALID", str(error))


async def _shipments(request: web.Request) -> web.Response:
    account = request.app[ACCOUNT]
    purchased = request.query.get("purchased", "true").lower()
    if purchased not in ("true", "false"):
        return _error(422, "PARAMETER.INVALID", "purchased must be true or false")
    rows = [(t.label_at, str(t.shipment_id), shipment(t, account.now)) for t in _existing(account)
            if t.shipment_id and purchased == "true"]
    try:
        return _listed(request, rows, "shipments")
    except InvalidParameter as error:
        return _error(422, "PARAMETER.INVALID", str(error))


def _not_found() -> web.Response:
    return _error(404, "NOT_FOUND", "The requested resource could not be found.")


async def _tracker(request: web.Request) -> web.Response:
    account = request.app[ACCOUNT]
    found = account.parcels.get(request.match_info["object_id"])
    return web.json_response(tracker(found, account.now)) if found and found.exists(account.now) else _not_found()


async def _shipment(request: web.Request) -> web.Response:
    account = request.app[ACCOUNT]
    wanted = request.match_info["object_id"]
    found = next((t for t in _existing(account) if t.shipment_id == wanted), None)
    return web.json_response(shipment(found, account.now)) if found else _not_found()


async def _touch(request: web.Request) -> web.Response:
    account = request.app[ACCOUNT]
    orders, hours = await touch_asked(request)
    changed = advance(account, orders, hours)
    touched = sorted({name for t in changed for name in (t.tracker_id, t.shipment_id, t.sale.reference) if name})
    return web.json_response({"touched": touched, "now": stamp(account.now)})


def _authenticator(api_key: str) -> Callable[[web.Request], bool]:
    expected = "Basic " + base64.b64encode(f"{api_key}:".encode()).decode()

    def authenticate(request: web.Request) -> bool:
        return request.headers.get("Authorization") == expected

    return authenticate


def create_app(*, sales: list[Sale] | None = None, seed: int = 1, faults: FaultPlan | None = None,
               rate_limit: RateLimitPolicy | None = EASYPOST_API, clock: Clock = time.monotonic,
               api_key: str = API_KEY, count: int = SYNTHETIC_SALES) -> web.Application:
    """The simulator app; serve it with `adapters.toolkit.simulation.start_simulator`."""
    app = partner_app(faults=faults, rate_limit=rate_limit, clock=clock, authenticate=_authenticator(api_key))
    app[ACCOUNT] = build_account(synthetic_feed(count, seed) if sales is None else sales, seed)
    app.router.add_get(f"{API}/trackers", _trackers)
    app.router.add_get(f"{API}/trackers/{{object_id}}", _tracker)
    app.router.add_get(f"{API}/shipments", _shipments)
    app.router.add_get(f"{API}/shipments/{{object_id}}", _shipment)
    app.router.add_post("/_simulator/touch", _touch)
    return app
