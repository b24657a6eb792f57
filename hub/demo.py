"""`hub demo`: start the local partner simulators, sync every demo connection, serve the API.

The demo brand sells on its storefronts (Shopify, WooCommerce) and marketplaces (Amazon, eBay); each
partner it uses runs as a local simulator on a loopback port, speaking that partner's API shapes,
pagination, rate limits and signatures, and the hub syncs them exactly as it would the real ones.

The partners downstream of the channels are fed the channels' own orders (`adapters.toolkit.sales_feed`),
so the brand's systems tell one story: ShipBob ships Amazon's merchant-fulfilled orders and the brand
tracks those parcels with EasyPost; ShipHero ships eBay's orders on EasyPost labels; ShipStation ships
WooCommerce's orders, whose cards Stripe settles; Shippo bought Shopify's labels; QuickBooks books the
Amazon and Shopify sales and Xero the WooCommerce and eBay ones. Each simulator plants at most a gap or
two (its `GET /_simulator/discrepancies`), which the hub's reconciliation must find, and nothing else.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from adapters.amazon.sales import sales_of as amazon_sales
from adapters.amazon.simulator_listings import ACCOUNT as AMAZON_ACCOUNT
from adapters.ebay.sales import sales_of as ebay_sales
from adapters.ebay.simulator_listings import SELLER as EBAY_SELLER
from adapters.shopify.sales import sales_of as shopify_sales
from adapters.shopify.simulator import SHOP as SHOPIFY_SHOP
from adapters.toolkit.sales_feed import Sale
from adapters.toolkit.simulation import start_simulator
from adapters.toolkit.streams import ConnectionSettings
from adapters.woocommerce.sales import sales_of as woocommerce_sales
from adapters.woocommerce.simulator import STORE as WOOCOMMERCE_STORE
from hub.registry import ADAPTERS

# What each channel's simulator holds, as the partners downstream of it know it.
CHANNEL_SALES: dict[str, Callable[[web.Application], list[Sale]]] = {
    "shopify": lambda app: shopify_sales(list(app[SHOPIFY_SHOP].orders.values())),
    "woocommerce": lambda app: woocommerce_sales(app[WOOCOMMERCE_STORE]),
    "amazon": lambda app: amazon_sales(app[AMAZON_ACCOUNT].brand),
    "ebay": lambda app: ebay_sales(app[EBAY_SELLER]),
}


@dataclass(frozen=True)
class Feed:
    """The sales of one channel connection a downstream partner is given (`only`: those tagged so, e.g. MFN)."""

    connection: str
    only: str | None = None


@dataclass(frozen=True)
class DemoPartner:
    """One partner of the demo brand: its simulator's options and the connection the hub uses for it."""

    adapter: str
    connection: str
    account: str
    simulator: dict[str, Any]
    credentials: dict[str, str]
    options: dict[str, Any] = field(default_factory=dict)
    fed_by: tuple[Feed, ...] = ()


def _downstream(adapter: str, *feeds: Feed, account: str = "demo-brand") -> DemoPartner:
    """A partner fed by channels' sales, connected with the credentials and options its simulator expects."""
    registered = ADAPTERS[adapter]
    return DemoPartner(adapter, f"{adapter}-demo", account, {"seed": 7}, dict(registered.simulator_credentials),
                       dict(registered.simulator_options), feeds)


# Every channel's orders spread over the same 45 days from 2026-09-01 (Amazon's simulator spans them).
SPREAD_MINUTES = 45 * 24 * 60
AMAZON_MFN = Feed("amazon-demo", only="MFN")
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
    # the demo scales both the simulator's and the client's limits so it syncs in seconds. Amazon
    # collects and remits the sales tax as marketplace facilitator, as it does in every US state.
    DemoPartner("amazon", "amazon-demo", "A1DEMOSELLER", {"orders": 150, "seed": 7, "token": "Atza|demo",
                                                            "rate_scale": 100, "facilitator_tax": True},
                {"token": "Atza|demo"}, {"rate_scale": 100, "finance_page_size": 50, "currency": "USD"}),
    DemoPartner("ebay", "ebay-demo", "demo-brand-ebay", {"orders": 60, "seed": 7, "collect_and_remit": True,
                                                          "spacing_minutes": SPREAD_MINUTES // 60},
                dict(ADAPTERS["ebay"].simulator_credentials), dict(ADAPTERS["ebay"].simulator_options)),
    _downstream("stripe", Feed("woocommerce-demo")),
    _downstream("shipstation", Feed("woocommerce-demo")),
    _downstream("shipbob", AMAZON_MFN),
    _downstream("shiphero", Feed("ebay-demo")),
    _downstream("easypost", AMAZON_MFN, Feed("ebay-demo")),
    _downstream("shippo", Feed("shopify-demo")),
    _downstream("quickbooks", Feed("amazon-demo"), Feed("shopify-demo")),
    _downstream("xero", Feed("woocommerce-demo"), Feed("ebay-demo")),
)


def demo_partners() -> list[DemoPartner]:
    """The demo partners whose adapters come with a simulator."""
    return [partner for partner in DEMO_PARTNERS if ADAPTERS[partner.adapter].simulator is not None]


def fed_sales(partner: DemoPartner, apps: dict[str, web.Application], partners: dict[str, DemoPartner]) -> list[Sale]:
    """The sales a downstream partner is given: its channels' orders as their simulators hold them."""
    sales = []
    for feed in partner.fed_by:
        channel = partners[feed.connection].adapter
        sales += [sale for sale in CHANNEL_SALES[channel](apps[feed.connection]) if feed.only in (None, *sale.tags)]
    return sales


class Simulators:
    """The partner simulators, served from their own event loop on a background thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="partner-simulators", daemon=True)
        self.runners: list[web.AppRunner] = []
        self.apps: dict[str, web.Application] = {}

    def start(self, partners: list[DemoPartner]) -> dict[str, str]:
        """Start one simulator per partner, channels first (the others are fed their sales); returns each
        connection's base URL."""
        self.thread.start()
        by_name = {partner.connection: partner for partner in partners}
        urls = {}
        for partner in sorted(partners, key=lambda p: bool(p.fed_by)):
            options = dict(partner.simulator)
            if partner.fed_by:
                options["sales"] = fed_sales(partner, self.apps, by_name)
            app = ADAPTERS[partner.adapter].simulator(**options)
            runner, url = asyncio.run_coroutine_threadsafe(start_simulator(app), self.loop).result(timeout=30)
            self.runners.append(runner)
            self.apps[partner.connection], urls[partner.connection] = app, url
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


DEMO_CONFIG = Path(__file__).resolve().parents[1] / "config" / "demo.toml"


@contextmanager
def demo_configuration() -> Iterator[None]:
    """The demo brand's configuration (config/demo.toml: which locations serve which channel...) as HUB_CONFIG,
    unless HUB_CONFIG names a file already."""
    if os.environ.get("HUB_CONFIG") or not DEMO_CONFIG.exists():
        yield
        return
    os.environ["HUB_CONFIG"] = str(DEMO_CONFIG)
    try:
        yield
    finally:
        os.environ.pop("HUB_CONFIG", None)
