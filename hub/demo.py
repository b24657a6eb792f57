"""`hub demo`: start the local partner simulators, sync every demo connection, serve the API.

The demo brand sells on its storefronts and marketplaces; each partner it uses runs as a local
simulator on a loopback port, speaking that partner's API shapes, pagination, rate limits and
signatures. The hub syncs them exactly as it would the real partners.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from adapters.toolkit.simulation import start_simulator
from adapters.toolkit.streams import ConnectionSettings
from hub.registry import ADAPTERS


@dataclass(frozen=True)
class DemoPartner:
    """One partner of the demo brand: its simulator's options and the connection the hub uses for it."""

    adapter: str
    connection: str
    account: str
    simulator: dict[str, Any]
    credentials: dict[str, str]
    options: dict[str, Any] = field(default_factory=dict)


# Every channel's orders spread over the same 45 days from 2026-09-01 (Amazon's simulator spans them).
SPREAD_MINUTES = 45 * 24 * 60
DEMO_PARTNERS = (
    DemoPartner("shopify", "shopify-demo", "demo-brand.myshopify.com", {"orders": 200, "seed": 7, "token": "shpat_demo",
                                                                 "spacing_minutes": SPREAD_MINUTES // 200},
                {"token": "shpat_demo", "webhook_secret": "demo-shopify-webhook-secret"}),
    DemoPartner("woocommerce", "woocommerce-demo", "shop.demo-brand.example",
                {"orders": 120, "seed": 7, "consumer_key": "ck_demo", "consumer_secret": "cs_demo",
                 "spacing_minutes": SPREAD_MINUTES // 120},
                {"consumer_key": "ck_demo", "consumer_secret": "cs_demo",
                 "webhook_secret": "demo-woocommerce-webhook-secret"},
                {"currency": "USD"}),
    # Amazon publishes slow per-operation limits (getOrders: one call a minute after a burst of 20);
    # the demo scales both the simulator's and the client's limits so it syncs in seconds.
    DemoPartner("amazon", "amazon-demo", "A1DEMOSELLER", {"orders": 150, "seed": 7, "token": "Atza|demo",
                                                            "rate_scale": 100},
                {"token": "Atza|demo"}, {"rate_scale": 100, "finance_page_size": 50, "currency": "USD"}),
)


def demo_partners() -> list[DemoPartner]:
    """The demo partners whose adapters come with a simulator."""
    return [partner for partner in DEMO_PARTNERS if ADAPTERS[partner.adapter].simulator is not None]


class Simulators:
    """The partner simulators, served from their own event loop on a background thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="partner-simulators", daemon=True)
        self.runners: list[web.AppRunner] = []

    def start(self, partners: list[DemoPartner]) -> dict[str, str]:
        """Start one simulator per partner; returns each connection's base URL."""
        self.thread.start()
        urls = {}
        for partner in partners:
            app = ADAPTERS[partner.adapter].simulator(**partner.simulator)
            runner, url = asyncio.run_coroutine_threadsafe(start_simulator(app), self.loop).result(timeout=30)
            self.runners.append(runner)
            urls[partner.connection] = url
        return urls

    def stop(self) -> None:
        for runner in self.runners:
            asyncio.run_coroutine_threadsafe(runner.cleanup(), self.loop).result(timeout=30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


@contextmanager
def running_simulators(partners: list[DemoPartner]) -> Iterator[dict[str, str]]:
    simulators = Simulators()
    try:
        yield simulators.start(partners)
    finally:
        simulators.stop()


def demo_connections(partners: list[DemoPartner], urls: dict[str, str]) -> list[ConnectionSettings]:
    return [ConnectionSettings(name=p.connection, adapter=p.adapter, account=p.account, base_url=urls[p.connection],
                               credentials=p.credentials, options=p.options) for p in partners]
