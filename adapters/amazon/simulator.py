"""A local Amazon Selling Partner API (aiohttp.web) for the demo brand on amazon.com: Orders v0 and Finances v0.

The seller holds `build_brand(orders, seed)` (see `sample_data`: orders, items, shipment and refund
events, an FBA reimbursement, and the financial event groups that pay them). The operations (see
`simulator_listings`) honour Amazon's filters, `MaxResultsPerPage` and `NextToken` paging, require
`x-amz-access-token` (401 otherwise), and enforce each operation's published token bucket
(`rate_limits.PUBLISHED`, times `rate_scale`): every answer states the operation's rate in
`x-amzn-RateLimit-Limit`, and a call beyond the bucket is answered 429 QuotaExceeded and counted as a
violation in `/_simulator/stats`.

Deliberate discrepancies the hub's reconciliation must find: two shipped orders are credited a
little less in their ShipmentEvent than the order states (0.30 of Principal; 0.07 of Tax), named in
`GET /_simulator/discrepancies` (and `Brand.discrepancies`). Everything else reconciles: each
order's events add up to its OrderTotal less Amazon's fees and refunds (and, with `facilitator_tax`,
less the sales tax Amazon withholds), and each group's OriginalTotal to its events.

Login with Amazon at `POST /auth/o2/token` (api.amazon.com's path): `grant_type=refresh_token` with the
seller's `refresh_token` and the app's `client_id` and `client_secret` as form fields answers a new access
token living `token_lifetime` (3600) seconds of the simulator's clock, and the same refresh token (LWA's do
not rotate); an unknown refresh token answers 400 `invalid_grant`, a wrong client 401 `invalid_client`. The
API takes those access tokens in `x-amz-access-token` while they live, and the static `token` always.

`POST /_simulator/touch` (`{"orders": 3, "advance_hours": 24}`) moves the seller's clock, ships those
of the chosen orders still waiting, bumps the others' LastUpdateDate and refunds a line of one
shipped order, for incremental-sync tests; it answers what it changed.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from aiohttp import web

from adapters.amazon import simulator_listings as listings
from adapters.amazon.rate_limits import EVENT_GROUPS_PATH, EVENTS_PATH, ORDERS_PATH, PUBLISHED_LIMITS, scaled
from adapters.amazon.sample_data import build_brand, refund, ship
from adapters.amazon.simulator_listings import ACCOUNT, THROTTLED, Account, error
from adapters.amazon.times import iso
from adapters.toolkit.oauth_simulation import TokenIssuer
from adapters.toolkit.rate_limit import Clock, RateLimitPolicy
from adapters.toolkit.simulation import INTERNAL, STATS, FaultPlan, Handler, partner_app, usage_headers

TOKEN = "Atza|simulated-access-token"
LWA_PATH = "/auth/o2/token"
CLIENT_ID = "amzn1.application-oa2-client.simulated"
CLIENT_SECRET = "amzn1.oa2-cs.v1.simulated-client-secret"
REFRESH_TOKEN = "Atzr|simulated-refresh-token"
LWA = web.AppKey("amazon_lwa", TokenIssuer)


def _authenticator(token: str, issuer: TokenIssuer) -> Any:
    @web.middleware
    async def check(request: web.Request, handler: Handler) -> web.StreamResponse:
        given = request.headers.get("x-amz-access-token", "")
        if request.path.startswith(INTERNAL) or request.path == LWA_PATH or given == token or issuer.live(given):
            return await handler(request)
        return error(401, "Unauthorized", "Access to requested resource is denied.")

    return check


def _enforcer(limits: Mapping[str, RateLimitPolicy], clock: Clock) -> Any:
    """Each operation's own token bucket, as Amazon keeps them; routes are named after their operation."""
    buckets = {operation: policy.state() for operation, policy in limits.items()}

    @web.middleware
    async def enforce(request: web.Request, handler: Handler) -> web.StreamResponse:
        operation = request.match_info.route.name or ""
        if operation not in limits or request.path.startswith(INTERNAL):
            return await handler(request)
        policy, bucket, now = limits[operation], buckets[operation], clock()
        if bucket.delay(now, bucket.capacity) > 0:
            request.app[STATS].violations += 1
            refused = error(429, "QuotaExceeded", THROTTLED)
            refused.headers.update(usage_headers(policy, bucket.used(now), bucket.capacity))
            return refused
        bucket.take(now)
        response = await handler(request)
        response.headers.update(usage_headers(policy, bucket.used(clock()), bucket.capacity))
        return response

    return enforce


