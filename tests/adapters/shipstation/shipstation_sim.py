"""Shared pieces of the ShipStation client and simulator tests: a served account, a client for it, reading pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web

from adapters.shipstation import ADAPTER
from adapters.shipstation.client import auth_headers
from adapters.toolkit.http import PartnerClient, RetryPolicy
from adapters.toolkit.rate_limit import Clock, RateLimitPolicy, Sleep
from adapters.toolkit.simulation import FaultPlan
from adapters.toolkit.streams import ConnectionSettings, Page
from canonical_model.events import Event
from tests.adapters.pages import listed_objects, mapped_events
from tests.adapters.toolkit.fakes import serving

KEY, SECRET = "ss_key_under_test", "ss_secret_under_test"
CREDENTIALS = {"api_key": KEY, "api_secret": SECRET}
OPTIONS = {"page_size": 7, "currency": "USD"}
RETRY = RetryPolicy(attempts=8, base_wait=0.01, max_wait=0.05)
# The real limit (40 a minute) would make most tests wait minutes; the same window, larger, is enforced the same way.
QUICK = RateLimitPolicy.per_minute("shipstation-test", 1000, remaining_headers=("X-Rate-Limit-Remaining",))


def simulator(seed: int = 7, limit: RateLimitPolicy | None = QUICK, **options: Any) -> web.Application:
    return ADAPTER.simulator(seed=seed, api_key=KEY, api_secret=SECRET, rate_limit=limit, **options)


@asynccontextmanager
async def connected(app: web.Application, limit: RateLimitPolicy | None = QUICK, clock: Clock | None = None,
                    sleep: Sleep | None = None, credentials: dict[str, str] | None = None, **options: Any
                    ) -> AsyncIterator[tuple[PartnerClient, ConnectionSettings, str]]:
    """The app on a socket and a client for it, with tiny retry waits and a short timeout."""
    async with serving(app) as url:
        settings = ConnectionSettings("shipstation-main", "shipstation", "demo-brand", url,
                                      CREDENTIALS if credentials is None else credentials, {**OPTIONS, **options})
        timing: dict[str, Any] = {"clock": clock, "sleep": sleep} if clock and sleep else {}
        auth = auth_headers if settings.credentials else (lambda _: {})
        async with PartnerClient(settings, limit, auth=auth, retry=RETRY, timeout=0.25, **timing) as client:
            yield client, settings, url


async def read(client: PartnerClient, settings: ConnectionSettings, stream: str, cursor: str | None = None
               ) -> list[Page]:
    fetch = next(s for s in ADAPTER.streams if s.name == stream).fetch
    return [page async for page in fetch(client, settings, cursor)]


def rows(pages: list[Page], key: str) -> dict[int, dict[str, Any]]:
    """The objects of the pages by id (the last copy read wins)."""
    id_field = {"orders": "orderId", "shipments": "shipmentId", "fulfillments": "fulfillmentId"}[key]
    return listed_objects(pages, key, id_field)


def events(pages: list[Page]) -> list[Event]:
    """Every event the pages' documents map to, the way the hub maps them."""
    return mapped_events(ADAPTER, pages, currency="USD")


def faults(seed: int = 7) -> FaultPlan:
    return FaultPlan(rate=0.2, seed=seed, delay=0.4, retry_after=0.01)
