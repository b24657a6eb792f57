"""EasyPost API v2 over HTTP: the streams the sync runner drives, yielding raw pages and safe cursors.

EasyPost lists objects newest first by creation (`page_size` up to 100, `before_id` for the next
page, `has_more`; `start_datetime` bounds the listing by creation) and has no "updated since"
filter, while a tracker keeps scanning for days after it was created. How updates are caught:

- `trackers` (`GET /v2/trackers`): the cursor is an open window (`adapters.toolkit.open_window`).
  A read lists the trackers created since the oldest one not yet final (delivered, returned to
  sender, failed, or older than `open_days`, default 45, when carriers stop scanning), so every
  tracker that can still scan is listed again, and the new ones with it. Of a listed page only the
  trackers that changed (`updated_at`) since the last read are yielded: the whole page when all did,
  else each changed one read alone (`GET /v2/trackers/<id>`). The alternative, the Events API
  (`GET /v2/events`), lists events without their object (`result` is only in webhook deliveries and
  `GET /v2/events/<id>/payloads`), so catching N scans would cost N + 1 calls; re-listing the open
  window costs one call per 100 open trackers. Webhooks (`tracker.updated`, signed
  `X-Hmac-Signature`) deliver scans as they happen; polling is the safety net.
- `shipments` (`GET /v2/shipments?purchased=true`): labels bought through EasyPost, the same way; a
  shipment stays open while its embedded tracker is not final or a label refund is pending, and it
  counts as changed when either the shipment or its tracker changed.

The cursor moves only with a listing's last page (a newest-first listing has no safe point before
its end); earlier pages carry the cursor the read started from. EasyPost publishes no fixed rate
limit (its limits are dynamic, answered with 429): `EASYPOST_API` is a gentle 5 calls a second,
bursts of 10. Options: `page_size` (100), `open_days` (45), `overlap_minutes` (5). Credential:
`api_key`, sent as the HTTP Basic user with an empty password, as EasyPost expects.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import httpx

from adapters.toolkit.errors import RepeatedPageToken
from adapters.toolkit.open_window import OpenWindowCursor, OpenWindowWalk, utc
from adapters.toolkit.pagination import FetchedPage, PageRequest, paginate, with_last
from adapters.toolkit.rate_limit import RateLimitPolicy
from adapters.toolkit.redaction import redacted_url
from adapters.toolkit.streams import ConnectionSettings, Page, PartnerHttp, Stream

API = "/v2"
MAX_PAGE_SIZE = 100
EASYPOST_API = RateLimitPolicy.token_bucket("easypost-api", rate=5, burst=10, headroom=1)
FINAL_TRACKER_STATUSES = frozenset({"delivered", "return_to_sender", "failure", "cancelled", "error"})
PENDING_REFUND = frozenset({"submitted"})

__all__ = ["API", "EASYPOST_API", "STREAMS", "auth_headers", "fetch_shipment", "fetch_shipments", "fetch_tracker",
           "fetch_trackers"]


def auth_headers(credentials: Mapping[str, str]) -> Mapping[str, str]:
    """EasyPost takes the API key as the HTTP Basic user, with no password."""
    key = credentials.get("api_key")
    if not key:
        raise ValueError("an EasyPost connection needs an `api_key` credential")
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


def _page_size(settings: ConnectionSettings) -> int:
    return min(MAX_PAGE_SIZE, max(1, int(settings.options.get("page_size", MAX_PAGE_SIZE))))


def origin(settings: ConnectionSettings, request: PageRequest) -> str:
    """Where a document came from, without host or credentials: `easypost:<connection>/trackers?page_size=100`."""
    url = httpx.URL(request.url).copy_merge_params(dict(request.params))
    path, query = url.path.split(f"{API}/", 1)[-1], url.query.decode()
    return f"easypost:{settings.name}/{path}" + (f"?{query}" if query else "")


def tracker_is_final(tracker: Mapping[str, Any] | None) -> bool:
    """Whether a tracker will scan no more: delivered, returned, failed (an absent tracker never scans)."""
    return tracker is None or str(tracker.get("status") or "") in FINAL_TRACKER_STATUSES


def _tracker_times(tracker: Mapping[str, Any]) -> tuple[datetime, datetime, bool]:
    return utc(tracker["created_at"]), utc(tracker["updated_at"]), tracker_is_final(tracker)


def _shipment_times(shipment: Mapping[str, Any]) -> tuple[datetime, datetime, bool]:
    tracker = shipment.get("tracker") if isinstance(shipment.get("tracker"), dict) else None
    changed = max([utc(shipment["updated_at"]), *([utc(tracker["updated_at"])] if tracker else [])])
    final = tracker_is_final(tracker) and shipment.get("refund_status") not in PENDING_REFUND
    return utc(shipment["created_at"]), changed, final


async def _listing(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None, collection: str,
                   times: Callable[[Mapping[str, Any]], tuple[datetime, datetime, bool]],
                   extra: Mapping[str, Any]) -> AsyncIterator[Page]:
    """The pages of one collection created in the cursor's open window, newest first, yielding those with news."""
    start = OpenWindowCursor.decode(cursor)
    walk = OpenWindowWalk(start, timedelta(days=float(settings.options.get("open_days", 45))))
    overlap = timedelta(minutes=float(settings.options.get("overlap_minutes", 5)))
    params: dict[str, Any] = {"page_size": _page_size(settings), **extra}
    if start.open_since is not None:
        # "created after" may be exclusive: a second earlier keeps the oldest open object itself in the window.
        params["start_datetime"] = (start.open_since - timedelta(seconds=1)).isoformat()
    async for page, last in with_last(_pages(client, PageRequest(f"{API}/{collection}", params), collection)):
        items = page.document.get(collection) or []
        news = []
        for item in items:
            created, changed, final = times(item)
            walk.observe(created, changed, final)
            if start.is_news(changed, overlap):
                news.append(str(item["id"]))
        if len(news) == len(items):
            documents = [(origin(settings, page.request), page.body)] if items else []
        else:  # a few changed among settled ones: read just those, so only what changed is yielded
            documents = [document for object_id in news
                         for document in (await _one(client, settings, collection, object_id)).documents]
        yield Page(documents, walk.cursor() if last else cursor)


