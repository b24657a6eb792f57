"""ShipStation API V1 over HTTP: the streams the sync runner drives, yielding raw pages and safe cursors.

ShipStation filters and states times in US Pacific wall time without an offset; cursors are ISO 8601 in
UTC, turned into Pacific `YYYY-MM-DD HH:MM:SS` for the query (rounded down to the second and one second
early, since V1 documents its start filters as "after" the date). Lists page by number (`page`, `pageSize`
up to 500; the body states `total`, `page`, `pages`).

- `orders`: `GET /orders?modifyDateStart=...&sortBy=ModifyDate&sortDir=ASC`, from the cursor less an
  overlap window. Page numbers shift when an order already read is modified during the run (it moves to
  the end and the order after the page boundary slides back unread), so after every full page the walk
  starts again at page 1 from that page's latest `modifyDate`; only a page that is all one second is
  followed by the next page number. The cursor after a page is the latest `modifyDate` read so far.
- `shipments` (labels bought in ShipStation, with `includeShipmentItems=true`): a shipment changes only
  when its label is voided, which `createDateStart` does not see. An incremental run therefore reads the
  labels voided since the cursor (`voidDateStart`) first, keeping the cursor it started from on those
  pages, then the labels created since it (`createDateStart`, oldest first: a new label joins the end, so
  page numbers are stable); the cursor follows their `createDate`, and the last page takes the latest
  creation or void read.
- `fulfillments` (orders marked shipped outside ShipStation): by `createDateStart`, oldest first. V1 has
  no filter for a fulfillment's later void or delivery date: those reach the hub through `hub resync`
  (`fetch_fulfillment`) or a FULFILLMENT_SHIPPED/REJECTED webhook notice (`fetch_notice`).

`fetch_notice` follows a webhook notice's `resource_url` (V1 sends no object and no signature, only the
URL to fetch with the API credentials); the client refuses a URL off the connection's host. V1 has no
inventory and no receiving endpoints: stock at a ShipStation warehouse enters the hub from the brand's own
receipts (the canonical adapter), at the location `shipstation:<warehouseId>`.

Rate limit: 40 requests a minute per API key, stated in `X-Rate-Limit-Limit`, `-Remaining` and `-Reset`
(seconds to the window's end); the client keeps one call in hand and adopts `X-Rate-Limit-Remaining`.
Options: `page_size` (100, at most 500), `overlap_minutes` (5). Credentials: `api_key`, `api_secret`
(HTTP Basic).
"""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from adapters.shipstation.common import pacific
from adapters.toolkit.errors import RepeatedPageToken
from adapters.toolkit.pagination import FetchedPage, PageRequest
from adapters.toolkit.rate_limit import RateLimitPolicy
from adapters.toolkit.streams import ConnectionSettings, Page, PartnerHttp, Stream

BASE_URL = "https://ssapi.shipstation.com"
MAX_PAGE_SIZE = 500
SHIPSTATION_V1 = RateLimitPolicy.per_minute("shipstation-v1", 40, remaining_headers=("X-Rate-Limit-Remaining",))

__all__ = ["BASE_URL", "MAX_PAGE_SIZE", "SHIPSTATION_V1", "STREAMS", "auth_headers", "fetch_fulfillment",
           "fetch_fulfillments", "fetch_notice", "fetch_order", "fetch_orders", "fetch_order_shipments",
           "fetch_shipments", "pacific_filter", "stated_time"]


def auth_headers(credentials: Mapping[str, str]) -> Mapping[str, str]:
    """ShipStation V1 takes the API key and secret as HTTP Basic auth."""
    key, secret = credentials.get("api_key"), credentials.get("api_secret")
    if not key or not secret:
        raise ValueError("a ShipStation connection needs `api_key` and `api_secret` credentials (Settings > API)")
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()}


def pacific_filter(moment: datetime) -> str:
    """A moment as a ShipStation `...Start` filter that includes it: Pacific wall time to the second, a second
    early (V1 documents its start filters as "after" the date given, and keeps fractions of a second)."""
    earlier = moment.astimezone(pacific()) - timedelta(seconds=1)
    return earlier.replace(tzinfo=None, microsecond=0).isoformat(sep=" ")


