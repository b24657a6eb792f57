"""Conformance: every eBay document maps, and the numbers its events carry are the payload's own totals.

The checks run over the vendor's files in shared/fixtures/ebay beside the project when that folder
exists (no licensed real eBay payloads exist today, so that part is skipped), and always over documents
built from eBay's published API reference by the builders.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from adapters.ebay import ADAPTER
from adapters.toolkit import PayloadError
from canonical_model.commerce import commerce_view
from canonical_model.events import (
    Event,
    FeeCharged,
    OrderSnapshot,
    PayoutRecorded,
    RefundIssued,
    SettlementLineRecorded,
    ShipmentCreated,
)
from canonical_model.money import Money, total
from tests.adapters.ebay import ebay_payloads as build
from tests.adapters.vendor_fixtures import at_pointer

FIXTURES = Path(__file__).resolve().parents[3] / ".." / "shared" / "fixtures" / "ebay"
FILES = sorted(path for path in FIXTURES.iterdir() if path.is_file()) if FIXTURES.is_dir() else []
# Vendor files of kinds the adapter refuses, by file name, with the reason; none exist today.
UNSUPPORTED: dict[str, str] = {}

BUILT: dict[str, Any] = {
    "getOrders page 1 of 2": build.orders_page([build.order("12-00000-00001"), build.order("12-00000-00002")],
                                               limit=2, total=3),
    "getOrders page 2 of 2": build.orders_page([build.cancelled(build.order("12-00000-00003"))], 2, 2, 3),
    "getOrder with promotions": build.order(lines=[
        build.line_item(promotions=(build.promotion("4.00"),)),
        build.line_item("10045678901235", "BOWL-BLUE", "12.50", 3, "2.40", "0.00")]),
    "getShippingFulfillments": build.fulfillments([build.fulfillment(), build.fulfillment("A2", (("1", 1),))]),
    "getTransactions": build.transactions_page([
        build.transaction(), build.refund_transaction(), build.charge_transaction(),
        build.charge_transaction("L1", "SHIPPING_LABEL", "8.45", feeType=None, orderId=build.ORDER_ID),
        build.transaction("D1", "DISPUTE", "48.20", "DEBIT", orderLineItems=[], totalFeeAmount=build.money("0.00")),
    ]),
    "getPayouts": build.payouts_page([build.payout(), build.payout("6000012346", "12.00", "INITIATED")]),
}
BUILT_UNSUPPORTED = {
    "getPaymentDisputeSummaries": ({"paymentDisputeSummaries": [], "total": 0}, "no dispute body mapped yet"),
    "getTransfer": ({"transferId": "T1", "transferAmount": build.money("5.00")}, "a transfer's charges are "
                    "already TRANSFER transactions"),
    "getPayoutSummary": ({"payoutCount": 1, "amount": build.money("1.00")}, "an aggregate states no fact"),
}


def _money(node: dict[str, Any]) -> Money:
    return Money.of(node["value"], node["currency"])


def _map(document: Any) -> list[Event]:
    return [event for obj in ADAPTER.split(document) for event in ADAPTER.map_object(obj, build.CONTEXT)]


def _check_order(event: Event, raw: dict[str, Any]) -> None:
    stated = _money(raw["pricingSummary"]["total"])
    assert event.body.stated.total == stated
    assert commerce_view([event]).total == stated
    for line, raw_line in zip(event.body.lines, raw["lineItems"], strict=True):
        assert line.unit_price.times(line.quantity) == _money(raw_line["lineItemCost"])


def _check_transaction(events: list[Event], raw: dict[str, Any]) -> None:
    sign = 1 if raw["bookingEntry"] == "CREDIT" else -1
    lines = [e.body for e in events if isinstance(e.body, SettlementLineRecorded)]
    assert total([part.amount for part in lines], lines[0].amount.currency) == _money(raw["amount"]).times(sign)
    line = lines[0]
    if raw["transactionType"] in ("SALE", "REFUND") and raw.get("totalFeeBasisAmount"):
        assert line.amount == _money(raw["totalFeeBasisAmount"]).times(sign), "the sale's or refund's own line"
    fees = [e.body.amount for e in events if isinstance(e.body, FeeCharged)]
    if raw["transactionType"] in ("NON_SALE_CHARGE", "SHIPPING_LABEL"):
        assert fees == [-line.amount] and len(lines) == 1
    elif fees:
        assert total(fees, line.amount.currency) == _money(raw["totalFeeAmount"]).times(sign)
    for refund in (e.body for e in events if isinstance(e.body, RefundIssued)):
        assert refund.amount == _money(raw.get("totalFeeBasisAmount") or raw["amount"])


def _check(document: Any) -> list[Event]:
    events = _map(document)
    by_pointer: dict[str, list[Event]] = {}
    for event in events:
        by_pointer.setdefault(event.payload_pointer, []).append(event)
    for pointer, group in by_pointer.items():
        raw = at_pointer(document, pointer)
        first = group[0].body
        if isinstance(first, OrderSnapshot):
            _check_order(group[0], raw)
        elif isinstance(first, SettlementLineRecorded):
            _check_transaction(group, raw)
        elif isinstance(first, PayoutRecorded):
            assert first.amount == _money(raw["amount"])
        elif isinstance(first, ShipmentCreated):
            assert [line.quantity for line in first.lines] == [item["quantity"] for item in raw["lineItems"]]
    context = json.dumps([event.context for event in events], default=str)
    assert not [personal for personal in build.PERSONAL if personal in context]
    return events


@pytest.mark.parametrize("name", sorted(BUILT))
def test_built_documents_map_to_their_own_totals(name: str) -> None:
    document = ADAPTER.parse(build.body(BUILT[name]))

    assert _check(document)


@pytest.mark.parametrize("name", sorted(BUILT_UNSUPPORTED))
def test_built_documents_of_unsupported_kinds_are_refused_naming_the_object(name: str) -> None:
    document, _reason = BUILT_UNSUPPORTED[name]

    with pytest.raises(PayloadError) as error:
        ADAPTER.split(document)

    assert error.value.field in document


@pytest.mark.skipif(not FILES, reason=f"no eBay vendor fixtures at {FIXTURES} (no licensed real payloads exist)")
@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_vendor_files_map_or_are_refused_for_a_listed_reason(path: Path) -> None:
    document = ADAPTER.parse(path.read_bytes())
    if path.name in UNSUPPORTED:
        with pytest.raises(PayloadError):
            _map(document)
        return
    _check(document)


def test_amounts_in_built_documents_are_never_floats() -> None:
    document = ADAPTER.parse(build.body(BUILT["getTransactions"]).replace(b'"38.21"', b"38.21"))

    lines = [e.body for e in _map(document) if e.source.object_id == "5012345678019" and e.type == "settlement.line"]

    assert all(isinstance(line.amount.amount, Decimal) for line in lines)
    assert total([line.amount for line in lines], "USD") == Money.of("38.21", "USD")
