"""Amazon Selling Partner API over HTTP: the streams the sync runner drives, yielding raw pages and safe cursors.

- `orders`: getOrders by `LastUpdatedAfter` (the cursor less an overlap window; the first run from
  `start_date`) in the connection's marketplace, `NextToken` paging; each page of orders is
  followed by the getOrderItems answers of its orders, so a page's documents map to complete
  orders. The cursor after a page is the latest `LastUpdateDate` seen so far.
- `financial_events`: listFinancialEvents by `PostedAfter` the same way; the cursor is the latest
  `PostedDate` seen so far.
- `financial_event_groups`: listFinancialEventGroups from the start of the oldest group that may
  still change (open, or its transfer not yet succeeded), so every state a group passes through is
  read; the cursor moves only with the last page, whatever order Amazon lists groups in.

Amazon lists oldest first in practice (the simulator does); should a page ever hold anything older
than a cursor already handed out, the later pages of that listing carry the cursor the run started
from, so a crash there re-reads rather than skips. Re-reading is idempotent.

Finance operations throttle below their published rate when pages are large (Amazon's known trap):
when a finance call is still refused with 429 after the client's retries, the stream halves
`MaxResultsPerPage` (down to 10) and asks for the same page again.

Options (`ConnectionSettings.options`): `marketplace_id` (ATVPDKIKX0DER, amazon.com),
`page_size` (getOrders, 100), `finance_page_size` (100), `overlap_minutes` (5), `start_date`
(2020-01-01T00:00:00Z), `rate_scale` (1.0, see `rate_limits`).

Auth: every call carries a Login with Amazon (LWA) access token in `x-amz-access-token` (no prefix). With
credentials `client_id`, `client_secret` and `refresh_token` (the app's LWA credentials and the seller's
authorisation), the client gets that token itself (`LWA`, through `adapters.toolkit.oauth`): a POST to
`https://api.amazon.com/auth/o2/token` (option `oauth_endpoint` overrides it; a path is read against the
base URL, as the simulator serves it) with `grant_type=refresh_token` and the client credentials as form
fields, answering a bearer token that lives `expires_in` (3600) seconds. The token is reused until five
minutes before it expires, and fetched again after a 401. LWA refresh tokens do not rotate, so the stored
pair keeps the credentials' refresh token; the hub keeps the current access token in its database so
workers share it. Without a `refresh_token` credential, a static `token` is sent as it is (a token got
elsewhere, the demo's simulator token).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Mapping
from dataclasses import replace
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import httpx

from adapters.amazon.rate_limits import EVENT_GROUPS_PATH, EVENTS_PATH, ORDERS_PATH, RATE_LIMIT, operation_limits
from adapters.amazon.times import iso, parse_time
from adapters.toolkit.errors import GaveUp
from adapters.toolkit.http import PartnerClient
from adapters.toolkit.oauth import OAuthRefresh, TokenStore, oauth_session
from adapters.toolkit.pagination import FetchedPage, NextTokenPaginator, PageRequest, Paginator, with_last
from adapters.toolkit.streams import ConnectionSettings, Page, PartnerHttp, Stream

MARKETPLACE_ID = "ATVPDKIKX0DER"
START_DATE = "2020-01-01T00:00:00Z"
SMALLEST_FINANCE_PAGE = 10
FINAL_TRANSFERS = frozenset({"SUCCEEDED", "TRANSFERRED", "TRANSFERED"})  # the sandbox spells it TRANSFERED

LWA_TOKEN_URL = "https://api.amazon.com/auth/o2/token"
# Login with Amazon: client credentials in the form body, the token bare in x-amz-access-token, refresh tokens
# that never rotate; only for connections that hold a refresh token (a static `token` still works).
LWA = OAuthRefresh(token_url=LWA_TOKEN_URL, access_token_lifetime=3600, refresh_margin=300, client_auth="body",
                   token_header="x-amz-access-token", token_prefix="", optional=True)

__all__ = ["LWA", "RATE_LIMIT", "STREAMS", "auth_headers", "fetch_event_groups", "fetch_events", "fetch_order",
           "fetch_orders", "partner_client"]


def auth_headers(credentials: Mapping[str, str]) -> Mapping[str, str]:
    """SP-API takes the Login with Amazon access token in `x-amz-access-token`; without one Amazon answers 401."""
    token = credentials.get("token")
    return {"x-amz-access-token": token} if token else {}


def partner_client(settings: ConnectionSettings, *, tokens: TokenStore | None = None, **options: Any) -> PartnerClient:
    """The client an Amazon connection needs: its auth (LWA tokens kept in `tokens` when it holds a refresh token,
    else its static token) and one limiter per operation (scaled by `rate_scale`)."""
    if "oauth" not in options:
        options["oauth"] = oauth_session(LWA, settings, tokens, transport=options.get("transport"))
    return PartnerClient(settings, auth=auth_headers, operation_limits=operation_limits(settings.options), **options)


def _size(settings: ConnectionSettings, name: str, default: int = 100) -> int:
    return min(100, max(1, int(settings.options.get(name, default))))


def _since(settings: ConnectionSettings, cursor: str | None) -> str:
    if not cursor:
        return str(settings.options.get("start_date", START_DATE))
    return iso(parse_time(cursor) - timedelta(minutes=float(settings.options.get("overlap_minutes", 5))))


def origin(settings: ConnectionSettings, page: FetchedPage) -> str:
    """Where a page came from, without host or credentials: `amazon:<connection>/orders/v0/orders?...`."""
    url = httpx.URL(page.request.url).copy_merge_params(dict(page.request.params))
    query = url.query.decode()
    return f"amazon:{settings.name}{url.path}" + (f"?{query}" if query else "")


async def _pages(client: PartnerHttp, request: PageRequest, paginator: Paginator, *,
                 shrink: bool = False) -> AsyncIterator[FetchedPage]:
    """Every page of a listing; with `shrink`, a page still throttled after retries is asked for at half the size."""
    current: PageRequest | None = request
    while current is not None:
        try:
            response = await client.get(current.url, current.params or None)
        except GaveUp as gave_up:
            smaller = _smaller(current) if shrink and gave_up.status == 429 else None
            if smaller is None:
                raise
            current = smaller
            continue
        page = FetchedPage(current, response, response.json())
        yield page
        current = paginator.next_request(page)


def _smaller(request: PageRequest) -> PageRequest | None:
    size = int(request.params.get("MaxResultsPerPage", 100))
    if size <= SMALLEST_FINANCE_PAGE:
        return None
    return replace(request, params={**request.params, "MaxResultsPerPage": max(SMALLEST_FINANCE_PAGE, size // 2)})


def _payload(page: FetchedPage) -> dict[str, Any]:
    payload = page.document.get("payload") if isinstance(page.document, dict) else None
    return payload if isinstance(payload, dict) else {}


class _Progress:
    """The cursor of a time-ordered listing: the latest time seen, unless the listing turned out not to be ordered."""

    def __init__(self, cursor: str | None) -> None:
        self.started, self.latest, self.ordered = cursor, cursor, True

    def page(self, stamps: Iterable[str], last: bool) -> str | None:
        stamps = [stamp for stamp in stamps if stamp]
        if stamps and self.latest and min(map(parse_time, stamps)) < parse_time(self.latest) and self.latest != self.started:
            self.ordered = False
        for stamp in stamps:
            if self.latest is None or parse_time(stamp) > parse_time(self.latest):
                self.latest = stamp
        return self.latest if last or self.ordered else self.started


async def _items(client: PartnerHttp, settings: ConnectionSettings, order_id: str) -> list[tuple[str, bytes]]:
    request = PageRequest(f"{ORDERS_PATH}/{quote(order_id, safe='')}/orderItems")
    return [(origin(settings, page), page.body)
            async for page in _pages(client, request, NextTokenPaginator("payload.NextToken", keep=()))]


async def fetch_orders(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> AsyncIterator[Page]:
    """Orders changed since the cursor, oldest change first, each page with its orders' items and the cursor after it."""
    params = {"MarketplaceIds": settings.options.get("marketplace_id", MARKETPLACE_ID),
              "LastUpdatedAfter": _since(settings, cursor), "MaxResultsPerPage": _size(settings, "page_size")}
    paginator = NextTokenPaginator("payload.NextToken", keep=("MarketplaceIds",))
    progress = _Progress(cursor)
    async for page, last in with_last(_pages(client, PageRequest(ORDERS_PATH, params), paginator)):
        orders = _payload(page).get("Orders") or []
        documents = [(origin(settings, page), page.body)]
        for order in orders:
            documents += await _items(client, settings, str(order["AmazonOrderId"]))
        yield Page(documents, progress.page((str(o.get("LastUpdateDate") or "") for o in orders), last))


