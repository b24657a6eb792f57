"""Login with Amazon against the Amazon simulator on a real socket: the access token fetched once and reused,
renewed before it expires and after a 401, sent in `x-amz-access-token`; the client secret in no error or log;
a sync through the hub keeps the token in the database for the next run."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from aiohttp import web
from sqlalchemy import Engine, select

from adapters.amazon import ADAPTER
from adapters.amazon.client import LWA, partner_client
from adapters.amazon.rate_limits import ORDERS_PATH
from adapters.amazon.simulator import CLIENT_ID, CLIENT_SECRET, LWA_PATH, REFRESH_TOKEN, TOKEN
from adapters.amazon.simulator import LWA as ISSUER
from adapters.toolkit.errors import FatalApiError
from adapters.toolkit.http import PartnerClient
from adapters.toolkit.oauth import MemoryTokenStore, OAuthRefused, OAuthSession
from adapters.toolkit.oauth_simulation import TokenIssuer
from adapters.toolkit.simulation import Handler
from adapters.toolkit.streams import ConnectionSettings
from hub.schema import oauth_tokens
from hub.sync_command import stored_token_clients
from hub.sync_runner import sync_once
from tests.adapters.toolkit.fakes import FAST_RETRIES, FakeClock, serving

LWA_CREDENTIALS = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "refresh_token": REFRESH_TOKEN}
OPTIONS = {"currency": "USD", "oauth_endpoint": LWA_PATH, "page_size": 5}
ORDERS = {"MarketplaceIds": "ATVPDKIKX0DER", "LastUpdatedAfter": "2020-01-01T00:00:00Z"}
SEEN = web.AppKey("seen_requests", list)


class WallClock:
    """The client's idea of now, moved by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


class Seller:
    """The simulated seller, its LWA issuer, the headers of every request it received, and a client for it."""

    def __init__(self, app: web.Application, url: str, client: PartnerClient, store: MemoryTokenStore) -> None:
        self.app, self.url, self.client, self.store = app, url, client, store
        self.issuer: TokenIssuer = app[ISSUER]
        self.seen: list[tuple[str, int, dict[str, str]]] = app[SEEN]

    def api_tokens(self) -> list[tuple[str | None, int]]:
        """The `x-amz-access-token` of every SP-API call with the status it got."""
        return [(headers.get("x-amz-access-token"), status) for path, status, headers in self.seen if path != LWA_PATH]


def recorded_app(clock: FakeClock, **options: Any) -> web.Application:
    app = ADAPTER.simulator(orders=12, seed=5, rate_limit=None, clock=clock, **options)
    seen: list[tuple[str, int, dict[str, str]]] = []

    @web.middleware
    async def record(request: web.Request, handler: Handler) -> web.StreamResponse:
        response = await handler(request)
        seen.append((request.path, response.status, dict(request.headers)))
        return response

    app.middlewares.insert(0, record)
    app[SEEN] = seen
    return app


@asynccontextmanager
async def seller(clock: FakeClock, wall: WallClock, credentials: dict[str, str] | None = None,
                 on_event: Any = None) -> AsyncIterator[Seller]:
    app = recorded_app(clock)
    async with serving(app) as url:
        settings = ConnectionSettings("amazon-us", "amazon", "A1SELLERDEMO", url,
                                      LWA_CREDENTIALS if credentials is None else credentials, OPTIONS)
        store = MemoryTokenStore()
        session = OAuthSession(LWA, settings, store, now=wall, base_wait=0.001)
        async with partner_client(settings, retry=FAST_RETRIES, oauth=session, on_event=on_event) as client:
            yield Seller(app, url, client, store)


def run(test: Callable[[], Coroutine[Any, Any, None]]) -> None:
    asyncio.run(test())


