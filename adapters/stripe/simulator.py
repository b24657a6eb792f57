"""A local Stripe API (aiohttp.web) over the brand's account: charges, refunds, disputes, payouts,
balance transactions and events under `/v1`.

The account is `build_account(sales or synthetic_sales(...), seed)` (see `sample_data` for what it
holds and the one planted dispute, also listed at `GET /_simulator/discrepancies`). Listings answer
Stripe's list object (`{"object": "list", "url", "has_more", "data"}`), newest first, with `limit`
(1-100, default 10), `starting_after` / `ending_before` (one at most), `created` (exact, or
`created[gt|gte|lt|lte]`) and `expand[]` (`data.charge` on refunds and disputes, `data.source` and
`data.source.charge` on balance transactions; the same without `data.` when retrieving one). Per list:
`type` (wildcard `*` allowed) and `types[]` on events; `payout`, `source` and `type` on balance
transactions (a payout's listing holds its own `payout` transaction too); `charge` on refunds and
disputes; `status` on payouts. A bad parameter is a 400 `invalid_request_error` naming it, an unknown
id a 404 `resource_missing`. Auth is the secret key as a bearer token (or as the Basic user name, as
Stripe also accepts); 401 otherwise. Stripe sends no rate-limit headers; its published limit (25
reads/s in test mode) is enforced and overdrafts counted.
`POST /_simulator/touch` (`{"orders": 3, "advance_hours": 24}`) moves the clock, refunds part of some
charges and makes the payouts that fall due (see `sample_data.touch`).
"""

from __future__ import annotations

import base64
import copy
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from adapters.stripe.rate_limits import STRIPE_TEST_MODE
from adapters.stripe.sample_data import Account, build_account, touch
from adapters.stripe.simulator_listings import InvalidRequest, listed, matches
from adapters.toolkit.rate_limit import Clock, RateLimitPolicy
from adapters.toolkit.sales_feed import Sale, synthetic_sales
from adapters.toolkit.simulation import INTERNAL, FaultPlan, partner_app

ACCOUNT = web.AppKey("stripe_account", Account)
SECRET_KEY = "sk_test_simulated"
COLLECTIONS = {"charges": "charges", "refunds": "refunds", "disputes": "disputes", "payouts": "payouts",
               "balance_transactions": "transactions"}
EXPANDABLE = {"refunds": ("charge",), "disputes": ("charge",), "balance_transactions": ("source", "source.charge")}


def _error(status: int, message: str, param: str | None = None, code: str | None = None) -> web.Response:
    body = {"type": "invalid_request_error", "message": message, **({"param": param} if param else {}),
            **({"code": code} if code else {})}
    return web.json_response({"error": body}, status=status)


def _find(account: Account, object_id: str) -> dict[str, Any] | None:
    for name in COLLECTIONS.values():
        found = getattr(account, name).get(object_id)
        if found is not None:
            return found
    return None


def _expanded(account: Account, obj: dict[str, Any], fields: set[str]) -> dict[str, Any]:
    """A copy of the object with the linked ids named by `fields` (dotted: `source.charge`) replaced by objects."""
    shown = copy.deepcopy(obj)
    for path in sorted(fields, key=len):
        holder, *parents, name = [shown, *path.split(".")]
        for parent in parents:
            holder = holder.get(parent) if isinstance(holder, dict) else None
        linked = _find(account, holder.get(name)) if isinstance(holder, dict) and isinstance(holder.get(name), str) \
            else None
        if linked is not None:
            holder[name] = copy.deepcopy(linked)
    return shown


def _expansions(request: web.Request, kind: str, prefix: str) -> set[str]:
    asked = request.query.getall("expand[]", [])
    allowed = {prefix + path for path in EXPANDABLE.get(kind, ())}
    for path in asked:
        if path not in allowed:
            raise InvalidRequest(f"This property cannot be expanded ({path}).", "expand")
    return {path.removeprefix(prefix) for path in asked}


