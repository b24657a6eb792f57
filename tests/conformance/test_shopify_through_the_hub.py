"""Every real Shopify order payload goes through `hub ingest shopify` and the hub reports what it stated."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from adapters.shopify import ADAPTER as SHOPIFY
from hub.ingest import ingest_documents
from hub.schema import discrepancies, events, orders

ORDER_FILES = ["rest-order.json", "rest-orders.json"]
SUPPORTED = ORDER_FILES + ["rest-refund.json", "rest-fulfillment.json", "rest-fulfillment_event.json",
                           "rest-payout.json", "rest-payouts.json", "rest-payouts_transactions.json"]


def _orders_in(path: Path) -> list[dict]:
    document = json.loads(path.read_text())
    return document["orders"] if "orders" in document else [document["order"]]


def _ingest(engine: Engine, folder: Path, names: list[str]) -> int:
    report = ingest_documents(engine, SHOPIFY, "conformance", [(name, (folder / name).read_bytes()) for name in names])
    assert report.rejections == [], report.rejections
    return report.events_new


def _state(engine: Engine) -> tuple[int, dict, list]:
    with engine.connect() as connection:
        count = len(connection.execute(select(events.c.id)).all())
        views = {row.order_id: row.view for row in connection.execute(select(orders.c.order_id, orders.c.view))}
        found = sorted(connection.execute(select(discrepancies.c.id, discrepancies.c.status,
                                                 discrepancies.c.explanation)).all())
    return count, views, found


@pytest.mark.parametrize("name", ORDER_FILES)
def test_order_payload_totals_are_reported_as_stated(engine: Engine, shared_fixtures: Path, name: str) -> None:
    folder = shared_fixtures / "shopify"
    _ingest(engine, folder, [name])
    with engine.connect() as connection:
        views = {row.external_id: row.view for row in connection.execute(select(orders.c.external_id, orders.c.view))}
    for payload in _orders_in(folder / name):
        commerce = views[str(payload["id"])]["commerce"]
        shipping = payload.get("total_shipping_price_set", {}).get("shop_money", {}).get("amount") or sum(
            (Decimal(line["price"]) for line in payload.get("shipping_lines", [])), Decimal(0))
        assert Decimal(commerce["subtotal"]["amount"]) == Decimal(payload["subtotal_price"])
        assert Decimal(commerce["discount_total"]["amount"]) == Decimal(payload["total_discounts"])
        assert Decimal(commerce["tax_total"]["amount"]) == Decimal(payload["total_tax"])
        assert Decimal(commerce["shipping_total"]["amount"]) == Decimal(shipping)
        assert Decimal(commerce["total"]["amount"]) == Decimal(payload["total_price"])


def test_contradictions_in_shopifys_own_example_are_recorded(engine: Engine, shared_fixtures: Path) -> None:
    _ingest(engine, shared_fixtures / "shopify", ["rest-order.json"])
    explanations = [row.explanation for row in _state(engine)[2]]
    assert any("398.00 USD" in text and "597.00 USD" in text for text in explanations)
    assert any("TENOFF" in text and "0.00 USD" in text and "10.00 USD" in text for text in explanations)


def test_partial_payload_does_not_erase_lines(engine: Engine, shared_fixtures: Path) -> None:
    _ingest(engine, shared_fixtures / "shopify", ["rest-order.json", "rest-orders.json"])
    [view] = _state(engine)[1].values()
    assert len(view["commerce"]["lines"]) == 3


def test_three_shuffled_replays_converge_to_one_ordered_ingest(tmp_path: Path, shared_fixtures: Path) -> None:
    from hub.db import database_engine, upgrade

    folder = shared_fixtures / "shopify"
    first, second = (database_engine(f"sqlite:///{tmp_path / name}") for name in ("once.db", "thrice.db"))
    for engine in (first, second):
        upgrade(engine)
    _ingest(first, folder, SUPPORTED)
    # Refunds, fulfillments and payouts before the orders they belong to, three times over.
    replay = [name for name in SUPPORTED if name not in ORDER_FILES] * 3 + ORDER_FILES * 3
    rng = random.Random(11)
    rng.shuffle(replay)
    replay.sort(key=lambda name: name in ORDER_FILES)
    _ingest(second, folder, replay)
    once, thrice = _state(first), _state(second)
    assert once[0] == thrice[0]
    assert once[1] == thrice[1]
    # Open discrepancies converge; a contradiction seen while only the partial payload had arrived stays in
    # the history as RESOLVED, which is what the hub knew at that time.
    assert [row for row in once[2] if row[1] == "OPEN"] == [row for row in thrice[2] if row[1] == "OPEN"]
