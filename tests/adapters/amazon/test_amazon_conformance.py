"""Conformance over Amazon's own SP-API examples and samples (shared/fixtures/amazon-sp-api, beside the project)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from adapters.amazon import ADAPTER
from canonical_model.commerce import commerce_view
from canonical_model.events import (
    Event,
    FeeCharged,
    OrderSnapshot,
    PayoutRecorded,
    SettlementLineRecorded,
    ShipmentCreated,
)
from canonical_model.money import Money, total
from tests.adapters.amazon.amazon_payloads import CONTEXT

FIXTURES = Path(__file__).resolve().parents[3] / ".." / "shared" / "fixtures" / "amazon-sp-api"
FILES = sorted(path for path in FIXTURES.iterdir() if path.is_file()) if FIXTURES.is_dir() else []

# Files that are valid payloads but state no business fact: they map to no event (nothing is refused).
NO_FACT = {
    "orders-v0-getOrderAddress-example.json": "an order's shipping address only (personal data)",
    "samples-orders-getOrderAddress.json": "an order's shipping address and delivery preferences only",
}
# Files of kinds the adapter refuses; none of the vendor's files is one today.
UNSUPPORTED: dict[str, str] = {}
PERSONAL = (
    "John Doe", "user@example.com", "Michigan address", "Cross St", "Canton", "Tom Jones", "123 Main St",
    "Susan Spectre", "customer@example.com", "5555555555", "<buyer-email>", "<address-line-1>", "<tax-id>",
    "Receiving Department", "Business Park", "Anytown", "A Company Name", "For you!",
)

pytestmark = pytest.mark.skipif(not FILES, reason=f"Amazon vendor fixtures not found at {FIXTURES}")


def _map(path: Path) -> tuple[Any, list[Event]]:
    document = ADAPTER.parse(path.read_bytes())
    return document, [event for obj in ADAPTER.split(document) for event in ADAPTER.map_object(obj, CONTEXT)]


def _resolve(document: Any, pointer: str) -> Any:
    for part in pointer.split("/")[1:]:
        document = document[int(part)] if isinstance(document, list) else document[part]
    return document


def _money(node: dict[str, Any]) -> Money:
    amount = node.get("Amount", node.get("CurrencyAmount", node.get("currencyAmount")))
    return Money.of(amount, node.get("CurrencyCode") or node["currencyCode"])


def _stated_amount(node: dict[str, Any]) -> Money:
    """The amount a Finances node states: a component's amount, a breakdown's, a transaction's, or the node itself."""
    for name in ("ChargeAmount", "FeeAmount", "PromotionAmount", "DirectPaymentAmount", "breakdownAmount",
                 "totalAmount"):
        if name in node:
            return _money(node[name])
    return _money(node)


def _report_rows(path: Path) -> dict[int, dict[str, str]]:
    reader = csv.DictReader(io.StringIO(path.read_text()), delimiter="\t")
    return {number: row for number, row in enumerate(reader, start=2)}


def test_the_fixtures_cover_every_kind_of_answer() -> None:
    kinds = {obj.object_type for path in FILES for obj in ADAPTER.split(ADAPTER.parse(path.read_bytes()))}

    assert {"order", "order_items", "order_personal_data", "financial_event_group", "transaction",
            "settlement_summary", "settlement_row", "fulfillment_order", "package_tracking", "ServiceFeeEvent",
            "PayWithAmazonEvent"} <= kinds


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_vendor_file_maps_with_its_whole_context(path: Path) -> None:
    assert path.name not in UNSUPPORTED
    document, events = _map(path)

    assert bool(events) != (path.name in NO_FACT)
    for event in events:
        assert event.source.system == "amazon" and event.source.account == CONTEXT.account
        assert event.occurred_at.tzinfo is not None
        assert event.payload_hash == CONTEXT.payload_hash
        if path.suffix == ".json":
            assert isinstance(_resolve(document, event.payload_pointer), dict)
        rendered = json.dumps(event.context)
        assert not [word for word in PERSONAL if word in rendered]


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_replaying_a_vendor_file_gives_identical_ids(path: Path) -> None:
    first, second = (_map(path)[1] for _ in range(2))

    assert [event.id for event in first] == [event.id for event in second]
    assert len({event.id for event in first}) == len(first)


