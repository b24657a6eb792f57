"""The simulated SP-API operations: getOrders, getOrder, getOrderItems, listFinancialEventGroups, listFinancialEvents.

Answers are wrapped in `{"payload": ...}` with Amazon's field names; Orders money is text, Finances
money JSON numbers; errors are `{"errors": [{code, message, details}]}`. Listings go oldest first
with an opaque `NextToken` carrying their filters and position: given a NextToken, getOrders
ignores every other parameter; the Finances listings still honour `MaxResultsPerPage`. Like Amazon,
nothing changed in the last two minutes is listed (`LastUpdatedBefore`/`PostedBefore` default to
two minutes ago and cannot be later). Finance listings asking for more than `finance_page_limit`
results per page are throttled (429 QuotaExceeded) however slowly they come: Amazon's finance
operations throttle below their published rate, and smaller pages are what gets through.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from aiohttp import web

from adapters.amazon.sample_data import MARKETPLACE_ID, Brand
from adapters.amazon.times import iso, parse_time
from adapters.toolkit.simulation import decode_token, encode_token, keyset_page

ORDER_ITEMS_PAGE = 100
VISIBLE_AFTER = timedelta(minutes=2)
THROTTLED = "You exceeded your quota for the requested resource."
# The lists of a listFinancialEvents answer, empty ones included, as Amazon sends them.
EVENT_LISTS = ("ShipmentEventList", "ShipmentSettleEventList", "RefundEventList", "GuaranteeClaimEventList",
               "ChargebackEventList", "PayWithAmazonEventList", "ServiceProviderCreditEventList",
               "RetrochargeEventList", "RentalTransactionEventList", "ProductAdsPaymentEventList",
               "ServiceFeeEventList", "SellerDealPaymentEventList", "DebtRecoveryEventList", "LoanServicingEventList",
               "AdjustmentEventList", "SAFETReimbursementEventList", "SellerReviewEnrollmentPaymentEventList",
               "FBALiquidationEventList", "CouponPaymentEventList", "ImagingServicesFeeEventList",
               "NetworkComminglingTransactionEventList", "AffordabilityExpenseEventList",
               "AffordabilityExpenseReversalEventList", "RemovalShipmentEventList",
               "RemovalShipmentAdjustmentEventList", "TrialShipmentEventList", "TDSReimbursementEventList",
               "TaxWithholdingEventList", "ValueAddedServiceChargeEventList", "CapacityReservationBillingEventList")


@dataclass
class Account:
    """The simulated seller: its data and how its finance operations throttle."""

    brand: Brand
    finance_page_limit: int | None


ACCOUNT = web.AppKey("amazon_account", Account)


class BadRequest(ValueError):
    pass


class Throttled(Exception):
    pass


def error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"errors": [{"code": code, "message": message, "details": ""}]}, status=status)


def _number(value: Any) -> float:
    if isinstance(value, Decimal):
        return float(value)  # two decimals print back exactly: 24.5, -4.57
    raise TypeError(f"{type(value).__name__} is not JSON")


def answer(payload: Any) -> web.Response:
    return web.json_response({"payload": payload}, dumps=lambda value: json.dumps(value, default=_number))


def _time(query: Mapping[str, str], name: str) -> datetime | None:
    if name not in query:
        return None
    try:
        return parse_time(query[name].replace(" ", "+"))
    except ValueError as problem:
        raise BadRequest(f"{name} must be an ISO 8601 date-time, not {query[name]!r}") from problem


def _size(query: Mapping[str, str], default: int, name: str = "MaxResultsPerPage") -> int:
    raw = query.get(name, str(default))
    if not raw.isdigit() or not 1 <= int(raw) <= 100:
        raise BadRequest(f"{name} must be a whole number from 1 to 100, not {raw!r}")
    return int(raw)


def _before(brand: Brand, query: Mapping[str, str], name: str) -> str:
    latest = brand.now - VISIBLE_AFTER
    asked = _time(query, name)
    return iso(min(asked, latest) if asked else latest)


def _position(query: Mapping[str, str], first: Callable[[], dict[str, Any]]) -> tuple[dict[str, Any], Any]:
    """A listing's filters and position: from its NextToken, or from the query on the first page."""
    if "NextToken" not in query:
        return first(), None
    state = decode_token(query["NextToken"])
    if state is None or not {"filters", "after"} <= state.keys():
        raise BadRequest("Invalid NextToken")
    return state["filters"], state["after"]


def _page(rows: list[Any], key: Callable[[Any], list[Any]], filters: dict[str, Any], after: Any
          ) -> tuple[list[Any], dict[str, str]]:
    page, last = keyset_page(rows, key, filters["size"], after)
    return page, ({"NextToken": encode_token({"filters": filters, "after": last})} if last is not None else {})


