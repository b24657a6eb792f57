"""eBay Sell Fulfillment and Sell Finances APIs over HTTP: the streams the sync runner drives, raw pages and safe cursors.

- `orders`: getOrders by `filter=lastmodifieddate:[X..]` (the cursor less an overlap window; the first
  run from the `start_date` option, or eBay's default of the last 90 days' orders), `limit`/`offset`
  pages followed by their `next` href. Each page is followed by the getShippingFulfillments answers of
  its orders that have any (`fulfillmentHrefs`), each kept beside the `orderId` of its request path,
  since eBay's answer does not name its order. eBay documents no order for getOrders' results, so a
  listing's cursor (the latest `lastModifiedDate` seen) is handed out with its last page only; the
  pages before it carry the cursor the run started from.
- `transactions`: getTransactions by `filter=transactionDate:[X..]`, oldest first (`sort=transactionDate`).
  A transaction changes after its date (its payout is named later), so the cursor is the date of the
  oldest transaction seen that is not yet paid out, else the latest date seen: every page's cursor is
  a safe resume point, and transactions still waiting for a payout are read again until they are paid.
- `payouts`: getPayouts by `filter=payoutDate:[X..]`, oldest first (`sort=payoutDate`), the cursor the
  date of the oldest payout that may still change (not SUCCEEDED, REVERSED or TERMINAL_FAILED), else the
  latest date seen.

eBay answers 204 No Content when nothing matches a Finances filter: such a read yields no page.
In reality the Finances API is served from apiz.ebay.com and the Fulfillment API from api.ebay.com;
a connection has one base URL, so a production setup points the connection at a host serving both (or
runs two connections); the simulator serves both.

Options (`ConnectionSettings.options`): `page_size` (getOrders, max 200, default 200),
`finance_page_size` (max 200, default 200), `overlap_minutes` (5), `start_date` (none),
`daily_quotas` (see `rate_limits`). Credential: `token`, an OAuth user access token sent as
`Authorization: Bearer`; minting it from the refresh token is not done here.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx

from adapters.ebay.rate_limits import FINANCES_PATH, FULFILLMENT_PATH
from adapters.toolkit.errors import RepeatedPageToken
from adapters.toolkit.pagination import FetchedPage, PageRequest, paginate, with_last
from adapters.toolkit.redaction import redacted_url
from adapters.toolkit.streams import ConnectionSettings, Page, PartnerHttp, Stream

ORDERS_PATH = f"{FULFILLMENT_PATH}/order"
TRANSACTIONS_PATH = f"{FINANCES_PATH}/transaction"
PAYOUTS_PATH = f"{FINANCES_PATH}/payout"
FINAL_PAYOUTS = frozenset({"SUCCEEDED", "REVERSED", "TERMINAL_FAILED"})
PAID_OUT = frozenset({"PAYOUT", "COMPLETED"})

__all__ = ["STREAMS", "auth_headers", "fetch_order", "fetch_orders", "fetch_payouts", "fetch_transactions"]


def auth_headers(credentials: Mapping[str, str]) -> Mapping[str, str]:
    """eBay's REST APIs take the OAuth user access token as `Authorization: Bearer <token>`."""
    token = credentials.get("token")
    if not token:
        raise ValueError("an eBay connection needs a `token` credential (an OAuth user access token)")
    return {"Authorization": f"Bearer {token}"}


class NextHrefPaginator:
    """eBay's collections name their next page in a `next` href; one seen twice stops the listing."""

    def __init__(self) -> None:
        self.followed: set[str] = set()

    def next_request(self, page: FetchedPage) -> PageRequest | None:
        href = page.document.get("next") if isinstance(page.document, dict) else None
        if not href:
            return None
        if href in self.followed:
            raise RepeatedPageToken(redacted_url(href), f"eBay returned the next page {href!r} a second time; "
                                                        "stopping instead of paging in a loop")
        self.followed.add(href)
        return PageRequest(href)


def ebay_time(moment: datetime) -> str:
    """A time as eBay's filters take it: UTC, milliseconds, Z."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_time(value: str) -> datetime:
    moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _size(settings: ConnectionSettings, name: str) -> int:
    return min(200, max(1, int(settings.options.get(name, 200))))


def origin(settings: ConnectionSettings, request: PageRequest) -> str:
    """Where a document came from, without host or credentials: `ebay:<connection>/sell/fulfillment/v1/order?...`."""
    url = httpx.URL(request.url).copy_merge_params(dict(request.params))
    query = url.query.decode()
    return f"ebay:{settings.name}{url.path}" + (f"?{query}" if query else "")


def _pages(client: PartnerHttp, request: PageRequest) -> AsyncIterator[FetchedPage]:
    return paginate(client, request, NextHrefPaginator())  # type: ignore[arg-type]


def _records(page: FetchedPage, key: str) -> list[dict[str, Any]]:
    records = page.document.get(key) if isinstance(page.document, dict) else None
    return [record for record in records or [] if isinstance(record, dict)]


async def _fulfillments(client: PartnerHttp, settings: ConnectionSettings, order_id: str) -> tuple[str, bytes]:
    """getShippingFulfillments of one order, with the orderId of its request path beside eBay's answer."""
    request = PageRequest(f"{ORDERS_PATH}/{quote(order_id, safe='')}/shipping_fulfillment")
    response = await client.get(request.url)
    document = response.json() if response.content else {}
    return origin(settings, request), json.dumps({"orderId": order_id, **document}).encode()


