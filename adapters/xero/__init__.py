"""Xero: invoices, bills, credit notes, payments, bank transactions, journals and items as canonical events."""

from __future__ import annotations

from functools import partial

from adapters.toolkit import Adapter
from adapters.xero.client import STREAMS, XERO, XERO_OAUTH, auth_headers
from adapters.xero.journal_push import push_journal
from adapters.xero.mapping import map_object, split
from adapters.xero.simulator import ACCESS_TOKEN, CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, TENANT_ID, create_app
from adapters.xero.simulator_tokens import TOKEN_PATH
from adapters.xero.webhooks import XERO_WEBHOOKS
from canonical_model.money import Money

# The hub's chart (canonical_model.journal.ChartOfAccounts defaults) on the simulated organisation's account codes
# (adapters.xero.books.CHART); a parent covers its children (`Expenses:Fees` takes every fee type).
SIMULATED_CHART = {
    "Assets:Bank": "090", "Assets:Clearing": "093", "Assets:Receivable": "120", "Assets:Inventory": "630",
    "Income:Sales": "200", "Income:Discounts": "205", "Income:Refunds": "210", "Income:Shipping": "260",
    "Income:InventoryCountGains": "270", "Expenses:COGS": "310", "Expenses:Inventory:Shrinkage": "311",
    "Expenses:Inventory:Damage": "312", "Expenses:Fees": "404", "Expenses:Marketplace": "405",
    "Expenses:Fulfillment": "406", "Expenses:Chargebacks": "407", "Liabilities:GoodsReceivedNotInvoiced": "810",
    "Liabilities:FreightPayable": "811", "Liabilities:Payable": "812", "Liabilities:SalesTax": "820",
    "Liabilities:DeferredRevenue": "835", "Equity:Suspense": "970",
}


def xero_adapter(base_currency: str | None = None) -> Adapter:
    """The adapter for one organisation; its base currency prices what Xero states no currency on (journals, items)."""
    if base_currency is not None:
        Money.zero(base_currency)  # refuses anything that is not an ISO 4217 code
    return Adapter(
        name="xero",
        split=split,
        map_object=partial(map_object, base_currency=base_currency),
        streams=STREAMS,
        rate_limit=XERO,
        auth_headers=auth_headers,
        webhook=XERO_WEBHOOKS,
        simulator=create_app,
        oauth=XERO_OAUTH,
        push_journal=push_journal,
        simulator_credentials={"access_token": ACCESS_TOKEN, "tenant_id": TENANT_ID, "client_id": CLIENT_ID,
                               "client_secret": CLIENT_SECRET, "refresh_token": REFRESH_TOKEN},
        simulator_options={"currency": "USD", "token_url": TOKEN_PATH, "accounts": SIMULATED_CHART},
    )


ADAPTER = xero_adapter()

__all__ = ["ADAPTER", "SIMULATED_CHART", "xero_adapter"]
