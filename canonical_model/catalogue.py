"""The catalogue: every event body by its stable type name, the schema version and the upcasters."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from canonical_model.accounting_events import (
    AccountingPaymentRecorded,
    BankDepositRecorded,
    ChargebackRecorded,
    InvoiceRecorded,
    JournalPosted,
    RecordDeleted,
)
from canonical_model.events import (
    Event,
    FeeCharged,
    OrderCancelled,
    OrderPlaced,
    OrderUpdated,
    PaymentAuthorized,
    PaymentCaptured,
    PayoutRecorded,
    RefundIssued,
    ReturnReceived,
    SettlementLineRecorded,
    ShipmentCreated,
    ShipmentDelivered,
    ShipmentShipped,
    ShipmentStatusChanged,
)
from canonical_model.inventory_events import (
    InventoryAdjusted,
    InventoryAllocated,
    InventoryLevelReported,
    InventoryReceived,
    ItemRecorded,
    ReturnInspected,
    TransferReceived,
    TransferShipped,
)

# The order of this tuple is also the tie-break when two facts share a source time: a placement
# comes before what happens to the order, a receipt before the allocation that uses it.
_ORDERED_BODIES: tuple[type, ...] = (
    ItemRecorded, InventoryReceived, TransferShipped, TransferReceived, InventoryAdjusted, InventoryLevelReported,
    OrderPlaced, OrderUpdated, OrderCancelled, PaymentAuthorized, PaymentCaptured, InventoryAllocated,
    ShipmentCreated, ShipmentShipped, ShipmentStatusChanged, ShipmentDelivered, ReturnReceived, ReturnInspected,
    RefundIssued, FeeCharged, ChargebackRecorded, InvoiceRecorded, AccountingPaymentRecorded, SettlementLineRecorded,
    PayoutRecorded, BankDepositRecorded, JournalPosted, RecordDeleted,
)
BODY_TYPES: dict[str, type] = {body.TYPE: body for body in _ORDERED_BODIES}
SCHEMA_VERSION = 1

# Upcasters turn a stored body of an older schema version into the next one: (type, version) -> fn.
UPCASTERS: dict[tuple[str, int], Any] = {}

_TYPE_RANK = {name: rank for rank, name in enumerate(BODY_TYPES)}


def fold_order(event: Event) -> tuple[datetime, int, str, str]:
    """Sort key that makes every fold independent of arrival order: source time, then type, version, id."""
    return (event.occurred_at, _TYPE_RANK.get(event.type, len(_TYPE_RANK)), event.source.version, event.id)
