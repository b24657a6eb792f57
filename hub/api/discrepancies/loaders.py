"""Per-request dataloader of an order's discrepancies, as they stand now or as they stood at a recorded time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from sqlalchemy import Connection
from strawberry.dataloader import DataLoader

from hub.clock import as_utc
from hub.read_models import DiscrepancyRecord, discrepancies_for_orders

OrderKey = tuple[str, datetime | None]


def as_known_at(record: DiscrepancyRecord, as_of: datetime) -> DiscrepancyRecord | None:
    """The discrepancy as the hub saw it at as_of: absent before it was opened, open until it was resolved."""
    if record.opened_at > as_of:
        return None
    if record.resolved_at is not None and record.resolved_at > as_of:
        record = replace(record, status="OPEN", resolved_at=None)
    if record.acknowledged_at is not None and record.acknowledged_at > as_of:
        record = replace(record, status="OPEN" if record.status == "ACKNOWLEDGED" else record.status,
                         acknowledged_at=None, note=None)
    return record


def known_at(records: list[DiscrepancyRecord], as_of: datetime | None) -> list[DiscrepancyRecord]:
    if as_of is None:
        return records
    moment = as_utc(as_of)
    return [seen for record in records if (seen := as_known_at(record, moment)) is not None]


class DiscrepanciesByOrderIdLoader(DataLoader[OrderKey, list[DiscrepancyRecord]]):
    """An order's discrepancies, oldest first, in one query per batch."""

    def __init__(self, connection: Callable[[], Connection]) -> None:
        self._connection = connection
        super().__init__(load_fn=self._load)

    async def _load(self, keys: list[OrderKey]) -> list[list[DiscrepancyRecord]]:
        found = discrepancies_for_orders(self._connection(), list(dict.fromkeys(order_id for order_id, _ in keys)))
        return [known_at(found[order_id], as_of) for order_id, as_of in keys]
