"""Event store contract, run on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError

from hub.event_rows import event_row
from hub.event_store import append, count_events, events_for_orders
from hub.schema import events
from tests.builders import at, order_placed, order_ref, refunded, shipped


def test_append_stores_new_events_and_replays_change_nothing(engine: Engine) -> None:
    batch = [order_placed(), *shipped()]
    with engine.begin() as connection:
        assert len(append(connection, batch)) == 4
    with engine.begin() as connection:
        assert append(connection, batch) == []
        assert count_events(connection) == 4


def test_stream_versions_count_up_per_order(engine: Engine) -> None:
    with engine.begin() as connection:
        append(connection, [order_placed("1"), order_placed("2")])
        append(connection, [refunded("1")])
        rows = connection.execute(select(events.c.order_id, events.c.stream_version).order_by(events.c.seq)).all()
    assert [version for _, version in rows] == [1, 1, 2]


def test_database_refuses_a_duplicate_event_id(engine: Engine) -> None:
    with engine.begin() as connection:
        [stored] = append(connection, [order_placed()])
    row = event_row(stored) | {"stream_version": 99}
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(insert(events).values(row))


def test_events_round_trip_with_context_and_times(engine: Engine) -> None:
    original = order_placed()
    with engine.begin() as connection:
        append(connection, [original])
    with engine.connect() as connection:
        [loaded] = events_for_orders(connection, [order_ref().order_id])[order_ref().order_id]
    assert loaded.id == original.id
    assert loaded.body == original.body
    assert loaded.context == original.context
    assert loaded.occurred_at == at(1)
    assert loaded.recorded_at is not None and loaded.period == "2026-03"


def test_as_of_returns_only_what_was_recorded_by_then(engine: Engine) -> None:
    with engine.begin() as connection:
        [placed] = append(connection, [order_placed()])
    with engine.begin() as connection:
        append(connection, [refunded()])
    with engine.connect() as connection:
        known = events_for_orders(connection, [order_ref().order_id], as_of=placed.recorded_at)
    assert [event.type for event in known[order_ref().order_id]] == ["order.placed"]