def test_the_access_token_is_fetched_once_and_travels_in_x_amz_access_token() -> None:
    async def main() -> None:
        wall = WallClock()
        async with seller(FakeClock(), wall) as amazon:
            for _ in range(3):
                assert (await amazon.client.get(ORDERS_PATH, ORDERS)).json()["payload"]["Orders"]
            stored = amazon.store.tokens["amazon-us"]
            assert amazon.issuer.refreshes == 1 and amazon.issuer.live(stored.access_token)
            assert amazon.api_tokens() == [(stored.access_token, 200)] * 3
            assert stored.refresh_token == REFRESH_TOKEN, "LWA refresh tokens do not rotate"
            assert stored.expires_at == wall.now + timedelta(seconds=3600)
            token_call = next(headers for path, _, headers in amazon.seen if path == LWA_PATH)
            assert "Authorization" not in token_call, "the client credentials travel in the form body"
            assert all("Authorization" not in headers for _, _, headers in amazon.seen)

    run(main)


def test_a_token_about_to_expire_is_renewed_from_the_same_refresh_token() -> None:
    async def main() -> None:
        clock, wall = FakeClock(), WallClock()
        async with seller(clock, wall) as amazon:
            await amazon.client.get(ORDERS_PATH, ORDERS)
            first = amazon.store.tokens["amazon-us"]
            wall.now += timedelta(seconds=3600 - 299)  # inside the five-minute margin
            clock.now += 3600 - 299
            await amazon.client.get(ORDERS_PATH, ORDERS)
            second = amazon.store.tokens["amazon-us"]
            assert amazon.issuer.refreshes == 2 and second.access_token != first.access_token
            assert second.refresh_token == first.refresh_token == REFRESH_TOKEN
            assert amazon.api_tokens() == [(first.access_token, 200), (second.access_token, 200)]
            clock.now += 300  # the first token's hour is over on Amazon's clock; the renewed one still lives
            assert not amazon.issuer.live(first.access_token) and amazon.issuer.live(second.access_token)

    run(main)


def test_a_401_renews_the_token_once_and_the_call_goes_again() -> None:
    async def main() -> None:
        clock, wall = FakeClock(), WallClock()
        async with seller(clock, wall) as amazon:
            await amazon.client.get(ORDERS_PATH, ORDERS)
            first = amazon.store.tokens["amazon-us"].access_token
            clock.now += 3601  # Amazon says the hour is over; the client still thinks the token fresh
            assert (await amazon.client.get(ORDERS_PATH, ORDERS)).json()["payload"]["Orders"]
            second = amazon.store.tokens["amazon-us"].access_token
            assert amazon.issuer.refreshes == 2
            assert amazon.api_tokens() == [(first, 200), (first, 401), (second, 200)]

    run(main)


def test_refusals_name_the_lwa_error_and_never_the_client_secret(caplog: pytest.LogCaptureFixture) -> None:
    events: list[tuple[str, dict[str, Any]]] = []

    async def main() -> None:
        wall = WallClock()
        async with seller(FakeClock(), wall, LWA_CREDENTIALS | {"client_secret": "amzn1.oa2-cs.v1.WRONG"},
                          on_event=lambda kind, detail: events.append((kind, detail))) as amazon:
            with pytest.raises(OAuthRefused, match="401 invalid_client") as wrong_client:
                await amazon.client.get(ORDERS_PATH, ORDERS)
        async with seller(FakeClock(), wall, LWA_CREDENTIALS | {"refresh_token": "Atzr|revoked"}) as amazon:
            with pytest.raises(OAuthRefused, match="400 invalid_grant") as revoked:
                await amazon.client.get(ORDERS_PATH, ORDERS)
            assert amazon.issuer.refreshes == 0 and amazon.api_tokens() == []
        async with seller(FakeClock(), wall) as amazon:
            await amazon.client.get(ORDERS_PATH, ORDERS)
        for error in (wrong_client.value, revoked.value):
            assert LWA_PATH in str(error) and isinstance(error, FatalApiError)
            for secret in ("amzn1.oa2-cs.v1.WRONG", CLIENT_SECRET, "Atzr|revoked", REFRESH_TOKEN):
                assert secret not in str(error)

    with caplog.at_level(logging.DEBUG):
        run(main)
    logged = caplog.text + repr(events)
    assert "auth/o2/token" in caplog.text, "the token calls were logged (without their body)"
    assert CLIENT_SECRET not in logged and "WRONG" not in logged and REFRESH_TOKEN not in logged


