"""The sync runner over a fake partner stream: pages commit with their cursor, failures resume, leases hold."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import Engine, select

from adapters.canonical import ADAPTER as CANONICAL
from adapters.toolkit import Adapter
from adapters.toolkit.streams import ConnectionSettings, Page, PartnerHttp, Stream
from hub.event_store import count_events
from hub.schema import sync_errors, sync_state
from hub.sync_runner import sync_once
from hub.sync_state import claim, ensure_stream
from tests.builders import jsonl, order_placed

ORDERS = [order_placed(str(1000 + number)) for number in range(6)]


class PartnerDown(RuntimeError):
    pass


def _adapter(fail_after: int | None = None) -> Adapter:
    async def fetch(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> AsyncIterator[Page]:
        start = int(cursor or 0)
        for index in range(start, len(ORDERS), 2):
            if fail_after is not None and index >= fail_after:
                raise PartnerDown("503 from the partner after retries")
            yield Page([(f"fake/orders?offset={index}", jsonl(ORDERS[index:index + 2]))], str(index + 2))

    return replace(CANONICAL, name="fake", streams=(Stream("orders", fetch),))


@asynccontextmanager
async def _no_client(settings: ConnectionSettings, adapter: Adapter) -> AsyncIterator[PartnerHttp]:
    yield None  # type: ignore[misc]


SETTINGS = ConnectionSettings(name="fake-main", adapter="fake", account="acme", base_url="http://fake")


def _sync(engine: Engine, adapter: Adapter, owner: str = "worker-1") -> list:
    return asyncio.run(sync_once(engine, [SETTINGS], {"fake": adapter}, _no_client, owner))


def _cursor(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return connection.execute(select(sync_state.c.cursor)).scalar()


def test_pages_commit_with_their_cursor_and_a_rerun_fetches_nothing_new(engine: Engine) -> None:
    [run] = _sync(engine, _adapter())
    assert (run.pages, run.events_new, run.error) == (3, 6, None)
    assert _cursor(engine) == "6"
    [again] = _sync(engine, _adapter())
    assert (again.pages, again.events_new) == (0, 0)


def test_a_failure_keeps_the_last_good_cursor_and_the_next_run_resumes(engine: Engine) -> None:
    [failed] = _sync(engine, _adapter(fail_after=4))
    assert failed.pages == 2 and "503" in (failed.error or "")
    assert _cursor(engine) == "4"
    with engine.connect() as connection:
        assert connection.execute(select(sync_state.c.last_error)).scalar() == failed.error
        assert len(connection.execute(select(sync_errors)).all()) == 1
        assert count_events(connection) == 4
    [resumed] = _sync(engine, _adapter())
    assert (resumed.pages, resumed.events_new, resumed.error) == (1, 2, None)
    with engine.connect() as connection:
        assert connection.execute(select(sync_state.c.last_error)).scalar() is None


def test_a_held_lease_keeps_other_workers_out_until_it_expires(engine: Engine) -> None:
    with engine.begin() as connection:
        ensure_stream(connection, "fake-main", "orders", "fake", "acme")
        assert claim(connection, "fake-main", "orders", "worker-1", timedelta(minutes=5))[0]
    [skipped] = _sync(engine, _adapter(), owner="worker-2")
    assert not skipped.claimed and skipped.pages == 0
    with engine.begin() as connection:
        assert claim(connection, "fake-main", "orders", "worker-1", timedelta(seconds=-1))[0]
    [taken_over] = _sync(engine, _adapter(), owner="worker-2")
    assert taken_over.claimed and taken_over.events_new == 6


def test_sync_status_shows_cursor_success_and_last_error(engine: Engine) -> None:
    from hub.api.schema import execute_query

    _sync(engine, _adapter(fail_after=4))
    query = "{ syncStatus { connection adapter stream cursor pages lastError lagSeconds quarantined leaseOwner } }"
    [status] = execute_query(engine, query)["data"]["syncStatus"]
    assert status["connection"] == "fake-main" and status["cursor"] == "4" and status["pages"] == 2
    assert "503" in status["lastError"] and status["leaseOwner"] is None and status["quarantined"] == 0
    _sync(engine, _adapter())
    [healthy] = execute_query(engine, query)["data"]["syncStatus"]
    assert healthy["lastError"] is None and healthy["cursor"] == "6" and healthy["lagSeconds"] <= 5
