"""Every vendor payload in ../shared/fixtures goes through `hub ingest <adapter>`: nothing a supported
adapter can read is quarantined, and whatever is quarantined says why (an unsupported object, or a
payload that does not state something the hub refuses to guess).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from hub.ingest import ingest_documents
from hub.registry import ADAPTERS

VENDOR_ADAPTERS = {
    "shopify": ["shopify"], "woocommerce": ["woocommerce"], "amazon-sp-api": ["amazon"], "stripe": ["stripe"],
    "easypost": ["easypost"], "shippo": ["shippo"], "quickbooks": ["quickbooks"], "xero": ["xero"],
}
# The currency a connection to the vendor's example store would be configured with (WooCommerce
# refunds state none).
CONNECTION_CURRENCY = {"woocommerce": "USD", "quickbooks": "USD", "xero": "NZD"}
# Files refused although their object is supported, each with why refusing is right.
KNOWN_REFUSALS = {
    "shopify/rest-transaction.json": "an old API version's transaction states no currency; the hub does not guess one",
    "shopify/rest-transactions.json": "the same transaction, as a list",
    "xero/accounting-banktransactions-create-response.json": "Xero's answer carries ValidationErrors: it recorded "
                                                              "nothing",
    "xero/accounting-invoices-create-response.json": "Xero's answer carries ValidationErrors: it recorded nothing",
    "xero/accounting-manualjournals-create-response.json": "Xero's answer carries ValidationErrors: it recorded "
                                                           "nothing",
    "xero/accounting-payments-create-response.json": "Xero's answer carries ValidationErrors: it recorded nothing",
    "xero/accounting-invoice-get.json": "the invoice carries StatusAttributeString ERROR: Xero recorded nothing",
    "stripe/djstripe-payout_custom_bank_account.json": "dj-stripe's stored copy gives the amount as '10.00', a unit "
                                                      "Stripe's API never uses (integers of minor units)",
}


@pytest.mark.parametrize("vendor", sorted(VENDOR_ADAPTERS))
def test_every_vendor_payload_ingests_or_says_why(engine: Engine, shared_fixtures: Path, vendor: str) -> None:
    [adapter_name] = VENDOR_ADAPTERS[vendor]
    if adapter_name not in ADAPTERS:
        pytest.skip(f"the {adapter_name} adapter is not registered yet")
    files = sorted(path for path in (shared_fixtures / vendor).iterdir() if path.is_file())
    report = ingest_documents(engine, ADAPTERS[adapter_name], "conformance",
                              [(path.name, path.read_bytes()) for path in files], CONNECTION_CURRENCY.get(vendor))
    unexplained = [f"{r.origin} {r.field}: {r.reason}" for r in report.rejections
                   if "unsupported" not in r.reason and f"{vendor}/{r.origin}" not in KNOWN_REFUSALS]
    assert unexplained == []
    assert report.events_new > 0
