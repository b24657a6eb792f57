"""ShipBob Developer API (2026-01) over HTTP: the streams the sync runner drives, yielding raw pages and safe cursors.

- `orders`: `GET /2026-01/order?LastUpdateStartDate=...&SortOrder=Oldest&Page=1&Limit=250`, each order with its
  shipments (packages, tracking, invoiced cost); the next page is the `next-page` header ShipBob sends.
  ShipBob sorts by creation, not by update, so no page before the last is a point to resume from: those
  pages carry the cursor the run started from, and the last page carries the latest update seen
  (an order's creation, or its shipments' last change or tracking update). `LastUpdateStartDate` is
  exclusive, so the listing starts one second before the cursor less the overlap.
- `receiving`: warehouse receiving orders inserted since the cursor (`InsertStartDate`) and those completed
  since it (`CompletedStartDate`): ShipBob offers no update filter on WROs, and a WRO's received units only
  count once it is completed. The cursor moves with the last page to the latest `last_updated_date`.
- `inventory`: `GET /2026-01/inventory-level/locations` (stock by sku and fulfillment center), following the
  envelope's `next`. ShipBob states no time for a stock level, so this stream's cursor is what it last
  read: `levels:<inventory id>=<digest>,...`; a read yields only the items whose levels changed since.
  `Stream.checkpoint_at(moment)` gives a moment instead, after which nothing is known to have changed
  (a moment still to come yields nothing, a past one everything).

ShipBob allows 150 requests per minute per user and application on a sliding window and states the calls
left in `x-remaining-calls` (`SHIPBOB_API`). Credential: `token`, a Personal Access Token sent as Bearer;
optional `channel_id` option sent as `shipbob_channel_id`. Options: `page_size` (250, ShipBob's most),
`overlap_minutes` (5).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator, Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from adapters.toolkit.errors import RepeatedPageToken
from adapters.toolkit.pagination import FetchedPage, PageRequest, dig, with_last
from adapters.toolkit.rate_limit import RateLimitPolicy
from adapters.toolkit.redaction import redacted_url
from adapters.toolkit.streams import ConnectionSettings, Page, PartnerHttp, Stream

API = "/2026-01"
MAX_PAGE_SIZE = 250
SHIPBOB_API = RateLimitPolicy.per_minute("shipbob", 150, remaining_headers=("x-remaining-calls",))
LEVELS = "levels:"
_SECOND = timedelta(seconds=1)

__all__ = ["API", "SHIPBOB_API", "STREAMS", "auth_headers", "fetch_inventory", "fetch_order", "fetch_orders",
           "fetch_receiving", "fetch_receiving_order"]


def auth_headers(credentials: Mapping[str, str]) -> Mapping[str, str]:
    """A ShipBob Personal Access Token as `Authorization: Bearer`; without one ShipBob answers 401."""
    token = credentials.get("token")
    if not token:
        raise ValueError("a ShipBob connection needs a `token` credential (a Personal Access Token)")
    return {"Authorization": f"Bearer {token}"}


def _page_size(settings: ConnectionSettings) -> int:
    return min(MAX_PAGE_SIZE, max(1, int(settings.options.get("page_size", MAX_PAGE_SIZE))))


def _time(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _since(settings: ConnectionSettings, cursor: str | None) -> str | None:
    """The exclusive start of a listing: one second before the cursor less the overlap."""
    if not cursor:
        return None
    overlap = timedelta(minutes=float(settings.options.get("overlap_minutes", 5)))
    return (_time(cursor) - overlap - _SECOND).isoformat(timespec="seconds")


def origin(settings: ConnectionSettings, request: PageRequest) -> str:
    """Where a page came from, without host or credentials: `shipbob:<connection>/order?...`."""
    url = httpx.URL(request.url).copy_merge_params(dict(request.params))
    path, query = url.path.removeprefix(API), url.query.decode()
    return f"shipbob:{settings.name}{path}" + (f"?{query}" if query else "")


def follow_once(followed: set[str], link: str, page: FetchedPage, what: str) -> PageRequest:
    """The request of a next-page link, refusing one the partner already handed out (paging would loop)."""
    if link in followed:
        raise RepeatedPageToken(redacted_url(page.request.url), f"{what}: ShipBob returned the next page {link!r} a "
                                "second time; stopping instead of paging in a loop")
    followed.add(link)
    return PageRequest(link)


class NextPageHeader:
    """ShipBob's list paging: the `next-page` response header names the next page's path and query."""

    def __init__(self) -> None:
        self.followed: set[str] = set()

    def next_request(self, page: FetchedPage) -> PageRequest | None:
        following = page.response.headers.get("next-page")
        return follow_once(self.followed, following, page, "next-page header") if following else None


async def _listing(client: PartnerHttp, request: PageRequest) -> AsyncIterator[FetchedPage]:
    paginator = NextPageHeader()
    current: PageRequest | None = request
    while current is not None:
        response = await client.get(current.url, current.params or None)
        page = FetchedPage(current, response, response.json())
        yield page
        current = paginator.next_request(page)


def order_updated(order: Mapping[str, Any]) -> datetime:
    """The latest time an order states: its creation, its shipments' last change and tracking update."""
    stated = [order["created_date"], *(shipment.get(name) for shipment in order.get("shipments") or []
                                       for name in ("last_update_at", "last_tracking_update_at"))]
    return max(_time(str(value)) for value in stated if value)