def test_a_static_token_is_sent_as_it_is_and_lwa_is_not_called() -> None:
    async def main() -> None:
        clock = FakeClock()
        app = recorded_app(clock)
        async with serving(app) as url:
            settings = ConnectionSettings("amazon-us", "amazon", "A1SELLERDEMO", url, {"token": TOKEN}, OPTIONS)
            async with PartnerClient.for_adapter(settings, ADAPTER, retry=FAST_RETRIES) as client:
                assert client.oauth is None
                await client.get(ORDERS_PATH, ORDERS)
        assert app[ISSUER].refreshes == 0
        assert [(path, headers["x-amz-access-token"]) for path, _, headers in app[SEEN]] == [(ORDERS_PATH, TOKEN)]

    run(main)


def test_a_sync_through_the_hub_keeps_the_lwa_token_in_the_database_for_the_next_run(engine: Engine) -> None:
    async def main() -> tuple[list[Any], list[Any], TokenIssuer]:
        app = ADAPTER.simulator(orders=12, seed=5, rate_scale=100.0)
        async with serving(app) as url:
            # Finance pages within what the simulator serves unthrottled (50), as the demo asks for them.
            settings = ConnectionSettings("amazon-us", "amazon", "A1SELLERDEMO", url, LWA_CREDENTIALS,
                                          {**ADAPTER.simulator_options, "rate_scale": 100.0, "finance_page_size": 50})
            first = await sync_once(engine, [settings], {"amazon": ADAPTER}, stored_token_clients(engine), "w1")
            again = await sync_once(engine, [settings], {"amazon": ADAPTER}, stored_token_clients(engine), "w2")
            return first, again, app[ISSUER]

    first, again, issuer = asyncio.run(main())
    assert [run.error for run in first + again] == [None] * len(first + again)
    assert sum(run.events_new for run in first) > 0 and sum(run.events_new for run in again) == 0
    assert issuer.refreshes == 1, "the second run (a new client) used the access token the first one stored"
    with engine.connect() as db:
        rows = db.execute(select(oauth_tokens.c.refresh_token, oauth_tokens.c.access_token)
                          .where(oauth_tokens.c.connection == "amazon-us")).all()
    assert len(rows) == 1 and rows[0].refresh_token == REFRESH_TOKEN and issuer.live(rows[0].access_token)


def test_the_simulated_lwa_endpoint_answers_as_login_with_amazon_does() -> None:
    async def main() -> list[tuple[int, dict[str, Any]]]:
        clock = FakeClock()
        app = ADAPTER.simulator(orders=2, seed=5, rate_limit=None, clock=clock, token_lifetime=120)
        grant = {"grant_type": "refresh_token", **LWA_CREDENTIALS}
        async with serving(app) as url, httpx.AsyncClient(base_url=url) as http:
            answers = []
            for form, auth in ((grant, None), (grant | {"refresh_token": "Atzr|other"}, None),
                               (grant | {"client_secret": "nope"}, None), (grant | {"grant_type": "password"}, None),
                               ({"grant_type": "refresh_token", "refresh_token": REFRESH_TOKEN},
                                httpx.BasicAuth(CLIENT_ID, CLIENT_SECRET))):
                response = await http.post(LWA_PATH, data=form, auth=auth)
                answers.append((response.status_code, response.json()))
            issued = answers[0][1]["access_token"]
            api = [(await http.get(ORDERS_PATH, params=ORDERS, headers={"x-amz-access-token": issued})).status_code]
            clock.now += 121
            api.append((await http.get(ORDERS_PATH, params=ORDERS, headers={"x-amz-access-token": issued})).status_code)
            answers.append((0, {"api": api}))
        return answers

    answers = asyncio.run(main())
    status, first = answers[0]
    assert status == 200 and set(first) == {"access_token", "refresh_token", "token_type", "expires_in"}
    assert (first["refresh_token"], first["token_type"], first["expires_in"]) == (REFRESH_TOKEN, "bearer", 120)
    assert [(status, body.get("error")) for status, body in answers[1:5]] == [
        (400, "invalid_grant"), (401, "invalid_client"), (400, "unsupported_grant_type"),
        (401, "invalid_client")]  # the simulator reads the client only from the form, as SP-API documents it
    assert answers[5][1] == {"api": [200, 401]}, "the issued token opens the API for its lifetime, not after"
