"""QuickBooks Online: invoices, receipts, credit memos, payments, deposits, journal entries and items as canonical events."""

from __future__ import annotations

from functools import partial

from adapters.quickbooks.books import HUB_ACCOUNTS, REALM_ID
from adapters.quickbooks.client import OAUTH, QUICKBOOKS_ONLINE, STREAMS, journal_accounts, push_journal
from adapters.quickbooks.mapping import map_object, split
from adapters.quickbooks.simulator import create_app
from adapters.toolkit import Adapter
from canonical_model.money import Money

SIMULATOR_CREDENTIALS = {"client_id": "qbo-sim-client", "client_secret": "qbo-sim-secret",
                         "refresh_token": "qbo-sim-refresh-0", "access_token": "qbo-sim-access-0"}


def quickbooks_adapter(home_currency: str | None = None) -> Adapter:
    """The adapter for one company; its home currency prices the entities that state no CurrencyRef (items)."""
    if home_currency is not None:
        Money.zero(home_currency)  # refuses anything that is not an ISO 4217 code
    return Adapter(
        name="quickbooks",
        split=split,
        map_object=partial(map_object, home_currency=home_currency),
        streams=STREAMS,
        rate_limit=QUICKBOOKS_ONLINE,
        simulator=create_app,
        simulator_credentials=SIMULATOR_CREDENTIALS,
        simulator_options={"currency": "USD", "realm_id": REALM_ID, "oauth_endpoint": "/oauth2/v1/tokens/bearer",
                           "accounts": HUB_ACCOUNTS},
        oauth=OAUTH,
        push_journal=push_journal,
        journal_accounts=journal_accounts,
    )


ADAPTER = quickbooks_adapter()

__all__ = ["ADAPTER", "quickbooks_adapter"]