async def _pages_with_cursor(client: PartnerHttp, settings: ConnectionSettings, requests: list[PageRequest],
                             cursor: str | None, updated: Callable[[Any], datetime]) -> AsyncIterator[Page]:
    """Every page of the listings in turn; only the last page moves the cursor, to the latest update seen."""

    async def pages() -> AsyncIterator[FetchedPage]:
        for request in requests:
            async for page in _listing(client, request):
                yield page

    latest = _time(cursor) if cursor else None
    async for page, last in with_last(pages()):
        for row in page.document if isinstance(page.document, list) else []:
            moment = updated(row)
            latest = moment if latest is None or moment > latest else latest
        moved = latest.isoformat() if last and latest else cursor
        yield Page([(origin(settings, page.request), page.body)], moved)


def _orders_request(settings: ConnectionSettings, cursor: str | None) -> PageRequest:
    params: dict[str, Any] = {"SortOrder": "Oldest", "Page": 1, "Limit": _page_size(settings)}
    since = _since(settings, cursor)
    if since:
        params["LastUpdateStartDate"] = since
    return PageRequest(f"{API}/order", params)


async def fetch_orders(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> AsyncIterator[Page]:
    """Orders (with their shipments) changed since the cursor; all orders on the first run."""
    async for page in _pages_with_cursor(client, settings, [_orders_request(settings, cursor)], cursor, order_updated):
        yield page


async def fetch_order(client: PartnerHttp, settings: ConnectionSettings, order_id: str) -> Page:
    """One order by ShipBob id, with its shipments; it moves no cursor."""
    request = PageRequest(f"{API}/order/{order_id}")
    response = await client.get(request.url)
    return Page([(origin(settings, request), response.content)], None)


def _receiving_requests(settings: ConnectionSettings, cursor: str | None) -> list[PageRequest]:
    base = {"Page": 1, "Limit": _page_size(settings)}
    since = _since(settings, cursor)
    if since is None:
        return [PageRequest(f"{API}/receiving", base)]
    return [PageRequest(f"{API}/receiving", {**base, "InsertStartDate": since}),
            PageRequest(f"{API}/receiving", {**base, "CompletedStartDate": since})]


async def fetch_receiving(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> AsyncIterator[Page]:
    """Receiving orders inserted or completed since the cursor; all of them on the first run."""
    requests = _receiving_requests(settings, cursor)
    async for page in _pages_with_cursor(client, settings, requests, cursor,
                                         lambda wro: _time(str(wro["last_updated_date"]))):
        yield page


async def fetch_receiving_order(client: PartnerHttp, settings: ConnectionSettings, receiving_id: str) -> Page:
    """One receiving order by id; it moves no cursor."""
    request = PageRequest(f"{API}/receiving/{receiving_id}")
    response = await client.get(request.url)
    return Page([(origin(settings, request), response.content)], None)


def level_digest(item: Mapping[str, Any]) -> str:
    """A short digest of one inventory item's levels at every location."""
    return hashlib.sha256(json.dumps(item.get("locations"), sort_keys=True, default=str).encode()).hexdigest()[:12]


def read_levels_cursor(cursor: str | None) -> dict[str, str] | datetime | None:
    """The digests a `levels:` cursor holds, or the moment a time cursor names, or None."""
    if not cursor:
        return None
    if cursor.startswith(LEVELS):
        pairs = (pair.split("=", 1) for pair in cursor.removeprefix(LEVELS).split(",") if "=" in pair)
        return dict(pairs)
    return _time(cursor)


def levels_cursor(digests: Mapping[str, str]) -> str:
    return LEVELS + ",".join(f"{key}={value}" for key, value in sorted(digests.items()))


def _items(page: FetchedPage) -> list[dict[str, Any]]:
    items = dig(page.document, "items")
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


async def _level_documents(client: PartnerHttp, settings: ConnectionSettings, page: FetchedPage,
                           known: Mapping[str, str], digests: dict[str, str]) -> list[tuple[str, bytes]]:
    """The page itself when every item on it is new or changed, else each changed item fetched on its own."""
    changed = [item for item in _items(page) if known.get(str(item.get("inventory_id"))) != level_digest(item)]
    for item in _items(page):
        digests[str(item.get("inventory_id"))] = level_digest(item)
    if len(changed) == len(_items(page)):
        return [(origin(settings, page.request), page.body)] if changed else []
    documents = []
    for item in changed:
        request = PageRequest(f"{API}/inventory-level/{item['inventory_id']}/locations")
        response = await client.get(request.url)
        digests[str(item["inventory_id"])] = level_digest(response.json())
        documents.append((origin(settings, request), response.content))
    return documents


async def fetch_inventory(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> AsyncIterator[Page]:
    """Stock levels by sku and fulfillment center that changed since the last read (all on the first)."""
    stated = read_levels_cursor(cursor)
    if isinstance(stated, datetime) and stated > datetime.now(UTC):
        return
    known = dict(stated) if isinstance(stated, dict) else {}
    digests = dict(known)
    request: PageRequest | None = PageRequest(f"{API}/inventory-level/locations", {"PageSize": _page_size(settings)})
    followed: set[str] = set()
    while request is not None:
        response = await client.get(request.url, request.params or None)
        page = FetchedPage(request, response, response.json())
        yield Page(await _level_documents(client, settings, page, known, digests), levels_cursor(digests))
        following = dig(page.document, "next")
        request = follow_once(followed, str(following), page, "inventory levels") if following else None


STREAMS = (
    Stream("orders", fetch_orders, fetch_order),
    Stream("receiving", fetch_receiving, fetch_receiving_order),
    Stream("inventory", fetch_inventory),
)
