"""GraphQL benchmark over HTTP: one order with all three perspectives, and a page of 50 orders.

    python bench/graphql.py [--orders N] [--requests R]

Serves the API with uvicorn on a loopback port over a database holding N demo orders, sends R
sequential requests of each kind, and prints requests per second with p50/p99 latency. The
baseline, measured in the same run, is `/healthz` over the same HTTP stack (one `SELECT 1`).
"""

from __future__ import annotations

import argparse
import random
import socket
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import uvicorn

# Run as a script, Python puts bench/ first on the path, where this file would shadow the graphql package.
sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench.common import database_kinds, fresh_database, load_shopify_orders, percentile  # noqa: E402
from hub.app import create_app  # noqa: E402
from hub.auth.keys import create_key  # noqa: E402

PERSPECTIVES = """
  id channel externalId
  commerce { placedAt status currency subtotal { amount currency } discountTotal { amount } taxTotal { amount }
             shippingTotal { amount } total { amount } lines { sku title quantity unitPrice { amount }
             discounts { code reason amount { amount } } } }
  fulfillment { status shipments { id location carrier trackingNumber status lines { sku quantity }
                shippedAt deliveredAt } returns { id status disposition lines { sku quantity } } }
  finance { currency grossRevenue { amount } discountTotal { amount } taxTotal { amount } refundTotal { amount }
            feeTotal { amount } netExpected { amount } settledNet { amount } fees { type amount { amount } source }
            journalEntries { id period lines { account debit { amount } credit { amount } } } }
  completion { delivered inventorySettled moneySettled complete missing }
"""
ONE_ORDER = "query($id: ID!) { order(id: $id) { " + PERSPECTIVES + " } }"
PAGE_OF_50 = "{ orders(first: 50) { totalCount edges { node { " + PERSPECTIVES + " } } } }"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(app: object, port: int) -> uvicorn.Server:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server


def measure(count: int, send: Callable[[], httpx.Response]) -> tuple[float, float, float]:
    """Requests per second, p50 and p99 in milliseconds over `count` sequential requests."""
    samples = []
    started = time.perf_counter()
    for _ in range(count):
        begin = time.perf_counter()
        response = send()
        samples.append((time.perf_counter() - begin) * 1000)
        if response.status_code != 200 or b'"errors"' in response.content:
            raise SystemExit(f"request failed: {response.status_code} {response.text[:300]}")
    elapsed = time.perf_counter() - started
    return count / elapsed, percentile(samples, 0.5), percentile(samples, 0.99)


def run(kind: str, orders: int, requests: int) -> None:
    with fresh_database(kind) as engine:
        load_shopify_orders(engine, orders)
        port = free_port()
        server = serve(create_app(engine), port)
        url = f"http://127.0.0.1:{port}"
        try:
            key = create_key(engine, "admin", "bench").secret  # the API needs a key (README: Access control)
            with httpx.Client(base_url=url, timeout=30, headers={"X-API-Key": key}) as client:
                ids = [edge["node"]["id"] for edge in client.post("/graphql", json={
                    "query": "{ orders(first: 200) { edges { node { id } } } }"}).json()["data"]["orders"]["edges"]]
                rng = random.Random(3)
                results = {
                    "healthz (baseline)": measure(requests, lambda: client.get("/healthz")),
                    "one order, 3 perspectives": measure(requests, lambda: client.post(
                        "/graphql", json={"query": ONE_ORDER, "variables": {"id": rng.choice(ids)}})),
                    "page of 50 orders": measure(max(requests // 5, 20), lambda: client.post(
                        "/graphql", json={"query": PAGE_OF_50})),
                }
        finally:
            server.should_exit = True
    baseline = results["healthz (baseline)"][0]
    for name, (rps, p50, p99) in results.items():
        print(f"{kind:>10} {name:<27} {rps:>8,.0f} req/s  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  "
              f"({baseline / rps:.1f}x the baseline's time)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()
    for kind in database_kinds():
        run(kind, args.orders, args.requests)


if __name__ == "__main__":
    main()
