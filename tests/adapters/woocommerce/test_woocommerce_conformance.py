"""Conformance over WooCommerce's own example payloads (shared/fixtures/woocommerce, beside the project)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from adapters.toolkit import PayloadError
from adapters.woocommerce import ADAPTER
from canonical_model.events import Event, OrderSnapshot, RefundIssued
from canonical_model.money import Money
from canonical_model.source_checks import order_source_findings
from hub.ingest import ingest_documents
from hub.schema import orders
from tests.adapters.vendor_fixtures import assert_traceable_and_private, at_pointer
from tests.adapters.woocommerce.woocommerce_payloads import CONTEXT

FIXTURES = Path(__file__).resolve().parents[3] / ".." / "shared" / "fixtures" / "woocommerce"
FILES = sorted(FIXTURES.glob("*.json")) if FIXTURES.is_dir() else []
# Files of kinds the adapter refuses, with the reason; every file WooCommerce publishes here is supported.
UNSUPPORTED: dict[str, str] = {}
PERSONAL = ("John", "Doe", "john.doe@example.com", "969 Market", "Jo\u00e3o", "Silva", "Av. Brasil", "(555) 555-5555",
            "(11) 1111-1111", "127.0.0.1", "mozilla")

pytestmark = pytest.mark.skipif(not FILES, reason=f"WooCommerce vendor fixtures not found at {FIXTURES}")


def _load(path: Path) -> Any:
    return ADAPTER.parse(path.read_bytes())


# The fixtures' store sells in USD; a connection states its currency because WooCommerce refunds do not.
STORE = replace(CONTEXT, currency="USD")


def _map(document: Any) -> list[Event]:
    return [event for obj in ADAPTER.split(document) for event in ADAPTER.map_object(obj, STORE)]


def _all_events() -> list[tuple[Any, Event]]:
    return [(document, event) for path in FILES if path.name not in UNSUPPORTED
            for document in [_load(path)] for event in _map(document)]


def test_the_fixtures_cover_every_supported_form() -> None:
    kinds = {obj.object_type for path in FILES for obj in ADAPTER.split(_load(path))}
    assert kinds == {"order", "deleted_order", "refund"}
    assert any(set(doc) == {"create", "update", "delete"} for path in FILES if isinstance(doc := _load(path), dict))
    assert any(isinstance(_load(path), list) for path in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_vendor_payload_maps_or_is_refused_naming_the_object(path: Path) -> None:
    document = _load(path)
    if path.name in UNSUPPORTED:
        with pytest.raises(PayloadError) as error:
            _map(document)
        assert "unsupported WooCommerce object" in str(error.value)
        return
    events = _map(document)
    assert events
    assert_traceable_and_private(events, document, "woocommerce", CONTEXT, PERSONAL)
    assert all(event.order is not None and event.references == () for event in events)


def test_order_snapshots_state_the_payload_totals() -> None:
    snapshots = [(d, e) for d, e in _all_events() if isinstance(e.body, OrderSnapshot)]
    assert len(snapshots) == 8
    for document, event in snapshots:
        order = at_pointer(document, event.payload_pointer)
        stated, currency = event.body.stated, order["currency"]
        lines = order["line_items"]
        assert stated.total == Money.of(order["total"], currency)
        assert stated.tax == Money.of(order["total_tax"], currency)
        assert stated.shipping == Money.of(order["shipping_total"], currency)
        assert stated.discounts == Money.of(order["discount_total"], currency)
        assert stated.line_items.amount == sum(Decimal(line["subtotal"]) for line in lines)
        assert stated.subtotal.amount == sum(Decimal(line["total"]) for line in lines)
        assert sum(tax.amount.amount for tax in event.body.tax_lines) == Decimal(order["total_tax"])
        assert [line.quantity for line in event.body.lines] == [line["quantity"] for line in lines]
        assert (event.body.currency, event.body.name) == (currency, f"#{order['number']}")
        assert event.source.object_id == str(order["id"])


def test_refund_amounts_equal_the_payloads() -> None:
    refunds = [(d, e) for d, e in _all_events() if isinstance(e.body, RefundIssued)]
    assert len(refunds) == 7
    for document, event in refunds:
        refund = at_pointer(document, event.payload_pointer)
        if "amount" in refund:
            assert event.body.amount.amount == Decimal(refund["amount"])
            assert [line.amount.amount for line in event.body.lines] == [-Decimal(i["total"]) for i in refund["line_items"]]
        else:
            assert event.body.amount.amount == -Decimal(refund["total"])
            assert event.context["stated_total"] == refund["total"]


def test_the_same_refund_nested_in_an_order_and_fetched_alone_is_one_refund_stated_twice() -> None:
    by_refund: dict[str, set[str]] = {}
    for _, event in _all_events():
        if isinstance(event.body, RefundIssued):
            by_refund.setdefault(event.body.refund_id, set()).add(event.source.object_type)
    assert by_refund == {"724": {"order_refund", "refund"}, "726": {"order_refund", "refund"}}


def test_woocommerces_own_orders_contradict_nothing() -> None:
    by_order: dict[str, list[Event]] = {}
    for _, event in _all_events():
        by_order.setdefault(event.order_id, []).append(event)
    for events in by_order.values():
        assert order_source_findings(events) == []


def test_the_batch_deletion_is_kept_as_a_fact() -> None:
    deleted = [e for _, e in _all_events() if e.type == "record.deleted"]
    assert [(e.body.object_type, e.body.object_id, e.payload_pointer) for e in deleted] == [("order", "723", "/delete/0")]


def test_orders_then_refunds_through_the_hub_report_what_woocommerce_stated(engine: Engine) -> None:
    names = [p.name for p in FILES if "refund" not in p.name] + [p.name for p in FILES if "refund" in p.name]
    report = ingest_documents(engine, ADAPTER, "conformance", [(name, (FIXTURES / name).read_bytes()) for name in names],
                              currency="USD")

    assert report.rejections == []
    with engine.connect() as connection:
        views = {row.external_id: row.view for row in connection.execute(select(orders.c.external_id, orders.c.view))}
    assert set(views) == {"723", "727", "728", "729"}
    assert views["727"]["commerce"]["status"] == "COMPLETED"
    assert views["727"]["commerce"]["total"] == {"amount": "29.35", "currency": "USD"}
    assert views["723"]["finance"]["refund_total"] == {"amount": "19.00", "currency": "USD"}
