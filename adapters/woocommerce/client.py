"""WooCommerce REST API v3 over HTTP: the streams the sync runner drives, yielding raw pages and safe cursors.

- `orders`: `GET /wp-json/wc/v3/orders?orderby=modified&order=asc&modified_after=...&dates_are_gmt=true`, oldest
  change first, from the cursor less an overlap window. WooCommerce pages by offset (`page`, `per_page`,
  `X-WP-TotalPages`, a `Link` header), and offsets shift when an order already read is modified during
  the run (it moves to the end and the order after the page boundary slides back unread). So each
  page after the first starts again from page 1 at the last page's latest `date_modified_gmt`
  (inclusive: `modified_after` is exclusive, so one second before it); only when a whole page shares
  one modified time does the stream follow the `Link` to the next page of that same second. The cursor
  after a page is the latest `date_modified_gmt` read so far: every order modified before it has been
  read, so any page's cursor is a safe point to resume from (the resumed run re-reads that second).
- `refunds`: the same walk over the orders; for every order on a page that lists refunds, its refund
  objects (`GET /orders/<id>/refunds`, which state dates and lines the order's refund summary lacks,
  but no currency: the connection's `currency` option supplies it). Creating a refund modifies its
  order, so a changed refund always comes with a changed order. A page is yielded once all its orders'
  refunds are read, with the orders' cursor.

WooCommerce is self-hosted and publishes no rate limit; a shop's PHP workers are its limit, and a sync
must not slow the shop's own checkout. `WOOCOMMERCE_REST` is therefore a gentle token bucket: 5 requests
a second, bursts of 10. Options (`ConnectionSettings.options`): `page_size` (100, WooCommerce's maximum),
`overlap_minutes` (5), `currency` (the store currency, for refunds). Credentials: `consumer_key` and
`consumer_secret` (a REST API key), sent as HTTP Basic auth as WooCommerce expects over HTTPS.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from adapters.toolkit.pagination import FetchedPage, LinkHeaderPaginator, PageRequest, paginate
from adapters.toolkit.rate_limit import RateLimitPolicy
from adapters.toolkit.streams import ConnectionSettings, Page, PartnerHttp, Stream

API = "/wp-json/wc/v3"
MAX_PAGE_SIZE = 100
WOOCOMMERCE_REST = RateLimitPolicy.token_bucket("woocommerce-rest", rate=5, burst=10, headroom=1)
_SECOND = timedelta(seconds=1)

__all__ = ["API", "STREAMS", "WOOCOMMERCE_REST", "auth_headers", "fetch_order", "fetch_order_refunds", "fetch_orders",
           "fetch_refunds"]


def auth_headers(credentials: Mapping[str, str]) -> Mapping[str, str]:
    """WooCommerce REST keys go as HTTP Basic auth: consumer key as user, consumer secret as password."""
    key, secret = credentials.get("consumer_key"), credentials.get("consumer_secret")
    if not key or not secret:
        raise ValueError("a WooCommerce connection needs `consumer_key` and `consumer_secret` credentials (a REST API key)")
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()}


def _page_size(settings: ConnectionSettings) -> int:
    return min(MAX_PAGE_SIZE, max(1, int(settings.options.get("page_size", MAX_PAGE_SIZE))))


def origin(settings: ConnectionSettings, request: PageRequest) -> str:
    """Where a document came from, without host or credentials: `woocommerce:<connection>/orders?...&page=1`."""
    url = httpx.URL(request.url).copy_merge_params(dict(request.params))
    path, query = url.path.split(f"{API}/", 1)[-1], url.query.decode()
    return f"woocommerce:{settings.name}/{path}" + (f"?{query}" if query else "")


def _time(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _modified(order: Mapping[str, Any]) -> datetime:
    return _time(str(order.get("date_modified_gmt") or order["date_modified"]))


def _listing(settings: ConnectionSettings, since: datetime | None) -> PageRequest:
    """Page 1 of the orders modified at or after `since` (all orders when None), oldest change first."""
    params: dict[str, Any] = {"orderby": "modified", "order": "asc", "per_page": _page_size(settings), "page": 1}
    if since is not None:
        # `modified_after` is exclusive and WooCommerce keeps whole seconds: one second earlier includes `since`.
        after = (since - _SECOND).astimezone(UTC).replace(tzinfo=None)
        params |= {"modified_after": after.isoformat(timespec="seconds"), "dates_are_gmt": "true"}
    return PageRequest(f"{API}/orders", params)


def _next_listing(settings: ConnectionSettings, page: FetchedPage, orders: list[dict[str, Any]],
                  links: LinkHeaderPaginator) -> PageRequest | None:
    """After a full page, restart from its latest modified time, or follow `Link` when the page is all one second."""
    sent = _query(page.request)
    total_pages = page.response.headers.get("X-WP-TotalPages")
    if len(orders) < _page_size(settings) or (total_pages is not None and int(sent.get("page", 1)) >= int(total_pages)):
        return None
    restart = _listing(settings, _modified(orders[-1]))
    if restart.params["modified_after"] != sent.get("modified_after"):
        return restart
    return links.next_request(page)


def _query(request: PageRequest) -> httpx.QueryParams:
    """The parameters a request sent, whether given apart or in its URL (a followed `Link`)."""
    return httpx.URL(request.url).copy_merge_params(dict(request.params)).params


async def _order_pages(client: PartnerHttp, settings: ConnectionSettings,
                       cursor: str | None) -> AsyncIterator[tuple[FetchedPage, list[dict[str, Any]], str | None]]:
    """Every page of orders changed since the cursor (less the overlap), with the cursor after it."""
    latest = _time(cursor) if cursor else None
    overlap = timedelta(minutes=float(settings.options.get("overlap_minutes", 5)))
    request: PageRequest | None = _listing(settings, latest - overlap if latest else None)
    links = LinkHeaderPaginator()  # remembers the tie pages it followed, refusing one handed back twice
    while request is not None:
        response = await client.get(request.url, request.params or None)  # {} would erase a Link's query
        page = FetchedPage(request, response, response.json())
        orders = page.document if isinstance(page.document, list) else []
        for order in orders:
            changed = _modified(order)
            latest = changed if latest is None or changed > latest else latest
        yield page, orders, latest.isoformat() if latest else cursor
        request = _next_listing(settings, page, orders, links)


async def fetch_orders(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> AsyncIterator[Page]:
    """Orders changed since the cursor (all orders on the first run), each page with the cursor after it."""
    async for page, _, after in _order_pages(client, settings, cursor):
        yield Page([(origin(settings, page.request), page.body)], after)


async def _refund_documents(client: PartnerHttp, settings: ConnectionSettings, order_id: Any) -> list[tuple[str, bytes]]:
    request = PageRequest(f"{API}/orders/{order_id}/refunds", {"per_page": MAX_PAGE_SIZE})
    pages = paginate(client, request, LinkHeaderPaginator())  # type: ignore[arg-type]
    return [(origin(settings, page.request), page.body) async for page in pages]


async def fetch_refunds(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> AsyncIterator[Page]:
    """The refund objects of every changed order that lists refunds, a page of orders at a time."""
    async for _, orders, after in _order_pages(client, settings, cursor):
        documents = [document for order in orders if order.get("refunds")
                     for document in await _refund_documents(client, settings, order["id"])]
        yield Page(documents, after)


async def fetch_order(client: PartnerHttp, settings: ConnectionSettings, order_id: str) -> Page:
    """One order by id (for a webhook's follow-up or a repair); it moves no cursor."""
    request = PageRequest(f"{API}/orders/{order_id}")
    response = await client.get(request.url)
    return Page([(origin(settings, request), response.content)], None)


async def fetch_order_refunds(client: PartnerHttp, settings: ConnectionSettings, order_id: str) -> Page:
    """One order's refund objects; it moves no cursor."""
    return Page(await _refund_documents(client, settings, order_id), None)


STREAMS = (
    Stream("orders", fetch_orders, fetch_order),
    Stream("refunds", fetch_refunds, fetch_order_refunds),
)