def _order_filters(brand: Brand, query: Mapping[str, str]) -> dict[str, Any]:
    if MARKETPLACE_ID not in query.get("MarketplaceIds", "").split(","):
        raise BadRequest(f"MarketplaceIds must name the seller's marketplace {MARKETPLACE_ID}")
    created, updated = _time(query, "CreatedAfter"), _time(query, "LastUpdatedAfter")
    if (created is None) == (updated is None):
        raise BadRequest("Exactly one of CreatedAfter and LastUpdatedAfter must be specified")
    column, after, bound = ("PurchaseDate", created, "CreatedBefore") if created else (
        "LastUpdateDate", updated, "LastUpdatedBefore")
    return {"column": column, "after": iso(after) if after else "", "bound": bound,
            "before": _before(brand, query, bound), "size": _size(query, 100)}


async def get_orders(request: web.Request) -> web.Response:
    brand = request.app[ACCOUNT].brand
    try:
        filters, after = _position(request.query, lambda: _order_filters(brand, request.query))
    except BadRequest as problem:
        return error(400, "InvalidInput", str(problem))
    column, low, high = filters["column"], parse_time(filters["after"]), parse_time(filters["before"])
    rows = sorted((o for o in brand.orders.values() if low <= parse_time(o[column]) <= high),
                  key=lambda o: (parse_time(o[column]), o["AmazonOrderId"]))
    page, token = _page(rows, lambda o: [parse_time(o[column]).timestamp(), o["AmazonOrderId"]], filters, after)
    return answer({"Orders": page, filters["bound"]: filters["before"], **token})


async def get_order(request: web.Request) -> web.Response:
    order = request.app[ACCOUNT].brand.orders.get(request.match_info["order_id"])
    if order is None:
        return error(404, "NotFound", f"Order {request.match_info['order_id']} was not found")
    return answer(order)


async def get_order_items(request: web.Request) -> web.Response:
    order_id = request.match_info["order_id"]
    items = request.app[ACCOUNT].brand.items.get(order_id)
    if items is None:
        return error(404, "NotFound", f"Order {order_id} was not found")
    try:
        filters, after = _position(request.query, lambda: {"size": ORDER_ITEMS_PAGE})
    except BadRequest as problem:
        return error(400, "InvalidInput", str(problem))
    page, token = _page(list(enumerate(items)), lambda row: [row[0]], filters, after)
    return answer({"AmazonOrderId": order_id, "OrderItems": [item for _, item in page], **token})


def _finance_position(account: Account, query: Mapping[str, str], first: Callable[[], dict[str, Any]],
                      default: int) -> tuple[dict[str, Any], Any]:
    filters, after = _position(query, first)
    size = _size(query, filters.get("size", default))
    if account.finance_page_limit is not None and size > account.finance_page_limit:
        raise Throttled(size)
    return {**filters, "size": size}, after


def _finance(request: web.Request, first: Callable[[Brand, Mapping[str, str]], dict[str, Any]], default: int,
             listing: Callable[[Brand, dict[str, Any], Any], dict[str, Any]]) -> web.Response:
    account, query = request.app[ACCOUNT], request.query
    try:
        filters, after = _finance_position(account, query, lambda: first(account.brand, query), default)
    except BadRequest as problem:
        return error(400, "InvalidInput", str(problem))
    except Throttled:
        return error(429, "QuotaExceeded", THROTTLED)
    return answer(listing(account.brand, filters, after))


def _group_filters(brand: Brand, query: Mapping[str, str]) -> dict[str, Any]:
    after = _time(query, "FinancialEventGroupStartedAfter")
    return {"after": iso(after) if after else None, "before": _before(brand, query, "FinancialEventGroupStartedBefore")}


def _groups(brand: Brand, filters: dict[str, Any], after: Any) -> dict[str, Any]:
    low, high = (parse_time(filters[name]) if filters[name] else None for name in ("after", "before"))
    rows = [g for g in brand.groups() if (low is None or parse_time(g["FinancialEventGroupStart"]) >= low)
            and (high is None or parse_time(g["FinancialEventGroupStart"]) <= high)]
    page, token = _page(rows, lambda g: [g["FinancialEventGroupStart"]], filters, after)
    return {"FinancialEventGroupList": page, **token}


def _event_filters(brand: Brand, query: Mapping[str, str]) -> dict[str, Any]:
    after = _time(query, "PostedAfter")
    return {"after": iso(after) if after else None, "before": _before(brand, query, "PostedBefore")}


def _events(brand: Brand, filters: dict[str, Any], after: Any) -> dict[str, Any]:
    low, high = (parse_time(filters[name]) if filters[name] else None for name in ("after", "before"))
    rows = [(index, kind, event) for index, (kind, event) in enumerate(brand.events)
            if (low is None or parse_time(event["PostedDate"]) >= low) and parse_time(event["PostedDate"]) <= high]
    rows.sort(key=lambda row: (parse_time(row[2]["PostedDate"]), row[0]))
    page, token = _page(rows, lambda row: [parse_time(row[2]["PostedDate"]).timestamp(), row[0]], filters, after)
    lists: dict[str, list[dict[str, Any]]] = {name: [] for name in EVENT_LISTS}
    for _, kind, event in page:
        lists[kind].append(event)
    return {"FinancialEvents": lists, **token}


async def list_event_groups(request: web.Request) -> web.Response:
    return _finance(request, _group_filters, 10, _groups)


async def list_events(request: web.Request) -> web.Response:
    return _finance(request, _event_filters, 100, _events)
