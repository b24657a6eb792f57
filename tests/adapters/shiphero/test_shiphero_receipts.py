"""ShipHero purchase orders as receipts: only what the warehouse actually received, at the unit cost paid."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.toolkit import MappingContext, PayloadError
from canonical_model.inventory_events import InventoryReceived, ReceiptLine
from canonical_model.money import Money
from tests.adapters.shiphero.shiphero_payloads import (
    PO_RECEIVED,
    WAREHOUSE,
    gid,
    mapped,
    page,
    po_line,
    purchase_order,
    single,
    vendor,
)

PO_ID = gid("PurchaseOrder", 12001)


def test_a_purchase_order_receives_each_lines_received_quantity_at_its_warehouse() -> None:
    (event,) = mapped(page("purchase_orders", [purchase_order()]))

    assert event.body == InventoryReceived(PO_ID, f"shiphero:{WAREHOUSE}", (
        ReceiptLine("MUG-RED", 100, Money.of("6.50", "USD")),
        ReceiptLine("PLATE-BLUE", 48, Money.of("4.25", "USD")),
    ))
    assert (event.source.object_type, event.source.object_id, event.source.version) == (
        "purchase_order", PO_ID, PO_RECEIVED)
    assert event.occurred_at == datetime(2026, 3, 1, 10, 42, 31, tzinfo=UTC)
    assert event.order is None and event.references == ()


def test_context_keeps_number_status_rejections_and_stated_totals() -> None:
    (event,) = mapped(single("purchase_order", purchase_order()))

    assert event.context["po_number"] == "PO-2026-0042" and event.context["po_status"] == "pending"
    assert event.context["vendor_name"] == "Porto Ceramics Lda"
    assert event.context["line_quantities"][1] == {"sku": "PLATE-BLUE", "ordered": 50, "received": 48, "rejected": 2,
                                                   "line_status": "pending"}
    assert event.context["stated_totals"]["total_price"] == "912.50"
    assert "Rui" not in str(event.context) and "orders@porto.example" not in str(event.context)


def test_lines_not_received_yet_are_left_out() -> None:
    lines = [po_line(received=60), po_line(66002, sku="PLATE-BLUE", received=0)]
    (event,) = mapped(single("purchase_order", purchase_order(lines=lines)))

    assert [(line.sku, line.quantity) for line in event.body.lines] == [("MUG-RED", 60)]


def test_a_purchase_order_with_nothing_received_states_nothing() -> None:
    lines = [po_line(received=0), po_line(66002, sku="PLATE-BLUE", received=0)]

    assert mapped(single("purchase_order", purchase_order(lines=lines, fulfillment_status="pending"))) == []


def test_a_later_receipt_restates_the_cumulative_quantities_under_a_new_version() -> None:
    (partial,) = mapped(single("purchase_order", purchase_order(lines=[po_line(received=60)])))
    later = po_line(received=100, updated_at="2026-03-02T08:00:00")
    (complete,) = mapped(single("purchase_order", purchase_order(lines=[later])))

    assert partial.body.receipt_id == complete.body.receipt_id
    assert (partial.body.lines[0].quantity, complete.body.lines[0].quantity) == (60, 100)
    assert partial.id != complete.id


def test_the_version_is_the_latest_line_update() -> None:
    lines = [po_line(updated_at="2026-03-01T10:42:31"), po_line(66002, sku="PLATE-BLUE", updated_at="2026-03-02T09:00:00")]
    (event,) = mapped(single("purchase_order", purchase_order(lines=lines)))

    assert event.source.version == "2026-03-02T09:00:00"
    assert event.occurred_at == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_without_line_update_times_the_version_is_a_content_hash_dated_at_closing() -> None:
    lines = [po_line(updated_at=None)]
    payload = purchase_order(lines=lines, date_closed="2026-03-02T12:00:00")
    (first,) = mapped(single("purchase_order", payload))
    (again,) = mapped(single("purchase_order", payload))

    assert first.id == again.id and len(first.source.version) == 12
    assert first.occurred_at == datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("price", ["0.00", None])
def test_a_line_without_a_price_has_no_unit_cost(price: str | None) -> None:
    (event,) = mapped(single("purchase_order", purchase_order(lines=[po_line(price=price)])))

    assert event.body.lines[0].unit_cost is None


def test_the_vendors_currency_prices_the_lines() -> None:
    (event,) = mapped(single("purchase_order", purchase_order(vendor=vendor("EUR"))))

    assert event.body.lines[0].unit_cost == Money.of("6.50", "EUR")


def test_without_a_vendor_the_connections_currency_prices_the_lines() -> None:
    (event,) = mapped(single("purchase_order", purchase_order(vendor=None)), MappingContext("acme", "h", "CAD"))

    assert event.body.lines[0].unit_cost == Money.of("6.50", "CAD")


def test_a_price_without_any_currency_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(single("purchase_order", purchase_order(vendor=vendor(None))), MappingContext("acme", "h"))

    assert error.value.field == "data.purchase_order.data.line_items.edges[0].node.price"


def test_a_received_line_without_a_sku_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(page("purchase_orders", [purchase_order(lines=[po_line(), po_line(66002, sku=None)])]))

    assert error.value.field == "data.purchase_orders.data.edges[0].node.line_items.edges[1].node.sku"


def test_a_line_without_its_received_quantity_names_its_path() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(single("purchase_order", purchase_order(lines=[po_line(received=None)])))

    assert error.value.field == "data.purchase_order.data.line_items.edges[0].node.quantity_received"


def test_replay_gives_identical_ids() -> None:
    assert [e.id for e in mapped(single("purchase_order", purchase_order()))] == [
        e.id for e in mapped(single("purchase_order", purchase_order()))]
