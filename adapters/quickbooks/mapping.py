"""QuickBooks Online entities to canonical events: pure functions, no I/O.

`split` finds the entities in a document; `map_object` turns one entity into events. Accounting is
never the sales channel: events carry the order references the entity holds (DocNumber, order
numbers in memos, linked transactions) and leave the order for the hub to match. An entity the
change-data-capture feed reports as deleted becomes RecordDeleted.
"""

from __future__ import annotations

from collections.abc import Callable

from adapters.quickbooks.banking import deposit_events, payment_events
from adapters.quickbooks.common import SYSTEM, path_of, updated_at
from adapters.quickbooks.items import item_events
from adapters.quickbooks.journals import journal_entry_events
from adapters.quickbooks.sales import sales_document_events
from adapters.quickbooks.split import SUPPORTED, split
from adapters.toolkit import MappingContext, PayloadError, Reader, SourceObject
from canonical_model.accounting_events import RecordDeleted
from canonical_model.events import Event
from canonical_model.identity import SourceRef
from canonical_model.money import MoneyError

__all__ = ["map_object", "split"]

Mapper = Callable[[SourceObject, MappingContext, str | None], list[Event]]

MAPPERS: dict[str, Mapper] = {
    "Invoice": sales_document_events,
    "SalesReceipt": sales_document_events,
    "RefundReceipt": sales_document_events,
    "CreditMemo": sales_document_events,
    "Payment": payment_events,
    "Deposit": deposit_events,
    "JournalEntry": journal_entry_events,
    "Item": item_events,
}


def map_object(obj: SourceObject, ctx: MappingContext, home_currency: str | None = None) -> list[Event]:
    """The canonical events one QuickBooks entity states; an entity that cannot be mapped is a PayloadError."""
    mapper = MAPPERS.get(obj.object_type)
    if mapper is None:
        raise PayloadError(obj.object_type, f"unsupported QuickBooks object {obj.object_type!r}; supported: {SUPPORTED}")
    try:
        if obj.data.get("status") == "Deleted":
            return deleted_events(obj, ctx)
        # The company's home currency: given to the factory, else the connection's configured currency.
        return mapper(obj, ctx, home_currency or ctx.currency)
    except MoneyError as error:
        # Amounts in two currencies inside one entity; name the entity rather than crash the run.
        raise PayloadError(path_of(obj.pointer) or obj.object_type, str(error)) from error


def deleted_events(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """RecordDeleted for an entity the change feed reports deleted, at the time QuickBooks deleted it."""
    r = Reader(obj.data, path_of(obj.pointer))
    entity_id = str(r.required("Id"))
    source = SourceRef(SYSTEM, ctx.account, obj.object_type, entity_id, "deleted")
    return [Event(
        body=RecordDeleted(object_type=obj.object_type, object_id=entity_id),
        source=source,
        occurred_at=updated_at(r),
        context={"status": "Deleted"},
        payload_hash=ctx.payload_hash,
        payload_pointer=obj.pointer,
    )]
