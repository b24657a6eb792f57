"""Shopify orders: snapshots with discounts and their reasons, presentment money, cancellation, partial payloads."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from adapters.toolkit import PayloadError
from canonical_model.events import Discount, OrderCancelled, OrderPlaced, OrderUpdated, ShippingLine, TaxLine
from canonical_model.identity import OrderRef, short_hash
from canonical_model.money import Money
from tests.adapters.shopify.shopify_payloads import (
    CONTEXT,
    LATER,
    PLACED,
    fulfillment,
    line_item,
    mapped,
    money_set,
    of_type,
    order,
    refund,
)


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def snapshot(payload: dict):
    return mapped({"order": payload})[0]


def test_a_new_order_is_placed_with_its_source_identity_and_payload_address() -> None:
    event = snapshot(order())

    assert isinstance(event.body, OrderPlaced)
    assert event.source.system == "shopify"
    assert event.source.account == "acme.myshopify.com"
    assert (event.source.object_type, event.source.object_id) == ("order", "450001")
    assert event.source.version == f"{PLACED}#{short_hash(json.dumps(order(), sort_keys=True))}"
    assert event.order == OrderRef("shopify", "acme.myshopify.com", "450001")
    assert event.payload_hash == CONTEXT.payload_hash
    assert event.payload_pointer == "/order"
    assert event.occurred_at == datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
    assert event.body.placed_at == datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
    assert (event.body.name, event.body.currency, event.body.status) == ("#1001", "USD", "UNFULFILLED")


def test_a_later_version_is_an_update() -> None:
    event = snapshot(order(updated_at=LATER, fulfillment_status="fulfilled"))

    assert isinstance(event.body, OrderUpdated)
    assert event.occurred_at == datetime(2026, 3, 5, 14, 30, tzinfo=UTC)
    assert event.body.status == "FULFILLED"


def test_lines_carry_sku_title_quantity_price_and_taxes() -> None:
    tax = {"title": "State tax", "rate": "0.06", "price": "2.40"}
    event = snapshot(order(line_items=[line_item(tax_lines=[tax])]))

    (line,) = event.body.lines
    assert (line.line_id, line.sku, line.title, line.quantity, line.unit_price) == (
        "1001", "MUG-RED", "Stoneware mug", 2, usd("20.00"))
    assert line.taxes == (TaxLine("State tax", "0.06", usd("2.40")),)


def test_discount_allocations_carry_the_code_and_reason_of_their_application() -> None:
    applications = [
        {"type": "discount_code", "code": "SPRING5", "value": "5.0", "value_type": "fixed_amount",
         "description": "spring newsletter promotion"},
        {"type": "automatic", "title": "Buy 2 mugs, save 10%", "description": "mug bundle", "value": "10.0"},
    ]
    allocations = [{"amount": "5.00", "discount_application_index": 0},
                   {"amount": "4.00", "discount_application_index": 1}]
    payload = order(
        line_items=[line_item(discount_allocations=allocations)],
        discount_applications=applications,
        discount_codes=[{"code": "SPRING5", "amount": "5.00", "type": "fixed_amount"}],
        total_discounts="9.00",
    )

    body = snapshot(payload).body

    assert body.lines[0].discounts == (
        Discount("SPRING5", "spring newsletter promotion", usd("5.00")),
        Discount("Buy 2 mugs, save 10%", "mug bundle", usd("4.00")),
    )
    assert body.discounts == (Discount("SPRING5", "spring newsletter promotion", usd("5.00")),)
    assert body.stated.discounts == usd("9.00")


def test_the_reasons_travel_in_the_context_and_personal_data_does_not() -> None:
    payload = order(
        note="gift, wrap please", tags="vip, wholesale", note_attributes=[{"name": "gift_wrap", "value": "yes"}],
        discount_codes=[{"code": "SPRING5", "amount": "5.00", "type": "fixed_amount"}],
        payment_gateway_names=["shopify_payments"], cancel_reason=None,
    )

    context = snapshot(payload).context

    assert context["note"] == "gift, wrap please"
    assert context["tags"] == ["vip", "wholesale"]
    assert context["note_attributes"] == [{"name": "gift_wrap", "value": "yes"}]
    assert context["discount_codes"] == [{"code": "SPRING5", "amount": "5.00", "type": "fixed_amount"}]
    assert context["source_name"] == "web"
    assert context["financial_status"] == "paid"
    assert context["payment_gateway_names"] == ["shopify_payments"]
    rendered = json.dumps(context)
    for personal in ("ann@example.com", "Ann", "Lee", "Main St", "+15550100"):
        assert personal not in rendered


def test_presentment_money_is_kept_beside_shop_money() -> None:
    payload = order(
        presentment_currency="EUR",
        line_items=[line_item(price_set=money_set("20.00", presentment="18.40"))],
        total_price_set=money_set("40.00", presentment="36.80"),
    )

    body = snapshot(payload).body

    assert body.presentment_currency == "EUR"
    assert body.lines[0].unit_price == usd("20.00")
    assert body.lines[0].presentment_unit_price == Money.of("18.40", "EUR")
    assert body.presentment_total == Money.of("36.80", "EUR")
    assert body.stated.total == usd("40.00")


def test_shipping_lines_keep_their_discounts_and_the_stated_shipping_total() -> None:
    applications = [{"type": "discount_code", "code": "FREESHIP", "description": "free shipping over 30"}]
    shipping = {"title": "Ground", "code": "GROUND", "price": "6.95",
                "discount_allocations": [{"amount": "6.95", "discount_application_index": 0}]}
    payload = order(shipping_lines=[shipping], discount_applications=applications)

    body = snapshot(payload).body

    assert body.shipping_lines == (
        ShippingLine("Ground", "GROUND", usd("6.95"), (Discount("FREESHIP", "free shipping over 30", usd("6.95")),)),
    )
    assert body.stated.shipping == usd("6.95")
    stated_by_shopify = snapshot(order(shipping_lines=[shipping], total_shipping_price_set=money_set("0.00"))).body
    assert stated_by_shopify.stated.shipping == usd("0.00")


def test_stated_totals_are_the_payload_fields() -> None:
    payload = order(total_line_items_price="40.00", subtotal_price="35.00", total_discounts="5.00",
                    total_tax="2.10", total_price="44.05", total_shipping_price_set=money_set("6.95"),
                    taxes_included=True)

    body = snapshot(payload).body

    assert (body.stated.line_items, body.stated.subtotal, body.stated.discounts) == (
        usd("40.00"), usd("35.00"), usd("5.00"))
    assert (body.stated.tax, body.stated.shipping, body.stated.total) == (usd("2.10"), usd("6.95"), usd("44.05"))
    assert body.taxes_included is True


def test_a_cancelled_order_states_its_cancellation_with_the_reason() -> None:
    cancelled_at = "2026-03-03T08:00:00-05:00"
    events = mapped({"order": order(cancelled_at=cancelled_at, cancel_reason="inventory", updated_at=cancelled_at)})

    snapshot_event, cancellation = events
    assert snapshot_event.body.status == "CANCELLED"
    assert cancellation.body == OrderCancelled(reason="inventory", cancelled_at=datetime(2026, 3, 3, 13, tzinfo=UTC))
    assert cancellation.source.version == cancelled_at
    assert cancellation.occurred_at == datetime(2026, 3, 3, 13, tzinfo=UTC)
    assert cancellation.context["cancel_reason"] == "inventory"
    assert cancellation.order == snapshot_event.order


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"fulfillment_status": None}, "UNFULFILLED"),
        ({"fulfillment_status": "partial"}, "PARTIALLY_FULFILLED"),
        ({"fulfillment_status": "fulfilled"}, "FULFILLED"),
        ({"fulfillment_status": "fulfilled", "financial_status": "partially_refunded"}, "PARTIALLY_REFUNDED"),
        ({"fulfillment_status": "fulfilled", "financial_status": "refunded"}, "REFUNDED"),
    ],
)
def test_customer_visible_status(fields: dict, status: str) -> None:
    assert snapshot(order(**fields)).body.status == status


def test_a_partial_payload_leaves_what_it_does_not_state_as_none() -> None:
    partial = {"id": 450001, "updated_at": LATER, "total_price": "40.00", "currency": "USD"}

    body = snapshot(partial).body

    assert (body.lines, body.discounts, body.tax_lines, body.shipping_lines) == (None, None, None, None)
    assert (body.name, body.status, body.taxes_included, body.placed_at) == (None, None, None, None)
    assert body.stated.total == usd("40.00")
    assert body.stated.line_items is None


def test_explicitly_empty_lists_are_empty_not_unstated() -> None:
    body = snapshot(order(line_items=[], discount_codes=[], tax_lines=[], shipping_lines=[])).body

    assert (body.lines, body.discounts, body.tax_lines, body.shipping_lines) == ((), (), (), ())


def test_a_float_amount_is_refused_naming_the_field() -> None:
    with pytest.raises(PayloadError) as error:
        mapped({"order": order(line_items=[line_item(price=19.99, price_set=None)])})

    assert error.value.field == "order.line_items[0].price"
    assert "float" in str(error.value)


def test_a_missing_price_names_the_full_path() -> None:
    without_price = line_item(line_id=1002)
    del without_price["price"], without_price["price_set"]

    with pytest.raises(PayloadError) as error:
        mapped({"orders": [order(line_items=[line_item(), without_price])]})

    assert error.value.field == "orders[0].line_items[1].price"
    assert str(error.value) == "orders[0].line_items[1].price: is required"


@pytest.mark.parametrize("field", ["id", "updated_at"])
def test_an_order_without_its_identity_is_refused(field: str) -> None:
    payload = order()
    del payload[field]

    with pytest.raises(PayloadError) as error:
        mapped({"order": payload})

    assert error.value.field == f"order.{field}"


def test_amounts_without_a_currency_are_refused() -> None:
    payload = order()
    del payload["currency"]

    with pytest.raises(PayloadError) as error:
        mapped({"order": payload})

    assert error.value.field == "order.currency"


def test_the_same_payload_maps_to_the_same_ids_twice() -> None:
    payload = order(refunds=[refund()], fulfillments=[fulfillment()], cancelled_at=LATER)
    reordered = dict(reversed(list(payload.items())))

    first = [event.id for event in mapped({"order": payload})]

    assert first == [event.id for event in mapped({"order": payload})]
    assert first == [event.id for event in mapped(reordered)]
    assert len(set(first)) == len(first)


def test_a_redelivery_with_different_content_is_a_different_version() -> None:
    first = snapshot(order(updated_at=LATER))
    second = snapshot(order(updated_at=LATER, tags="vip"))

    assert first.source.version.split("#")[0] == second.source.version.split("#")[0] == LATER
    assert first.source.version != second.source.version
    assert first.id != second.id


def test_nested_refunds_and_fulfillments_map_like_standalone_ones() -> None:
    events = mapped({"order": order(updated_at=LATER, refunds=[refund()], fulfillments=[fulfillment()])})

    nested = {event.id: event for event in events if event.source.object_type != "order"}
    standalone = mapped({"refund": refund()}) + mapped({"fulfillment": fulfillment()})
    assert {event.id for event in standalone} == set(nested)
    for event in standalone:
        assert nested[event.id].body == event.body
        assert nested[event.id].order == event.order
    assert of_type(events, "refund.issued")[0].payload_pointer == "/order/refunds/0"
    assert of_type(events, "shipment.created")[0].payload_pointer == "/order/fulfillments/0"


def test_a_nested_refund_without_order_id_belongs_to_the_enclosing_order() -> None:
    nested = refund()
    del nested["order_id"]

    (issued,) = of_type(mapped({"order": order(refunds=[nested])}), "refund.issued")

    assert issued.order == OrderRef("shopify", "acme.myshopify.com", "450001")
