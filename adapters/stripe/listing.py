"""Reading Stripe's lists: cursor pages (`starting_after` / `ending_before`, `has_more`), one object by id,
and a payout's balance transactions with their payout named on the document.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import quote

import httpx

from adapters.toolkit.errors import MalformedResponse, RepeatedPageToken
from adapters.toolkit.pagination import FetchedPage, PageRequest, paginate
from adapters.toolkit.redaction import redacted_url
from adapters.toolkit.streams import ConnectionSettings, PartnerHttp

MAX_PAGE_SIZE = 100
BALANCE_TRANSACTIONS = "/v1/balance_transactions"
# A transaction's source (charge, refund, dispute...) and, for a refund or dispute, its charge: where the order is named.
EXPAND_SOURCES = ("data.source", "data.source.charge")
_LISTING_URL = re.compile(rb'"url"\s*:\s*"/v1/balance_transactions"')


class StripeListPaginator:
    """Stripe's cursor pages: while `has_more`, ask again `starting_after` the last object (older ones), or
    `ending_before` the first (newer ones, when walking forward in time); a repeated cursor stops the run."""

    def __init__(self, forward: bool = False) -> None:
        self.param = "ending_before" if forward else "starting_after"
        self._seen: set[str] = set()

    def next_request(self, page: FetchedPage) -> PageRequest | None:
        data = objects_of(page)
        if not page.document.get("has_more") or not data:
            return None
        token = str(data[0 if self.param == "ending_before" else -1]["id"])
        if token in self._seen:
            raise RepeatedPageToken(redacted_url(page.request.url), f"Stripe list: cursor {token!r} came back a second "
                                    "time; stopping instead of paging in a loop")
        self._seen.add(token)
        params = {k: v for k, v in page.request.params.items() if k not in ("starting_after", "ending_before")}
        return replace(page.request, params={**params, self.param: token})


def objects_of(page: FetchedPage) -> list[dict[str, Any]]:
    """The objects of a list page; a 200 that is no Stripe list is a malformed answer (retried as one)."""
    data = page.document.get("data") if isinstance(page.document, dict) else None
    if not isinstance(data, list) or not all(isinstance(item, dict) and "id" in item for item in data):
        raise MalformedResponse(redacted_url(page.request.url), "a 200 answer that is not a Stripe list of objects")
    return data


def page_size(settings: ConnectionSettings) -> int:
    return min(MAX_PAGE_SIZE, max(1, int(settings.options.get("page_size", MAX_PAGE_SIZE))))


def origin(settings: ConnectionSettings, url: str, params: Mapping[str, Any] | None = None) -> str:
    """Where a document came from, without host or credentials: `stripe:<connection>/v1/charges?limit=100`."""
    query = httpx.QueryParams(dict(params or {}))
    return f"stripe:{settings.name}{url}" + (f"?{query}" if query else "")


async def pages(client: PartnerHttp, url: str, params: Mapping[str, Any],
                forward: bool = False) -> AsyncIterator[FetchedPage]:
    """Every page of a list, newest first (or, `forward` from an `ending_before`, oldest page first)."""
    async for page in paginate(client, PageRequest(url, params), StripeListPaginator(forward)):  # type: ignore[arg-type]
        objects_of(page)
        yield page


async def retrieve(client: PartnerHttp, settings: ConnectionSettings, path: str, object_id: str,
                   expand: tuple[str, ...] = ()) -> tuple[str, bytes]:
    """One object as it stands now (`GET /v1/<kind>/<id>`), with the links asked expanded."""
    url, params = f"{path}/{quote(object_id, safe='')}", {"expand[]": list(expand)} if expand else {}
    response = await client.get(url, params or None)
    return origin(settings, url, params), response.content


def naming_payout(body: bytes, payout_id: str) -> bytes:
    """The listing of a payout's balance transactions with the payout filter written into its `url`.

    Stripe's list `url` is the bare path; the payout filter is the only statement of which payout pays
    these transactions out, so it is written there (the rest of the body stays byte for byte)."""
    named, count = _LISTING_URL.subn(f'"url": "{BALANCE_TRANSACTIONS}?payout={payout_id}"'.encode(), body)
    if count != 1:
        raise MalformedResponse(f"GET {BALANCE_TRANSACTIONS}?payout={payout_id}",
                                f"expected one list url in the answer, found {count}")
    return named


async def payout_transactions(client: PartnerHttp, settings: ConnectionSettings,
                              payout_id: str) -> list[tuple[str, bytes]]:
    """Every page of `GET /v1/balance_transactions?payout=po_...` (sources expanded), each naming its payout."""
    params = {"payout": payout_id, "limit": page_size(settings), "expand[]": list(EXPAND_SOURCES)}
    return [(origin(settings, BALANCE_TRANSACTIONS, page.request.params), naming_payout(page.body, payout_id))
            async for page in pages(client, BALANCE_TRANSACTIONS, params)]
