"""The per-request context: the engine, one read connection opened on first use, the dataloaders, the actor."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine

from hub.api.discrepancies.loaders import DiscrepanciesByOrderIdLoader
from hub.api.orders.loaders import AuditTrailByOrderIdLoader, EventsByOrderIdLoader, OrderViewByIdLoader
from hub.api.settlements.loaders import DiscrepanciesBySettlementIdLoader
from hub.db import read_connection


@dataclass
class Loaders:
    """Dataloaders made fresh for every request, so their caches never outlive it."""

    order_view_by_id: OrderViewByIdLoader
    events_by_order_id: EventsByOrderIdLoader
    audit_trail_by_order_id: AuditTrailByOrderIdLoader
    discrepancies_by_order_id: DiscrepanciesByOrderIdLoader
    discrepancies_by_settlement_id: DiscrepanciesBySettlementIdLoader


@dataclass
class HubContext:
    """What every resolver gets: `connection()` for reads, `loaders` for batched reads, who is asking."""

    engine: Engine
    actor: str = "system"
    request_id: str | None = None
    request: Any = None
    loaders: Loaders = field(init=False)
    _connection: Connection | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(
            order_view_by_id=OrderViewByIdLoader(self.connection),
            events_by_order_id=EventsByOrderIdLoader(self.connection),
            audit_trail_by_order_id=AuditTrailByOrderIdLoader(self.connection),
            discrepancies_by_order_id=DiscrepanciesByOrderIdLoader(self.connection),
            discrepancies_by_settlement_id=DiscrepanciesBySettlementIdLoader(self.connection),
        )

    def connection(self) -> Connection:
        """One connection (and so one consistent read) for the whole request."""
        if self._connection is None:
            self._connection = read_connection(self.engine)
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.rollback()
            self._connection.close()
            self._connection = None
