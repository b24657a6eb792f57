"""Xero Accounting API objects to canonical events: pure functions, no I/O.

`split` finds the objects in a response; `map_object` turns one object into events. Accounting is
never the sales channel: events carry the references the object holds (invoice numbers, Reference,
order numbers written in them) and leave the order for the hub to match. Objects Xero reports
DELETED or VOIDED also become RecordDeleted; elements Xero answered with validation errors are
refused, because Xero recorded nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from adapters.toolkit import MappingContext, PayloadError, SourceObject
from adapters.xero.banking import bank_transaction_events, batch_payment_events
from adapters.xero.common import path_of
from adapters.xero.invoices import credit_note_events, invoice_events
from adapters.xero.items import item_events
from adapters.xero.journals import journal_events, manual_journal_events
from adapters.xero.notifications import notification_events
from adapters.xero.payments import overpayment_events, payment_events, prepayment_events
from adapters.xero.split import SUPPORTED, split
from canonical_model.events import Event
from canonical_model.money import MoneyError

__all__ = ["map_object", "split"]

Mapper = Callable[[SourceObject, MappingContext, str | None], list[Event]]

MAPPERS: dict[str, Mapper] = {
    "Invoice": invoice_events,
    "CreditNote": credit_note_events,
    "Payment": payment_events,
    "BankTransaction": bank_transaction_events,
    "ManualJournal": manual_journal_events,
    "Journal": journal_events,
    "Item": item_events,
    "BatchPayment": batch_payment_events,
    "Overpayment": overpayment_events,
    "Prepayment": prepayment_events,
    "WebhookNotification": notification_events,
}


def map_object(obj: SourceObject, ctx: MappingContext, base_currency: str | None = None) -> list[Event]:
    """The canonical events one Xero object states; an object that cannot be mapped is a PayloadError."""
    mapper = MAPPERS.get(obj.object_type)
    if mapper is None:
        raise PayloadError(obj.object_type, f"unsupported Xero object {obj.object_type!r}; supported: {SUPPORTED}")
    try:
        # The organisation's base currency: given to the factory, else the connection's configured currency.
        return mapper(obj, ctx, base_currency or ctx.currency)
    except MoneyError as error:
        # Amounts in two currencies inside one object; name the object rather than crash the run.
        raise PayloadError(path_of(obj.pointer) or obj.object_type, str(error)) from error
