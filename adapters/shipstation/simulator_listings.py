"""The simulator's V1 list endpoints: filters, sorting and page numbers as ShipStation documents them.

- `GET /orders`: `orderNumber`, `orderStatus`, `storeId`, `importBatch` (the filter of an ORDER_NOTIFY
  `resource_url`), and ranges `orderDate`, `createDate`, `modifyDate`, `paymentDate` (`...Start`, `...End`);
  `sortBy` OrderDate, ModifyDate or CreateDate.
- `GET /shipments`: `orderId`, `orderNumber`, `trackingNumber`, `carrierCode`, `serviceCode`, `storeId`,
  `batchId` (a SHIP_NOTIFY `resource_url`), ranges `createDate`, `shipDate`, `voidDate`;
  `includeShipmentItems` (default false: `shipmentItems` is null); `sortBy` ShipDate or CreateDate.
- `GET /fulfillments`: `fulfillmentId`, `orderId`, `orderNumber`, `trackingNumber`, ranges `createDate`,
  `shipDate`; `sortBy` ShipDate or CreateDate.

Range bounds are Pacific wall times (`2026-09-01 08:00:00`, ISO `T` or a bare date) and, as V1 words them,
exclusive ("after", "before"); a bare date as an end bound takes the whole day. Without `sortBy` rows come
by id; `sortDir` ASC (default) or DESC; ties by id. A bad parameter is a 400 naming it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web

from adapters.shipstation.client import MAX_PAGE_SIZE
from adapters.shipstation.sample_data import Account

ACCOUNT = web.AppKey("shipstation_account", Account)
Row = dict[str, Any]


class BadParameter(ValueError):
    """A query parameter ShipStation would refuse with 400."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name


def _bound(query: Mapping[str, str], name: str, end: bool) -> datetime | None:
    raw = query.get(name)
    if raw is None or raw == "":
        return None
    try:
        moment = datetime.fromisoformat(raw.strip())
    except ValueError as error:
        raise BadParameter(name, f"{raw!r} is not a date") from error
    if end and len(raw.strip()) == 10:
        moment += timedelta(days=1)
    return moment.replace(tzinfo=None)


def _stated(value: Any) -> datetime | None:
    return datetime.fromisoformat(str(value)) if value else None


def _in_ranges(query: Mapping[str, str], fields: tuple[str, ...]) -> Callable[[Row], bool]:
    bounds = [(field, _bound(query, f"{field}Start", False), _bound(query, f"{field}End", True)) for field in fields]
    bounds = [(field, low, high) for field, low, high in bounds if low or high]

    def inside(row: Row) -> bool:
        for field, low, high in bounds:
            moment = _stated(row.get(field))
            if moment is None or (low and moment <= low) or (high and moment >= high):
                return False
        return True

    return inside


def _equal(query: Mapping[str, str], fields: Mapping[str, Callable[[Row], Any]]) -> Callable[[Row], bool]:
    wanted = {name: query[name] for name in fields if query.get(name) not in (None, "")}
    return lambda row: all(str(fields[name](row)).lower() == value.lower() for name, value in wanted.items())


def _integer(query: Mapping[str, str], name: str, default: int, high: int | None = None) -> int:
    raw = query.get(name, str(default))
    if not raw.isdigit() or int(raw) < 1 or (high is not None and int(raw) > high):
        raise BadParameter(name, f"must be a whole number from 1{f' to {high}' if high else ''}")
    return int(raw)


def _sorted(query: Mapping[str, str], rows: list[Row], sorts: Mapping[str, str], id_field: str) -> list[Row]:
    sort_by, direction = query.get("sortBy"), query.get("sortDir", "ASC").upper()
    if sort_by is not None and sort_by not in sorts:
        raise BadParameter("sortBy", f"must be one of {', '.join(sorts)}")
    if direction not in ("ASC", "DESC"):
        raise BadParameter("sortDir", "must be ASC or DESC")
    field = sorts[sort_by] if sort_by else None
    return sorted(rows, key=lambda row: (_stated(row.get(field)) or datetime.min if field else datetime.min,
                                         row[id_field]), reverse=direction == "DESC")


def _page(request: web.Request, key: str, rows: list[Row]) -> web.Response:
    size = _integer(request.query, "pageSize", 100, MAX_PAGE_SIZE)
    number = _integer(request.query, "page", 1)
    shown = rows[(number - 1) * size: number * size]
    return web.json_response({key: shown, "total": len(rows), "page": number, "pages": math.ceil(len(rows) / size)})


def _bad(error: BadParameter) -> web.Response:
    return web.json_response({"Message": "The request is invalid.", "ModelState": {error.name: [str(error)]}},
                             status=400)


async def list_orders(request: web.Request) -> web.Response:
    account, query = request.app[ACCOUNT], request.query
    equal = _equal(query, {"orderNumber": lambda o: o["orderNumber"], "orderStatus": lambda o: o["orderStatus"],
                           "storeId": lambda o: o["advancedOptions"]["storeId"],
                           "importBatch": lambda o: account.import_batches.get(o["orderId"])})
    try:
        inside = _in_ranges(query, ("orderDate", "createDate", "modifyDate", "paymentDate"))
        rows = [o for o in account.orders.values() if equal(o) and inside(o)]
        sorts = {"OrderDate": "orderDate", "ModifyDate": "modifyDate", "CreateDate": "createDate"}
        return _page(request, "orders", _sorted(query, rows, sorts, "orderId"))
    except BadParameter as error:
        return _bad(error)


async def get_order(request: web.Request) -> web.Response:
    order = request.app[ACCOUNT].orders.get(int(request.match_info["order_id"]))
    if order is None:
        return web.json_response({"Message": "Order not found."}, status=404)
    return web.json_response(order)


async def list_shipments(request: web.Request) -> web.Response:
    account, query = request.app[ACCOUNT], request.query
    equal = _equal(query, {"orderId": lambda s: s["orderId"], "orderNumber": lambda s: s["orderNumber"],
                           "trackingNumber": lambda s: s["trackingNumber"], "carrierCode": lambda s: s["carrierCode"],
                           "serviceCode": lambda s: s["serviceCode"], "batchId": lambda s: s["batchNumber"],
                           "storeId": lambda s: s["advancedOptions"]["storeId"]})
    with_items = query.get("includeShipmentItems", "false").lower() == "true"
    try:
        inside = _in_ranges(query, ("createDate", "shipDate", "voidDate"))
        rows = [s if with_items else {**s, "shipmentItems": None}
                for s in account.shipments.values() if equal(s) and inside(s)]
        sorts = {"ShipDate": "shipDate", "CreateDate": "createDate"}
        return _page(request, "shipments", _sorted(query, rows, sorts, "shipmentId"))
    except BadParameter as error:
        return _bad(error)


async def list_fulfillments(request: web.Request) -> web.Response:
    account, query = request.app[ACCOUNT], request.query
    equal = _equal(query, {"fulfillmentId": lambda f: f["fulfillmentId"], "orderId": lambda f: f["orderId"],
                           "orderNumber": lambda f: f["orderNumber"], "trackingNumber": lambda f: f["trackingNumber"]})
    try:
        inside = _in_ranges(query, ("createDate", "shipDate"))
        rows = [f for f in account.fulfillments.values() if equal(f) and inside(f)]
        sorts = {"ShipDate": "shipDate", "CreateDate": "createDate"}
        return _page(request, "fulfillments", _sorted(query, rows, sorts, "fulfillmentId"))
    except BadParameter as error:
        return _bad(error)
