"""QuickBooks Online: invoices, receipts, credit memos, payments, deposits, journal entries and items as canonical events."""

from __future__ import annotations

from functools import partial

from adapters.quickbooks.mapping import map_object, split
from adapters.toolkit import Adapter
from canonical_model.money import Money


def quickbooks_adapter(home_currency: str | None = None) -> Adapter:
    """The adapter for one company; its home currency prices the entities that state no CurrencyRef (items)."""
    if home_currency is not None:
        Money.zero(home_currency)  # refuses anything that is not an ISO 4217 code
    return Adapter(
        name="quickbooks",
        split=split,
        map_object=partial(map_object, home_currency=home_currency),

    )


ADAPTER = quickbooks_adapter()

__all__ = ["ADAPTER", "quickbooks_adapter"]
