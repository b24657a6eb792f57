"""The adapters the hub knows, by the names the CLI, configuration and webhook routes use."""

from __future__ import annotations

from adapters import canonical, shopify, stripe
from adapters.toolkit import Adapter

ADAPTERS: dict[str, Adapter] = {
    "canonical": canonical.ADAPTER,
    "shopify": shopify.ADAPTER,
    "stripe": stripe.ADAPTER,
}
