"""A local Shopify (aiohttp.web): Admin REST orders, Shopify Payments payouts and balance transactions.

The shop holds `generate_orders(orders, seed)`; every paid order is a charge in the payments balance
(fee 2.9% + 0.30), every refund a negative line, and each day's lines are paid out two days later,
so payouts reconcile with the orders. Listings honour Shopify's filters, `limit` (max 250),
`order`, `fields` and cursor pagination (`page_info` in a `Link` header, no other filters beside
it); responses carry `X-Shopify-Shop-Api-Call-Limit` and the 40 / 2 per s leaky bucket is enforced.
`POST /_simulator/touch` (`{"orders": 3, "advance_hours": 24}`) moves the shop's clock, changes some
orders and refunds one of them, for incremental-sync tests; it answers the orders it `touched` and the payouts
that `changed` as the clock moved on.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from aiohttp import web

from adapters.shopify.client import API_VERSION
from adapters.shopify.sample_orders import CENT, TAX_RATE, generate_orders
from adapters.toolkit.rate_limit import SHOPIFY_REST, Clock, RateLimitPolicy
from adapters.toolkit.simulation import (
    FaultPlan,
    decode_token,
    encode_token,
    keyset_page,
    next_link,
    partner_app,
    touch_asked,
)

FEE_RATE, FEE_FIXED = Decimal("0.029"), Decimal("0.30")
Rows = tuple[list[dict[str, Any]], Callable[[dict[str, Any]], list[Any]], bool]


@dataclass
class Shop:
    """The simulated shop's data and clock."""

    orders: dict[int, dict[str, Any]]
    payouts: list[dict[str, Any]]
    balance: list[dict[str, Any]]
    now: datetime
    rng: random.Random
    last_id: int = 8_000_000_000


SHOP = web.AppKey("shopify_shop", Shop)


def _money(value: Decimal) -> str:
    return str(value.quantize(CENT))


