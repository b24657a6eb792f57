"""Auth test fixtures: a small world (orders with money, discrepancies of both sorts, quarantine, a synced
stream) behind the HTTP app, and an API key per role."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine

from canonical_model.events import Event, SettlementLineRecorded
from hub.app import create_app
from hub.auth.principal import ROLES
from hub.sync_state import ensure_stream
from tests.api.builders import (
    at,
    boots_placed,
    boots_refund,
    boots_settled,
    boots_shipped_and_delivered,
    ingest,
    ingest_lines,
    order_ref,
    source,
    usd,
)
from tests.auth.auth_builders import TestClient, key_headers

BOOTS_ID, SHORT_PAID_ID, MISSTATED_ID = (order_ref(ext).order_id for ext in ("5001", "5003", "5002"))


def short_paid() -> list[Event]:
    """Order 5003 settled at 400.00 instead of 409.94: a PAYOUT_VARIANCE of 9.94 (money beyond the price)."""
    line = SettlementLineRecorded("PO-90", "PO-90-5003", "charge", usd("400.00"), order_external_id="5003",
                                  fee=usd("12.19"))
    return [boots_placed("5003"), *boots_shipped_and_delivered("5003"),
            Event(line, source("payout_line", "PO-90-5003", system="shopify_payments"), at(6), order_ref("5003"))]


def build_world(engine: Engine) -> None:
    ingest(engine, [boots_placed(), *boots_shipped_and_delivered(), boots_settled()], "orders.jsonl")
    ingest(engine, boots_refund(), "refunds.jsonl")
    ingest(engine, short_paid(), "short.jsonl")
    ingest(engine, [boots_placed("5002", total="419.94")], "misstated.jsonl")  # SOURCE_INCONSISTENT: commerce
    ingest_lines(engine, b'{"type": "order.placed"}\n', "broken.jsonl")  # quarantined
    with engine.begin() as connection:
        ensure_stream(connection, "shop-main", "orders", "shopify", "acme.myshopify.com")


@dataclass
class World:
    engine: Engine
    client: TestClient
    headers: dict[str, dict[str, str]]  # per role


@pytest.fixture
def world(engine: Engine) -> Iterator[World]:
    build_world(engine)
    headers = {role: key_headers(engine, role) for role in ROLES}
    with TestClient(create_app(engine)) as client:
        yield World(engine, client, headers)


@pytest.fixture
def restored_logging() -> Iterator[None]:
    """`logs.configure` replaces the root and hub handlers; give the test session its own back."""
    root, hub = logging.getLogger(), logging.getLogger("hub")
    saved = (root.handlers[:], root.level, hub.handlers[:], hub.level, hub.propagate)
    yield
    root.handlers[:], root.level = saved[0], saved[1]
    hub.handlers[:], hub.level, hub.propagate = saved[2], saved[3], saved[4]