async def fetch_order(client: PartnerHttp, settings: ConnectionSettings, order_id: str) -> Page:
    """One order by id with its items (for a repair); it moves no cursor."""
    request = PageRequest(f"{ORDERS_PATH}/{quote(order_id, safe='')}")
    response = await client.get(request.url)
    page = FetchedPage(request, response, None)
    return Page([(origin(settings, page), response.content), *await _items(client, settings, order_id)], None)


async def fetch_events(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> AsyncIterator[Page]:
    """Financial events posted since the cursor, oldest first, each page with the cursor after it."""
    params = {"PostedAfter": _since(settings, cursor), "MaxResultsPerPage": _size(settings, "finance_page_size")}
    paginator = NextTokenPaginator("payload.NextToken", keep=("MaxResultsPerPage",))
    progress = _Progress(cursor)
    async for page, last in with_last(_pages(client, PageRequest(EVENTS_PATH, params), paginator, shrink=True)):
        lists = _payload(page).get("FinancialEvents") or {}
        posted = [str(event.get("PostedDate") or "") for events in lists.values() if isinstance(events, list)
                  for event in events if isinstance(event, dict)]
        yield Page([(origin(settings, page), page.body)], progress.page(posted, last))


def _group_cursor(groups: list[dict[str, Any]], cursor: str | None) -> str | None:
    """Where to read groups from next time: the start of the oldest that may still change, else the latest start."""
    starts = [str(g["FinancialEventGroupStart"]) for g in groups if g.get("FinancialEventGroupStart")]
    changing = [str(g["FinancialEventGroupStart"]) for g in groups if g.get("FinancialEventGroupStart")
                and str(g.get("FundTransferStatus") or "").upper() not in FINAL_TRANSFERS]
    pick = min if changing else max
    chosen = pick(changing or starts, key=parse_time, default=None)
    return chosen or cursor


async def fetch_event_groups(client: PartnerHttp, settings: ConnectionSettings,
                             cursor: str | None) -> AsyncIterator[Page]:
    """Financial event groups started from the cursor on; the cursor moves only with the last page."""
    params = {"FinancialEventGroupStartedAfter": cursor or settings.options.get("start_date", START_DATE),
              "MaxResultsPerPage": _size(settings, "finance_page_size")}
    paginator = NextTokenPaginator("payload.NextToken", keep=("MaxResultsPerPage",))
    seen: list[dict[str, Any]] = []
    async for page, last in with_last(_pages(client, PageRequest(EVENT_GROUPS_PATH, params), paginator, shrink=True)):
        seen += [g for g in _payload(page).get("FinancialEventGroupList") or [] if isinstance(g, dict)]
        yield Page([(origin(settings, page), page.body)], _group_cursor(seen, cursor) if last else cursor)


STREAMS = (
    Stream("orders", fetch_orders, fetch_order),
    Stream("financial_event_groups", fetch_event_groups),
    Stream("financial_events", fetch_events),
)
