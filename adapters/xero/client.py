"""Xero Accounting API over HTTP: the streams the sync runner drives, yielding raw pages and safe cursors.

Every listing (`GET /api.xro/2.0/<Collection>`) is read oldest change first (`order=UpdatedDateUTC
ASC`) and, after the first backfill, only from the cursor on: Xero's `If-Modified-Since` header
returns the documents created or changed since that time (sent in whole UTC seconds, so the cursor's
own second is read again; less the `overlap_minutes` option, 0 by default). Paged collections
(Invoices, CreditNotes, Payments, BankTransactions, ManualJournals) take `page` (100 a page, or the
`page_size` option sent as `pageSize`); Items are listed whole, as Xero lists them.

Paging by page number shifts when a document already read changes during the walk (it moves to the
end, the one after the page boundary slides back unread), so after every full page the walk starts
again at page 1 from that page's latest `UpdatedDateUTC`; only when a whole page changed within one
second does it go on to the next page of that second. The cursor after a page is the latest
`UpdatedDateUTC` read so far: everything changed before it has been read, so every page's cursor is
a safe point to resume from.

Deleted and voided documents stay in Xero's listings with Status DELETED or VOIDED and a new
`UpdatedDateUTC`, so an incremental read brings them, and the mapping turns them into RecordDeleted.

Auth: OAuth 2 (`XERO_OAUTH`: the `client_id`/`client_secret` app and a first `refresh_token`; access
tokens of 30 minutes, single-use refresh tokens rotated and kept by the hub's TokenStore), the token as
`Authorization: Bearer`, and the organisation's `tenant_id` as `Xero-tenant-id` on every call.

Limits (per organisation and app): 60 calls a minute (`X-MinLimit-Remaining` says what is left),
5,000 a day (`X-DayLimit-Remaining`), 5 at once; a 429 names the limit hit in `X-Rate-Limit-Problem`
and says when to come back in `Retry-After`. The client keeps the minute window (`XERO`, re-synced
from `X-MinLimit-Remaining`), follows `Retry-After`, and gives up with the reason when the wait is
longer than its retry policy allows (the day limit: come back tomorrow).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from adapters.toolkit import Reader
from adapters.toolkit.errors import RepeatedPageToken
from adapters.toolkit.oauth import OAuthRefresh
from adapters.toolkit.rate_limit import XERO
from adapters.toolkit.redaction import redacted_url
from adapters.toolkit.streams import ConnectionSettings, Page, PartnerHttp, Stream
from adapters.xero.common import required_time

API = "/api.xro/2.0"
PAGE_SIZE, MAX_PAGE_SIZE = 100, 1000
ORDER = "UpdatedDateUTC ASC"
# Xero's access tokens live 30 minutes; each refresh hands back a new single-use refresh token (60 days unused).
XERO_OAUTH = OAuthRefresh(token_url="https://identity.xero.com/connect/token", access_token_lifetime=1800,
                          refresh_margin=300)

__all__ = ["API", "COLLECTIONS", "STREAMS", "XERO", "XERO_OAUTH", "auth_headers", "if_modified_since"]


def auth_headers(credentials: Mapping[str, str]) -> Mapping[str, str]:
    """The organisation as `Xero-tenant-id`, and a fixed `access_token` as Bearer when one is given (under OAuth
    the session puts its own current token on every call instead)."""
    token, tenant = credentials.get("access_token") or credentials.get("token"), credentials.get("tenant_id")
    if not tenant:
        raise ValueError("a Xero connection needs a `tenant_id` credential (the organisation's tenant id, from "
                         "the connections endpoint) besides its OAuth app and refresh token")
    return {"Xero-tenant-id": tenant, **({"Authorization": f"Bearer {token}"} if token else {})}


@dataclass(frozen=True)
class Collection:
    """One Accounting API collection: its name in paths and bodies, its documents' id field, whether it pages."""

    name: str
    id_field: str
    paged: bool = True


COLLECTIONS = (
    Collection("Invoices", "InvoiceID"), Collection("CreditNotes", "CreditNoteID"),
    Collection("Payments", "PaymentID"), Collection("BankTransactions", "BankTransactionID"),
    Collection("ManualJournals", "ManualJournalID"), Collection("Items", "ItemID", paged=False),
)


def if_modified_since(moment: datetime) -> str:
    """The `If-Modified-Since` value Xero reads: a UTC time in whole seconds (the second itself included)."""
    return moment.astimezone(UTC).replace(tzinfo=None, microsecond=0).isoformat()