def _time(value: str) -> datetime:
    moment = datetime.fromisoformat(value.strip().replace(" ", "+").replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _balance_line(shop: Shop, kind: str, order_id: int, amount: Decimal, source_id: int, at: str) -> None:
    fee = (amount * FEE_RATE + FEE_FIXED).quantize(CENT) if kind == "charge" else Decimal("0.00")
    shop.last_id += 1
    shop.balance.append({
        "id": shop.last_id, "type": kind, "test": False, "payout_id": None, "payout_status": None, "currency": "USD",
        "amount": _money(amount), "fee": _money(fee), "net": _money(amount - fee), "source_id": source_id,
        "source_type": kind, "source_order_id": order_id, "source_order_transaction_id": source_id, "processed_at": at,
    })


def _refund_line(shop: Shop, order: dict[str, Any], refund: dict[str, Any]) -> None:
    paid = sum((Decimal(t["amount"]) for t in refund["transactions"]), Decimal(0))
    _balance_line(shop, "refund", order["id"], -paid, refund["transactions"][0]["id"], refund["created_at"])


def _status(shop: Shop, day: str) -> str:
    today = shop.now.date().isoformat()
    return "paid" if day < today else "in_transit" if day == today else "scheduled"


def _settle(shop: Shop) -> None:
    """Pay out every unpaid balance line, one payout per processing day, two days later; refresh statuses."""
    by_day: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in shop.balance:
        if line["payout_id"] is None:
            by_day[(_time(line["processed_at"]).date() + timedelta(days=2)).isoformat()].append(line)
    for day, lines in sorted(by_day.items()):
        charges = [line for line in lines if line["type"] == "charge"]
        refunds = [line for line in lines if line["type"] == "refund"]
        payout = {"id": 9_000_000 + len(shop.payouts) + 1, "status": "", "date": day, "currency": "USD",
                  "amount": _money(_sum(lines, "net")), "summary": _summary(charges, refunds)}
        shop.payouts.append(payout)
        for line in lines:
            line["payout_id"] = payout["id"]
    statuses = {}
    for payout in shop.payouts:
        payout["status"] = statuses[payout["id"]] = _status(shop, payout["date"])
    for line in shop.balance:
        line["payout_status"] = statuses[line["payout_id"]]


def _sum(lines: list[dict[str, Any]], name: str) -> Decimal:
    return sum((Decimal(line[name]) for line in lines), Decimal(0))


def _summary(charges: list[dict[str, Any]], refunds: list[dict[str, Any]]) -> dict[str, str]:
    zero = _money(Decimal(0))
    return {"adjustments_fee_amount": zero, "adjustments_gross_amount": zero,
            "charges_fee_amount": _money(_sum(charges, "fee")), "charges_gross_amount": _money(_sum(charges, "amount")),
            "refunds_fee_amount": _money(_sum(refunds, "fee")), "refunds_gross_amount": _money(_sum(refunds, "amount")),
            "reserved_funds_fee_amount": zero, "reserved_funds_gross_amount": zero,
            "retried_payouts_fee_amount": zero, "retried_payouts_gross_amount": zero}


def build_shop(count: int, seed: int, spacing_minutes: int = 17) -> Shop:
    """The shop's orders and the payments balance and payouts that follow from them."""
    orders = generate_orders(count, seed, spacing_minutes=spacing_minutes)
    moments = [_time(o["updated_at"]) for o in orders] or [datetime(2026, 9, 1, tzinfo=UTC)]
    shop = Shop({o["id"]: o for o in orders}, [], [], max(moments) + timedelta(hours=1), random.Random(seed))
    for order in orders:
        if order.get("cancelled_at"):
            continue
        _balance_line(shop, "charge", order["id"], Decimal(order["total_price"]), order["id"] * 10 + 9,
                      order["processed_at"])
        for refund in order.get("refunds", []):
            _refund_line(shop, order, refund)
    _settle(shop)
    return shop


# ---- listings ------------------------------------------------------------------------------------------------


class BadRequest(ValueError):
    pass


def _in_range(value: str | None, filters: dict[str, str], name: str) -> bool:
    low, high = filters.get(f"{name}_min"), filters.get(f"{name}_max")
    if low is None and high is None:
        return True
    try:
        moment = _time(value) if value else None
        return moment is not None and (low is None or moment >= _time(low)) and (high is None or moment <= _time(high))
    except ValueError as error:
        raise BadRequest(f"{name}_min/{name}_max must be ISO 8601 times") from error


def _order_rows(shop: Shop, filters: dict[str, str]) -> Rows:
    status = filters.get("status", "open")
    wanted = {"open": lambda o: not o.get("cancelled_at") and not o.get("closed_at"), "any": lambda o: True,
              "cancelled": lambda o: bool(o.get("cancelled_at")), "closed": lambda o: bool(o.get("closed_at"))}
    ids = {int(i) for i in filters["ids"].split(",")} if filters.get("ids") else None
    column, _, direction = filters.get("order", "created_at desc").partition(" ")
    if status not in wanted or column not in ("id", "created_at", "updated_at") or direction not in ("", "asc", "desc"):
        raise BadRequest("status must be open, closed, cancelled or any; order a column (id, created_at, updated_at) "
                         "and asc or desc")
    rows = [o for o in shop.orders.values() if wanted[status](o) and (ids is None or o["id"] in ids)
            and o["id"] > int(filters.get("since_id", 0)) and _in_range(o.get("updated_at"), filters, "updated_at")
            and _in_range(o.get("created_at"), filters, "created_at")]

    def key(o: dict[str, Any]) -> list[Any]:
        return [0 if column == "id" else _time(o[column]).timestamp(), o["id"]]

    descending = direction == "desc"
    return sorted(rows, key=key, reverse=descending), key, descending


def _payout_rows(shop: Shop, filters: dict[str, str]) -> Rows:
    rows = [p for p in shop.payouts if p["date"] >= filters.get("date_min", "") and p["date"] <= filters.get(
        "date_max", "9999") and p["id"] > int(filters.get("since_id", 0)) and filters.get("status") in (None, p["status"])]

    def key(p: dict[str, Any]) -> list[Any]:
        return [p["date"], p["id"]]

    return sorted(rows, key=key, reverse=True), key, True


def _balance_rows(shop: Shop, filters: dict[str, str]) -> Rows:
    payout = filters.get("payout_id")
    rows = [t for t in shop.balance if payout is None or str(t["payout_id"]) == payout]

    def key(t: dict[str, Any]) -> list[Any]:
        return [_time(t["processed_at"]).timestamp(), t["id"]]

    return sorted(rows, key=key, reverse=True), key, True


def _listing(name: str, rows_for: Callable[[Shop, dict[str, str]], Rows]) -> Callable[..., Any]:
    async def handle(request: web.Request) -> web.Response:
        query = request.query
        try:
            limit = min(250, max(1, int(query.get("limit", 50))))
            filters, after = _position(dict(query))
            rows, key, descending = rows_for(request.app[SHOP], filters)
        except (BadRequest, ValueError) as error:
            return web.json_response({"errors": str(error)}, status=400)
        page, last = keyset_page(rows, key, limit, after, descending)
        headers = {}
        if last is not None:
            follow = {"limit": limit, "page_info": encode_token({"filters": filters, "after": last})}
            headers["Link"] = next_link(request, follow | ({"fields": query["fields"]} if "fields" in query else {}))
        if "fields" in query:
            page = [{k: row[k] for k in query["fields"].split(",") if k in row} for row in page]
        return web.json_response({name: page}, headers=headers)

    return handle


def _position(query: dict[str, str]) -> tuple[dict[str, str], list[Any] | None]:
    """The filters and position of a listing: from the page_info token, or from the query on the first page."""
    if "page_info" not in query:
        return {k: v for k, v in query.items() if k not in ("limit", "fields")}, None
    extra = sorted(set(query) - {"page_info", "limit", "fields"})
    state = decode_token(query["page_info"])
    if extra or state is None or not {"filters", "after"} <= state.keys():
        raise BadRequest(f"page_info is invalid or combined with other parameters ({', '.join(extra)})")
    return state["filters"], state["after"]


async def _order(request: web.Request) -> web.Response:
    order = request.app[SHOP].orders.get(int(request.match_info["order_id"]))
    if order is None:
        return web.json_response({"errors": "Not Found"}, status=404)
    return web.json_response({"order": order})


async def _touch(request: web.Request) -> web.Response:
    """Move the clock, change some orders and refund one: what an incremental sync must then pick up."""
    shop = request.app[SHOP]
    orders, hours = await touch_asked(request)
    payouts_before = {payout["id"]: payout["status"] for payout in shop.payouts}
    shop.now += timedelta(hours=hours)
    touched = shop.rng.sample(sorted(shop.orders), min(orders, len(shop.orders)))
    for offset, order_id in enumerate(touched):
        shop.orders[order_id]["updated_at"] = (shop.now + timedelta(seconds=offset)).isoformat()
    candidates = [i for i in touched if not shop.orders[i].get("cancelled_at") and not shop.orders[i].get("refunds")]
    if candidates:
        _refund(shop, shop.orders[candidates[0]], shop.now + timedelta(seconds=len(touched)))
    _settle(shop)
    # Time passing pays out new balance lines and moves payouts on: those are changes too.
    moved = [payout["id"] for payout in shop.payouts if payouts_before.get(payout["id"]) != payout["status"]]
    return web.json_response({"touched": touched, "refunded": candidates[:1], "changed": moved,
                              "now": shop.now.isoformat()})


def _refund(shop: Shop, order: dict[str, Any], at: datetime) -> None:
    line = order["line_items"][0]
    allocated = sum((Decimal(a["amount"]) for a in line["discount_allocations"]), Decimal(0))
    subtotal = (Decimal(line["price"]) - allocated / line["quantity"]).quantize(CENT)
    tax = (subtotal * TAX_RATE).quantize(CENT)
    refund_id = order["id"] * 1000 + 1
    order.setdefault("refunds", []).append({
        "id": refund_id, "order_id": order["id"], "created_at": at.isoformat(), "note": "customer return: damaged",
        "restock": True, "order_adjustments": [],
        "refund_line_items": [{"id": refund_id * 10, "line_item_id": line["id"], "quantity": 1, "restock_type": "return",
                               "subtotal": _money(subtotal), "total_tax": _money(tax),
                               "line_item": {"id": line["id"], "sku": line["sku"], "price": line["price"]}}],
        "transactions": [{"id": refund_id * 10 + 1, "order_id": order["id"], "kind": "refund", "status": "success",
                          "amount": _money(subtotal + tax), "currency": "USD", "gateway": "shopify_payments",
                          "created_at": at.isoformat()}],
    })
    order.update(financial_status="partially_refunded", updated_at=at.isoformat())
    _refund_line(shop, order, order["refunds"][-1])


def create_app(*, orders: int = 50, seed: int = 1, spacing_minutes: int = 17, token: str = "shpat_simulated",
               api_version: str = API_VERSION,
               faults: FaultPlan | None = None, rate_limit: RateLimitPolicy | None = SHOPIFY_REST,
               clock: Clock = time.monotonic) -> web.Application:
    """The simulator app; serve it with `adapters.toolkit.simulation.start_simulator`."""
    app = partner_app(faults=faults, rate_limit=rate_limit, clock=clock,
                      authenticate=lambda request: request.headers.get("X-Shopify-Access-Token") == token)
    app[SHOP] = build_shop(orders, seed, spacing_minutes)
    api = f"/admin/api/{api_version}"
    app.router.add_get(f"{api}/orders.json", _listing("orders", _order_rows))
    app.router.add_get(f"{api}/orders/{{order_id:\\d+}}.json", _order)
    app.router.add_get(f"{api}/shopify_payments/payouts.json", _listing("payouts", _payout_rows))
    app.router.add_get(f"{api}/shopify_payments/balance/transactions.json", _listing("transactions", _balance_rows))
    app.router.add_post("/_simulator/touch", _touch)
    return app
