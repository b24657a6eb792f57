"""Conformance over Shopify's own example payloads (shared/fixtures/shopify, beside the project)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from adapters.shopify import ADAPTER
from adapters.toolkit import PayloadError
from canonical_model.events import Event, OrderSnapshot
from canonical_model.money import Money
from tests.adapters.shopify.shopify_payloads import CONTEXT
from tests.adapters.vendor_fixtures import assert_traceable_and_private, at_pointer

FIXTURES = Path(__file__).resolve().parents[3] / ".." / "shared" / "fixtures" / "shopify"
FILES = sorted(FIXTURES.glob("*.json")) if FIXTURES.is_dir() else []

# Objects a later issue brings in (disputes, inventory, tender transactions) or that record no fact.
UNSUPPORTED = {
    "balance", "dispute", "disputes", "draft_order", "inventory_level", "inventory_levels", "risks", "shop",
    "tender_transactions",
}
PERSONAL = ("bob.norman@hostmail.com", "Bob", "Norman", "Chestnut Street", "555-625-1199", "Steve Jobs")

pytestmark = pytest.mark.skipif(not FILES, reason=f"Shopify vendor fixtures not found at {FIXTURES}")


def _load(path: Path) -> Any:
    return json.loads(path.read_text())


def _is_refund_calculation(document: Any) -> bool:
    return isinstance(document, dict) and "refund" in document and "id" not in document["refund"]


def _legacy_without_currency(data: dict[str, Any]) -> bool:
    """Old transaction examples state no currency; the adapter refuses them rather than guess one."""
    return "kind" in data and "currency" not in data


def _map_all(document: Any) -> list[Event]:
    events = []
    for obj in ADAPTER.split(document):
        if obj.object_type == "transaction" and _legacy_without_currency(obj.data):
            with pytest.raises(PayloadError) as error:
                ADAPTER.map_object(obj, CONTEXT)
            assert error.value.field.endswith("currency")
            continue
        events += ADAPTER.map_object(obj, CONTEXT)
    return events


def test_the_fixtures_cover_every_supported_object() -> None:
    keys = {key for path in FILES if isinstance(doc := _load(path), dict) for key in doc}
    assert {"order", "orders", "refund", "fulfillment", "fulfillment_event", "transaction", "payout", "payouts",
            "transactions"} <= keys


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_vendor_payload_maps_or_is_refused_naming_its_key(path: Path) -> None:
    document = _load(path)
    key = next(iter(document)) if isinstance(document, dict) else None
    if key in UNSUPPORTED or _is_refund_calculation(document):
        with pytest.raises(PayloadError) as error:
            ADAPTER.split(document)
        assert error.value.field == key
        assert "unsupported Shopify object" in str(error.value)
        return
    events = _map_all(document)
    assert_traceable_and_private(events, document, "shopify", CONTEXT, PERSONAL)


@pytest.mark.parametrize("path", [p for p in FILES if p.name in ("rest-order.json", "rest-orders.json")],
                         ids=lambda path: path.name)
def test_order_snapshots_state_the_payload_totals(path: Path) -> None:
    document = _load(path)
    for event in _map_all(document):
        if not isinstance(event.body, OrderSnapshot):
            continue
        order = at_pointer(document, event.payload_pointer)
        stated = event.body.stated
        currency = order["currency"]
        for field, name in [("line_items", "total_line_items_price"), ("subtotal", "subtotal_price"),
                            ("discounts", "total_discounts"), ("tax", "total_tax"), ("total", "total_price")]:
            assert getattr(stated, field) == Money.of(order[name], currency)
        shipping_set = order.get("total_shipping_price_set")
        if shipping_set:
            assert stated.shipping == Money.of(shipping_set["shop_money"]["amount"], currency)
        assert event.body.currency == currency
        assert event.body.name == order["name"]


def test_a_partial_order_states_no_lines() -> None:
    path = FIXTURES / "rest-orders.json"
    (snapshot,) = [e for e in _map_all(_load(path)) if isinstance(e.body, OrderSnapshot)]

    assert snapshot.body.lines is None
    assert snapshot.body.status == "PARTIALLY_REFUNDED"


def test_nested_refunds_and_fulfillments_map_like_the_same_objects_fetched_alone() -> None:
    nested_found = 0
    for path in FILES:
        document = _load(path)
        if not isinstance(document, dict):
            continue
        orders = [document.get("order")] if "order" in document else document.get("orders", [])
        for order in [o for o in orders if isinstance(o, dict)]:
            nested = {e.id: e for e in _map_all({"order": order}) if e.source.object_type != "order"}
            alone = [e for key in ("refunds", "fulfillments") for item in order.get(key, [])
                     for e in _map_all({key[:-1]: item})]
            nested_found += len(alone)
            assert {e.id for e in alone} == set(nested)
            for event in alone:
                assert (nested[event.id].body, nested[event.id].order) == (event.body, event.order)
    assert nested_found, "no vendor order nests a refund or fulfillment"


def test_standalone_and_nested_vendor_objects_of_one_version_share_ids() -> None:
    by_id: dict[str, Event] = {}
    for path in FILES:
        document = _load(path)
        if isinstance(document, dict) and next(iter(document)) in UNSUPPORTED or _is_refund_calculation(document):
            continue
        for event in _map_all(document):
            if event.source.object_type in ("refund", "fulfillment"):
                same = by_id.setdefault(event.id, event)
                assert (same.body, same.order) == (event.body, event.order)
