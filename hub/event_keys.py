"""Event keys: what an event is about beyond its order (the skus it names, the settlement it belongs to).

Keys are written in the transaction that appends the event, so the stock and settlement projections can
load every event of a sku or a settlement in one query instead of scanning the log. Skus are kept as the
source stated them (a bundle stays a bundle): the bill of materials is configuration and may change, so
it is applied when the events are read, not when they are indexed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, or_, select

from canonical_model.accounting_events import BankDepositRecorded
from canonical_model.events import (
    Event,
    OrderCancelled,
    OrderPlaced,
    OrderSnapshot,
    OrderUpdated,
    PayoutRecorded,
    ReturnReceived,
    SettlementLineRecorded,
    ShipmentCreated,
    ShipmentDelivered,
    ShipmentShipped,
    ShipmentStatusChanged,
)
from canonical_model.identity import OrderRef, stable_digest
from canonical_model.inventory_events import (
    InventoryAdjusted,
    InventoryAllocated,
    InventoryLevelReported,
    InventoryReceived,
    ReturnInspected,
    TransferReceived,
    TransferShipped,
)
from canonical_model.restatements import statement_identity
from hub.event_rows import event_from_row
from hub.schema import event_keys, events
from hub.upsert import insert_missing

SKU, SETTLEMENT, LINE = "sku:", "settlement:", "line:"
_KEY_LENGTH = 220

# Stock facts that name their skus in lines, or in one `sku` field.
_LINED = (OrderSnapshot, ShipmentCreated, ReturnReceived, ReturnInspected, InventoryReceived, TransferShipped,
          TransferReceived)
_SINGLE = (InventoryAllocated, InventoryAdjusted, InventoryLevelReported)

# An order's events that move or hold its stock; some name no sku (a cancellation, a shipment leaving), so
# they are loaded with the order whenever one of its events names a sku being projected.
ORDER_STOCK_TYPES = tuple(kind.TYPE for kind in (
    OrderPlaced, OrderUpdated, OrderCancelled, ShipmentCreated, ShipmentShipped, ShipmentStatusChanged,
    ShipmentDelivered, ReturnReceived, ReturnInspected, InventoryAllocated))


def keys_of(event: Event) -> set[str]:
    """The keys an event is found by: its skus and its settlement."""
    body, keys = event.body, set()
    if isinstance(body, _LINED):
        keys = {SKU + line.sku for line in (body.lines or ()) if line.sku}
    elif isinstance(body, _SINGLE):
        keys = {SKU + body.sku}
    elif isinstance(body, SettlementLineRecorded):
        # A line's statements share its LINE key, so a line restated in another settlement (a pending balance
        # line paid out) is found from the settlement it left too.
        keys = {SETTLEMENT + body.settlement_id, LINE + stable_digest(*statement_identity(event))}
    elif isinstance(body, PayoutRecorded):
        keys = {SETTLEMENT + body.payout_id}
    elif isinstance(body, BankDepositRecorded) and body.reference:
        keys = {SETTLEMENT + body.reference}
    return {key[:_KEY_LENGTH] for key in keys}


def _settlements_left(connection: Connection, lines: dict[str, set[str]]) -> dict[str, set[str]]:
    """Line key -> the settlement keys its earlier statements were filed under."""
    if not lines:
        return {}
    earlier = select(event_keys.c.event_id, event_keys.c.key).where(
        event_keys.c.key.in_(sorted(lines)), event_keys.c.event_id.not_in(sorted(set().union(*lines.values()))))
    line_of = {event_id: key for event_id, key in connection.execute(earlier)}
    left: dict[str, set[str]] = {}
    if line_of:
        filed = select(event_keys.c.event_id, event_keys.c.key).where(
            event_keys.c.event_id.in_(sorted(line_of)), event_keys.c.key.startswith(SETTLEMENT))
        for event_id, key in connection.execute(filed):
            left.setdefault(line_of[event_id], set()).add(key)
    return left


def index_events(connection: Connection, fresh: Iterable[Event]) -> dict[str, set[str]]:
    """Write the keys of freshly appended events; returns the skus and the settlement ids they name (for a
    restated line, also the settlements its earlier statements were in)."""
    rows, found, lines = [], {SKU: set(), SETTLEMENT: set()}, {}
    for event in fresh:
        for key in sorted(keys_of(event)):
            rows.append({"event_id": event.id, "key": key})
            if key.startswith(LINE):
                lines.setdefault(key, set()).add(event.id)
            else:
                prefix = SKU if key.startswith(SKU) else SETTLEMENT
                found[prefix].add(key.removeprefix(prefix))
    for line, settlement_keys in _settlements_left(connection, lines).items():
        rows += [{"event_id": event_id, "key": key} for event_id in lines[line] for key in settlement_keys]
        found[SETTLEMENT] |= {key.removeprefix(SETTLEMENT) for key in settlement_keys}
    insert_missing(connection, event_keys, rows)
    return found


def reindex_all(connection: Connection) -> None:
    """Index the whole log again (after an upgrade from a database that had no keys)."""
    connection.execute(delete(event_keys))
    for batch in connection.execute(select(events).order_by(events.c.seq)).yield_per(2000).partitions():
        index_events(connection, [event_from_row(row) for row in batch])


def skus_of_orders(connection: Connection, order_ids: list[str]) -> set[str]:
    """Every sku the given orders' events name."""
    found: set[str] = set()
    for start in range(0, len(order_ids), 500):
        query = (select(event_keys.c.key).distinct().join(events, events.c.id == event_keys.c.event_id)
                 .where(events.c.order_id.in_(order_ids[start:start + 500]), event_keys.c.key.startswith(SKU)))
        found |= {key.removeprefix(SKU) for key in connection.execute(query).scalars()}
    return found


