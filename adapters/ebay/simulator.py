"""A local eBay (aiohttp.web) for the demo brand on EBAY_US: Sell Fulfillment API v1 and Sell Finances API v1.

The seller holds `build_seller(orders, seed, spacing_minutes)` (see `sample_data`: orders, shipping
fulfillments, SALE and REFUND transactions and the daily payouts that pay them, with the one planted
discrepancy named in `GET /_simulator/discrepancies`). The operations (see `simulator_listings`) honour
eBay's filters, `limit`/`offset` paging with `next` hrefs and its sort; they require
`Authorization: Bearer <token>` (401 otherwise) and enforce each API's daily call quota
(`rate_limits.PUBLISHED_QUOTAS`): a call beyond it is answered 429 with `Retry-After` and counted as a
violation in `/_simulator/stats`. One base URL serves both APIs (eBay serves Finances from apiz.ebay.com).

`POST /_simulator/touch` (`{"orders": 3, "advance_hours": 24}`) moves the seller's clock, ships those of
the chosen orders still waiting and refunds a returned unit of the others, then pays out what has come
due; it answers every object it changed (orders, fulfillments, transactions, payouts) in `touched`.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from aiohttp import web

from adapters.ebay import simulator_listings as listings
from adapters.ebay.rate_limits import FINANCES_PATH, FULFILLMENT_PATH, PUBLISHED_QUOTAS
from adapters.ebay.sample_data import RETURN_REASONS, Seller, build_seller, refund, ship
from adapters.ebay.sample_orders import iso
from adapters.ebay.simulator_listings import SELLER, error
from adapters.toolkit.rate_limit import Clock, RateLimitPolicy
from adapters.toolkit.simulation import INTERNAL, STATS, FaultPlan, Handler, partner_app, touch_asked

TOKEN = "v^1.1#i^1#simulated-user-access-token"


def _authenticator(token: str) -> Any:
    @web.middleware
    async def check(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith(INTERNAL) or request.headers.get("Authorization") == f"Bearer {token}":
            return await handler(request)
        return error(401, 1001, "OAuth", "Invalid access token",
                     "Invalid access token. Check the value of the Authorization HTTP request header.")

    return check


def _enforcer(quotas: Mapping[str, RateLimitPolicy], clock: Clock) -> Any:
    """Each API's own daily quota, as eBay keeps them."""
    logs = {prefix: policy.state() for prefix, policy in quotas.items()}

    @web.middleware
    async def enforce(request: web.Request, handler: Handler) -> web.StreamResponse:
        prefix = next((p for p in logs if request.path.startswith(p)), None)
        if prefix is None or request.path.startswith(INTERNAL):
            return await handler(request)
        log, now = logs[prefix], clock()
        wait = log.delay(now, log.capacity)
        if wait > 0:
            request.app[STATS].violations += 1
            refused = error(429, 2001, "ACCESS", "Too many requests. The request limit has been reached for the resource.")
            refused.headers["Retry-After"] = f"{max(wait, 0.001):.3f}"
            return refused
        log.take(now)
        return await handler(request)

    return enforce


def _paid_out(seller: Seller) -> dict[str, tuple[str | None, str]]:
    return {t["transactionId"]: (t.get("payoutId"), t["orderId"]) for t in seller.transactions}


async def _touch(request: web.Request) -> web.Response:
    """Move the clock; ship, or else refund a unit of, some orders; pay out what came due."""
    seller = request.app[SELLER]
    orders, hours = await touch_asked(request)
    seller.now += timedelta(hours=hours)
    at = seller.now - timedelta(minutes=10)
    movable = sorted(o for o, order in seller.orders.items() if order["orderPaymentStatus"] == "PAID")
    chosen = seller.rng.sample(movable, min(orders, len(movable)))
    touched: list[str] = []
    shipped, refunded = [], []
    for offset, order_id in enumerate(chosen):
        moment = at + timedelta(seconds=offset)
        if seller.orders[order_id]["orderFulfillmentStatus"] == "NOT_STARTED":
            ship(seller, order_id, moment)
            shipped.append(order_id)
        else:
            reason = RETURN_REASONS[len(seller.returns) % len(RETURN_REASONS)]
            touched.append(refund(seller, order_id, moment, reason)["transactionId"])
            refunded.append(order_id)
        touched += [order_id, *(f["fulfillmentId"] for f in seller.fulfillments.get(order_id, []))]
    before, statuses = _paid_out(seller), {p["payoutId"]: p["payoutStatus"] for p in seller.payouts}
    seller.settle()
    for transaction_id, (payout_id, order_id) in _paid_out(seller).items():
        if before.get(transaction_id, (None, ""))[0] != payout_id:
            touched += [transaction_id, order_id]
    touched += [p["payoutId"] for p in seller.payouts if statuses.get(p["payoutId"]) != p["payoutStatus"]]
    return web.json_response({"touched": list(dict.fromkeys(touched)), "shipped": shipped, "refunded": refunded,
                              "now": iso(seller.now)})


async def _discrepancies(request: web.Request) -> web.Response:
    return web.json_response(request.app[SELLER].discrepancies)


def create_app(*, orders: int = 60, seed: int = 1, spacing_minutes: int = 1080, token: str = TOKEN,
               collect_and_remit: bool = False, faults: FaultPlan | None = None,
               rate_limit: Mapping[str, RateLimitPolicy] | None = PUBLISHED_QUOTAS,
               clock: Clock = time.monotonic) -> web.Application:
    """The simulator app; serve it with `adapters.toolkit.simulation.start_simulator`.

    `rate_limit` maps API path prefixes to their daily quotas (None: no limit); `collect_and_remit`
    has eBay collect and remit the sales tax (its rule in the US), see `sample_orders`.
    """
    app = partner_app(faults=faults, clock=clock)
    app.middlewares.append(_authenticator(token))
    if rate_limit:
        app.middlewares.append(_enforcer(rate_limit, clock))
    app[SELLER] = build_seller(orders, seed, spacing_minutes, collect_and_remit)
    app.router.add_get(f"{FULFILLMENT_PATH}/order", listings.get_orders)
    app.router.add_get(f"{FULFILLMENT_PATH}/order/{{order_id}}", listings.get_order)
    app.router.add_get(f"{FULFILLMENT_PATH}/order/{{order_id}}/shipping_fulfillment",
                       listings.get_shipping_fulfillments)
    app.router.add_get(f"{FINANCES_PATH}/transaction", listings.get_transactions)
    app.router.add_get(f"{FINANCES_PATH}/payout", listings.get_payouts)
    app.router.add_post(f"{INTERNAL}touch", _touch)
    app.router.add_get(f"{INTERNAL}discrepancies", _discrepancies)
    return app
