"""OAuth tokens in the database: compare-and-swap rotation, two workers at once, tokens kept out of the logs."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select

from adapters.toolkit.http import PartnerClient
from adapters.toolkit.oauth import OAuthRefresh, OAuthSession, OAuthTokens
from adapters.toolkit.oauth_simulation import TokenIssuer
from adapters.toolkit.streams import ConnectionSettings
from hub.logs import JsonLines
from hub.oauth_tokens import DatabaseTokenStore
from hub.redaction import RedactingFilter
from hub.schema import oauth_tokens
from tests.adapters.toolkit.fakes import FAST_RETRIES, FakeClock, serving
from tests.adapters.toolkit.test_toolkit_oauth import CREDENTIALS, POLICY, WallClock, token_app

LATER = datetime(2026, 3, 1, tzinfo=UTC)


def test_the_first_pair_is_inserted_and_a_rotation_replaces_only_the_token_it_started_from(engine: Engine) -> None:
    store = DatabaseTokenStore(engine)
    first = OAuthTokens("access-1", "refresh-1", LATER)
    assert store.save_now("books", None, first) == first
    # A second worker seeding from the credentials too finds the first pair there and takes it.
    assert store.save_now("books", None, OAuthTokens("access-x", "refresh-x", LATER)) == first
    second = OAuthTokens("access-2", "refresh-2", LATER + timedelta(hours=1))
    assert store.save_now("books", "refresh-1", second) == second
    # A rotation that started from refresh-1 too lost the race: the stored pair stands and is returned.
    assert store.save_now("books", "refresh-1", OAuthTokens("access-3", "refresh-3", LATER)) == second
    assert store.load_now("books") == second and store.load_now("other") is None
    with engine.connect() as connection:
        rows = connection.execute(select(oauth_tokens)).all()
    assert [(row.connection, row.refresh_token) for row in rows] == [("books", "refresh-2")]


def test_two_workers_refreshing_at_once_persist_one_rotation_and_both_keep_working(engine: Engine) -> None:
    async def main() -> None:
        clock, wall = FakeClock(), WallClock()
        issuer = TokenIssuer(**CREDENTIALS, clock=clock)
        async with serving(token_app(issuer, slow_tokens=0.3)) as url:
            settings = ConnectionSettings("books", "quickbooks", "realm-1", url, CREDENTIALS)

            def worker() -> PartnerClient:
                session = OAuthSession(POLICY, settings, DatabaseTokenStore(engine), now=wall, base_wait=0.001)
                return PartnerClient(settings, None, retry=FAST_RETRIES, oauth=session)

            async with worker() as one, worker() as two:
                await asyncio.gather(one.get("/v3/ping"), two.get("/v3/ping"))
                assert issuer.refreshes == 2  # both reached the partner (its slow answers overlap)...
                stored = DatabaseTokenStore(engine).load_now("books")
                assert stored is not None and one.oauth and two.oauth
                assert one.oauth._tokens == two.oauth._tokens == stored  # ...one rotation is what both use
                wall.now += timedelta(hours=2)
                clock.now += 7200
                await asyncio.gather(one.get("/v3/ping"), two.get("/v3/ping"))
                now_stored = DatabaseTokenStore(engine).load_now("books")
                assert now_stored is not None and issuer.parents[now_stored.refresh_token] == stored.refresh_token
            # A worker started later resumes from the database, not from the (retired) credentials' token.
            assert "first-refresh" in issuer.retired
            async with worker() as later:
                assert (await later.get("/v3/ping")).json() == {"ok": True}

    asyncio.run(main())


def test_tokens_never_reach_the_logs(engine: Engine) -> None:
    store = DatabaseTokenStore(engine)
    store.save_now("books", None, OAuthTokens("opaque-access-7Qx", "opaque-refresh-9Zk", LATER))
    store.load_now("books")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines())
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger("hub.test_oauth_tokens")
    logger.addHandler(handler)
    try:
        logger.warning("refresh failed with opaque-refresh-9Zk", extra={"detail": "sent opaque-access-7Qx"})
    finally:
        logger.removeHandler(handler)
    line = json.loads(stream.getvalue())
    assert "opaque" not in stream.getvalue() and line["detail"] == "sent [redacted]"


def test_the_policy_reads_a_token_path_against_the_connection_base_url() -> None:
    settings = ConnectionSettings("books", "quickbooks", "1", "http://127.0.0.1:9000/", {}, {"token_url": "/oauth/t"})
    assert POLICY.endpoint(settings) == "http://127.0.0.1:9000/oauth/t"
    absolute = OAuthRefresh("https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer")
    plain = ConnectionSettings("books", "quickbooks", "1", "https://quickbooks.api.intuit.com")
    assert absolute.endpoint(plain) == "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer"


def test_hub_sync_keeps_the_rotated_chain_in_the_database_across_runs(engine: Engine) -> None:
    from adapters.quickbooks import ADAPTER, SIMULATOR_CREDENTIALS
    from adapters.quickbooks.books import REALM_ID
    from adapters.quickbooks.simulator import ISSUER, create_app
    from hub.sync_command import stored_token_clients
    from hub.sync_runner import sync_once

    async def main() -> None:
        clock = FakeClock()
        app = create_app(orders=12, seed=3, clock=clock)
        async with serving(app) as url:
            settings = ConnectionSettings("books", "quickbooks", REALM_ID, url, dict(SIMULATOR_CREDENTIALS),
                                          dict(ADAPTER.simulator_options))
            first = await sync_once(engine, [settings], {"quickbooks": ADAPTER}, stored_token_clients(engine), "w1")
            assert [run.error for run in first if run.error] == [] and sum(run.events_new for run in first) > 20
            clock.now += 3601  # every access token issued so far has expired at the partner
            second = await sync_once(engine, [settings], {"quickbooks": ADAPTER}, stored_token_clients(engine), "w2")
            assert [run.error for run in second if run.error] == []
        issuer = app[ISSUER]
        stored = DatabaseTokenStore(engine).load_now("books")
        assert issuer.refreshes == 2 and SIMULATOR_CREDENTIALS["refresh_token"] in issuer.retired
        assert stored is not None and stored.refresh_token in issuer.parents and stored.refresh_token not in issuer.retired

    asyncio.run(main())
