"""Shippo orders, batches, rates and the shapes documents come in."""

from __future__ import annotations

import pytest

from adapters.shippo.split import next_page, split
from adapters.toolkit import PayloadError
from canonical_model.money import Money
from tests.adapters.shippo.shippo_payloads import (
    batch,
    batch_entry,
    line_item,
    mapped,
    of_type,
    order,
    rate,
    track,
    transaction,
)


def test_an_order_is_the_stores_copy_and_states_no_shipment_of_its_own() -> None:
    assert mapped(order(line_items=[line_item(), line_item("MUG-BLUE", 1, "li0002")])) == []
    assert mapped(order(order_status="SHIPPED", transactions=["txn0001"])) == [], "an id names a label read apart"


def test_an_orders_embedded_transactions_map_with_the_order_number() -> None:
    events = mapped(order(transactions=[transaction(embedded=rate("7.50"), metadata="")]))

    (label,) = of_type(events, "fee.charged")
    assert label.body.amount == Money.of("7.50", "USD") and label.references == ("#1001",)
    assert label.payload_pointer == "/transactions/0" and label.context["shippo_order_id"] == "order0001"
    assert label.context["shippo_order_status"] == "PAID"


def test_an_order_line_without_a_whole_quantity_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(order(line_items=[line_item(), {**line_item(), "quantity": "two"}]))

    assert error.value.field == "line_items[1].quantity"


def test_a_batch_maps_its_purchased_transactions_and_nothing_for_entries_not_yet_bought() -> None:
    events = mapped(batch([batch_entry(), batch_entry(transaction(embedded=rate("9.09")))]))

    assert [e.type for e in events] == ["shipment.created", "fee.charged"]
    assert events[0].payload_pointer == "/batch_shipments/results/1/transaction"
    assert events[0].references == ("Order #1001", "Order #1002")
    assert events[0].context["batch_metadata"] == "BATCH #7"
    assert mapped(batch([batch_entry()])) == []


def test_rates_are_quotes_and_map_to_nothing_but_a_malformed_rate_is_refused() -> None:
    page = {"count": 2, "next": None, "previous": None, "results": [rate(), rate("24.73", provider="FedEx")]}

    assert [o.object_type for o in split(page)] == ["rate", "rate"]
    assert mapped(page) == []
    with pytest.raises(PayloadError) as error:
        mapped({**page, "results": [rate(), rate(amount="")]})
    assert error.value.field == "results[1].amount"


def test_pages_lists_and_webhooks_are_split_with_pointers() -> None:
    assert [(o.object_type, o.pointer) for o in split([transaction(), track()])] == [
        ("transaction", "/0"), ("track", "/1")]
    assert [(o.object_type, o.pointer) for o in split({"event": "transaction_updated", "data": transaction()})] == [
        ("transaction", "/data")]
    assert next_page({"results": [], "next": "https://api.goshippo.com/transactions/?page=2"}) == \
        "https://api.goshippo.com/transactions/?page=2"
    assert next_page({"results": [], "next": None}) is None


@pytest.mark.parametrize(("document", "field", "says"), [
    ({"object_id": "adr1", "street1": "1 Main St", "city": "Springfield"}, "document", "unsupported Shippo object"),
    ({"results": [transaction(), {"object_id": "p1", "length": "10"}]}, "results[1]", "unsupported Shippo object"),
    ({"object_id": "s1", "address_from": {}, "address_to": {}, "parcels": [], "rates": []}, "document",
     "a Shippo shipment is a rate request"),
])
def test_unsupported_objects_are_refused_naming_where_and_why(document: dict, field: str, says: str) -> None:
    with pytest.raises(PayloadError) as error:
        split(document)

    assert error.value.field == field and says in str(error.value)