def stated_time(value: str) -> datetime:
    """A ShipStation time or date (Pacific, no offset) as an aware UTC moment."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return (moment if moment.tzinfo else moment.replace(tzinfo=pacific())).astimezone(UTC)


def _page_size(settings: ConnectionSettings) -> int:
    return min(MAX_PAGE_SIZE, max(1, int(settings.options.get("page_size", 100))))


def _since(settings: ConnectionSettings, cursor: str | None) -> datetime | None:
    """Where an incremental read starts: the cursor less the overlap window; None reads everything."""
    if cursor is None:
        return None
    overlap = timedelta(minutes=float(settings.options.get("overlap_minutes", 5)))
    return datetime.fromisoformat(cursor) - overlap


def origin(settings: ConnectionSettings, request: PageRequest) -> str:
    """Where a document came from, without host or credentials: `shipstation:<connection>/orders?...&page=1`."""
    url = httpx.URL(request.url).copy_merge_params(dict(request.params))
    query = url.query.decode()
    return f"shipstation:{settings.name}{url.path}" + (f"?{query}" if query else "")


async def _get(client: PartnerHttp, request: PageRequest) -> FetchedPage:
    response = await client.get(request.url, request.params or None)
    return FetchedPage(request, response, json.loads(response.content))


def _rows(page: FetchedPage, key: str) -> list[dict[str, Any]]:
    rows = page.document.get(key) if isinstance(page.document, dict) else None
    return rows if isinstance(rows, list) else []


def _more(page: FetchedPage) -> bool:
    document = page.document if isinstance(page.document, dict) else {}
    return int(document.get("page") or 1) < int(document.get("pages") or 0)


def _latest(rows: list[dict[str, Any]], field: str, latest: datetime | None) -> datetime | None:
    for row in rows:
        if row.get(field):
            moment = stated_time(str(row[field]))
            latest = moment if latest is None or moment > latest else latest
    return latest


def _cursor(latest: datetime | None, cursor: str | None) -> str | None:
    return latest.isoformat() if latest else cursor


def _orders_from(settings: ConnectionSettings, since: datetime | None) -> PageRequest:
    params: dict[str, Any] = {"sortBy": "ModifyDate", "sortDir": "ASC", "pageSize": _page_size(settings), "page": 1}
    return PageRequest("/orders", params | ({"modifyDateStart": pacific_filter(since)} if since else {}))


async def fetch_orders(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> AsyncIterator[Page]:
    """Orders modified since the cursor (every order on the first run), each page with the cursor after it."""
    latest = datetime.fromisoformat(cursor) if cursor else None
    request: PageRequest | None = _orders_from(settings, _since(settings, cursor))
    followed: set[tuple[str, int]] = set()
    while request is not None:
        page = await _get(client, request)
        orders = _rows(page, "orders")
        latest = _latest(orders, "modifyDate", latest)
        yield Page([(origin(settings, request), page.body)], _cursor(latest, cursor))
        request = _next_orders(settings, page, orders, followed)


def _next_orders(settings: ConnectionSettings, page: FetchedPage, orders: list[dict[str, Any]],
                 followed: set[tuple[str, int]]) -> PageRequest | None:
    """After a full page: page 1 again from its latest modifyDate, or the next page when it is all one second."""
    if not _more(page) or not orders:
        return None
    restart = _orders_from(settings, stated_time(str(orders[-1]["modifyDate"])))
    start = restart.params["modifyDateStart"]
    if start != page.request.params.get("modifyDateStart"):
        return restart
    number = int(page.request.params.get("page", 1)) + 1
    if (start, number) in followed:
        raise RepeatedPageToken(origin(settings, page.request), f"ShipStation listed page {number} from {start} "
                                "a second time; stopping instead of paging in a loop")
    followed.add((start, number))
    return PageRequest("/orders", {**page.request.params, "page": number})


async def _walk(client: PartnerHttp, settings: ConnectionSettings, request: PageRequest
                ) -> AsyncIterator[FetchedPage]:
    """Every page of a listing whose page numbers are stable (new rows join its end)."""
    while True:
        page = await _get(client, request)
        yield page
        if not _more(page):
            return
        request = PageRequest(request.url, {**request.params, "page": int(request.params.get("page", 1)) + 1})


def _listing(settings: ConnectionSettings, path: str, **params: Any) -> PageRequest:
    return PageRequest(path, {**params, "sortBy": "CreateDate", "sortDir": "ASC", "pageSize": _page_size(settings),
                              "page": 1})


async def fetch_shipments(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> AsyncIterator[Page]:
    """Labels voided since the cursor, then labels created since it, with their items; see the module docstring."""
    since = _since(settings, cursor)
    items = {"includeShipmentItems": "true"}
    changed = None
    if since is not None:
        voids = _listing(settings, "/shipments", voidDateStart=pacific_filter(since), **items)
        async for page in _walk(client, settings, voids):
            changed = _latest(_rows(page, "shipments"), "voidDate", changed)
            yield Page([(origin(settings, page.request), page.body)], cursor)
    created = _listing(settings, "/shipments", **items, **({"createDateStart": pacific_filter(since)} if since else {}))
    latest = datetime.fromisoformat(cursor) if cursor else None
    async for page in _walk(client, settings, created):
        shipments = _rows(page, "shipments")
        latest = _latest(shipments, "createDate", latest)
        changed = _latest(shipments, "voidDate", changed)
        # Only once the last page is read has every label created and voided up to now been read.
        resume = max(filter(None, (latest, changed))) if not _more(page) and changed else latest
        yield Page([(origin(settings, page.request), page.body)], _cursor(resume, cursor))


async def fetch_fulfillments(client: PartnerHttp, settings: ConnectionSettings,
                             cursor: str | None) -> AsyncIterator[Page]:
    """Fulfillments created since the cursor (every one on the first run), oldest first."""
    since = _since(settings, cursor)
    request = _listing(settings, "/fulfillments", **({"createDateStart": pacific_filter(since)} if since else {}))
    latest = datetime.fromisoformat(cursor) if cursor else None
    async for page in _walk(client, settings, request):
        latest = _latest(_rows(page, "fulfillments"), "createDate", latest)
        yield Page([(origin(settings, page.request), page.body)], _cursor(latest, cursor))


async def _one(client: PartnerHttp, settings: ConnectionSettings, request: PageRequest) -> Page:
    documents = [(origin(settings, page.request), page.body) async for page in _walk(client, settings, request)]
    return Page(documents, None)


async def fetch_order(client: PartnerHttp, settings: ConnectionSettings, order_id: str) -> Page:
    """One order by its ShipStation orderId (a repair or a webhook's follow-up); it moves no cursor."""
    request = PageRequest(f"/orders/{order_id}")
    response = await client.get(request.url)
    return Page([(origin(settings, request), response.content)], None)


async def fetch_order_shipments(client: PartnerHttp, settings: ConnectionSettings, order_id: str) -> Page:
    """The labels of one order, by its ShipStation orderId (V1 fetches no shipment by its own id)."""
    return await _one(client, settings, _listing(settings, "/shipments", orderId=order_id,
                                                 includeShipmentItems="true"))


async def fetch_fulfillment(client: PartnerHttp, settings: ConnectionSettings, fulfillment_id: str) -> Page:
    """One fulfillment by its fulfillmentId, as it stands now (voided, delivered)."""
    return await _one(client, settings, _listing(settings, "/fulfillments", fulfillmentId=fulfillment_id))


async def fetch_notice(client: PartnerHttp, settings: ConnectionSettings, notice: Mapping[str, Any]) -> Page:
    """The objects a webhook notice names: every page of its `resource_url`, on the connection's host only."""
    url = httpx.URL(str(notice.get("resource_url") or ""))
    if not url.scheme or not url.host:
        raise ValueError(f"a ShipStation webhook notice needs an absolute resource_url, not {str(url)!r}")
    params = dict(url.params)
    if url.path.rstrip("/") == "/shipments":
        params["includeShipmentItems"] = "true"  # notices ask without the items the mapping needs
    base = url.copy_with(query=None)
    return await _one(client, settings, PageRequest(str(base), {**params, "page": int(params.get("page", 1))}))


STREAMS = (
    Stream("orders", fetch_orders, fetch_order),
    Stream("shipments", fetch_shipments, fetch_order_shipments),
    Stream("fulfillments", fetch_fulfillments, fetch_fulfillment),
)
