"""Amazon Selling Partner API payloads to canonical events: pure functions, no I/O.

`split` finds the objects in a document; `map_object` turns one object into events. Each kind of
object has its own module: orders and their items, financial events, event groups and transactions,
the settlement flat file, and Multi-Channel Fulfillment shipments and tracking.
"""

from __future__ import annotations

from collections.abc import Callable

from adapters.amazon.common import path_of
from adapters.amazon.event_groups import event_group_events
from adapters.amazon.financial_events import financial_event_events
from adapters.amazon.fulfillment_outbound import fulfillment_order_events
from adapters.amazon.order_items import order_items_events
from adapters.amazon.orders import order_events, personal_data_events
from adapters.amazon.package_tracking import package_tracking_events
from adapters.amazon.settlement_report import row_events, summary_events
from adapters.amazon.split import split
from adapters.amazon.transactions import transaction_events
from adapters.toolkit import MappingContext, PayloadError, SourceObject
from canonical_model.events import Event
from canonical_model.money import MoneyError

__all__ = ["map_object", "split"]

MAPPERS: dict[str, Callable[[SourceObject, MappingContext], list[Event]]] = {
    "order": order_events,
    "order_items": order_items_events,
    "order_personal_data": personal_data_events,
    "financial_event_group": event_group_events,
    "transaction": transaction_events,
    "settlement_summary": summary_events,
    "settlement_row": row_events,
    "fulfillment_order": fulfillment_order_events,
    "package_tracking": package_tracking_events,
}


def map_object(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """The canonical events one Amazon object states; a payload that cannot be mapped is a PayloadError."""
    # Every other object type is a Finances v0 event kind, read (or refused by kind) by financial_event_events.
    mapper = MAPPERS.get(obj.object_type, financial_event_events)
    try:
        return mapper(obj, ctx)
    except MoneyError as error:
        # Amounts in two currencies inside one object; name the object rather than crash the run.
        raise PayloadError(path_of(obj.pointer) or obj.pointer or obj.object_type, str(error)) from error