@pytest.mark.parametrize("path", [p for p in FILES if p.suffix == ".json"], ids=lambda path: path.name)
def test_the_numbers_equal_the_payloads_own(path: Path) -> None:
    document, events = _map(path)

    for event in events:
        node = _resolve(document, event.payload_pointer)
        body = event.body
        if isinstance(body, OrderSnapshot) and body.stated is not None:
            assert body.stated.total == _money(node["OrderTotal"])
        elif isinstance(body, SettlementLineRecorded):
            assert body.amount == _stated_amount(node)
        elif isinstance(body, FeeCharged):
            assert body.amount == -_stated_amount(node)
        elif isinstance(body, PayoutRecorded):
            assert body.amount == _money(node["OriginalTotal"])
        elif isinstance(body, ShipmentCreated):
            assert sum(line.quantity for line in body.lines) == sum(
                item["quantity"] for item in _resolve(document, event.payload_pointer.rsplit("/", 2)[0])
                ["fulfillmentShipmentItem"])


def test_the_transactions_lines_add_up_to_each_stated_total() -> None:
    document, events = _map(FIXTURES / "finances-2024-06-19-listTransactions-sandbox.json")

    for index, transaction in enumerate(document["payload"]["transactions"]):
        mine = [e.body.amount for e in events if e.payload_pointer.startswith(f"/payload/transactions/{index}")]
        assert total(mine, "USD") == _money(transaction["totalAmount"])


def test_the_settlement_file_total_is_carried_as_stated_and_its_lines_keep_their_signs() -> None:
    path = FIXTURES / "settlement-v2-flat-file-airbyte.tsv"
    rows = _report_rows(path)
    _, events = _map(path)

    (payout,) = [e.body for e in events if isinstance(e.body, PayoutRecorded)]
    assert payout.amount == Money.of(rows[2]["total-amount"], rows[2]["currency"]) == Money.of("1234.56", "USD")
    lines = [e for e in events if isinstance(e.body, SettlementLineRecorded)]
    assert [str(e.body.amount.amount) for e in lines] == ["19.99", "-3.22"]
    for event in lines:
        line, column = event.key.removeprefix("line ").split("/")
        assert event.body.amount.amount == Decimal(rows[int(line)][column])
        assert event.body.order_external_id == rows[int(line)]["order-id"]


def test_the_sandbox_order_and_its_items_add_up_to_its_order_total() -> None:
    orders, order_events = _map(FIXTURES / "orders-v0-getOrders-sandbox-0.json")
    _, item_events = _map(FIXTURES / "orders-v0-getOrderItems-sandbox-0.json")
    (order,) = [o for o in orders["payload"]["Orders"] if o["AmazonOrderId"] == "902-1845936-5435065"]
    mine = [e for e in order_events + item_events if e.order and e.order.external_id == "902-1845936-5435065"]
    # Drop the stated total: the items alone must come to the same figure.
    mine = [e for e in mine if e.source.object_type == "order_items"]

    view = commerce_view(sorted(mine, key=lambda event: event.occurred_at))

    assert view.total == _money(order["OrderTotal"])


def test_the_mcf_package_is_the_shipment_its_tracking_reports_on() -> None:
    _, shipments = _map(FIXTURES / "samples-mcf-v1-getFulfillmentOrder.json")
    _, tracking = _map(FIXTURES / "samples-mcf-v1-getPackageTrackingDetails.json")

    assert {e.body.shipment_id for e in shipments} == {e.body.shipment_id for e in tracking} == {"543939833"}
    assert [e.type for e in tracking][-1] == "shipment.delivered"
