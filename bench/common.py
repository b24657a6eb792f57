"""Helpers the benchmarks share: fresh databases on SQLite and PostgreSQL, timing, percentiles."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from hub.db import database_engine, upgrade

POSTGRES_URL = os.environ.get("HUB_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def postgres_reachable() -> bool:
    try:
        probe = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with probe.connect() as connection:
            connection.execute(text("select 1"))
        probe.dispose()
        return True
    except Exception:  # noqa: BLE001 - unreachable for any reason means "skip PostgreSQL"
        return False


@contextmanager
def fresh_database(kind: str) -> Iterator[Engine]:
    """An empty, migrated database: a temporary SQLite file or a throwaway PostgreSQL schema."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            engine = database_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
            upgrade(engine)
            yield engine
            engine.dispose()
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'create schema "{schema}"'))
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    engine = database_engine(url.render_as_string(hide_password=False))
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'drop schema "{schema}" cascade'))
        admin.dispose()


def database_kinds() -> list[str]:
    kinds = ["sqlite"]
    if postgres_reachable():
        kinds.append("postgresql")
    else:
        print(f"PostgreSQL not reachable at {POSTGRES_URL}: measuring SQLite only")
    return kinds


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def load_shopify_orders(engine: Engine, count: int, page: int = 250) -> int:
    """Ingest `count` generated Shopify orders in REST-sized pages; returns the events stored."""
    import json

    from adapters.shopify import ADAPTER
    from adapters.shopify.sample_orders import generate_orders
    from hub.ingest import ingest_documents

    orders = generate_orders(count)
    pages = [(f"bench:orders.json?page={start // page + 1}", json.dumps({"orders": orders[start:start + page]}).encode())
             for start in range(0, count, page)]
    return ingest_documents(engine, ADAPTER, "bench", pages).events_new
