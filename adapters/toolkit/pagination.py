"""Paging through a partner's list endpoints: small paginator objects and one visible `paginate()` loop.

A paginator looks at the page just fetched and says what to request next, or None at the end. Each
remembers the tokens it has followed and raises `RepeatedPageToken` when a partner hands one back
again (singer-sdk's guard), so a looping partner stops a sync with a clear error instead of forever.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol, TypeVar

import httpx

from adapters.toolkit.errors import RepeatedPageToken
from adapters.toolkit.redaction import redacted_url

T = TypeVar("T")


@dataclass(frozen=True)
class PageRequest:
    """One request of a listing: GET with query parameters, or POST with a JSON body (GraphQL)."""

    url: str
    params: Mapping[str, Any] = field(default_factory=dict)
    method: str = "GET"
    json: Any = None


@dataclass(frozen=True)
class FetchedPage:
    """A page as the partner answered it: the request, the response (headers, raw body) and the parsed body."""

    request: PageRequest
    response: httpx.Response
    document: Any

    @property
    def body(self) -> bytes:
        return self.response.content


class JsonHttp(Protocol):
    async def get(self, url: str, params: Mapping[str, Any] | None = None) -> httpx.Response: ...

    async def post(self, url: str, json: Any = None, *, params: Mapping[str, Any] | None = None) -> httpx.Response: ...


class Paginator(Protocol):
    def next_request(self, page: FetchedPage) -> PageRequest | None: ...


def dig(document: Any, path: str) -> Any:
    """The value at a dotted path (`payload.NextToken`), or None when any step is missing."""
    for step in filter(None, path.split(".")):
        if not isinstance(document, Mapping):
            return None
        document = document.get(step)
    return document


class _Seen:
    """The page tokens one listing has followed so far."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.tokens: set[str] = set()

    def follow(self, token: Any, page: FetchedPage) -> None:
        key = str(token)
        if key in self.tokens:
            raise RepeatedPageToken(redacted_url(page.request.url), f"{self.name}: the partner returned page token "
                                    f"{key!r} a second time; stopping instead of paging in a loop")
        self.tokens.add(key)


class LinkHeaderPaginator:
    """RFC 5988 `Link: <https://...page_info=abc>; rel="next"` (Shopify REST, WooCommerce, GitHub style)."""

    def __init__(self, rel: str = "next") -> None:
        self.rel = rel
        self._seen = _Seen("Link header")

    def next_request(self, page: FetchedPage) -> PageRequest | None:
        link = page.response.links.get(self.rel)
        if not link or not link.get("url"):
            return None
        url = link["url"]
        self._seen.follow(httpx.URL(url).params.get("page_info") or url, page)
        return PageRequest(url)


class NextTokenPaginator:
    """A token in the body (`payload.NextToken`) sent back as a parameter; `keep` limits the other parameters."""

    def __init__(self, token_path: str = "NextToken", param: str = "NextToken", keep: tuple[str, ...] | None = None) -> None:
        self.token_path, self.param, self.keep = token_path, param, keep
        self._seen = _Seen(f"next token {token_path}")

    def next_request(self, page: FetchedPage) -> PageRequest | None:
        token = dig(page.document, self.token_path)
        if token in (None, ""):
            return None
        self._seen.follow(token, page)
        params = {k: v for k, v in page.request.params.items() if self.keep is None or k in self.keep}
        return replace(page.request, params={**params, self.param: token})


class OffsetPaginator:
    """`offset`/`limit` parameters; the end is a short page (or `total_path` reached)."""

    def __init__(self, limit: int, records_path: str, offset_param: str = "offset", limit_param: str = "limit",
                 total_path: str | None = None, start: int = 0) -> None:
        self.limit, self.records_path, self.total_path = limit, records_path, total_path
        self.offset_param, self.limit_param, self.start = offset_param, limit_param, start
        self._seen = _Seen(f"offset {offset_param}")

    def first(self, url: str, params: Mapping[str, Any] | None = None) -> PageRequest:
        return PageRequest(url, {**(params or {}), self.offset_param: self.start, self.limit_param: self.limit})

    def next_request(self, page: FetchedPage) -> PageRequest | None:
        records = dig(page.document, self.records_path) or []
        offset = int(page.request.params.get(self.offset_param, self.start)) + len(records)
        total = dig(page.document, self.total_path) if self.total_path else None
        if len(records) < self.limit or (total is not None and offset >= int(total)):
            return None
        self._seen.follow(offset, page)
        return replace(page.request, params={**page.request.params, self.offset_param: offset})


class CursorPaginator:
    """GraphQL `pageInfo { hasNextPage endCursor }`, the cursor sent back as a query variable."""

    def __init__(self, page_info_path: str, variable: str = "after") -> None:
        self.page_info_path, self.variable = page_info_path, variable
        self._seen = _Seen(f"GraphQL cursor {page_info_path}")

    def next_request(self, page: FetchedPage) -> PageRequest | None:
        info = dig(page.document, self.page_info_path) or {}
        cursor = info.get("endCursor")
        if not info.get("hasNextPage") or not cursor:
            return None
        self._seen.follow(cursor, page)
        body = dict(page.request.json or {})
        body["variables"] = {**(body.get("variables") or {}), self.variable: cursor}
        return replace(page.request, json=body)


async def paginate(client: JsonHttp, request: PageRequest, paginator: Paginator) -> AsyncIterator[FetchedPage]:
    """Every page of a listing, in the partner's order, from `request` until the paginator finds no next page."""
    next_request: PageRequest | None = request
    while next_request is not None:
        if next_request.method == "POST":
            response = await client.post(next_request.url, next_request.json, params=next_request.params or None)
        else:
            response = await client.get(next_request.url, next_request.params or None)
        page = FetchedPage(next_request, response, response.json() if response.content else None)
        yield page
        next_request = paginator.next_request(page)


async def with_last(items: AsyncIterator[T]) -> AsyncIterator[tuple[T, bool]]:
    """Each item with whether it is the last one (one item of look-ahead)."""
    previous: list[T] = []
    async for item in items:
        if previous:
            yield previous.pop(), False
        previous.append(item)
    if previous:
        yield previous.pop(), True
