"""A `hub sync` killed with SIGKILL at random points and restarted ends with exactly the events of an
uninterrupted sync: each page commits with its cursor, so a crash loses nothing and repeats nothing.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from adapters.shopify import ADAPTER as SHOPIFY
from adapters.toolkit.streams import ConnectionSettings
from hub.audit import verify_chain
from hub.db import database_engine, upgrade
from hub.schema import events, sync_state
from hub.sync_command import partner_client
from hub.sync_runner import sync_once
from tests.integration.conftest import threaded_simulators

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "shpat_crash"
SIMULATOR = {"orders": 60, "seed": 17, "token": TOKEN}
CONFIG = """
[connections.shopify-main]
adapter = "shopify"
account = "acme.myshopify.com"
base_url = "{url}"
token_env = "CRASH_TEST_SHOPIFY_TOKEN"
page_size = 4
# A killed worker's lease lapses quickly, so each restart takes its streams over at once.
lease_seconds = 1
"""


@pytest.fixture
def simulator_url() -> Iterator[str]:
    with threaded_simulators({"shop": SHOPIFY.simulator(**SIMULATOR)}) as urls:
        yield urls["shop"]


def _ids(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.execute(select(events.c.id)).scalars())


def _pages_committed(engine: Engine) -> int:
    """How far the syncs got: pages committed over all streams (each with its cursor)."""
    with engine.connect() as connection:
        return int(connection.execute(select(func.coalesce(func.sum(sync_state.c.pages), 0))).scalar_one())


def _uninterrupted(tmp_path: Path, url: str) -> set[str]:
    engine = database_engine(f"sqlite:///{tmp_path / 'whole.db'}")
    upgrade(engine)
    settings = ConnectionSettings("shopify-main", "shopify", "acme.myshopify.com", url, {"token": TOKEN},
                                  {"page_size": 4})
    asyncio.run(sync_once(engine, [settings], {"shopify": SHOPIFY}, partner_client, "whole"))
    ids = set(_ids(engine))
    engine.dispose()
    return ids


def _sync_process(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "hub.cli", "sync", "--once"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_sigkill_at_random_points_then_restart_converges(engine: Engine, database_url: str, tmp_path: Path,
                                                         simulator_url: str) -> None:
    config = tmp_path / "hub.toml"
    config.write_text(CONFIG.format(url=simulator_url))
    env = {**os.environ, "HUB_DATABASE_URL": database_url, "HUB_CONFIG": str(config),
           "CRASH_TEST_SHOPIFY_TOKEN": TOKEN}
    rng, seen_at_kill = random.Random(23), []
    for _ in range(6):
        process = _sync_process(env)
        time.sleep(rng.uniform(1.5, 3.5))
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        seen_at_kill.append(_pages_committed(engine))
        time.sleep(1.1)
    assert _sync_process(env).wait(120) == 0
    expected = _uninterrupted(tmp_path, simulator_url)
    stored = _ids(engine)
    # Killed at six different points: each run got further before its SIGKILL.
    assert len(set(seen_at_kill)) >= 5 and seen_at_kill == sorted(seen_at_kill), seen_at_kill
    assert len(stored) == len(set(stored)) and set(stored) == expected
    with engine.connect() as connection:
        assert verify_chain(connection).intact