async def _order_documents(client: PartnerHttp, settings: ConnectionSettings, page: FetchedPage) -> list[tuple[str, bytes]]:
    documents = [(origin(settings, page.request), page.body)]
    for order in _records(page, "orders"):
        if order.get("fulfillmentHrefs"):
            documents.append(await _fulfillments(client, settings, str(order["orderId"])))
    return documents


async def fetch_orders(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> AsyncIterator[Page]:
    """Orders modified since the cursor with their shipping fulfillments; the cursor moves with the last page."""
    params: dict[str, Any] = {"limit": _size(settings, "page_size"), "offset": 0}
    since = cursor or settings.options.get("start_date")
    if since:
        overlap = timedelta(minutes=float(settings.options.get("overlap_minutes", 5))) if cursor else timedelta(0)
        params["filter"] = f"lastmodifieddate:[{ebay_time(parse_time(str(since)) - overlap)}..]"
    latest = parse_time(cursor) if cursor else None
    async for page, last in with_last(_pages(client, PageRequest(ORDERS_PATH, params))):
        for order in _records(page, "orders"):
            modified = parse_time(str(order["lastModifiedDate"]))
            latest = modified if latest is None or modified > latest else latest
        resume = ebay_time(latest) if last and latest else cursor
        yield Page(await _order_documents(client, settings, page), resume)


async def fetch_order(client: PartnerHttp, settings: ConnectionSettings, order_id: str) -> Page:
    """One order by id with its shipping fulfillments (a webhook's follow-up or a repair); it moves no cursor."""
    request = PageRequest(f"{ORDERS_PATH}/{quote(order_id, safe='')}")
    response = await client.get(request.url)
    documents = [(origin(settings, request), response.content)]
    if response.json().get("fulfillmentHrefs"):
        documents.append(await _fulfillments(client, settings, order_id))
    return Page(documents, None)


class _OpenSince:
    """The cursor of an oldest-first listing whose records may still change: the date of the oldest still open."""

    def __init__(self, cursor: str | None) -> None:
        self.oldest_open: datetime | None = None
        self.latest = parse_time(cursor) if cursor else None

    def page(self, records: Iterable[tuple[str, bool]]) -> str | None:
        for stamp, is_final in records:
            moment = parse_time(stamp)
            if not is_final and self.oldest_open is None:
                self.oldest_open = moment
            self.latest = moment if self.latest is None or moment > self.latest else self.latest
        chosen = self.oldest_open or self.latest
        return ebay_time(chosen) if chosen else None


async def _finance_pages(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None, path: str,
                         key: str, date_field: str, is_final: Callable[[dict[str, Any]], bool]) -> AsyncIterator[Page]:
    params: dict[str, Any] = {"limit": _size(settings, "finance_page_size"), "offset": 0, "sort": date_field}
    since = cursor or settings.options.get("start_date")
    if since:
        overlap = timedelta(minutes=float(settings.options.get("overlap_minutes", 5))) if cursor else timedelta(0)
        params["filter"] = f"{date_field}:[{ebay_time(parse_time(str(since)) - overlap)}..]"
    progress = _OpenSince(cursor)
    async for page in _pages(client, PageRequest(path, params)):
        if page.response.status_code == 204 or not page.body:
            continue
        records = _records(page, key)
        resume = progress.page((str(r[date_field]), is_final(r)) for r in records)
        yield Page([(origin(settings, page.request), page.body)], resume)


def fetch_transactions(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> AsyncIterator[Page]:
    """Monetary transactions dated from the cursor on, oldest first; those not yet paid out are read again."""
    return _finance_pages(client, settings, cursor, TRANSACTIONS_PATH, "transactions", "transactionDate",
                          lambda t: t.get("transactionStatus") in PAID_OUT and bool(t.get("payoutId")))


def fetch_payouts(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> AsyncIterator[Page]:
    """Payouts dated from the cursor on, oldest first; those that may still change are read again."""
    return _finance_pages(client, settings, cursor, PAYOUTS_PATH, "payouts", "payoutDate",
                          lambda p: p.get("payoutStatus") in FINAL_PAYOUTS)


def _cursor_at(moment: datetime) -> str:
    return ebay_time(moment)


STREAMS = (
    Stream("orders", fetch_orders, fetch_order, cursor_at=_cursor_at),
    Stream("transactions", fetch_transactions, cursor_at=_cursor_at),
    Stream("payouts", fetch_payouts, cursor_at=_cursor_at),
)
