"""Ingest benchmark: N generated Shopify orders through `hub ingest`'s path vs a raw Core bulk insert.

    python bench/ingest.py [N] [--database sqlite|postgresql] [--stages]
                                        (N defaults to 10000; both databases by default)

Prints events per second for the hub and for the baseline (the same event rows inserted with one
SQLAlchemy Core executemany in one transaction, into a fresh database of the same kind), and the ratio.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from sqlalchemy import Engine, insert, select

# Run as a script, Python puts bench/ first on the path, where this file would shadow the graphql package.
sys.path[0] = str(Path(__file__).resolve().parents[1])

from adapters.shopify import ADAPTER  # noqa: E402
from adapters.shopify.sample_orders import generate_orders  # noqa: E402
from bench.common import database_kinds, fresh_database  # noqa: E402
from bench.stages import timed_stages  # noqa: E402
from hub.ingest import ingest_documents  # noqa: E402
from hub.schema import events  # noqa: E402

PAGE = 250  # orders per document, as a REST page of orders would bring them


def documents(count: int) -> list[tuple[str, bytes]]:
    orders = generate_orders(count)
    return [(f"page-{start // PAGE}", json.dumps({"orders": orders[start:start + PAGE]}).encode())
            for start in range(0, len(orders), PAGE)]


def hub_ingest(engine: Engine, pages: list[tuple[str, bytes]], stages: bool) -> tuple[int, float]:
    started = time.perf_counter()
    with timed_stages() as spent:
        report = ingest_documents(engine, ADAPTER, "bench", pages)
    elapsed = time.perf_counter() - started
    if stages:
        for stage, seconds in spent.most_common():
            print(f"{'':>12}{stage}: {seconds:.2f} s")
        print(f"{'':>12}the rest: {elapsed - sum(spent.values()):.2f} s")
    return report.events_new, elapsed


def raw_insert(rows: list[dict[str, object]], kind: str) -> float:
    with fresh_database(kind) as engine:
        started = time.perf_counter()
        with engine.begin() as connection:
            connection.execute(insert(events), rows)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("orders", nargs="?", type=int, default=10_000)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), action="append",
                        help="measure this database only (repeatable); PostgreSQL from HUB_BENCH_POSTGRES_URL")
    parser.add_argument("--stages", action="store_true", help="also print the time of each stage of the append path")
    arguments = parser.parse_args()
    count = arguments.orders
    pages = documents(count)
    print(f"{count} Shopify orders in {len(pages)} documents of up to {PAGE}")
    for kind in arguments.database or database_kinds():
        with fresh_database(kind) as engine:
            produced, hub_seconds = hub_ingest(engine, pages, arguments.stages)
            with engine.connect() as connection:
                rows = [dict(row._mapping) for row in connection.execute(select(events).order_by(events.c.seq))]
        for row in rows:
            row.pop("seq")
        raw_seconds = raw_insert(rows, kind)
        print(f"{kind:>10}: hub {produced / hub_seconds:>9,.0f} events/s ({produced} events in {hub_seconds:.2f} s); "
              f"raw insert {len(rows) / raw_seconds:>9,.0f} events/s ({raw_seconds:.2f} s); "
              f"hub/raw time ratio {hub_seconds / raw_seconds:.1f}x")


if __name__ == "__main__":
    main()
