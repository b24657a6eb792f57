"""Stock moves: sorted events translated into unit movements by sku and location, for positions and costing.

Sources restate objects (a shipment or a return payload arrives again with new lines or a new status), so
every object's contribution is remembered and only the difference is moved: a restatement never counts
units twice, and a restatement with fewer units moves the difference back. Bundle lines explode into
their components here, so everything downstream sees component skus (with the sold sku in `line_sku`).

One parcel reported by several systems (the 3PL, the carrier, the channel) moves its units once
(`canonical_model.parcels`). A shipment moves its units out when it is known to have left: a shipped or delivered event, or a
shipment stated as SUCCESS/SHIPPED/DELIVERED; a CANCELLED shipment moves them back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from canonical_model.bom import NO_BUNDLES, BillOfMaterials, explode
from canonical_model.events import (
    Event,
    OrderSnapshot,
    ReturnReceived,
    ShipmentCreated,
    ShipmentDelivered,
    ShipmentShipped,
    ShipmentStatusChanged,
)
from canonical_model.inventory_events import (
    InventoryAdjusted,
    InventoryReceived,
    ReturnInspected,
    TransferReceived,
    TransferShipped,
)
from canonical_model.money import Money
from canonical_model.parcels import as_parcels

UNKNOWN_LOCATION = "UNKNOWN"
SHIPPED_STATUSES = {"SUCCESS", "SHIPPED", "DELIVERED", "IN_TRANSIT", "OUT_FOR_DELIVERY"}


@dataclass(frozen=True)
class StockMove:
    """Units of one sku moving at one location; `quantity` is negative when a restatement moves units back.

    kind: RECEIVE, SHIP, TRANSFER_OUT, TRANSFER_IN, RETURN_RECEIVE, RETURN_INSPECT or ADJUST.
    """

    kind: str
    sku: str
    location: str
    quantity: int
    event: Event
    reference: str
    order_id: str | None = None
    line_id: str | None = None
    line_sku: str | None = None
    other_location: str | None = None
    disposition: str | None = None
    state: str | None = None
    unit_cost: Money | None = None
    landed_cost: Money | None = None
    freight: Money | None = None


@dataclass
class _Shipment:
    order_id: str | None = None
    location: str | None = None
    lines: tuple[Any, ...] = ()
    left: bool = False
    cancelled: bool = False


class Mover:
    """Remembers each object's contribution so that only differences become moves."""

    def __init__(self, bom: BillOfMaterials) -> None:
        self.bom = bom
        self.applied: dict[tuple[str, str], dict[tuple[Any, ...], int]] = {}
        self.shipments: dict[str, _Shipment] = {}
        self.returns: dict[str, tuple[str | None, str]] = {}
        self.order_lines: dict[str, dict[str, str]] = {}
        self.moves: list[StockMove] = []

    def restate(self, kind: str, reference: str, wanted: dict[tuple[Any, ...], int], event: Event,
                **common: Any) -> None:
        """Move the difference between what the object now states and what was moved for it before."""
        before = self.applied.get((kind, reference), {})
        for key in list(dict.fromkeys([*before, *wanted])):
            delta = wanted.get(key, 0) - before.get(key, 0)
            if delta:
                sku, location, line_id, line_sku = key
                self.moves.append(StockMove(kind, sku, location, delta, event, reference, line_id=line_id,
                                            line_sku=line_sku, **common))
        self.applied[(kind, reference)] = wanted

    def exploded(self, lines: list[tuple[str | None, int, str | None]], location: str,
                 order_id: str | None) -> dict[tuple[Any, ...], int]:
        wanted: dict[tuple[Any, ...], int] = {}
        known = self.order_lines.get(order_id or "", {})
        for sku, quantity, line_id in lines:
            sku = sku or known.get(line_id or "")
            if sku is None:
                continue
            for component, units in explode(sku, quantity, self.bom):
                key = (component, location, line_id, sku if component != sku else None)
                wanted[key] = wanted.get(key, 0) + units
        return wanted


# A cancelled shipment, and a label voided or refunded by the carrier, moved nothing.
UNDONE_STATUSES = frozenset({"CANCELLED", "VOIDED"})


