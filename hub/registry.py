"""The adapters the hub knows, by the names the CLI, configuration and webhook routes use."""

from __future__ import annotations

from adapters import canonical, easypost, shippo, shopify, stripe, woocommerce
from adapters.toolkit import Adapter

ADAPTERS: dict[str, Adapter] = {
    "canonical": canonical.ADAPTER,
    "easypost": easypost.ADAPTER,
    "shippo": shippo.ADAPTER,
    "shopify": shopify.ADAPTER,
    "stripe": stripe.ADAPTER,
    "woocommerce": woocommerce.ADAPTER,
}
