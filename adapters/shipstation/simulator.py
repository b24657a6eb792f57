"""A local ShipStation API V1 (aiohttp.web): orders, shipments (labels) and fulfillments of the brand's account.

The account is `build_account(sales, seed)` (see `sample_data`: what it holds and its two planted gaps,
served at `GET /_simulator/discrepancies`). Lists honour V1's filters (see `simulator_listings`), sort
and page by number (`page`, `pageSize` up to 500) and answer `{<list>, total, page, pages}`; `GET
/orders/{orderId}` answers one order. Auth is HTTP Basic with the API key and secret (401 otherwise).
The limit is V1's: 40 requests in each 60-second window per key; every answer states
`X-Rate-Limit-Limit`, `X-Rate-Limit-Remaining` and `X-Rate-Limit-Reset` (seconds until the window
resets), and a request beyond it is answered 429 (with those headers only, as ShipStation does) and
counted as a violation in `/_simulator/stats`.

`POST /_simulator/touch` (`{"orders": 3, "advance_hours": 24}`) moves the clock, ships or tags some
orders and voids and re-buys one label; it answers the changed order and shipment ids (`touched`) and
the SHIP_NOTIFY notice ShipStation would post (`notices`, whose `resource_url` this simulator serves).
"""

from __future__ import annotations

import base64
import math
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from adapters.shipstation import simulator_listings as listings
from adapters.shipstation.client import SHIPSTATION_V1
from adapters.shipstation.sample_data import build_account, touch
from adapters.shipstation.simulator_listings import ACCOUNT
from adapters.toolkit.rate_limit import Clock, RateLimitPolicy
from adapters.toolkit.sales_feed import Sale
from adapters.toolkit.simulation import INTERNAL, STATS, FaultPlan, Handler, partner_app, touch_asked

API_KEY, API_SECRET = "ss_simulated_key", "ss_simulated_secret"


def _authenticator(api_key: str, api_secret: str) -> Callable[[web.Request], bool]:
    expected = "Basic " + base64.b64encode(f"{api_key}:{api_secret}".encode()).decode()
    return lambda request: request.headers.get("Authorization") == expected


def _window_enforcer(policy: RateLimitPolicy, clock: Clock) -> Any:
    """ShipStation's fixed window: `capacity` calls per `window_seconds`, counted from the window's first call."""
    window = {"start": -math.inf, "used": 0}

    def headers(now: float) -> dict[str, str]:
        reset = max(0, math.ceil(window["start"] + policy.window_seconds - now))
        return {"X-Rate-Limit-Limit": f"{policy.capacity:g}", "X-Rate-Limit-Reset": str(reset),
                "X-Rate-Limit-Remaining": str(max(0, int(policy.capacity - window["used"])))}

    @web.middleware
    async def enforce(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith(INTERNAL):
            return await handler(request)
        now = clock()
        if now >= window["start"] + policy.window_seconds:
            window.update(start=now, used=0)
        if window["used"] >= policy.capacity:
            request.app[STATS].violations += 1
            return web.json_response({"message": "Too Many Requests"}, status=429, headers=headers(now))
        window["used"] += 1
        response = await handler(request)
        response.headers.update(headers(now))
        return response

    return enforce


async def _touch(request: web.Request) -> web.Response:
    orders, hours = await touch_asked(request)
    account = request.app[ACCOUNT]
    touched, notices = touch(account, orders, hours,
                             str(request.url.origin()))
    return web.json_response({"touched": touched, "notices": notices, "now": account.now.isoformat()})


async def _discrepancies(request: web.Request) -> web.Response:
    return web.json_response(request.app[ACCOUNT].discrepancies)


def create_app(*, sales: list[Sale] | None = None, seed: int = 1, orders: int = 60, api_key: str = API_KEY,
               api_secret: str = API_SECRET, faults: FaultPlan | None = None,
               rate_limit: RateLimitPolicy | None = SHIPSTATION_V1, clock: Clock = time.monotonic) -> web.Application:
    """The simulator app (serve it with `adapters.toolkit.simulation.start_simulator`); `orders` sizes the
    synthetic feed used when no `sales` are given."""
    app = partner_app(faults=faults, authenticate=_authenticator(api_key, api_secret), clock=clock)
    if rate_limit is not None:
        app.middlewares.append(_window_enforcer(rate_limit, clock))
    app[ACCOUNT] = build_account(sales, seed, orders)
    app.router.add_get("/orders", listings.list_orders)
    app.router.add_get("/orders/{order_id:\\d+}", listings.get_order)
    app.router.add_get("/shipments", listings.list_shipments)
    app.router.add_get("/fulfillments", listings.list_fulfillments)
    app.router.add_post(f"{INTERNAL}touch", _touch)
    app.router.add_get(f"{INTERNAL}discrepancies", _discrepancies)
    return app
