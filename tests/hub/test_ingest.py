"""Ingest through the canonical adapter: events, projections, quarantine, rebuild."""

from __future__ import annotations

import random

from sqlalchemy import Engine, select

from adapters.canonical import ADAPTER as CANONICAL
from hub.ingest import ingest_documents
from hub.projections import rebuild_orders
from hub.read_models import order_views, quarantine_page
from hub.schema import orders
from tests.builders import jsonl, order_placed, order_ref, refunded, settled, shipped

ORDER_ID = order_ref().order_id


def _ingest(engine: Engine, *documents: bytes) -> None:
    ingest_documents(engine, CANONICAL, "acme", [(f"doc{n}.jsonl", body) for n, body in enumerate(documents)])


def _views(engine: Engine) -> dict[str, object]:
    with engine.connect() as connection:
        return {row.order_id: row.view for row in connection.execute(select(orders.c.order_id, orders.c.view))}


def test_order_folds_into_three_perspectives(engine: Engine) -> None:
    _ingest(engine, jsonl([order_placed(), *shipped(), refunded(), settled(amount="17.85", fee="0.85")]))
    with engine.connect() as connection:
        view = order_views(connection, [ORDER_ID])[ORDER_ID]
    assert str(view.commerce.total.amount) == "27.85"
    assert view.fulfillment.status == "DELIVERED"
    assert str(view.finance.refund_total.amount) == "10.00"
    assert str(view.finance.fee_total.amount) == "0.85"
    assert str(view.finance.net_expected.amount) == "17.00"
    assert str(view.finance.settled_net.amount) == "17.00"
    assert view.completion.complete


def test_out_of_order_and_replayed_arrival_converges(engine: Engine) -> None:
    events = [order_placed(), *shipped(), refunded(), settled(), order_placed("1002"), *shipped("1002", "S2")]
    _ingest(engine, jsonl(events))
    in_order = _views(engine)
    shuffled = events * 3
    random.Random(7).shuffle(shuffled)
    for event in shuffled:
        _ingest(engine, jsonl([event]))
    assert _views(engine) == in_order


def test_bad_line_is_quarantined_and_the_rest_ingested(engine: Engine) -> None:
    body = jsonl([order_placed()]) + b'{"type": "order.placed", "source": {"system": "shop"}}\n' + b"{not json\n"
    report = ingest_documents(engine, CANONICAL, "acme", [("mixed.jsonl", body)])
    assert report.events_new == 1
    assert [(r.pointer, r.field) for r in report.rejections] == [("line 2", "line 2 field source"),
                                                                  ("line 3", "line 3")]
    with engine.connect() as connection:
        page = quarantine_page(connection, 10, None)
    assert page.total_count == 2 and page.items[0].origin == "mixed.jsonl"
    assert "object_type" in page.items[0].reason


def test_rebuild_gives_identical_views(engine: Engine) -> None:
    _ingest(engine, jsonl([order_placed(), *shipped(), refunded(), settled(), order_placed("1002")]))
    before = _views(engine)
    with engine.begin() as connection:
        assert rebuild_orders(connection) == 2
    assert _views(engine) == before
