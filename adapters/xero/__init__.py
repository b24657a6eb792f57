"""Xero: invoices, bills, credit notes, payments, bank transactions, journals and items as canonical events."""

from __future__ import annotations

from functools import partial

from adapters.toolkit import Adapter
from adapters.xero.client import STREAMS, XERO, auth_headers
from adapters.xero.mapping import map_object, split
from adapters.xero.simulator import ACCESS_TOKEN, TENANT_ID, create_app
from adapters.xero.webhooks import XERO_WEBHOOKS
from canonical_model.money import Money


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
        simulator_credentials={"access_token": ACCESS_TOKEN, "tenant_id": TENANT_ID},
        simulator_options={"currency": "USD"},
    )


ADAPTER = xero_adapter()

__all__ = ["ADAPTER", "xero_adapter"]
