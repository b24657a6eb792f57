"""Two `hub sync` processes against one PostgreSQL share the streams through row leases: together they
end with exactly the events one worker would have, and each stream was worked by one of them at a time.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from adapters.shopify import ADAPTER as SHOPIFY
from adapters.toolkit.streams import ConnectionSettings
from hub.db import database_engine, upgrade
from hub.schema import events, sync_errors
from hub.sync_command import partner_client
from hub.sync_runner import sync_once
from tests.integration.conftest import threaded_simulators

ROOT = Path(__file__).resolve().parents[2]
SHOPS = {"shop-east": ("east.myshopify.com", 21), "shop-west": ("west.myshopify.com", 22)}
CONNECTION = """
[connections.{name}]
adapter = "shopify"
account = "{account}"
base_url = "{url}"
token_env = "SCALE_OUT_TOKEN"
page_size = 5
"""


@pytest.fixture
def shop_urls() -> Iterator[dict[str, str]]:
    apps = {name: SHOPIFY.simulator(orders=40, seed=seed, token="tok") for name, (_, seed) in SHOPS.items()}
    with threaded_simulators(apps) as urls:
        yield urls


def _one_worker(tmp_path: Path, urls: dict[str, str]) -> set[str]:
    engine = database_engine(f"sqlite:///{tmp_path / 'alone.db'}")
    upgrade(engine)
    connections = [ConnectionSettings(name, "shopify", SHOPS[name][0], url, {"token": "tok"}, {"page_size": 5})
                   for name, url in urls.items()]
    asyncio.run(sync_once(engine, connections, {"shopify": SHOPIFY}, partner_client, "alone"))
    with engine.connect() as connection:
        ids = set(connection.execute(select(events.c.id)).scalars())
    engine.dispose()
    return ids


def test_two_workers_share_the_streams(engine: Engine, database_url: str, tmp_path: Path,
                                       shop_urls: dict[str, str]) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("several sync workers share one PostgreSQL; SQLite is the single-process store")
    config = tmp_path / "hub.toml"
    config.write_text("".join(CONNECTION.format(name=name, account=SHOPS[name][0], url=url)
                              for name, url in shop_urls.items()))
    env = {**os.environ, "HUB_DATABASE_URL": database_url, "HUB_CONFIG": str(config), "SCALE_OUT_TOKEN": "tok"}
    workers = [subprocess.Popen([sys.executable, "-m", "hub.cli", "sync", "--once"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
    reports = [worker.communicate(timeout=120)[1].decode() for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], reports
    summaries = [line for report in reports for line in report.splitlines() if not line.startswith("{")]
    assert len(summaries) == 12  # 2 workers x 2 shops x 3 streams
    # While one worker held a stream's lease the other passed it by instead of syncing it too.
    assert any("another worker holds its lease" in line for line in summaries), summaries
    with engine.connect() as connection:
        stored = list(connection.execute(select(events.c.id)).scalars())
        assert connection.execute(select(sync_errors)).all() == []
    assert len(stored) == len(set(stored)) and set(stored) == _one_worker(tmp_path, shop_urls)
