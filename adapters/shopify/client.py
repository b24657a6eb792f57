"""Shopify Admin REST over HTTP: the streams the sync runner drives, yielding raw pages and safe cursors.

- `orders`: oldest change first (`order=updated_at asc`, `status=any`), from the cursor less an
  overlap window (late writes with an older `updated_at` are caught on the next run; re-reading is
  idempotent). The cursor after each page is the latest `updated_at` seen so far, so any page's
  cursor is a safe point to resume from.
- `payouts`: from the date of the oldest payout that may still change (not yet paid, failed or
  cancelled), so each status a payout passes through is read. Payouts come newest first, so the
  cursor only advances with the last page; earlier pages carry the cursor they started from.
- `payout_transactions`: per payout, oldest first, its balance transactions; the cursor passes a
  payout once its transactions are read and it is final.

Options (`ConnectionSettings.options`): `api_version` (2024-10), `page_size` (250),
`overlap_minutes` (5). Credential: `token` (Admin API access token).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from adapters.toolkit.pagination import FetchedPage, LinkHeaderPaginator, PageRequest, paginate, with_last
from adapters.toolkit.rate_limit import SHOPIFY_REST
from adapters.toolkit.streams import ConnectionSettings, Page, PartnerHttp, Stream

API_VERSION = "2024-10"
FINAL_PAYOUT_STATUSES = frozenset({"paid", "failed", "canceled", "cancelled"})

__all__ = ["API_VERSION", "SHOPIFY_REST", "STREAMS", "auth_headers", "fetch_order", "fetch_orders", "fetch_payouts",
           "fetch_payout_transactions"]


def auth_headers(credentials: Mapping[str, str]) -> Mapping[str, str]:
    """Shopify's Admin API takes the access token in `X-Shopify-Access-Token`."""
    token = credentials.get("token")
    if not token:
        raise ValueError("a Shopify connection needs a `token` credential (the Admin API access token)")
    return {"X-Shopify-Access-Token": token}


def _api(settings: ConnectionSettings) -> str:
    return f"/admin/api/{settings.options.get('api_version', API_VERSION)}"


def _page_size(settings: ConnectionSettings) -> int:
    return min(250, max(1, int(settings.options.get("page_size", 250))))


def origin(settings: ConnectionSettings, page: FetchedPage) -> str:
    """Where a page came from, without host or credentials: `shopify:<connection>/orders.json?page_info=...`."""
    url = httpx.URL(page.request.url).copy_merge_params(dict(page.request.params))
    path = url.path.split(f"{_api(settings)}/", 1)[-1]
    query = url.query.decode()
    return f"shopify:{settings.name}/{path}" + (f"?{query}" if query else "")


def _pages(client: PartnerHttp, url: str, params: Mapping[str, Any]) -> AsyncIterator[FetchedPage]:
    return paginate(client, PageRequest(url, params), LinkHeaderPaginator())  # type: ignore[arg-type]


def _time(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


async def fetch_orders(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> AsyncIterator[Page]:
    """Orders changed since the cursor (all orders on the first run), each page with the cursor after it."""
    params: dict[str, Any] = {"status": "any", "limit": _page_size(settings), "order": "updated_at asc"}
    latest = _time(cursor) if cursor else None
    if latest:
        overlap = timedelta(minutes=float(settings.options.get("overlap_minutes", 5)))
        params["updated_at_min"] = (latest - overlap).isoformat()
    async for page in _pages(client, f"{_api(settings)}/orders.json", params):
        for order in page.document.get("orders", []):
            changed = _time(order["updated_at"])
            latest = changed if latest is None or changed > latest else latest
        yield Page([(origin(settings, page), page.body)], latest.isoformat() if latest else cursor)


async def fetch_order(client: PartnerHttp, settings: ConnectionSettings, order_id: str) -> Page:
    """One order by id (for a webhook's follow-up or a repair); it moves no cursor."""
    request = PageRequest(f"{_api(settings)}/orders/{order_id}.json")
    response = await client.get(request.url)
    return Page([(origin(settings, FetchedPage(request, response, None)), response.content)], None)


def _payout_cursor(payouts: list[dict[str, Any]], cursor: str | None) -> str | None:
    """The date to read payouts from next time: the oldest that may still change, else the latest seen."""
    open_dates = [p["date"] for p in payouts if p.get("status") not in FINAL_PAYOUT_STATUSES]
    dates = [p["date"] for p in payouts]
    return min(open_dates) if open_dates else max(dates + ([cursor] if cursor else []), default=None)


async def fetch_payouts(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> AsyncIterator[Page]:
    """Shopify Payments payouts dated from the cursor on; the cursor moves only with the last page."""
    params: dict[str, Any] = {"limit": _page_size(settings)} | ({"date_min": cursor} if cursor else {})
    seen: list[dict[str, Any]] = []
    async for page, last in with_last(_pages(client, f"{_api(settings)}/shopify_payments/payouts.json", params)):
        seen += page.document.get("payouts", [])
        yield Page([(origin(settings, page), page.body)], _payout_cursor(seen, cursor) if last else cursor)


async def _all_payouts(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> list[dict[str, Any]]:
    params: dict[str, Any] = {"limit": _page_size(settings)} | ({"date_min": cursor} if cursor else {})
    payouts = [p async for page in _pages(client, f"{_api(settings)}/shopify_payments/payouts.json", params)
               for p in page.document.get("payouts", [])]
    return sorted(payouts, key=lambda p: (p["date"], p["id"]))


async def fetch_payout_transactions(client: PartnerHttp, settings: ConnectionSettings,
                                    cursor: str | None) -> AsyncIterator[Page]:
    """The balance transactions of every payout dated from the cursor on, payout by payout, oldest first."""
    payouts = await _all_payouts(client, settings, cursor)
    url = f"{_api(settings)}/shopify_payments/balance/transactions.json"
    resume, settled = cursor, True
    for index, payout in enumerate(payouts):
        params = {"payout_id": payout["id"], "limit": _page_size(settings)}
        async for page, last in with_last(_pages(client, url, params)):
            if last and settled and payout.get("status") in FINAL_PAYOUT_STATUSES:
                following = payouts[index + 1]["date"] if index + 1 < len(payouts) else payout["date"]
                resume = max(following, resume or following)
            yield Page([(origin(settings, page), page.body)], resume)
        settled = settled and payout.get("status") in FINAL_PAYOUT_STATUSES


STREAMS = (
    Stream("orders", fetch_orders, fetch_order),
    Stream("payouts", fetch_payouts),
    Stream("payout_transactions", fetch_payout_transactions),
)
