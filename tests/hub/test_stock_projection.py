"""Orders are folded with the cost of what they shipped, whatever the order in which the stock facts arrive."""

from __future__ import annotations

import random
from collections.abc import Callable

from sqlalchemy import Engine, select

from adapters.canonical import ADAPTER as CANONICAL
from canonical_model.events import Event, ShipmentCreated, ShipmentLine
from canonical_model.identity import SourceRef
from canonical_model.views import OrderView
from hub.ingest import ingest_documents
from hub.projections import rebuild_orders
from hub.read_models import order_views
from hub.schema import inventory_skus, orders, settlements
from tests.builders import jsonl
from tests.canonical_model.stock_builders import at, payout, placed, received, ref, settlement_line, shipment
from tests.hub.hub_steps import ingest

A, B = ref("2001").order_id, ref("2002").order_id


def _views(engine: Engine) -> dict[str, OrderView]:
    with engine.connect() as connection:
        ids = list(connection.execute(select(orders.c.order_id)).scalars())
        return order_views(connection, ids)


def _cogs(engine: Engine) -> dict[str, str | None]:
    return {order_id: str(view.finance.cogs) if view.finance.cogs else None for order_id, view in _views(engine).items()}


def _two_orders() -> list[Event]:
    """Textbook FIFO: 2 mugs at 4.00, then 2 at 5.00; order A ships 2 mugs on day 5, order B 2 on day 6."""
    return [received("PO1", "WH", [("MUG", 2, "4.00")], day=1), received("PO2", "WH", [("MUG", 2, "5.00")], day=2),
            placed("2001", [("MUG", 2, "12.00")], day=3), placed("2002", [("MUG", 2, "12.00")], day=4),
            *shipment("2001", "S-A", [("MUG", 2)], "WH", day=5), *shipment("2002", "S-B", [("MUG", 2)], "WH", day=6)]


def test_orders_carry_the_cost_their_shipments_drew(engine: Engine) -> None:
    ingest(engine, *_two_orders())
    assert _cogs(engine) == {A: "8.00 USD", B: "10.00 USD"}
    view = _views(engine)[B]
    assert (str(view.finance.margin), [str(line.cogs) for line in view.finance.lines]) == ("14.00 USD", ["10.00 USD"])


def test_weighted_average_when_configured(engine: Engine, configure: Callable[[str], None]) -> None:
    configure('[accounting]\ncosting = "WEIGHTED_AVERAGE"\n')
    ingest(engine, *_two_orders())
    assert _cogs(engine) == {A: "9.00 USD", B: "9.00 USD"}


def test_a_late_shipment_reprices_the_orders_that_drew_after_it(engine: Engine) -> None:
    events = _two_orders()
    ingest(engine, *events[:4], *events[6:])  # order B's shipment before order A's
    assert _cogs(engine) == {A: "0.00 USD", B: "8.00 USD"}
    ingest(engine, *events[4:6])
    assert _cogs(engine) == {A: "8.00 USD", B: "10.00 USD"}


def test_a_receipt_arriving_late_gives_the_shipment_its_cost(engine: Engine) -> None:
    ingest(engine, placed("2001", [("MUG", 2, "12.00")], day=3), *shipment("2001", "S-A", [("MUG", 2)], "WH", day=5))
    assert _cogs(engine) == {A: None}
    assert _views(engine)[A].finance.cogs_unknown == ("2 of 2 units of MUG shipped in S-A at WH have no known cost",)
    report = ingest_documents(engine, CANONICAL, "acme", [("late.jsonl", jsonl([received("PO1", "WH", [("MUG", 5, "4.00")],
                                                                                         day=1)]))])
    assert report.orders_projected == 1 and _cogs(engine) == {A: "8.00 USD"}
    later = ingest_documents(engine, CANONICAL, "acme", [("later.jsonl", jsonl([received("PO2", "WH", [("MUG", 5, "9.00")],
                                                                                          day=9)]))])
    assert later.orders_projected == 0  # drawn before it arrived: no order's cost changed


def test_any_arrival_order_converges_to_the_same_costs(engine: Engine) -> None:
    shuffled = _two_orders()
    random.Random(4).shuffle(shuffled)
    ids = [event.id for event in shuffled]
    events = _two_orders()
    # B's shipment arrives before A's, and the first receipt after shipments drew on nothing
    assert ids.index(events[6].id) < ids.index(events[4].id) and ids.index(events[0].id) > 3
    ingest(engine, *shuffled)
    assert _cogs(engine) == {A: "8.00 USD", B: "10.00 USD"}
    views = _views(engine)
    with engine.begin() as connection:
        rebuild_orders(connection)
    assert _views(engine) == views


def test_a_3pl_shipment_linked_by_reference_costs_its_order(engine: Engine) -> None:
    body = ShipmentCreated("SB-1", "SHIPPED", (ShipmentLine("MUG", 2),), "WH", "UPS")
    threepl = Event(body, SourceRef("shipbob", "acme", "shipment", "SB-1", "1"), at(5), None, references=("#2001",))
    ingest(engine, received("PO1", "WH", [("MUG", 2, "4.00")], day=1), threepl, placed("2001", [("MUG", 2, "12.00")]))
    assert _cogs(engine) == {A: "8.00 USD"}


def test_rebuild_folds_stock_and_settlements_again(engine: Engine) -> None:
    ingest(engine, *_two_orders(), payout("P1", "20.00"), settlement_line("2001", "P1", "T-1", "24.00"))
    with engine.connect() as connection:
        before = [connection.execute(select(table)).all() for table in (inventory_skus, settlements)]
    views = _views(engine)
    with engine.begin() as connection:
        assert rebuild_orders(connection) == 2
    with engine.connect() as connection:
        after = [connection.execute(select(table)).all() for table in (inventory_skus, settlements)]
    assert [[row[:2] for row in rows] for rows in after] == [[row[:2] for row in rows] for rows in before]
    assert _views(engine) == views


def test_a_bundle_is_reserved_shipped_and_costed_as_its_components(engine: Engine,
                                                                    configure: Callable[[str], None]) -> None:
    configure('[inventory.bundles."GIFT-SET"]\nMUG = 2\nCARD = 1\n')
    ingest(engine, received("PO1", "WH", [("MUG", 4, "4.00"), ("CARD", 2, "1.00")], day=1),
           placed("2001", [("GIFT-SET", 1, "15.00")], day=2))
    with engine.connect() as connection:
        states = dict(connection.execute(select(inventory_skus.c.sku, inventory_skus.c.state)).all())
    assert set(states) == {"MUG", "CARD"}
    reserved = {p["sku"]: p["reserved"] for state in states.values() for p in state["positions"]
                if p["location"] == "UNASSIGNED"}
    assert reserved == {"MUG": 2, "CARD": 1}
    ingest(engine, *shipment("2001", "S-A", [("GIFT-SET", 1)], "WH", day=3))
    assert _cogs(engine) == {A: "9.00 USD"}
    assert str(_views(engine)[A].finance.recognised_revenue) == "15.00 USD"
