"""The eBay operations the simulator answers: getOrders, getOrder, getShippingFulfillments, getTransactions, getPayouts.

Collections page by `limit` and `offset` and name their pages in `href`, `next` and `prev`, with the
`total` that matched. `filter` takes eBay's criteria: `lastmodifieddate:[from..to]` or
`creationdate:[from..to]` and `orderfulfillmentstatus:{A|B}` for orders (which come newest first:
eBay documents no order); `transactionDate`, `transactionType`, `transactionStatus`, `orderId` and
`payoutId` for transactions, `payoutDate` and `payoutStatus` for payouts, which sort by date
(`sort=transactionDate` oldest first, `-transactionDate` or nothing newest first). A Finances listing
with nothing to show answers 204 No Content, as eBay does. Errors are eBay's `{"errors": [...]}`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from aiohttp import web

from adapters.ebay.sample_data import Seller
from adapters.ebay.sample_orders import parse_time

SELLER = web.AppKey("ebay_seller", Seller)
_CRITERION = re.compile(r"(\w+):(\[[^\]]*\]|\{[^}]*\})")
Record = dict[str, Any]


class BadRequest(ValueError):
    def __init__(self, error_id: int, message: str) -> None:
        super().__init__(message)
        self.error_id = error_id


def error(status: int, error_id: int, domain: str, message: str, long_message: str | None = None) -> web.Response:
    """An eBay REST error answer."""
    body = {"errorId": error_id, "domain": domain, "category": "REQUEST", "message": message}
    return web.json_response({"errors": [{**body, "longMessage": long_message or message}]}, status=status)


def criteria(text: str | None, known: set[str]) -> dict[str, str]:
    """eBay's `filter` as {field: "[from..to]" or "{A|B}"}; an unknown or unreadable criterion is a BadRequest."""
    if not text:
        return {}
    found = dict(_CRITERION.findall(text))
    rest = _CRITERION.sub("", text).replace(",", "").strip()
    if rest or not found or set(found) - known:
        raise BadRequest(30800, f"Invalid filter {text!r}; supported criteria: {', '.join(sorted(known))}")
    return found


def _within(stamp: str, criterion: str | None) -> bool:
    if criterion is None:
        return True
    if not criterion.startswith("[") or ".." not in criterion:
        raise BadRequest(30800, f"Invalid date range {criterion!r}; use [from..to] with ISO 8601 times")
    low, high = criterion[1:-1].split("..", 1)
    try:
        moment = parse_time(stamp)
        return (not low or moment >= parse_time(low)) and (not high or moment <= parse_time(high))
    except ValueError as failure:
        raise BadRequest(30800, f"Invalid date in {criterion!r}: {failure}") from failure


def _one_of(value: Any, criterion: str | None) -> bool:
    return criterion is None or str(value) in criterion.strip("{}").split("|")


def _bounded(request: web.Request, default: int, most: int) -> tuple[int, int]:
    try:
        limit, offset = int(request.query.get("limit", default)), int(request.query.get("offset", 0))
    except ValueError as failure:
        raise BadRequest(30700, "limit and offset must be whole numbers") from failure
    if not 1 <= limit <= most or offset < 0:
        raise BadRequest(30700, f"limit must be within 1..{most} and offset not negative")
    return limit, offset


def _page(request: web.Request, key: str, rows: list[Record], limit: int, offset: int) -> dict[str, Any]:
    def href(at: int) -> str:
        return str(request.url.update_query({"limit": str(limit), "offset": str(at)}))

    document: dict[str, Any] = {"href": href(offset), "total": len(rows), "limit": limit, "offset": offset,
                                key: rows[offset: offset + limit]}
    if offset + limit < len(rows):
        document["next"] = href(offset + limit)
    if offset > 0:
        document["prev"] = href(max(0, offset - limit))
    return document


def _dated(rows: list[Record], field: str, sort: str | None) -> list[Record]:
    if sort not in (None, field, f"-{field}"):
        raise BadRequest(30900, f"sort must be {field} or -{field}")
    return sorted(rows, key=lambda r: (parse_time(r[field]), r.get("transactionId") or r.get("payoutId")),
                  reverse=sort != field)


def _orders(seller: Seller, request: web.Request) -> list[Record]:
    wanted = criteria(request.query.get("filter"), {"creationdate", "lastmodifieddate", "orderfulfillmentstatus"})
    ids = set(request.query["orderIds"].split(",")) if request.query.get("orderIds") else None
    rows = [o for o in seller.orders.values() if (ids is None or o["orderId"] in ids)
            and _within(o["creationDate"], wanted.get("creationdate"))
            and _within(o["lastModifiedDate"], wanted.get("lastmodifieddate"))
            and _one_of(o["orderFulfillmentStatus"], wanted.get("orderfulfillmentstatus"))]
    return sorted(rows, key=lambda o: (parse_time(o["creationDate"]), o["orderId"]), reverse=True)


def _transactions(seller: Seller, request: web.Request) -> list[Record]:
    wanted = criteria(request.query.get("filter"), {"transactionDate", "transactionType", "transactionStatus",
                                                    "orderId", "payoutId"})
    rows = [t for t in seller.transactions if _within(t["transactionDate"], wanted.get("transactionDate"))
            and all(_one_of(t.get(name), wanted.get(name))
                    for name in ("transactionType", "transactionStatus", "orderId", "payoutId"))]
    return _dated(rows, "transactionDate", request.query.get("sort"))


def _payouts(seller: Seller, request: web.Request) -> list[Record]:
    wanted = criteria(request.query.get("filter"), {"payoutDate", "payoutStatus"})
    rows = [p for p in seller.payouts if _within(p["payoutDate"], wanted.get("payoutDate"))
            and _one_of(p["payoutStatus"], wanted.get("payoutStatus"))]
    return _dated(rows, "payoutDate", request.query.get("sort"))


def listing(key: str, rows_of: Callable[[Seller, web.Request], list[Record]], default: int, most: int,
            empty_is_204: bool) -> Callable[[web.Request], Any]:
    """A collection handler: filter, sort, one page, and eBay's paging links."""
    async def handle(request: web.Request) -> web.Response:
        try:
            limit, offset = _bounded(request, default, most)
            rows = rows_of(request.app[SELLER], request)
        except BadRequest as failure:
            return error(400, failure.error_id, "API_FULFILLMENT" if key == "orders" else "API_FINANCES", str(failure))
        if not rows and empty_is_204:
            return web.Response(status=204)
        return web.json_response(_page(request, key, rows, limit, offset))

    return handle


get_orders = listing("orders", _orders, 50, 200, empty_is_204=False)
get_transactions = listing("transactions", _transactions, 20, 1000, empty_is_204=True)
get_payouts = listing("payouts", _payouts, 20, 200, empty_is_204=True)


def _order_or_404(request: web.Request) -> Record | web.Response:
    order = request.app[SELLER].orders.get(request.match_info["order_id"])
    if order is None:
        return error(404, 32100, "API_FULFILLMENT", "Invalid Order Id", "The order id does not match any order of "
                                                                         "the seller.")
    return order


async def get_order(request: web.Request) -> web.Response:
    found = _order_or_404(request)
    return found if isinstance(found, web.Response) else web.json_response(found)


async def get_shipping_fulfillments(request: web.Request) -> web.Response:
    found = _order_or_404(request)
    if isinstance(found, web.Response):
        return found
    shipments = request.app[SELLER].fulfillments.get(found["orderId"], [])
    return web.json_response({"fulfillments": shipments, "total": len(shipments), "warnings": []})