class _Decoded:
    """Events decoded before, by database, id and position: a committed event never changes, nor its decoding.

    The stock fold reads every event of a sku on each append; decoding them again each time would cost more
    than the fold. Only committed events are kept: the events of the running append are passed in hand (a
    rolled-back append may be retried under the same id and position with another recorded time).
    Bounded, first decoded first dropped.
    """

    def __init__(self, capacity: int = 60_000) -> None:
        self.capacity = capacity
        self.events: dict[tuple[str, str, int], Event] = {}

    def put(self, key: tuple[str, str, int], event: Event) -> None:
        self.events[key] = event
        if len(self.events) > self.capacity:
            for old in list(self.events)[:len(self.events) - self.capacity]:
                del self.events[old]


_decoded = _Decoded()


def _linked(event: Event, order_id: str | None, refs: dict[str, OrderRef]) -> Event:
    """An event the hub linked to an order by its references is its order's event for stock and cost too."""
    if event.order is None and order_id is not None and order_id in refs:
        return replace(event, order=refs[order_id])
    return event


def _decode(connection: Connection, where: Any, as_of: datetime | None, fresh: dict[str, Event]) -> list[Event]:
    """The events matching `where`, in log order: their ids first, then only the rows not decoded before."""
    query = select(events.c.seq, events.c.id, events.c.order_id).where(where)
    if as_of is not None:
        query = query.where(events.c.recorded_at <= as_of)
    database, cached = str(connection.engine.url), _decoded.events
    heads = [(database, ident, seq, order_id) for seq, ident, order_id in connection.execute(query.order_by(events.c.seq))]
    missing = [seq for key in heads if key[1] not in fresh and (seq := key[2]) and key[:3] not in cached]
    for start in range(0, len(missing), 1000):
        for row in connection.execute(select(events).where(events.c.seq.in_(missing[start:start + 1000]))):
            _decoded.put((database, row.id, row.seq), event_from_row(row))
    found = [(fresh.get(key[1]) or cached.get(key[:3]), key[3]) for key in heads]
    refs = {event.order_id: event.order for event, _ in found if event is not None and event.order is not None}
    return [_linked(event, order_id, refs) for event, order_id in found if event is not None]


def events_of_skus(connection: Connection, skus: set[str], as_of: datetime | None = None,
                   fresh: dict[str, Event] | None = None) -> list[Event]:
    """The events naming the skus, and the stock events of the orders those events belong to."""
    if not skus:
        return []
    named = select(event_keys.c.event_id).where(event_keys.c.key.in_(sorted(SKU + sku for sku in skus)))
    orders = select(events.c.order_id).where(events.c.id.in_(named), events.c.order_id.is_not(None))
    return _decode(connection, or_(events.c.id.in_(named),
                                   and_(events.c.order_id.in_(orders), events.c.type.in_(ORDER_STOCK_TYPES))), as_of,
                   fresh or {})


def events_of_settlements(connection: Connection, settlement_ids: set[str],
                          fresh: dict[str, Event] | None = None) -> list[Event]:
    """Payouts, settlement lines and deposits of the given settlement ids, in one query."""
    if not settlement_ids:
        return []
    named = select(event_keys.c.event_id).where(
        event_keys.c.key.in_(sorted(SETTLEMENT + ident for ident in settlement_ids)))
    return _decode(connection, events.c.id.in_(named), None, fresh or {})