def _page_size(settings: ConnectionSettings) -> int | None:
    size = settings.options.get("page_size")
    return None if size is None else min(MAX_PAGE_SIZE, max(1, int(size)))


def _changed(document: Any, where: str) -> datetime:
    return required_time(Reader(document, where), "UpdatedDateUTC")


def _cursor_time(cursor: str) -> datetime:
    """A stored cursor as a moment; one without an offset is UTC, as Xero's times are."""
    moment = datetime.fromisoformat(cursor.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def origin(settings: ConnectionSettings, path: str, params: Mapping[str, Any], since: str | None) -> str:
    """Where a document came from, without host or credentials: `xero:<connection>/Invoices?page=1&...`."""
    query = httpx.QueryParams({**params, **({"If-Modified-Since": since} if since else {})})
    return f"xero:{settings.name}/{path}" + (f"?{query}" if query else "")


@dataclass
class Walk:
    """Where a listing's walk stands: the `If-Modified-Since` it sends and the page it asks for."""

    since: datetime | None
    page: int = 1

    def params(self, collection: Collection, page_size: int | None) -> dict[str, Any]:
        params: dict[str, Any] = {"order": ORDER}
        if collection.paged:
            params["page"] = self.page
            if page_size is not None:
                params["pageSize"] = page_size
        return params

    def headers(self) -> dict[str, str] | None:
        return {"If-Modified-Since": if_modified_since(self.since)} if self.since else None


def _next(walk: Walk, collection: Collection, records: list[Any], document: Any, page_size: int) -> Walk | None:
    """After a full page, start again from its latest change, or go on to the next page of that same second."""
    pagination = document.get("pagination") if isinstance(document, dict) else None
    last_page = isinstance(pagination, dict) and walk.page >= int(pagination.get("pageCount") or 0)
    if not collection.paged or len(records) < page_size or last_page:
        return None
    restart = _changed(records[-1], f"{collection.name}[{len(records) - 1}]").replace(microsecond=0)
    if walk.since is None or restart > walk.since:
        return Walk(restart)
    return Walk(walk.since, walk.page + 1)


async def _listing(client: PartnerHttp, settings: ConnectionSettings, collection: Collection,
                   cursor: str | None) -> AsyncIterator[Page]:
    latest = _cursor_time(cursor) if cursor else None
    overlap = timedelta(minutes=float(settings.options.get("overlap_minutes", 0)))
    walk: Walk | None = Walk((latest - overlap).replace(microsecond=0) if latest else None)
    page_size, seen = _page_size(settings), set()
    while walk is not None:
        key = (walk.since, walk.page)
        if key in seen:
            raise RepeatedPageToken(redacted_url(f"{API}/{collection.name}"), f"{collection.name}: page {walk.page} "
                                    f"since {walk.since} was asked for twice; stopping instead of paging in a loop")
        seen.add(key)
        params, headers = walk.params(collection, page_size), walk.headers()
        response = await client.get(f"{API}/{collection.name}", params, headers=headers)  # type: ignore[call-arg]
        document = response.json()
        records = document.get(collection.name) if isinstance(document, dict) else None
        records = records if isinstance(records, list) else []
        for index, record in enumerate(records):
            changed = _changed(record, f"{collection.name}[{index}]")
            latest = changed if latest is None or changed > latest else latest
        since_text = headers["If-Modified-Since"] if headers else None
        documents = [(origin(settings, collection.name, params, since_text), response.content)] if records else []
        yield Page(documents, latest.isoformat(timespec="milliseconds") if latest else cursor)
        walk = _next(walk, collection, records, document, page_size or PAGE_SIZE)


def _stream(collection: Collection) -> Stream:
    async def fetch(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> AsyncIterator[Page]:
        async for page in _listing(client, settings, collection, cursor):
            yield page

    async def fetch_one(client: PartnerHttp, settings: ConnectionSettings, object_id: str) -> Page:
        path = f"{collection.name}/{object_id}"
        response = await client.get(f"{API}/{path}")
        return Page([(origin(settings, path, {}, None), response.content)], None)

    fetch.__doc__ = f"{collection.name} changed since the cursor (all on the first run), oldest change first."
    fetch_one.__doc__ = f"One of the {collection.name} by id (a webhook's follow-up, a repair); it moves no cursor."
    return Stream(_stream_name(collection.name), fetch, fetch_one)


def _stream_name(collection: str) -> str:
    """`CreditNotes` -> `credit_notes`, the hub's spelling of a stream."""
    return "".join(f"_{c.lower()}" if c.isupper() and index else c.lower() for index, c in enumerate(collection))


STREAMS = tuple(_stream(collection) for collection in COLLECTIONS)
