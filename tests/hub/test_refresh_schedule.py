"""A served hub re-judges open TIMING gaps on its own: a window closes on time even when no sync runs."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

from sqlalchemy import Engine, select

from hub.app import create_app
from hub.policies import policies_from
from hub.schema import discrepancies
from tests.builders import order_placed
from tests.canonical_model.stock_builders import shipment
from tests.hub.hub_steps import ingest, recent


def _classification(engine: Engine) -> str:
    with engine.connect() as connection:
        return connection.execute(select(discrepancies.c.classification)
                                  .where(discrepancies.c.kind == "QUANTITY_MISMATCH")).scalar_one()


def test_a_window_closing_while_the_api_runs_turns_the_gap_into_an_error(engine: Engine) -> None:
    # Half the units shipped 7 days less 2 seconds ago: the 7-day shipment window closes 2 seconds from now.
    short = shipment("1001", "S1", [("MUG-RED", 1), ("CARD", 1)], "WH-EAST")
    ingest(engine, recent(order_placed(), 8), *[recent(event, 7 - 2 / 86400) for event in short])
    assert _classification(engine) == "TIMING"
    app = create_app(engine, refresh_every=timedelta(seconds=0.3))

    async def serve_a_while() -> None:
        async with app.router.lifespan_context(app):  # what uvicorn runs around serving
            deadline = time.monotonic() + 15
            while await asyncio.to_thread(_classification, engine) == "TIMING" and time.monotonic() < deadline:
                await asyncio.sleep(0.2)

    asyncio.run(serve_a_while())
    assert _classification(engine) == "ERROR"


def test_refresh_minutes_is_configurable_and_zero_turns_it_off() -> None:
    assert policies_from({}).refresh_every == timedelta(minutes=15)
    assert policies_from({"reconciliation": {"refresh_minutes": 5}}).refresh_every == timedelta(minutes=5)
    assert policies_from({"reconciliation": {"refresh_minutes": 0}}).refresh_every is None