async def _touch(request: web.Request) -> web.Response:
    """Move the clock; ship, or else bump, some orders; refund a line of one shipped order."""
    brand = request.app[ACCOUNT].brand
    options = await request.json() if request.can_read_body else {}
    brand.now += timedelta(hours=float(options.get("advance_hours", 24)))
    at = brand.now - timedelta(minutes=10)  # outside Amazon's two-minute listing delay
    touched = brand.rng.sample(sorted(brand.orders), min(int(options.get("orders", 3)), len(brand.orders)))
    shipped = []
    for offset, order_id in enumerate(touched):
        order, items = brand.orders[order_id], brand.items[order_id]
        waiting = [index for index, item in enumerate(items) if item["QuantityShipped"] < item["QuantityOrdered"]]
        if order["OrderStatus"] in ("Unshipped", "PartiallyShipped") and waiting:
            ship(brand, order_id, waiting, at + timedelta(seconds=offset))
            shipped.append(order_id)
        else:
            order["LastUpdateDate"] = iso(at + timedelta(seconds=offset))
    refunded = {event["AmazonOrderId"] for kind, event in brand.events if kind == "RefundEventList"}
    candidates = [i for i in touched if brand.orders[i]["OrderStatus"] == "Shipped" and i not in refunded]
    if candidates:
        refund(brand, candidates[0], 0, at + timedelta(seconds=len(touched)))
    return web.json_response({"touched": touched, "shipped": shipped, "refunded": candidates[:1],
                              "now": iso(brand.now)})


async def _discrepancies(request: web.Request) -> web.Response:
    return web.json_response(request.app[ACCOUNT].brand.discrepancies)


def create_app(*, orders: int = 50, seed: int = 1, token: str = TOKEN, faults: FaultPlan | None = None,
               rate_limit: Mapping[str, RateLimitPolicy] | None = PUBLISHED_LIMITS, rate_scale: float = 1.0,
               finance_page_limit: int | None = 50, facilitator_tax: bool = False, client_id: str = CLIENT_ID,
               client_secret: str = CLIENT_SECRET, refresh_token: str = REFRESH_TOKEN, token_lifetime: float = 3600.0,
               clock: Clock = time.monotonic) -> web.Application:
    """The simulator app; serve it with `adapters.toolkit.simulation.start_simulator`.

    `rate_limit` maps operation names to their limits (None: no limit), each rate times `rate_scale`;
    `finance_page_limit` is the largest finance page that is not throttled (None: any); `client_id`,
    `client_secret` and `refresh_token` are what LWA accepts, issuing access tokens of `token_lifetime` seconds.
    """
    app = partner_app(faults=faults, clock=clock)
    issuer = TokenIssuer(client_id, client_secret, refresh_token, lifetime=token_lifetime, token_path=LWA_PATH,
                         clock=clock, rotate=False, client_auth="body")
    app[LWA] = issuer
    app.middlewares.append(_authenticator(token, issuer))
    if rate_limit:
        app.middlewares.append(_enforcer(scaled(rate_limit, rate_scale), clock))
    app[ACCOUNT] = Account(build_brand(orders, seed, facilitator_tax), finance_page_limit)
    app.router.add_get(ORDERS_PATH, listings.get_orders, name="getOrders")
    app.router.add_get(f"{ORDERS_PATH}/{{order_id}}", listings.get_order, name="getOrder")
    app.router.add_get(f"{ORDERS_PATH}/{{order_id}}/orderItems", listings.get_order_items, name="getOrderItems")
    app.router.add_get(EVENT_GROUPS_PATH, listings.list_event_groups, name="listFinancialEventGroups")
    app.router.add_get(EVENTS_PATH, listings.list_events, name="listFinancialEvents")
    app.router.add_post(LWA_PATH, issuer.token)
    app.router.add_post(f"{INTERNAL}touch", _touch)
    app.router.add_get(f"{INTERNAL}discrepancies", _discrepancies)
    return app
