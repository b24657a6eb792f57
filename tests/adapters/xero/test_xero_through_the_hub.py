"""Xero through the hub: a sync matches every booked fact to its WooCommerce order, keeps the rotated OAuth
tokens in the database, and `hub push journal` books the hub's journal in Xero once."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from typing import Any

from sqlalchemy import Engine, select

from adapters.toolkit.simulation import STATS, start_simulator
from adapters.toolkit.streams import ConnectionSettings
from adapters.woocommerce import ADAPTER as WOOCOMMERCE
from adapters.woocommerce.sales import sales_of
from adapters.woocommerce.simulator import STORE
from adapters.xero import ADAPTER as XERO
from adapters.xero.simulator import REFRESH_TOKEN
from adapters.xero.simulator_listings import BOOKS
from hub.journal_push import push_journal
from hub.schema import events, oauth_tokens
from hub.sync_command import stored_token_clients
from hub.sync_runner import sync_once


async def _world(engine: Engine) -> dict[str, Any]:
    async with AsyncExitStack() as stack:
        store = WOOCOMMERCE.simulator(orders=24, seed=3, rate_limit=None)
        books = XERO.simulator(sales=sales_of(store[STORE]), seed=3)
        urls = {}
        for name, app in (("woocommerce", store), ("xero", books)):
            runner, urls[name] = await start_simulator(app)
            stack.push_async_callback(runner.cleanup)
        shop = ConnectionSettings("woo", "woocommerce", "demo-brand.example", urls["woocommerce"],
                                  dict(WOOCOMMERCE.simulator_credentials), dict(WOOCOMMERCE.simulator_options))
        credentials = {k: v for k, v in XERO.simulator_credentials.items() if k != "access_token"}
        ledger = ConnectionSettings("xero-books", "xero", "demo-brand", urls["xero"], credentials,
                                    dict(XERO.simulator_options))
        clients = stored_token_clients(engine)
        adapters = {"woocommerce": WOOCOMMERCE, "xero": XERO}
        first = await sync_once(engine, [shop, ledger], adapters, clients, "test-worker")
        again = await sync_once(engine, [ledger], adapters, clients, "test-worker")
        pushed = await push_journal(engine, ledger, XERO, clients)
        rerun = await push_journal(engine, ledger, XERO, clients)
        return {"runs": first + again, "again": again, "pushed": pushed, "rerun": rerun,
                "journals": len(books[BOOKS].collections["ManualJournals"]), "stats": books[STATS].as_json()}


def test_a_sync_matches_xero_facts_to_their_orders_and_the_journal_is_pushed_once(engine: Engine) -> None:
    world = asyncio.run(_world(engine))
    assert [run.error for run in world["runs"]] == [None] * len(world["runs"])
    assert sum(run.events_new for run in world["again"]) == 0, "a second sync finds nothing new"
    with engine.connect() as db:
        rows = db.execute(select(events.c.object_type, events.c.order_id, events.c.type)
                          .where(events.c.system == "xero")).all()
        tokens = db.execute(select(oauth_tokens.c.refresh_token).where(oauth_tokens.c.connection == "xero-books")).all()
    booked = [row for row in rows if row.object_type in ("Invoice", "CreditNote", "Payment")]
    assert booked and all(row.order_id for row in booked), "every invoice, credit note and payment found its order"
    assert {row.type for row in booked} >= {"invoice.recorded", "accounting_payment.recorded", "record.deleted"}
    assert len(tokens) == 1 and tokens[0].refresh_token != REFRESH_TOKEN, "the rotated refresh token is kept"
    pushed, rerun = world["pushed"], world["rerun"]
    assert pushed.error is None and len(pushed.pushed) > 10 and world["journals"] == len(pushed.pushed)
    assert rerun.error is None and rerun.pushed == {} and rerun.already == len(pushed.pushed)
    assert world["stats"]["violations"] == 0
