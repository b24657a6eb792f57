"""API test fixtures: the boots order (placed, shipped, delivered, settled, then refunded) in a fresh database."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import Engine

from hub.api.schema import execute_query
from hub.clock import utc_now
from tests.api.builders import (
    BOOTS,
    boots_placed,
    boots_refund,
    boots_settled,
    boots_shipped_and_delivered,
    ingest,
    order_ref,
)

BOOTS_ID = order_ref(BOOTS).order_id


def run(engine: Engine, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """The query's data; fails the test with the errors when there are any."""
    result = execute_query(engine, query, variables)
    assert "errors" not in result, result["errors"]
    return result["data"]


def errors_of(engine: Engine, query: str, variables: dict[str, Any] | None = None) -> list[str]:
    return [error["message"] for error in execute_query(engine, query, variables).get("errors", [])]


@pytest.fixture
def before_refund(engine: Engine) -> datetime:
    """Ingest the boots order, then (in a later call) its refund; returns a recorded time between the two."""
    ingest(engine, [boots_placed(), *boots_shipped_and_delivered(), boots_settled()], "orders.jsonl")
    between = utc_now()
    time.sleep(0.01)  # so the refund's recorded_at is strictly later than `between`
    ingest(engine, boots_refund(), "refunds.jsonl")
    return between
