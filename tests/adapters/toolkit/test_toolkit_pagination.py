"""Paginators over a scripted partner: what they request next, when they stop, and loops refused."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from typing import Any

import httpx
import pytest

from adapters.toolkit.errors import FatalApiError, RepeatedPageToken
from adapters.toolkit.pagination import (
    CursorPaginator,
    FetchedPage,
    LinkHeaderPaginator,
    NextTokenPaginator,
    OffsetPaginator,
    PageRequest,
    Paginator,
    dig,
    paginate,
    with_last,
)

BASE = "https://acme.myshopify.com/admin/api/2024-10/orders.json"


class ScriptedPartner:
    """Answers each call with the next scripted (body, headers) and records what was asked."""

    def __init__(self, answers: list[tuple[Any, dict[str, str]]]) -> None:
        self.answers = list(answers)
        self.calls: list[tuple[str, str, dict[str, Any], Any]] = []

    def _answer(self, method: str, url: str, params: Mapping[str, Any] | None, body: Any) -> httpx.Response:
        self.calls.append((method, url, dict(params or {}), body))
        document, headers = self.answers.pop(0)
        return httpx.Response(200, json=document, headers=headers, request=httpx.Request(method, url, params=params))

    async def get(self, url: str, params: Mapping[str, Any] | None = None) -> httpx.Response:
        return self._answer("GET", url, params, None)

    async def post(self, url: str, json: Any = None, *, params: Mapping[str, Any] | None = None) -> httpx.Response:
        return self._answer("POST", url, params, json)


def _collect(partner: ScriptedPartner, request: PageRequest, paginator: Paginator) -> list[FetchedPage]:
    async def run() -> list[FetchedPage]:
        return [page async for page in paginate(partner, request, paginator)]  # type: ignore[arg-type]

    return asyncio.run(run())


def _link(page_info: str, rel: str = "next") -> str:
    return f'<{BASE}?limit=2&page_info={page_info}>; rel="{rel}"'


def test_link_header_paginator_follows_rel_next_until_there_is_none() -> None:
    partner = ScriptedPartner([
        ({"orders": [1, 2]}, {"Link": _link("p2")}),
        ({"orders": [3, 4]}, {"Link": f'{_link("p1", "previous")}, {_link("p3")}'}),
        ({"orders": [5]}, {"Link": _link("p2", "previous")}),
    ])
    pages = _collect(partner, PageRequest(BASE, {"limit": 2, "status": "any"}), LinkHeaderPaginator())
    assert [page.document["orders"] for page in pages] == [[1, 2], [3, 4], [5]]
    assert partner.calls[0][1:3] == (BASE, {"limit": 2, "status": "any"})
    assert [call[1] for call in partner.calls[1:]] == [f"{BASE}?limit=2&page_info=p2", f"{BASE}?limit=2&page_info=p3"]
    assert all(call[2] == {} for call in partner.calls[1:]), "the next link carries its own parameters"


def test_link_header_paginator_refuses_a_page_token_it_already_followed() -> None:
    partner = ScriptedPartner([
        ({"orders": [1]}, {"Link": _link("p2")}),
        ({"orders": [2]}, {"Link": _link("p3")}),
        ({"orders": [3]}, {"Link": _link("p2")}),
    ])
    with pytest.raises(RepeatedPageToken, match="'p2' a second time") as raised:
        _collect(partner, PageRequest(BASE, {"limit": 1}), LinkHeaderPaginator())
    assert isinstance(raised.value, FatalApiError)
    assert len(partner.calls) == 3


def test_next_token_paginator_sends_the_token_back_keeping_only_the_named_parameters() -> None:
    url = "/orders/v0/orders"
    partner = ScriptedPartner([
        ({"payload": {"Orders": [1], "NextToken": "t2"}}, {}),
        ({"payload": {"Orders": [2], "NextToken": "t3"}}, {}),
        ({"payload": {"Orders": [3]}}, {}),
    ])
    first = PageRequest(url, {"MarketplaceIds": "ATVPDKIKX0DER", "LastUpdatedAfter": "2026-01-01T00:00:00Z"})
    pages = _collect(partner, first, NextTokenPaginator("payload.NextToken", keep=("MarketplaceIds",)))
    assert len(pages) == 3
    assert partner.calls[1][2] == {"MarketplaceIds": "ATVPDKIKX0DER", "NextToken": "t2"}
    assert partner.calls[2][2] == {"MarketplaceIds": "ATVPDKIKX0DER", "NextToken": "t3"}


def test_next_token_paginator_refuses_a_repeated_token() -> None:
    partner = ScriptedPartner([({"NextToken": "same"}, {}), ({"NextToken": "same"}, {})])
    with pytest.raises(RepeatedPageToken):
        _collect(partner, PageRequest("/x"), NextTokenPaginator())


def test_offset_paginator_stops_on_a_short_page() -> None:
    partner = ScriptedPartner([({"items": [1, 2]}, {}), ({"items": [3, 4]}, {}), ({"items": [5]}, {})])
    paginator = OffsetPaginator(limit=2, records_path="items")
    pages = _collect(partner, paginator.first("/items", {"q": "x"}), paginator)
    assert [call[2] for call in partner.calls] == [
        {"q": "x", "offset": 0, "limit": 2}, {"q": "x", "offset": 2, "limit": 2}, {"q": "x", "offset": 4, "limit": 2}]
    assert [page.document["items"] for page in pages] == [[1, 2], [3, 4], [5]]


def test_offset_paginator_stops_at_the_stated_total() -> None:
    partner = ScriptedPartner([({"data": {"rows": [1, 2], "total": 4}}, {}), ({"data": {"rows": [3, 4], "total": 4}}, {})])
    paginator = OffsetPaginator(limit=2, records_path="data.rows", total_path="data.total")
    assert len(_collect(partner, paginator.first("/rows"), paginator)) == 2


def test_cursor_paginator_posts_the_end_cursor_as_a_variable() -> None:
    query = {"query": "query($after: String) { orders(first: 2, after: $after) { pageInfo { hasNextPage endCursor } } }",
             "variables": {"first": 2}}
    info = "data.orders.pageInfo"
    partner = ScriptedPartner([
        ({"data": {"orders": {"pageInfo": {"hasNextPage": True, "endCursor": "c1"}}}}, {}),
        ({"data": {"orders": {"pageInfo": {"hasNextPage": True, "endCursor": "c2"}}}}, {}),
        ({"data": {"orders": {"pageInfo": {"hasNextPage": False, "endCursor": "c3"}}}}, {}),
    ])
    pages = _collect(partner, PageRequest("/graphql.json", method="POST", json=query), CursorPaginator(info))
    assert len(pages) == 3 and all(call[0] == "POST" for call in partner.calls)
    assert [call[3]["variables"] for call in partner.calls] == [{"first": 2}, {"first": 2, "after": "c1"},
                                                                {"first": 2, "after": "c2"}]
    assert query["variables"] == {"first": 2}, "the caller's request is not changed"


def test_cursor_paginator_refuses_a_repeated_cursor() -> None:
    page = {"data": {"orders": {"pageInfo": {"hasNextPage": True, "endCursor": "stuck"}}}}
    partner = ScriptedPartner([(page, {}), (page, {})])
    with pytest.raises(RepeatedPageToken, match="stuck"):
        _collect(partner, PageRequest("/graphql.json", method="POST", json={"query": "q"}),
                 CursorPaginator("data.orders.pageInfo"))


def test_dig_reads_dotted_paths_and_tolerates_missing_steps() -> None:
    assert dig({"a": {"b": 1}}, "a.b") == 1
    assert dig({"a": [1]}, "a.b") is None
    assert dig({"a": 1}, "") == {"a": 1}


def test_with_last_marks_only_the_final_item() -> None:
    async def items(count: int) -> AsyncIterator[int]:
        for item in range(count):
            yield item

    async def run(count: int) -> list[tuple[int, bool]]:
        return [pair async for pair in with_last(items(count))]

    assert asyncio.run(run(3)) == [(0, False), (1, False), (2, True)]
    assert asyncio.run(run(0)) == []
