"""Conformance over Shippo's own recorded payloads (shared/fixtures/shippo, beside the project)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from adapters.shippo import ADAPTER
from adapters.toolkit import PayloadError
from canonical_model.events import Event, FeeCharged
from canonical_model.money import Money
from tests.adapters.shippo.shippo_payloads import CONTEXT
from tests.adapters.vendor_fixtures import assert_traceable_and_private

FIXTURES = Path(__file__).resolve().parents[3] / ".." / "shared" / "fixtures" / "shippo"
FILES = sorted(FIXTURES.glob("*.json")) if FIXTURES.is_dir() else []

# Every recorded Shippo file is a supported object; none is refused. These map to no events, and why:
NO_EVENTS = {
    "batch-purchase.json": "the batch's entries are not purchased yet (transaction null): no label, no fact",
    "shipment-rates-list.json": "rates are quotes: nothing was bought, so they are validated and state no fact",
    "order-retrieve.json": "an order is the store's copy: its lines are the channel's facts and it embeds no label",
}
PERSONAL = ("goshippo.com", "Mr Hippo", "215 Clayton", "15553419393")

pytestmark = pytest.mark.skipif(not FILES, reason=f"Shippo vendor fixtures not found at {FIXTURES}")


def _load(name: str | Path) -> Any:
    path = name if isinstance(name, Path) else FIXTURES / name
    return ADAPTER.parse(path.read_bytes())


def _map_all(document: Any) -> list[Event]:
    return [event for obj in ADAPTER.split(document) for event in ADAPTER.map_object(obj, CONTEXT)]


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_the_fixtures_cover_every_supported_object() -> None:
    kinds = {obj.object_type for path in FILES for obj in ADAPTER.split(_load(path))}
    assert kinds == {"transaction", "track", "order", "batch", "rate"}


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_vendor_payload_maps_with_its_whole_context(path: Path) -> None:
    document = _load(path)
    events = _map_all(document)
    assert bool(events) is (path.name not in NO_EVENTS)
    assert_traceable_and_private(events, document, "shippo", CONTEXT, PERSONAL)
    assert all(event.order is None for event in events)
    assert [e.id for e in events] == [e.id for e in _map_all(_load(path))]
    assert len({e.id for e in events}) == len(events)


def test_transactions_naming_their_rate_by_id_are_shipments_with_no_guessed_fee() -> None:
    document = _load("transactions-list.json")
    events = _map_all(document)

    assert [e.body.shipment_id for e in events] == [t["object_id"] for t in document["results"]]
    assert not [e for e in events if isinstance(e.body, FeeCharged)]
    assert [e.body.status for e in events] == ["QUEUED", "ERROR", "ERROR", "LABEL_PURCHASED", "ERROR"]
    assert events[3].body.tracking_numbers == ("9205590164917310132354",)


def test_a_label_fee_equals_the_rate_amount_exactly_once_its_rate_is_embedded() -> None:
    rates = {rate["object_id"]: rate for rate in _load("shipment-rates-list.json")["results"]}
    transaction = _load("transaction-retrieve.json")
    rate = rates[transaction["rate"]]
    bought = {**transaction, "status": "SUCCESS", "rate": rate}

    (fee,) = [e.body for e in _map_all(bought) if isinstance(e.body, FeeCharged)]

    assert fee == FeeCharged("shipping_label", Money.of(rate["amount"], rate["currency"]), transaction["object_id"])
    assert str(fee.amount.amount) == "22.73"


def test_every_rate_of_the_list_is_read_and_none_becomes_a_fact() -> None:
    document = _load("shipment-rates-list.json")

    assert len(ADAPTER.split(document)) == document["count"] == len(document["results"])
    assert _map_all(document) == []


def test_the_track_states_each_history_entry_once_and_delivery_at_the_delivered_status_date() -> None:
    document = _load("track-usps-status.json")
    events = _map_all(document)

    changes = [e for e in events if e.type == "shipment.status_changed"]
    assert [e.body.message for e in changes] == [h["status_details"] for h in document["tracking_history"]]
    (delivered,) = [e for e in events if e.type == "shipment.delivered"]
    assert delivered.body.delivered_at == _time(document["tracking_status"]["status_date"])
    assert {e.body.shipment_id for e in events} == {document["tracking_number"]}
    assert {e.references for e in events} == {(document["metadata"],)}


def test_the_order_is_read_and_refused_when_a_line_quantity_is_not_whole() -> None:
    document = _load("order-retrieve.json")
    assert _map_all(document) == []
    document["line_items"][0]["quantity"] = "one"
    with pytest.raises(PayloadError) as error:
        _map_all(document)
    assert error.value.field == "line_items[0].quantity"
