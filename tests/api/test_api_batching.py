"""No N+1: a page of 40 orders with every perspective and list selected costs as many statements as 5."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

from tests.api.builders import boots_placed, boots_settled, boots_shipped_and_delivered, filler_order, ingest
from tests.api.conftest import run

EVERYTHING = """
query Page($first: Int!) {
  orders(first: $first) {
    totalCount
    edges { node {
      id externalId
      commerce { total { amount } lines { sku unitPrice { amount } } }
      fulfillment { status shipments { id status } }
      finance { netExpected { amount } journalEntries { id lines { account } } }
      completion { complete missing }
      discrepancies { id kind amount { amount } }
      events { id type source { objectId } context }
      auditTrail { seq action hash }
    } }
  }
}
"""


@contextmanager
def counting_statements(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(connection: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _forty_five_orders(engine: Engine) -> None:
    events = [boots_placed(f"50{n:02d}", total="410.94" if n % 3 == 0 else "409.94") for n in range(15)]
    events += [e for n in range(15) for e in [*boots_shipped_and_delivered(f"50{n:02d}"), boots_settled(f"50{n:02d}")]]
    events += [filler_order(f"90{n:02d}") for n in range(30)]
    ingest(engine, events)


def test_statement_count_does_not_grow_with_the_page(engine: Engine) -> None:
    _forty_five_orders(engine)
    with counting_statements(engine) as small:
        five = run(engine, EVERYTHING, {"first": 5})["orders"]
    with counting_statements(engine) as large:
        forty = run(engine, EVERYTHING, {"first": 40})["orders"]
    assert len(five["edges"]) == 5 and len(forty["edges"]) == 40
    assert sum(len(edge["node"]["events"]) for edge in forty["edges"]) > 40
    assert any(edge["node"]["discrepancies"] for edge in forty["edges"])
    assert len(small) == len(large), (small, large)
    assert len(large) <= 8, large
