"""Conformance over EasyPost's own recorded payloads (shared/fixtures/easypost, beside the project)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from adapters.easypost import ADAPTER
from canonical_model.events import Event, FeeCharged
from canonical_model.money import Money
from tests.adapters.easypost.easypost_payloads import CONTEXT
from tests.adapters.vendor_fixtures import assert_traceable_and_private

FIXTURES = Path(__file__).resolve().parents[3] / ".." / "shared" / "fixtures" / "easypost"
FILES = sorted(FIXTURES.glob("*.json")) if FIXTURES.is_dir() else []

# Every recorded EasyPost file is a supported object; none is refused. These map to no events, and why:
NO_EVENTS = {
    "batch-buy.json": "the batch lists its shipment as a stub (id and batch_status): the shipment states its own facts",
}
PERSONAL = ("ELIZABETH SWAN", "Elizabeth Swan", "JACK SPARROW", "Jack Sparrow", "HARBOR DR", "Townsend St",
            "TOWNSEND ST", "Steve Brule", "<REDACTED>")

pytestmark = pytest.mark.skipif(not FILES, reason=f"EasyPost vendor fixtures not found at {FIXTURES}")


def _load(path: Path) -> Any:
    return ADAPTER.parse(path.read_bytes())


def _map_all(document: Any) -> list[Event]:
    return [event for obj in ADAPTER.split(document) for event in ADAPTER.map_object(obj, CONTEXT)]


def _objects(document: Any, kind: str, pointer: str = "") -> Iterator[tuple[str, dict]]:
    """Every object of one EasyPost kind inside a document, with its pointer."""
    if isinstance(document, dict):
        if document.get("object") == kind:
            yield pointer, document
        for key, value in document.items():
            yield from _objects(value, kind, f"{pointer}/{key}")
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from _objects(value, kind, f"{pointer}/{index}")


def _fees_at(events: list[Event], pointer: str) -> list[FeeCharged]:
    return [e.body for e in events if isinstance(e.body, FeeCharged) and e.payload_pointer == pointer]


def test_the_fixtures_cover_every_supported_object() -> None:
    kinds = {obj.object_type for path in FILES for obj in ADAPTER.split(_load(path))}
    assert kinds == {"shipment", "tracker", "batch", "order", "refund", "insurance"}


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_vendor_payload_maps_with_its_whole_context(path: Path) -> None:
    document = _load(path)
    events = _map_all(document)
    assert bool(events) is (path.name not in NO_EVENTS)
    assert_traceable_and_private(events, document, "easypost", CONTEXT, PERSONAL)
    assert all(event.order is None for event in events)
    assert [e.id for e in events] == [e.id for e in _map_all(_load(path))]
    assert len({e.id for e in events}) == len(events)


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_label_fees_equal_the_selected_rates_and_stated_fees_their_amounts(path: Path) -> None:
    document = _load(path)
    events = _map_all(document)
    for pointer, shipment in _objects(document, "Shipment"):
        fees = _fees_at(events, pointer)
        labels = [fee.amount for fee in fees if fee.fee_type == "shipping_label"]
        bought = shipment.get("postage_label") is not None
        rate = shipment.get("selected_rate") or {}
        assert labels == ([Money.of(rate["rate"], rate["currency"])] if bought else [])
        stated = [Money.of(fee["amount"], "USD") for fee in shipment.get("fees") or []
                  if fee["charged"] and Decimal(fee["amount"]) and not (bought and fee["type"] == "PostageFee")]
        assert [fee.amount for fee in fees if fee.fee_type != "shipping_label"] == stated
    for pointer, insurance in _objects(document, "Insurance"):
        assert [fee.amount for fee in _fees_at(events, pointer)] == [Money.of(insurance["fee"]["amount"], "USD")]


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_tracking_detail_is_one_status_change_of_the_trackers_shipment(path: Path) -> None:
    document = _load(path)
    events = _map_all(document)
    for pointer, tracker in _objects(document, "Tracker"):
        changes = [e for e in events if e.type == "shipment.status_changed" and e.payload_pointer == pointer]
        assert [e.body.message for e in changes] == [d["message"] for d in tracker["tracking_details"]]
        assert {e.body.shipment_id for e in changes} <= {tracker["shipment_id"] or tracker["id"]}


def test_the_postage_fee_of_a_bought_label_is_its_rate_so_it_is_kept_in_context_only() -> None:
    document = _load(FIXTURES / "shipment-bought-with-label.json")
    created = next(e for e in _map_all(document) if e.type == "shipment.created")

    assert Decimal(created.context["postage_fee"]) == Decimal(document["selected_rate"]["rate"])
    assert created.references == ("123",)
    assert created.context["parcel"]["weight"] == "15.4"


def test_an_order_records_one_label_per_shipment_and_no_quote() -> None:
    document = _load(FIXTURES / "order-bought.json")
    labels = [e.body.amount for e in _map_all(document) if e.key == "shipping_label"]

    assert labels == [Money.of(s["selected_rate"]["rate"], "USD") for s in document["shipments"]]
    assert sum((m.amount for m in labels), Decimal(0)) == Decimal("11.74")


def test_a_shipment_inside_a_refund_request_and_its_tracker_listed_alone_agree_on_the_shipment() -> None:
    refund = _map_all(_load(FIXTURES / "refunds-create.json"))
    listed = _map_all(_load(FIXTURES / "trackers-list.json"))

    assert refund[0].body.status == "REFUND_SUBMITTED"
    assert refund[0].body.shipment_id in {e.body.shipment_id for e in listed}
