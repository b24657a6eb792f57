"""Xero's OAuth against the simulator: 30-minute access tokens, single-use refresh tokens, 60 days unused."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from aiohttp import web

from adapters.toolkit.http import PartnerClient
from adapters.toolkit.oauth import MemoryTokenStore, OAuthRefused, OAuthSession
from adapters.toolkit.streams import ConnectionSettings
from adapters.xero import ADAPTER
from adapters.xero.client import API
from adapters.xero.simulator import CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, TENANT_ID, TOKENS
from adapters.xero.simulator_tokens import TOKEN_PATH
from tests.adapters.toolkit.fakes import FAST_RETRIES, FakeClock, serving

CREDENTIALS = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "refresh_token": REFRESH_TOKEN,
               "tenant_id": TENANT_ID}


class Wall:
    """The hub's idea of now, moved together with the simulator's clock."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock, self.start = clock, clock()

    def __call__(self) -> datetime:
        return datetime(2026, 9, 1, tzinfo=UTC) + timedelta(seconds=self.clock() - self.start)


@asynccontextmanager
async def connected(store: MemoryTokenStore) -> AsyncIterator[tuple[PartnerClient, web.Application, FakeClock]]:
    clock = FakeClock()
    app = ADAPTER.simulator(seed=2, count=4, rate_limit=None, clock=clock)
    async with serving(app) as url:
        settings = ConnectionSettings("xero-books", "xero", "demo-brand", url, CREDENTIALS,
                                      {"currency": "USD", "token_url": TOKEN_PATH})
        assert ADAPTER.oauth is not None
        session = OAuthSession(ADAPTER.oauth, settings, store, now=Wall(clock), base_wait=0.001)
        async with PartnerClient(settings, None, auth=ADAPTER.auth_headers or (lambda _: {}), retry=FAST_RETRIES,
                                 oauth=session) as client:
            yield client, app, clock


async def items(client: PartnerClient) -> list[Any]:
    return (await client.get(f"{API}/Items")).json()["Items"]


def test_the_first_call_rotates_the_apps_refresh_token_and_names_the_organisation() -> None:
    store = MemoryTokenStore()

    async def go() -> tuple[int, int]:
        async with connected(store) as (client, app, _):
            for _ in range(3):
                assert len(await items(client)) == 8
            return app[TOKENS].issuer.refreshes, len(client._http.headers.get_list("Xero-tenant-id"))

    refreshes, tenant_headers = asyncio.run(go())
    assert refreshes == 1 and store.rotations == 1 and tenant_headers == 1
    assert store.tokens["xero-books"].refresh_token != REFRESH_TOKEN


def test_a_token_is_renewed_before_its_thirty_minutes_are_up_and_after_a_401() -> None:
    store = MemoryTokenStore()

    async def go() -> tuple[int, int]:
        async with connected(store) as (client, app, clock):
            await items(client)
            clock.now += 26 * 60  # inside the five-minute margin: renewed before the call
            await items(client)
            renewed_early = app[TOKENS].issuer.refreshes
            app[TOKENS].issuer.access.clear()  # revoked (a disconnect and reconnect): the next call gets a 401
            await items(client)
            return renewed_early, app[TOKENS].issuer.refreshes

    assert asyncio.run(go()) == (2, 3)


def test_a_used_refresh_token_is_refused_and_one_idle_for_sixty_days_expires() -> None:
    store = MemoryTokenStore()

    async def go() -> tuple[httpx.Response, httpx.Response, OAuthRefused]:
        async with connected(store) as (client, app, clock):
            await items(client)
            clock.now += 31 * 60
            await items(client)  # the second rotation used the first rotated token: the app's first is retired
            async with httpx.AsyncClient(auth=(CLIENT_ID, CLIENT_SECRET)) as http:
                reused = await http.post(f"{client.settings.base_url}{TOKEN_PATH}",
                                         data={"grant_type": "refresh_token", "refresh_token": REFRESH_TOKEN})
                clock.now += 61 * 86_400
                idle = await http.post(f"{client.settings.base_url}{TOKEN_PATH}", data={
                    "grant_type": "refresh_token", "refresh_token": store.tokens["xero-books"].refresh_token})
            with pytest.raises(OAuthRefused) as expired:
                await items(client)
            return reused, idle, expired.value

    reused, idle, expired = asyncio.run(go())
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
    assert idle.status_code == 400 and "60 days" in idle.json()["error_description"]
    assert "invalid_grant" in str(expired) and expired.status == 400
