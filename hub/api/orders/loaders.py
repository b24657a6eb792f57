"""Per-request dataloaders for orders: each turns a whole batch of keys into one query.

Keys that depend on time are `(order_id, as_of)`: `as_of` None means what the hub knows now.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection
from strawberry.dataloader import DataLoader

from canonical_model.events import Event
from canonical_model.views import OrderView
from hub.audit import AuditEntry, audit_for_subjects
from hub.clock import as_utc
from hub.event_store import events_for_orders
from hub.read_models import order_views

ConnectionSource = Callable[[], Connection]
OrderKey = tuple[str, datetime | None]


def order_ids_by_as_of(keys: list[OrderKey]) -> dict[datetime | None, list[str]]:
    """The distinct order ids of a batch, grouped by the time they are asked at."""
    groups: dict[datetime | None, dict[str, None]] = {}
    for order_id, as_of in keys:
        groups.setdefault(as_of, {})[order_id] = None
    return {as_of: list(ids) for as_of, ids in groups.items()}


def timeline_order(event: Event) -> tuple[datetime, datetime]:
    """Events are shown by when they happened in the source, then by when the hub learned them."""
    assert event.recorded_at is not None, "stored events are always stamped"
    return (event.occurred_at, event.recorded_at)


class OrderViewByIdLoader(DataLoader[str, OrderView | None]):
    """Stored order views by hub order id."""

    def __init__(self, connection: ConnectionSource) -> None:
        self._connection = connection
        super().__init__(load_fn=self._load)

    async def _load(self, order_ids: list[str]) -> list[OrderView | None]:
        views = order_views(self._connection(), list(dict.fromkeys(order_ids)))
        return [views.get(order_id) for order_id in order_ids]


class EventsByOrderIdLoader(DataLoader[OrderKey, list[Event]]):
    """An order's events (recorded by as_of, if given), ordered by occurred then recorded time."""

    def __init__(self, connection: ConnectionSource) -> None:
        self._connection = connection
        super().__init__(load_fn=self._load)

    async def _load(self, keys: list[OrderKey]) -> list[list[Event]]:
        found: dict[OrderKey, list[Event]] = {}
        for as_of, order_ids in order_ids_by_as_of(keys).items():
            known = events_for_orders(self._connection(), order_ids, as_utc(as_of) if as_of else None)
            found.update({(order_id, as_of): sorted(known[order_id], key=timeline_order) for order_id in order_ids})
        return [found[key] for key in keys]


class AuditTrailByOrderIdLoader(DataLoader[OrderKey, list[AuditEntry]]):
    """An order's audit entries (written at or before as_of, if given), by sequence number."""

    def __init__(self, connection: ConnectionSource) -> None:
        self._connection = connection
        super().__init__(load_fn=self._load)

    async def _load(self, keys: list[OrderKey]) -> list[list[AuditEntry]]:
        trails = audit_for_subjects(self._connection(), list(dict.fromkeys(order_id for order_id, _ in keys)))
        return [[entry for entry in trails[order_id] if as_of is None or entry.at <= as_utc(as_of)]
                for order_id, as_of in keys]
