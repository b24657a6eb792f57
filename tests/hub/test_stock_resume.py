"""The kept stock fold gives, after any arrival order, exactly what `hub db rebuild` folds from the log:
shuffled batches, late receipts and shipments, restated and cancelled shipments, returns, transfers,
bundles, 3PL shipments linked later, a parcel reported twice, a rolled-back append, another writer."""

from __future__ import annotations

import random
from collections import OrderedDict
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select

from adapters.canonical import ADAPTER as CANONICAL
from canonical_model.events import Event, ShipmentCreated, ShipmentLine
from canonical_model.identity import SourceRef
from hub import kept_stock_fold
from hub.ingest import ingest_documents, ingest_into
from hub.projections import rebuild_orders
from hub.schema import discrepancies, inventory_skus, orders
from tests.builders import at, jsonl, order_ref
from tests.canonical_model.stock_builders import (
    adjusted,
    allocated,
    cancelled,
    level_reported,
    placed,
    received,
    return_inspected,
    return_received,
    shipment,
    transfer_in,
    transfer_out,
)

BUNDLES = '[inventory.bundles."GIFT-SET"]\nMUG = 2\nCARD = 1\n'


def _tracked(external_id: str, shipment_id: str, lines: list[tuple[str, int]], day: int, tracking: str) -> Event:
    body = ShipmentCreated(shipment_id, "SUCCESS", tuple(ShipmentLine(s, q) for s, q in lines), "WH-EAST", "UPS",
                           (tracking,))
    return Event(body, SourceRef("wms", "main", "shipment", shipment_id, "t"), at(day, 14), order_ref(external_id))


def _carrier_label(external_id: str, label: str, tracking: str, day: int) -> Event:
    body = ShipmentCreated(label, "IN_TRANSIT", (), None, "UPS", (tracking,))
    return Event(body, SourceRef("carrier", "acme", "label", label, "1"), at(day, 15), order_ref(external_id))


def _threepl(shipment_id: str, order_name: str, lines: list[tuple[str, int]], day: int) -> Event:
    """A 3PL's shipment that names its order only by reference (linked when the order is known)."""
    body = ShipmentCreated(shipment_id, "SHIPPED", tuple(ShipmentLine(s, q) for s, q in lines), "WH-EAST", "UPS")
    return Event(body, SourceRef("shipbob", "acme", "shipment", shipment_id, "1"), at(day, 16), None,
                 references=(order_name,))


def _world() -> list[Event]:
    events = [received("PO1", "WH-EAST", [("MUG", 8, "4.00"), ("CARD", 10, "1.00")], day=1),
              received("PO2", "WH-EAST", [("MUG", 6, "5.00")], day=3),
              received("PO3", "WH-WEST", [("MUG", 4, None)], day=2),
              transfer_out("T1", "WH-EAST", "WH-WEST", [("MUG", 2), ("CARD", 2)], day=4, freight="3.00"),
              transfer_in("T1", "WH-WEST", [("MUG", 2), ("CARD", 2)], day=6),
              adjusted("MUG", "WH-EAST", -1, day=8, ident="A1"), adjusted("CARD", "WH-EAST", 2, day=9, ident="A2"),
              adjusted("MUG", "WH-WEST", 1, state="DAMAGED", day=9, ident="A3"),
              level_reported("MUG", "WH-EAST", available=3, on_hand=4, day=9)]
    for number in range(1, 11):
        order, day = f"30{number:02d}", 1 + number
        lines = [("GIFT-SET", 1, "30.00")] if number == 4 else [("MUG", number % 3 + 1, "12.00"), ("CARD", 1, "3.00")]
        events.append(placed(order, lines, day=day))
        shipped = [(sku, quantity) for sku, quantity, _ in lines]
        if number == 7:
            events.append(cancelled(order, day=day + 1))
        elif number == 5:
            events += [_tracked(order, "S5", shipped, day + 1, "1Z5"), _carrier_label(order, "LBL5", "1z 5", day + 2)]
        elif number == 9:
            events.append(_threepl("SB-9", f"#{order}", shipped, day + 1))
        elif number != 10:  # order 10 never ships: its reservation stays
            events += [allocated(order, "MUG", "WH-EAST", number % 3 + 1, day=day),
                       *shipment(order, f"S{number}", shipped, "WH-EAST", day=day + 1,
                                 delivered=at(day + 4) if number % 2 else None)]
    restated = shipment("3002", "S2", [("MUG", 1)], "WH-EAST", day=5)[0]
    events += [Event(restated.body, SourceRef("wms", "main", "shipment", "S2", "2"),
                     restated.occurred_at + timedelta(hours=5), restated.order),
               Event(ShipmentCreated("S6", "CANCELLED", (ShipmentLine("MUG", 1),), "WH-EAST", "UPS"),
                     SourceRef("wms", "main", "shipment", "S6", "3"), at(12), order_ref("3006")),
               return_received("3003", "R1", [("MUG", 1)], day=10),
               return_inspected("3003", "R1", "RESTOCK", [("MUG", 1)], day=11),
               return_received("3008", "R2", [("MUG", 2), ("CARD", 1)], day=13),
               return_inspected("3008", "R2", "DAMAGED", [("MUG", 1)], day=14)]
    return events


