"""Shippo API over HTTP: the streams the sync runner drives, yielding raw pages and safe cursors.

Shippo lists newest first, pages by `page` / `results` (at most 100) with a `next` URL, and offers no
"updated since" filter (transactions none by time at all; orders `start_date` / `end_date` by when they
were placed). Labels and orders keep changing after they are made (a label's tracking status moves until
delivery; an order is paid, then shipped), so every stream keeps an open-window cursor
(`adapters.toolkit.open_window`): a read lists what was made since the oldest object not yet final,
which is every object that can still change, and the new ones.

- `transactions` (`GET /transactions?expand=rate`, the labels with their rate's amount): a page is
  walked until it reaches labels made before the window. Of a page only the labels changed
  (`object_updated`) since the last read are yielded: the whole page when all did, else each changed
  one read alone. A label is final once delivered, returned, failed, refunded or never bought.
- `tracks` (`GET /tracks/<carrier>/<tracking_number>`): the same walk over the labels; the track of
  every changed label with a tracking number, one document each (the scans and the delivery time).
- `orders` (`GET /orders?start_date=...`): an order states no update time, so every order in the window
  is yielded again on each read; an order is final once shipped, cancelled or refunded. An order is the
  store's copy and states no fact of its own (see `orders.py`): its documents are kept, validated, and
  map the labels they embed.

Shippo's published limits are per endpoint and minute (live tokens): 50 listing calls, 4000 single
reads, 500 tracking reads (`SHIPPO_LISTS`, `SHIPPO_SINGLE`, `SHIPPO_TRACKS`). Webhooks
(`track_updated`, `transaction_created`) are not signed by default (Shippo offers an IP allowlist, a
token in the URL, or HMAC set up by its support), so the hub polls. Options: `page_size` (100),
`open_days` (45), `overlap_minutes` (5). Credential: `token`, sent as `Authorization: ShippoToken <token>`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx

from adapters.toolkit.errors import RepeatedPageToken
from adapters.toolkit.open_window import OpenWindowCursor, OpenWindowWalk, utc
from adapters.toolkit.pagination import FetchedPage, PageRequest
from adapters.toolkit.rate_limit import RateLimitPolicy
from adapters.toolkit.redaction import redacted_url
from adapters.toolkit.streams import ConnectionSettings, Page, PartnerHttp, Stream

MAX_PAGE_SIZE = 100
SHIPPO_LISTS = RateLimitPolicy.per_minute("shippo-get-multiple", 50, headroom=2)
SHIPPO_SINGLE = RateLimitPolicy.per_minute("shippo-get-single", 4000, headroom=40)
SHIPPO_TRACKS = RateLimitPolicy.per_minute("shippo-tracking", 500, headroom=5)
FINAL_TRACKING = frozenset({"DELIVERED", "RETURNED", "FAILURE"})
FINAL_PURCHASE = frozenset({"ERROR", "REFUNDED", "REFUNDREJECTED"})
FINAL_ORDERS = frozenset({"SHIPPED", "CANCELLED", "REFUNDED"})

__all__ = ["SHIPPO_LISTS", "SHIPPO_SINGLE", "SHIPPO_TRACKS", "STREAMS", "auth_headers", "fetch_orders",
           "fetch_tracks", "fetch_transaction", "fetch_transactions", "operation_limits"]


def auth_headers(credentials: Mapping[str, str]) -> Mapping[str, str]:
    """Shippo takes its API token as `Authorization: ShippoToken <token>`."""
    token = credentials.get("token")
    if not token:
        raise ValueError("a Shippo connection needs a `token` credential (the API token)")
    return {"Authorization": f"ShippoToken {token}"}


def operation_limits(options: Mapping[str, Any]) -> Mapping[str, RateLimitPolicy]:
    """Single reads and tracking reads have their own, higher limits than listings (the adapter's default)."""
    return {"/tracks/": SHIPPO_TRACKS, "/transactions/": SHIPPO_SINGLE, "/orders/": SHIPPO_SINGLE}


def _page_size(settings: ConnectionSettings) -> int:
    return min(MAX_PAGE_SIZE, max(1, int(settings.options.get("page_size", MAX_PAGE_SIZE))))


def origin(settings: ConnectionSettings, request: PageRequest) -> str:
    """Where a document came from, without host or credentials: `shippo:<connection>/transactions?page=2`."""
    url = httpx.URL(request.url).copy_merge_params(dict(request.params))
    query = url.query.decode()
    return f"shippo:{settings.name}{url.path}" + (f"?{query}" if query else "")


@dataclass(frozen=True)
class Window:
    """One read's open window: where it starts, how far back an object may stay open, the overlap."""

    start: OpenWindowCursor
    walk: OpenWindowWalk
    overlap: timedelta

    @classmethod
    def of(cls, settings: ConnectionSettings, cursor: str | None) -> Window:
        start = OpenWindowCursor.decode(cursor)
        longest = timedelta(days=float(settings.options.get("open_days", 45)))
        return cls(start, OpenWindowWalk(start, longest), timedelta(minutes=float(settings.options.get(
            "overlap_minutes", 5))))

    def before_window(self, created: datetime) -> bool:
        return self.start.open_since is not None and created < self.start.open_since


def label_is_final(transaction: Mapping[str, Any]) -> bool:
    """Whether a label will change no more: its parcel arrived or failed, or it was refused or refunded."""
    status = str(transaction.get("status") or "").upper()
    return status in FINAL_PURCHASE or str(transaction.get("tracking_status") or "").upper() in FINAL_TRACKING


async def _listing(client: PartnerHttp, request: PageRequest) -> AsyncIterator[tuple[FetchedPage, bool]]:
    """Every page of a Shippo listing with whether it is the last, following `next` (a full URL)."""
    followed: set[str] = set()
    next_request: PageRequest | None = request
    while next_request is not None:
        response = await client.get(next_request.url, next_request.params or None)
        page = FetchedPage(next_request, response, response.json())
        following = page.document.get("next") if isinstance(page.document, dict) else None
        if following and following in followed:
            raise RepeatedPageToken(redacted_url(following), "Shippo handed back a `next` page it already gave; "
                                                             "stopping instead of paging in a loop")
        yield page, not following
        followed.add(str(following))
        next_request = PageRequest(str(following)) if following else None


async def _label_pages(client: PartnerHttp, settings: ConnectionSettings, window: Window
                       ) -> AsyncIterator[tuple[FetchedPage, list[dict[str, Any]], bool]]:
    """Pages of labels made in the window, newest first, each with its labels changed since the cursor and
    whether it is the last page the window needs."""
    request = PageRequest("/transactions", {"results": _page_size(settings), "expand": "rate"})
    async for page, last in _listing(client, request):
        results = page.document.get("results") or []
        listed = [t for t in results if not window.before_window(utc(t["object_created"]))]
        for transaction in listed:
            window.walk.observe(utc(transaction["object_created"]), _updated(transaction), label_is_final(transaction))
        changed = [t for t in listed if window.start.is_news(_updated(t), window.overlap)]
        done = last or len(listed) < len(results)
        yield page, changed, done
        if done:
            return


def _updated(transaction: Mapping[str, Any]) -> datetime:
    return utc(str(transaction.get("object_updated") or transaction["object_created"]))


async def fetch_transactions(client: PartnerHttp, settings: ConnectionSettings,
                             cursor: str | None) -> AsyncIterator[Page]:
    """Labels that may have changed since the cursor (every label on a first read)."""
    window = Window.of(settings, cursor)
    async for page, changed, done in _label_pages(client, settings, window):
        if changed and len(changed) == len(page.document.get("results") or []):
            documents = [(origin(settings, page.request), page.body)]
        else:
            documents = [document for t in changed
                         for document in (await fetch_transaction(client, settings, str(t["object_id"]))).documents]
        yield Page(documents, window.walk.cursor() if done else cursor)


async def fetch_tracks(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> AsyncIterator[Page]:
    """The track of every label changed since the cursor that has a tracking number."""
    window = Window.of(settings, cursor)
    async for _, changed, done in _label_pages(client, settings, window):
        documents = []
        for transaction in changed:
            number, carrier = transaction.get("tracking_number"), _carrier(transaction)
            if number and carrier:
                documents += (await fetch_track(client, settings, f"{carrier}/{number}")).documents
        yield Page(documents, window.walk.cursor() if done else cursor)


def _carrier(transaction: Mapping[str, Any]) -> str | None:
    """The carrier token a track is read by (`usps`), from the label's rate."""
    rate = transaction.get("rate")
    provider = rate.get("provider") if isinstance(rate, dict) else None
    return str(provider).lower().replace(" ", "_") if provider else None


async def fetch_orders(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> AsyncIterator[Page]:
    """Orders placed in the window: the ones not yet shipped, and the new ones (every order on a first read)."""
    window = Window.of(settings, cursor)
    params: dict[str, Any] = {"results": _page_size(settings)}
    if window.start.open_since is not None:
        # "created after" may be exclusive: a second earlier keeps the oldest open order itself in the window.
        params["start_date"] = (window.start.open_since - timedelta(seconds=1)).isoformat()
    async for page, last in _listing(client, PageRequest("/orders", params)):
        orders = page.document.get("results") or []
        for order in orders:
            placed = utc(order["placed_at"])
            window.walk.observe(placed, placed, str(order.get("order_status") or "").upper() in FINAL_ORDERS)
        documents = [(origin(settings, page.request), page.body)] if orders else []
        yield Page(documents, window.walk.cursor() if last else cursor)


async def fetch_transaction(client: PartnerHttp, settings: ConnectionSettings, transaction_id: str) -> Page:
    """One label with its rate; it moves no cursor."""
    request = PageRequest(f"/transactions/{transaction_id}", {"expand": "rate"})
    response = await client.get(request.url, request.params)
    return Page([(origin(settings, request), response.content)], None)


async def fetch_track(client: PartnerHttp, settings: ConnectionSettings, carrier_and_number: str) -> Page:
    """One track by `<carrier>/<tracking number>`; it moves no cursor."""
    request = PageRequest(f"/tracks/{carrier_and_number}")
    response = await client.get(request.url)
    return Page([(origin(settings, request), response.content)], None)


async def fetch_order(client: PartnerHttp, settings: ConnectionSettings, order_id: str) -> Page:
    """One order by its Shippo id; it moves no cursor."""
    request = PageRequest(f"/orders/{order_id}")
    response = await client.get(request.url)
    return Page([(origin(settings, request), response.content)], None)


STREAMS = (
    Stream("orders", fetch_orders, fetch_order, cursor_at=OpenWindowCursor.at),
    Stream("transactions", fetch_transactions, fetch_transaction, cursor_at=OpenWindowCursor.at),
    Stream("tracks", fetch_tracks, fetch_track, cursor_at=OpenWindowCursor.at),
)
