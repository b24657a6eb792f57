"""The adapters the hub knows, by the names the CLI, configuration and webhook routes use."""

from __future__ import annotations

from adapters import (
    amazon,
    canonical,
    easypost,
    ebay,
    quickbooks,
    shipbob,
    shiphero,
    shippo,
    shipstation,
    shopify,
    stripe,
    woocommerce,
    xero,
)
from adapters.toolkit import Adapter

ADAPTERS: dict[str, Adapter] = {
    "amazon": amazon.ADAPTER,
    "canonical": canonical.ADAPTER,
    "easypost": easypost.ADAPTER,
    "ebay": ebay.ADAPTER,
    "shipbob": shipbob.ADAPTER,
    "shiphero": shiphero.ADAPTER,
    "shippo": shippo.ADAPTER,
    "shipstation": shipstation.ADAPTER,
    "shopify": shopify.ADAPTER,
    "stripe": stripe.ADAPTER,
    "woocommerce": woocommerce.ADAPTER,
    "quickbooks": quickbooks.ADAPTER,
    "xero": xero.ADAPTER,
}