def _rows(request: web.Request, kind: str) -> list[dict[str, Any]]:
    account = request.app[ACCOUNT]
    rows = [row for row in getattr(account, COLLECTIONS[kind]).values() if row["created"] <= account.now]
    rows = [row for row in rows if matches(kind, row, request.query, account.paid_out)]
    return sorted(rows, key=lambda row: (row["created"], row["id"]), reverse=True)


async def _list(request: web.Request) -> web.Response:
    kind = request.match_info["kind"]
    account = request.app[ACCOUNT]
    try:
        fields = _expansions(request, kind, "data.")
        if kind == "balance_transactions":
            _known_payout(account, request.query.get("payout"))
        page, has_more = listed(_rows(request, kind), request.query)
    except InvalidRequest as error:
        return _error(400, str(error), error.param)
    data = [_expanded(account, row, fields) for row in page]
    return web.json_response({"object": "list", "data": data, "has_more": has_more, "url": f"/v1/{kind}"})


def _known_payout(account: Account, payout_id: str | None) -> None:
    if payout_id is not None and payout_id not in account.payouts:
        raise InvalidRequest(f"No such payout: '{payout_id}'", "payout")


async def _events(request: web.Request) -> web.Response:
    account = request.app[ACCOUNT]
    try:
        if request.query.getall("expand[]", []):
            raise InvalidRequest("This property cannot be expanded (events).", "expand")
        rows = [event for event in reversed(account.events) if event["created"] <= account.now
                and matches("events", event, request.query, account.paid_out)]
        page, has_more = listed(rows, request.query)
    except InvalidRequest as error:
        return _error(400, str(error), error.param)
    return web.json_response({"object": "list", "data": page, "has_more": has_more, "url": "/v1/events"})


async def _retrieve(request: web.Request) -> web.Response:
    kind, object_id = request.match_info["kind"], request.match_info["object_id"]
    account = request.app[ACCOUNT]
    found = getattr(account, COLLECTIONS[kind]).get(object_id)
    if found is None or found["created"] > account.now:
        return _error(404, f"No such {kind.rstrip('s')}: '{object_id}'", "id", "resource_missing")
    try:
        fields = _expansions(request, kind, "")
    except InvalidRequest as error:
        return _error(400, str(error), error.param)
    return web.json_response(_expanded(account, found, fields))


async def _touch(request: web.Request) -> web.Response:
    account = request.app[ACCOUNT]
    options = await request.json() if request.can_read_body else {}
    touched, changed = touch(account, int(options.get("orders", 3)), float(options.get("advance_hours", 24)))
    return web.json_response({"touched": touched, "changed": changed, "now": account.now})


async def _discrepancies(request: web.Request) -> web.Response:
    return web.json_response(request.app[ACCOUNT].discrepancies)


def _authenticator(secret_key: str) -> Callable[[web.Request], bool]:
    basic = "Basic " + base64.b64encode(f"{secret_key}:".encode()).decode()

    def authenticate(request: web.Request) -> bool:
        return request.headers.get("Authorization") in (f"Bearer {secret_key}", basic)

    return authenticate


def create_app(*, sales: list[Sale] | None = None, seed: int = 1, orders: int = 60, faults: FaultPlan | None = None,
               rate_limit: RateLimitPolicy | None = STRIPE_TEST_MODE, clock: Clock = time.monotonic,
               secret_key: str = SECRET_KEY, planted_dispute: bool = True) -> web.Application:
    """The simulator app over `sales` (default: `orders` synthetic WooCommerce sales); serve it with
    `adapters.toolkit.simulation.start_simulator`."""
    app = partner_app(faults=faults, rate_limit=rate_limit, clock=clock, authenticate=_authenticator(secret_key))
    feed = sales if sales is not None else synthetic_sales(orders, seed, channel="woocommerce")
    app[ACCOUNT] = build_account(feed, seed, planted_dispute)
    kinds = "|".join(COLLECTIONS)
    app.router.add_get("/v1/events", _events)
    app.router.add_get(f"/v1/{{kind:{kinds}}}", _list)
    app.router.add_get(f"/v1/{{kind:{kinds}}}/{{object_id}}", _retrieve)
    app.router.add_post(f"{INTERNAL}touch", _touch)
    app.router.add_get(f"{INTERNAL}discrepancies", _discrepancies)
    return app
