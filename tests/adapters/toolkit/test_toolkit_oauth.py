"""OAuth refresh with rotating refresh tokens: before expiry, after a 401, two workers at once, a lost save; and
partners with their own ways (client credentials in the form body, the token in another header, optional OAuth)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

import httpx
import pytest
from aiohttp import web

from adapters.toolkit.errors import FatalApiError
from adapters.toolkit.http import PartnerClient
from adapters.toolkit.oauth import MemoryTokenStore, OAuthRefresh, OAuthRefused, OAuthSession, OAuthTokens, oauth_session
from adapters.toolkit.oauth_simulation import TokenIssuer
from adapters.toolkit.simulation import partner_app
from adapters.toolkit.streams import ConnectionSettings
from tests.adapters.toolkit.fakes import FAST_RETRIES, FakeClock, serving

POLICY = OAuthRefresh(token_url="/oauth2/v1/tokens/bearer", access_token_lifetime=3600, refresh_margin=300)
CREDENTIALS = {"client_id": "app-1", "client_secret": "s3cret-app", "refresh_token": "first-refresh"}


class WallClock:
    """The client's idea of now, moved by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def token_app(issuer: TokenIssuer, slow_tokens: float = 0.0) -> web.Application:
    """A partner with the issuer's token endpoint (answering after `slow_tokens` seconds) and `GET /v3/ping`."""
    app = partner_app(authenticate=issuer.authenticate, clock=issuer.clock)

    async def ping(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    async def token(request: web.Request) -> web.Response:
        await asyncio.sleep(slow_tokens)
        return await issuer.token(request)

    app.router.add_post(issuer.token_path, token)
    app.router.add_get("/v3/ping", ping)
    return app


def settings(url: str, **credentials: str) -> ConnectionSettings:
    return ConnectionSettings("books", "quickbooks", "realm-1", url, CREDENTIALS | credentials)


def client(url: str, store: MemoryTokenStore, wall: WallClock, **credentials: str) -> PartnerClient:
    connection = settings(url, **credentials)
    session = OAuthSession(POLICY, connection, store, now=wall, base_wait=0.001)
    return PartnerClient(connection, None, retry=FAST_RETRIES, oauth=session)


def run(coroutine_factory) -> None:  # type: ignore[no-untyped-def]
    asyncio.run(coroutine_factory())


def test_first_call_refreshes_from_the_credentials_and_later_calls_reuse_the_token() -> None:
    async def main() -> None:
        issuer, store, wall = TokenIssuer(**CREDENTIALS, clock=FakeClock()), MemoryTokenStore(), WallClock()
        async with serving(token_app(issuer)) as url, client(url, store, wall) as partner:
            for _ in range(3):
                assert (await partner.get("/v3/ping")).json() == {"ok": True}
        assert issuer.refreshes == 1 and store.rotations == 1
        stored = store.tokens["books"]
        assert stored.refresh_token != "first-refresh" and stored.expires_at == wall.now + timedelta(seconds=3600)

    run(main)


def test_a_token_about_to_expire_is_refreshed_before_the_call() -> None:
    async def main() -> None:
        clock, wall, store = FakeClock(), WallClock(), MemoryTokenStore()
        issuer = TokenIssuer(**CREDENTIALS, clock=clock)
        async with serving(token_app(issuer)) as url, client(url, store, wall) as partner:
            await partner.get("/v3/ping")
            first = store.tokens["books"]
            wall.now += timedelta(seconds=3600 - 299)  # inside the refresh margin
            await partner.get("/v3/ping")
        assert issuer.refreshes == 2 and store.tokens["books"].refresh_token != first.refresh_token
        assert first.refresh_token in issuer.retired or issuer.parents[store.tokens["books"].refresh_token] == \
            first.refresh_token

    run(main)


def test_a_401_refreshes_once_and_the_call_goes_again() -> None:
    async def main() -> None:
        clock, wall, store = FakeClock(), WallClock(), MemoryTokenStore()
        issuer = TokenIssuer(**CREDENTIALS, clock=clock)
        async with serving(token_app(issuer)) as url, client(url, store, wall) as partner:
            await partner.get("/v3/ping")
            clock.now += 3601  # the partner's clock says expired; the client's still thinks the token is fresh
            assert (await partner.get("/v3/ping")).json() == {"ok": True}
        assert issuer.refreshes == 2

    run(main)


def test_two_workers_refreshing_at_once_store_one_rotation_and_both_keep_working() -> None:
    async def main() -> None:
        clock, wall, store = FakeClock(), WallClock(), MemoryTokenStore()
        issuer = TokenIssuer(**CREDENTIALS, clock=clock)
        async with serving(token_app(issuer)) as url, client(url, store, wall) as one, client(url, store, wall) as two:
            await asyncio.gather(one.get("/v3/ping"), two.get("/v3/ping"))
            assert store.rotations == 1
            winner = store.tokens["books"]
            assert one.oauth and two.oauth and one.oauth._tokens == two.oauth._tokens == winner
            # The stored chain stays alive: the next refresh starts from the winner's refresh token.
            wall.now += timedelta(hours=2)
            clock.now += 7200
            await asyncio.gather(one.get("/v3/ping"), two.get("/v3/ping"))
        assert store.rotations == 2 and issuer.parents[store.tokens["books"].refresh_token] == winner.refresh_token

    run(main)


class CrashingStore(MemoryTokenStore):
    """A worker that dies after the partner rotated and before its save landed."""

    async def save(self, connection: str, replaces: str | None, tokens: OAuthTokens) -> OAuthTokens:
        raise RuntimeError("worker killed before the save")


def test_a_crash_before_the_save_leaves_the_stored_token_working() -> None:
    async def main() -> None:
        clock, wall = FakeClock(), WallClock()
        issuer, store = TokenIssuer(**CREDENTIALS, clock=clock), MemoryTokenStore()
        async with serving(token_app(issuer)) as url:
            async with client(url, store, wall) as partner:
                await partner.get("/v3/ping")
            kept = store.tokens["books"]
            crashing = CrashingStore()
            crashing.tokens["books"] = OAuthTokens(kept.access_token, kept.refresh_token, wall.now)  # expired
            async with client(url, crashing, wall) as partner:
                with pytest.raises(RuntimeError, match="killed"):
                    await partner.get("/v3/ping")
            # The rotated pair was never saved nor used, so the stored refresh token still refreshes.
            wall.now += timedelta(hours=2)
            async with client(url, store, wall) as partner:
                assert (await partner.get("/v3/ping")).json() == {"ok": True}
        assert issuer.refreshes == 3

    run(main)


def test_a_retired_refresh_token_is_refused_with_the_oauth_error() -> None:
    async def main() -> None:
        clock, wall, store = FakeClock(), WallClock(), MemoryTokenStore()
        issuer = TokenIssuer(**CREDENTIALS, clock=clock)
        async with serving(token_app(issuer)) as url:
            async with client(url, store, wall) as partner:
                await partner.get("/v3/ping")
                wall.now += timedelta(hours=2)
                await partner.get("/v3/ping")  # uses the rotated token: "first-refresh" is retired now
            async with client(url, MemoryTokenStore(), wall) as partner:
                with pytest.raises(OAuthRefused, match="400 invalid_grant") as refused:
                    await partner.get("/v3/ping")
        assert "first-refresh" not in str(refused.value)

    run(main)


def test_a_wrong_client_secret_is_refused_and_a_second_401_is_final() -> None:
    async def main() -> None:
        issuer, wall = TokenIssuer(**CREDENTIALS, clock=FakeClock()), WallClock()
        async with serving(token_app(issuer)) as url, client(url, MemoryTokenStore(), wall,
                                                             client_secret="wrong") as partner:
            with pytest.raises(OAuthRefused, match="401 invalid_client"):
                await partner.get("/v3/ping")
        # A partner whose access tokens are dead on arrival: refreshed once after the first 401, then final.
        dead = TokenIssuer(**CREDENTIALS, clock=FakeClock(), lifetime=0)
        async with serving(token_app(dead)) as url, client(url, MemoryTokenStore(), wall) as partner:
            with pytest.raises(FatalApiError) as final:
                await partner.get("/v3/ping")
        assert final.value.status == 401 and dead.refreshes == 2

    run(main)


def test_a_stored_token_the_partner_no_longer_knows_falls_back_to_the_credentials_token() -> None:
    async def main() -> None:
        issuer, wall, store = TokenIssuer(**CREDENTIALS, clock=FakeClock()), WallClock(), MemoryTokenStore()
        # Kept from an earlier chain (a re-authorised app, a restarted simulator), still unexpired to the client.
        store.tokens["books"] = OAuthTokens("old-access", "old-refresh", wall.now + timedelta(hours=1))
        async with serving(token_app(issuer)) as url, client(url, store, wall) as partner:
            assert (await partner.get("/v3/ping")).json() == {"ok": True}
        assert issuer.parents[store.tokens["books"].refresh_token] == "first-refresh" and issuer.refreshes == 1

    run(main)


# ---- partners with their own ways: client credentials in the body, another header, optional OAuth --------------

BODY_POLICY = OAuthRefresh(token_url="https://auth.partner.example/o2/token", access_token_lifetime=600,
                           refresh_margin=60, client_auth="body", token_header="x-partner-token", token_prefix="",
                           optional=True)


class BodyAuthPartner:
    """A partner whose token endpoint takes the client in the form and never rotates refresh tokens (answering
    none), and whose API takes the bare access token in `x-partner-token`; every request is kept."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.issued: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == "/o2/token":
            form = dict(parse_qsl(request.content.decode()))
            if (form.get("client_id"), form.get("client_secret")) != ("app-1", "s3cret-app"):
                return httpx.Response(401, json={"error": "invalid_client"})
            if form != {"grant_type": "refresh_token", "refresh_token": "first-refresh", "client_id": "app-1",
                        "client_secret": "s3cret-app"}:
                return httpx.Response(400, json={"error": "invalid_grant"})
            self.issued.append(f"access-{len(self.issued) + 1}")
            return httpx.Response(200, json={"access_token": self.issued[-1], "token_type": "bearer",
                                             "expires_in": 600})
        if request.headers.get("x-partner-token") != (self.issued[-1] if self.issued else None):
            return httpx.Response(401, json={"error": "unauthorized"})
        return httpx.Response(200, json={"ok": True})


def test_client_credentials_in_the_body_and_the_bare_token_in_the_partners_header() -> None:
    async def main() -> None:
        partner, store, wall = BodyAuthPartner(), MemoryTokenStore(), WallClock()
        connection = ConnectionSettings("market", "partner", "seller-1", "https://api.partner.example",
                                        CREDENTIALS | {"token": "static-token"})
        transport = httpx.MockTransport(partner)
        session = OAuthSession(BODY_POLICY, connection, store, transport=transport, now=wall, base_wait=0.001)
        async with PartnerClient(connection, None, auth=lambda c: {"x-partner-token": c["token"]},
                                 retry=FAST_RETRIES, transport=transport, oauth=session) as client:
            for _ in range(2):
                assert (await client.get("/v1/ping")).json() == {"ok": True}
            wall.now += timedelta(seconds=600 - 59)  # inside the refresh margin
            await client.get("/v1/ping")
        token_calls = [r for r in partner.requests if r.url.path == "/o2/token"]
        assert len(token_calls) == 2 and all("authorization" not in r.headers for r in token_calls)
        api_calls = [r for r in partner.requests if r.url.path == "/v1/ping"]
        # The session's token replaces the static one; a second refresh sent the same, kept refresh token.
        assert [r.headers["x-partner-token"] for r in api_calls] == ["access-1", "access-1", "access-2"]
        assert all("authorization" not in r.headers for r in api_calls)
        assert store.tokens["market"].refresh_token == "first-refresh" and store.rotations == 2
        assert store.tokens["market"].expires_at == wall.now + timedelta(seconds=600)

    run(main)


def test_a_wrong_client_in_the_body_is_refused_without_the_secret_in_the_error() -> None:
    async def main() -> None:
        connection = ConnectionSettings("market", "partner", "seller-1", "https://api.partner.example",
                                        CREDENTIALS | {"client_secret": "wrong-s3cret"})
        session = OAuthSession(BODY_POLICY, connection, MemoryTokenStore(), transport=httpx.MockTransport(
            BodyAuthPartner()), base_wait=0.001)
        try:
            with pytest.raises(OAuthRefused, match="401 invalid_client") as refused:
                await session.access_token()
        finally:
            await session.aclose()
        assert "wrong-s3cret" not in str(refused.value) and "first-refresh" not in str(refused.value)

    run(main)


def test_optional_oauth_applies_only_to_connections_holding_a_refresh_token() -> None:
    with_refresh = ConnectionSettings("market", "partner", "seller-1", "https://api.partner.example", CREDENTIALS)
    static = ConnectionSettings("market", "partner", "seller-1", "https://api.partner.example", {"token": "t"})
    assert BODY_POLICY.applies_to(with_refresh) and not BODY_POLICY.applies_to(static)
    assert oauth_session(BODY_POLICY, static) is None and oauth_session(None, with_refresh) is None
    assert POLICY.applies_to(static), "a partner without a static token always refreshes"
    assert BODY_POLICY.header("abc") == {"x-partner-token": "abc"}
    assert POLICY.header("abc") == {"Authorization": "Bearer abc"}

    async def main() -> None:
        session = oauth_session(BODY_POLICY, with_refresh)
        assert isinstance(session, OAuthSession)
        await session.aclose()

    run(main)
