"""Stock facts: receipts with cost, allocations, transfers, counts, inspections and source-reported levels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from canonical_model.money import Money


@dataclass(frozen=True)
class ReceiptLine:
    sku: str
    quantity: int
    unit_cost: Money | None = None
    landed_cost: Money | None = None


@dataclass(frozen=True)
class InventoryReceived:
    """Units arrived at a location (purchase receipt, 3PL inbound); unit and landed cost where given."""

    TYPE: ClassVar[str] = "inventory.received"
    receipt_id: str
    location: str
    lines: tuple[ReceiptLine, ...]


@dataclass(frozen=True)
class InventoryAllocated:
    """Units of an order line assigned to a location for picking."""

    TYPE: ClassVar[str] = "inventory.allocated"
    sku: str
    location: str
    quantity: int
    line_id: str | None = None


@dataclass(frozen=True)
class TransferLine:
    sku: str
    quantity: int


@dataclass(frozen=True)
class TransferShipped:
    TYPE: ClassVar[str] = "transfer.shipped"
    transfer_id: str
    from_location: str
    to_location: str
    lines: tuple[TransferLine, ...]
    freight: Money | None = None


@dataclass(frozen=True)
class TransferReceived:
    TYPE: ClassVar[str] = "transfer.received"
    transfer_id: str
    to_location: str
    lines: tuple[TransferLine, ...]


@dataclass(frozen=True)
class InventoryAdjusted:
    """A counted correction (cycle count, shrinkage) or a move between states such as QUALITY_HOLD."""

    TYPE: ClassVar[str] = "inventory.adjusted"
    sku: str
    location: str
    quantity_delta: int
    state: str = "ON_HAND"
    reason: str | None = None


@dataclass(frozen=True)
class ReturnInspected:
    """A received return was inspected: RESTOCK, DAMAGED or WRITE_OFF."""

    TYPE: ClassVar[str] = "return.inspected"
    return_id: str
    disposition: str
    lines: tuple[TransferLine, ...]
    location: str | None = None


@dataclass(frozen=True)
class InventoryLevelReported:
    """What a source system says it holds (a Shopify inventory level, a 3PL stock report)."""

    TYPE: ClassVar[str] = "inventory.level_reported"
    sku: str
    location: str
    available: int
    on_hand: int | None = None


@dataclass(frozen=True)
class ItemRecorded:
    """A catalogue item as a system knows it (accounting item, inventory item), with cost and price if stated."""

    TYPE: ClassVar[str] = "item.recorded"
    sku: str
    name: str | None = None
    unit_cost: Money | None = None
    unit_price: Money | None = None
    tracked: bool | None = None