class BeforeIdPaginator:
    """EasyPost's paging: while `has_more`, ask again with `before_id` = the last id of the page."""

    def __init__(self, collection: str) -> None:
        self.collection = collection
        self.followed: set[str] = set()

    def next_request(self, page: FetchedPage) -> PageRequest | None:
        document = page.document if isinstance(page.document, dict) else {}
        items = document.get(self.collection) or []
        last_id = str(items[-1].get("id") or "") if items and isinstance(items[-1], dict) else ""
        if document.get("has_more") is not True or not last_id:
            return None
        if last_id in self.followed:
            raise RepeatedPageToken(redacted_url(page.request.url), f"{self.collection}: EasyPost handed back page "
                                    f"boundary {last_id!r} a second time; stopping instead of paging in a loop")
        self.followed.add(last_id)
        return replace(page.request, params={**page.request.params, "before_id": last_id})


def _pages(client: PartnerHttp, request: PageRequest, collection: str) -> AsyncIterator[FetchedPage]:
    return paginate(client, request, BeforeIdPaginator(collection))  # type: ignore[arg-type]


async def fetch_trackers(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> AsyncIterator[Page]:
    """Trackers that may have scanned since the cursor (all trackers on a first read)."""
    async for page in _listing(client, settings, cursor, "trackers", _tracker_times, {}):
        yield page


async def fetch_shipments(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> AsyncIterator[Page]:
    """Bought shipments (labels) that may have changed since the cursor (all of them on a first read)."""
    async for page in _listing(client, settings, cursor, "shipments", _shipment_times, {"purchased": "true"}):
        yield page


async def _one(client: PartnerHttp, settings: ConnectionSettings, collection: str, object_id: str) -> Page:
    request = PageRequest(f"{API}/{collection}/{object_id}")
    response = await client.get(request.url)
    return Page([(origin(settings, request), response.content)], None)


async def fetch_tracker(client: PartnerHttp, settings: ConnectionSettings, tracker_id: str) -> Page:
    """One tracker by id (a webhook's follow-up or a repair); it moves no cursor."""
    return await _one(client, settings, "trackers", tracker_id)


async def fetch_shipment(client: PartnerHttp, settings: ConnectionSettings, shipment_id: str) -> Page:
    """One shipment by id; it moves no cursor."""
    return await _one(client, settings, "shipments", shipment_id)


STREAMS = (
    Stream("trackers", fetch_trackers, fetch_tracker, cursor_at=OpenWindowCursor.at),
    Stream("shipments", fetch_shipments, fetch_shipment, cursor_at=OpenWindowCursor.at),
)