def _ingest_in_batches(engine: Engine, events: list[Event], rng: random.Random) -> None:
    position = 0
    while position < len(events):
        size = rng.randint(1, 5)
        ingest_documents(engine, CANONICAL, "acme", [("batch.jsonl", jsonl(events[position:position + size]))])
        position += size


def _projections(engine: Engine) -> dict[str, Any]:
    with engine.connect() as connection:
        stock = {sku: state for sku, state in connection.execute(select(inventory_skus.c.sku, inventory_skus.c.state))}
        views = {row.order_id: (row.view["finance"], row.cost_digests) for row in connection.execute(select(orders))}
        found = sorted(tuple(row) for row in connection.execute(select(
            discrepancies.c.id, discrepancies.c.kind, discrepancies.c.status, discrepancies.c.quantity,
            discrepancies.c.explanation)))
    return {"stock": stock, "orders": views, "discrepancies": found}


def _rebuilt(engine: Engine) -> dict[str, Any]:
    with engine.begin() as connection:
        rebuild_orders(connection)
    return _projections(engine)


@pytest.mark.parametrize("seed", range(3))
def test_any_arrival_in_any_batches_projects_what_a_rebuild_folds(engine: Engine, configure: Callable[[str], None],
                                                                    seed: int) -> None:
    configure(BUNDLES)
    rng = random.Random(seed)
    events = _world()
    rng.shuffle(events)
    _ingest_in_batches(engine, events, rng)
    incremental = _projections(engine)
    assert incremental["orders"] and incremental["stock"].keys() == {"MUG", "CARD"}
    assert _rebuilt(engine) == incremental


def test_events_of_a_rolled_back_append_never_reach_the_next_one(engine: Engine,
                                                                configure: Callable[[str], None]) -> None:
    configure(BUNDLES)
    events = _world()
    _ingest_in_batches(engine, events[:20], random.Random(7))
    with pytest.raises(RuntimeError), engine.begin() as connection:
        ingest_into(connection, CANONICAL, "acme", [("lost.jsonl", jsonl([
            received("PO9", "WH-EAST", [("MUG", 100, "1.00")], day=2)]))])
        raise RuntimeError("the append fails after its projections ran")
    _ingest_in_batches(engine, events[20:], random.Random(8))
    incremental = _projections(engine)
    assert not any(p["on_hand"] >= 100 for p in incremental["stock"]["MUG"]["positions"])
    assert _rebuilt(engine) == incremental


def test_a_process_catches_up_with_what_another_process_appended(engine: Engine, monkeypatch: pytest.MonkeyPatch,
                                                                 configure: Callable[[str], None]) -> None:
    configure(BUNDLES)
    events = _world()
    random.Random(3).shuffle(events)
    _ingest_in_batches(engine, events[:15], random.Random(1))
    mine = dict(kept_stock_fold._kept)
    other: OrderedDict[Any, Any] = OrderedDict()
    monkeypatch.setattr(kept_stock_fold, "_kept", other)  # another process, with nothing kept
    _ingest_in_batches(engine, events[15:30], random.Random(2))
    assert other  # it kept its own fold
    monkeypatch.setattr(kept_stock_fold, "_kept", type(other)(mine))  # back to the first, now behind the log
    _ingest_in_batches(engine, events[30:], random.Random(3))
    incremental = _projections(engine)
    assert _rebuilt(engine) == incremental
