"""A local ShipHero public GraphQL API (aiohttp.web + graphql-core): `POST /graphql` over the brand's account.

The account holds `sample_stock.build_account(sales, seed)` (see `sample_data` and `sample_stock` for what it holds,
the gap planted in it); the schema served is `simulated_schema.SDL` (orders, order, shipments, shipment,
warehouse_products, purchase_orders, purchase_order). Auth is `Authorization: Bearer <token>` (401
otherwise).

Throttling is ShipHero's credit system: the account holds up to 4004 credits, restored at 60 a second; a
query costs its complexity (here 1 per root field plus 1 per node returned, nested line items included),
stated as `complexity` in each root answer and in `extensions.throttling` with the credits remaining. A
query costing more than the credits left is refused (HTTP 200) with code 30 "There are not enough
credits...", naming the credits required, remaining and the seconds to wait, and counted as a violation
in `/_simulator/stats`; one costing more than 4004 is refused outright. `analyze: true` on a root field
answers the complexity without charging it or returning data. ShipHero's hard cap of 7000 requests in
five minutes is the request limit (`rate_limit`).

`POST /_simulator/touch` (`{"orders": 3, "advance_hours": 24}`) moves the clock and ships what chosen orders
still owe, or marks them reviewed; `GET /_simulator/discrepancies` lists the planted gap.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from graphql import GraphQLSchema, graphql_sync

from adapters.shiphero.client import CREDITS, RESTORE_PER_SECOND, SHIPHERO_REQUESTS
from adapters.shiphero.sample_data import Account, touch
from adapters.shiphero.sample_stock import build_account
from adapters.shiphero.simulated_schema import build
from adapters.toolkit.rate_limit import Clock, RateLimitPolicy
from adapters.toolkit.sales_feed import Sale, synthetic_sales
from adapters.toolkit.simulation import INTERNAL, STATS, FaultPlan, partner_app, touch_asked

TOKEN = "shiphero-simulated-access-token"
NOT_ENOUGH_CREDITS = 30


@dataclass
class Credits:
    """The account's credit bucket: up to `capacity`, restored at `rate` a second."""

    capacity: float
    rate: float
    clock: Clock
    level: float = math.inf
    updated: float | None = None

    def available(self) -> float:
        now = self.clock()
        if self.updated is not None:
            self.level = min(self.capacity, self.level + (now - self.updated) * self.rate)
        self.level, self.updated = min(self.level, self.capacity), now
        return self.level


@dataclass
class Api:
    account: Account
    schema: GraphQLSchema
    credits: Credits
    requests: int = 0


API = web.AppKey("shiphero_api", Api)


def _nodes(value: Any) -> int:
    """Nodes returned under an answer: every edge of every connection, at any depth."""
    if isinstance(value, dict):
        return sum((len(item) if key == "edges" and isinstance(item, list) else 0) + _nodes(item)
                   for key, item in value.items())
    if isinstance(value, list):
        return sum(_nodes(item) for item in value)
    return 0


def _throttled(roots: list[str], required: int, remaining: float, rate: float) -> dict[str, Any]:
    wait = math.ceil((required - remaining) / rate)
    message = (f"There are not enough credits to perform the requested operation, which requires {required} credits. "
               f"The account has {math.floor(remaining)} credits remaining. Try again in {wait} seconds")
    return {"errors": [{"message": message, "code": NOT_ENOUGH_CREDITS, "operation": roots[0] if roots else None,
                        "required_credits": required, "remaining_credits": math.floor(remaining),
                        "time_remaining": f"{wait} seconds"}],
            "data": {root: None for root in roots}}


def _charge(api: Api, data: dict[str, Any], analyze: bool) -> dict[str, Any] | int:
    """Each root's complexity stated in its answer; the total charged, or the refusal when credits fall short."""
    costs = {root: 1 + _nodes(answer) for root, answer in data.items() if answer is not None}
    total = sum(costs.values())
    api.requests += 1
    for root, cost in costs.items():
        data[root].update({key: value for key, value in (("complexity", cost), ("request_id", f"{api.requests:024x}"))
                           if key in data[root]})
        if analyze and "data" in data[root]:
            data[root]["data"] = None
    if total > api.credits.capacity:
        return {"errors": [{"message": f"The operation requires {total} credits, more than the {api.credits.capacity:g} "
                                       "any single operation may use; ask for fewer results per page",
                            "required_credits": total}], "data": {root: None for root in data}}
    if analyze:
        return total
    remaining = api.credits.available()
    if remaining < total:
        return _throttled(list(data), total, remaining, api.credits.rate)
    api.credits.level -= total
    return total


async def graphql_endpoint(request: web.Request) -> web.Response:
    api = request.app[API]
    try:
        body = await request.json()
    except ValueError:
        return web.json_response({"errors": [{"message": "the body must be a JSON GraphQL request"}]}, status=400)
    flags: dict[str, bool] = {}
    result = graphql_sync(api.schema, str(body.get("query") or ""), root_value=api.account, context_value=flags,
                          variable_values=body.get("variables"), operation_name=body.get("operationName"))
    if result.errors or result.data is None:
        return web.json_response({"errors": [error.formatted for error in result.errors or []], "data": result.data})
    analyze = flags.get("analyze", False)
    charged = _charge(api, result.data, analyze)
    if isinstance(charged, dict):
        request.app[STATS].violations += 1 if "code" in charged["errors"][0] else 0
        return web.json_response(charged)
    quota = {"credits_remaining": math.floor(api.credits.available()), "max_available": api.credits.capacity,
             "increment_rate": api.credits.rate}
    return web.json_response({"data": result.data, "extensions": {"throttling": {
        "estimated_complexity": charged, "cost": 0 if analyze else charged, "user_quota": quota}}})


async def _touch(request: web.Request) -> web.Response:
    orders, hours = await touch_asked(request)
    account = request.app[API].account
    touched = touch(account, orders, hours)
    return web.json_response({"touched": touched, "now": account.now.isoformat()})


async def _discrepancies(request: web.Request) -> web.Response:
    return web.json_response(request.app[API].account.discrepancies)


def create_app(*, sales: list[Sale] | None = None, seed: int = 1, orders: int = 40, faults: FaultPlan | None = None,
               rate_limit: RateLimitPolicy | None = SHIPHERO_REQUESTS, clock: Clock = time.monotonic,
               token: str = TOKEN, credits: float = CREDITS, restore_per_second: float = RESTORE_PER_SECOND,
               plant_gaps: bool = True) -> web.Application:
    """The simulator app (serve it with `adapters.toolkit.simulation.start_simulator`); `orders` sizes the
    synthetic feed used when no `sales` are given; `credits` and `restore_per_second` size the credit bucket."""
    expected = f"Bearer {token}"
    app = partner_app(faults=faults, rate_limit=rate_limit, clock=clock,
                      authenticate=lambda request: request.headers.get("Authorization") == expected)
    feed = sales if sales is not None else synthetic_sales(orders, seed, channel="ebay")
    app[API] = Api(build_account(feed, seed, plant_gaps), build(), Credits(credits, restore_per_second, clock, credits))
    app.router.add_post("/graphql", graphql_endpoint)
    app.router.add_post(f"{INTERNAL}touch", _touch)
    app.router.add_get(f"{INTERNAL}discrepancies", _discrepancies)
    return app