def _ship(mover: Mover, event: Event) -> None:
    body = event.body
    record = mover.shipments.setdefault(body.shipment_id, _Shipment())
    record.order_id = record.order_id or event.order_id
    if isinstance(body, ShipmentCreated):
        record.location = body.location or record.location
        record.lines = body.lines or record.lines  # a carrier's label states no lines: it erases none
        record.left = record.left or body.status.upper() in SHIPPED_STATUSES
        record.cancelled = body.status.upper() in UNDONE_STATUSES
    elif isinstance(body, ShipmentStatusChanged):
        record.cancelled = body.status.upper() in UNDONE_STATUSES
        record.left = record.left or body.status.upper() in SHIPPED_STATUSES
    else:
        record.left = True
    location = record.location or UNKNOWN_LOCATION
    lines = [(line.sku, line.quantity, line.line_id) for line in record.lines]
    wanted = mover.exploded(lines, location, record.order_id) if record.left and not record.cancelled else {}
    mover.restate("SHIP", body.shipment_id, wanted, event, order_id=record.order_id)


def _return_received(mover: Mover, event: Event) -> None:
    body: ReturnReceived = event.body
    location = body.location or UNKNOWN_LOCATION
    mover.returns[body.return_id] = (event.order_id, location)
    wanted = mover.exploded([(line.sku, line.quantity, line.line_id) for line in body.lines], location, event.order_id)
    mover.restate("RETURN_RECEIVE", body.return_id, wanted, event, order_id=event.order_id,
                  disposition=body.disposition.upper())


def _return_inspected(mover: Mover, event: Event) -> None:
    body: ReturnInspected = event.body
    order_id, received_at = mover.returns.get(body.return_id, (event.order_id, body.location or UNKNOWN_LOCATION))
    location = body.location or received_at
    wanted = mover.exploded([(line.sku, line.quantity, None) for line in body.lines], location, order_id)
    disposition = body.disposition.upper()
    mover.restate("RETURN_INSPECT", f"{body.return_id}:{disposition}", wanted, event, order_id=order_id or event.order_id,
                  disposition=disposition, other_location=received_at)


def _receive(mover: Mover, event: Event) -> None:
    body: InventoryReceived = event.body
    for index, line in enumerate(body.lines):
        wanted = {(line.sku, body.location, None, None): line.quantity}
        mover.restate("RECEIVE", f"{body.receipt_id}:{index}", wanted, event, unit_cost=line.unit_cost,
                      landed_cost=line.landed_cost)


def _transfer(mover: Mover, event: Event) -> None:
    body = event.body
    lines = [(line.sku, line.quantity, None) for line in body.lines]
    if isinstance(body, TransferShipped):
        first_time = ("TRANSFER_OUT", body.transfer_id) not in mover.applied
        mover.restate("TRANSFER_OUT", body.transfer_id, mover.exploded(lines, body.from_location, None), event,
                      other_location=body.to_location, freight=body.freight if first_time else None)
    else:
        assert isinstance(body, TransferReceived)
        mover.restate("TRANSFER_IN", body.transfer_id, mover.exploded(lines, body.to_location, None), event)


def _adjust(mover: Mover, event: Event) -> None:
    body: InventoryAdjusted = event.body
    mover.moves.append(StockMove("ADJUST", body.sku, body.location, body.quantity_delta, event, event.id,
                                 state=body.state.upper(), disposition=body.reason))


def _remember_lines(mover: Mover, event: Event) -> None:
    if event.order_id and event.body.lines:
        known = mover.order_lines.setdefault(event.order_id, {})
        known.update({line.line_id: line.sku for line in event.body.lines if line.sku})


_HANDLERS = {
    ShipmentCreated: _ship, ShipmentShipped: _ship, ShipmentDelivered: _ship, ShipmentStatusChanged: _ship,
    ReturnReceived: _return_received, ReturnInspected: _return_inspected, InventoryReceived: _receive,
    TransferShipped: _transfer, TransferReceived: _transfer, InventoryAdjusted: _adjust,
}


def step(mover: Mover, event: Event) -> list[StockMove]:
    """The moves one event (already named by its parcel) stands for, after those before it in fold order; the
    mover keeps its state in dict attributes, so a resumable fold can journal it."""
    if isinstance(event.body, OrderSnapshot):
        _remember_lines(mover, event)
    handler = _HANDLERS.get(type(event.body))
    if handler is None:
        return []
    start = len(mover.moves)
    handler(mover, event)
    moves = mover.moves[start:]
    del mover.moves[start:]
    return moves


def stock_moves(events: list[Event], bom: BillOfMaterials = NO_BUNDLES) -> list[StockMove]:
    """The unit movements sorted events stand for, in fold order."""
    mover = Mover(bom)
    return [move for event in as_parcels(events) for move in step(mover, event)]
