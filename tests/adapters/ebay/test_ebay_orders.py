"""eBay orders: snapshots with lines, promotions and their reasons, taxes eBay remits, totals, cancellation."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from adapters.toolkit import PayloadError
from canonical_model.commerce import commerce_view
from canonical_model.events import Discount, OrderCancelled, OrderPlaced, OrderUpdated, TaxLine
from canonical_model.identity import OrderRef
from canonical_model.money import Money
from tests.adapters.ebay.ebay_payloads import (
    CONTEXT,
    CREATED,
    MODIFIED,
    ORDER_ID,
    PERSONAL,
    cancelled,
    line_item,
    mapped,
    money,
    order,
    orders_page,
    promotion,
)


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def snapshot(payload: dict):
    return mapped(payload)[0]


def promoted_order() -> dict:
    """Two lines, one with a promotion of 4.00 off and a shipping discount of 1.00."""
    discounted = line_item(promotions=(promotion("4.00"),), deliveryCost={
        "shippingCost": money("5.00"), "discountAmount": money("1.00")})
    second = line_item("10045678901235", sku="BOWL-BLUE", unit="12.50", quantity=3, tax="2.40", shipping="0.00")
    payload = order(lines=[discounted, second])
    payload["pricingSummary"]["deliveryDiscount"] = money("-1.00")
    return payload


def test_a_new_order_is_placed_with_its_source_identity_and_payload_address() -> None:
    event = mapped(orders_page([order()]))[0]

    assert isinstance(event.body, OrderPlaced)
    assert (event.source.system, event.source.account) == ("ebay", CONTEXT.account)
    assert (event.source.object_type, event.source.object_id, event.source.version) == ("order", ORDER_ID, CREATED)
    assert event.order == OrderRef("ebay", CONTEXT.account, ORDER_ID)
    assert (event.payload_hash, event.payload_pointer) == (CONTEXT.payload_hash, "/orders/0")
    assert event.occurred_at == event.body.placed_at == datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
    assert (event.body.name, event.body.currency, event.body.status) == (ORDER_ID, "USD", "UNFULFILLED")
    assert event.body.promised_delivery == datetime(2026, 3, 9, 8, 0, tzinfo=UTC)


def test_a_later_version_is_an_update_at_its_last_modified_date() -> None:
    event = snapshot(order(lastModifiedDate=MODIFIED, orderFulfillmentStatus="FULFILLED"))

    assert isinstance(event.body, OrderUpdated)
    assert event.source.version == MODIFIED
    assert event.occurred_at == datetime(2026, 3, 4, 9, 12, 30, tzinfo=UTC)
    assert event.body.status == "FULFILLED"


@pytest.mark.parametrize(("fulfillment", "payment", "status"), [
    ("IN_PROGRESS", "PAID", "PARTIALLY_FULFILLED"),
    ("FULFILLED", "PARTIALLY_REFUNDED", "PARTIALLY_REFUNDED"),
    ("FULFILLED", "FULLY_REFUNDED", "REFUNDED"),
    ("NOT_STARTED", "PENDING", "PAYMENT_PENDING"),
])
def test_status_comes_from_payment_then_fulfillment(fulfillment: str, payment: str, status: str) -> None:
    event = snapshot(order(orderFulfillmentStatus=fulfillment, orderPaymentStatus=payment))

    assert event.body.status == status
    assert (event.context["orderFulfillmentStatus"], event.context["orderPaymentStatus"]) == (fulfillment, payment)


def test_lines_carry_sku_title_quantity_and_the_exact_unit_price() -> None:
    [mug, bowl] = snapshot(promoted_order()).body.lines

    assert (mug.line_id, mug.sku, mug.title, mug.quantity, mug.unit_price) == (
        "10045678901234", "MUG-RED", "Stoneware mug, red", 2, usd("20.00"))
    assert (bowl.sku, bowl.quantity, bowl.unit_price) == ("BOWL-BLUE", 3, usd("12.50"))
    assert bowl.unit_price.times(bowl.quantity) == usd("37.50")


def test_a_line_cost_that_is_not_quantity_times_one_price_is_refused() -> None:
    payload = order(lines=[line_item(unit="10.00", quantity=3, lineItemCost=money("10.00"))])

    with pytest.raises(PayloadError) as error:
        snapshot(payload)

    assert error.value.field == "lineItems[0].lineItemCost.value"


def test_promotions_keep_their_id_as_code_and_description_as_reason() -> None:
    body = snapshot(promoted_order()).body

    expected = Discount("5000112233", "Spring sale: 10% off", usd("4.00"))
    assert body.lines[0].discounts == (expected,)
    assert body.discounts == (expected,)
    assert body.shipping_lines[0].discounts == (Discount(None, "shipping discount", usd("1.00")),)


def test_price_discount_is_negative_in_ebay_and_the_amount_taken_off_in_the_totals() -> None:
    event = snapshot(promoted_order())

    assert event.body.stated.discounts == usd("4.00")
    assert event.context["priceDiscount"] == "-4.00 USD"
    assert event.context["deliveryDiscount"] == "-1.00 USD"


def test_stated_totals_are_pricing_summary_and_the_order_total_equals_it() -> None:
    payload = promoted_order()
    event = snapshot(payload)
    view = commerce_view([event])

    assert event.body.stated.line_items == usd("77.50")
    assert event.body.stated.shipping == usd("5.00")
    assert event.body.stated.tax == usd("5.60")
    assert event.body.stated.subtotal is None
    assert view.total == event.body.stated.total == Money.of(payload["pricingSummary"]["total"]["value"], "USD")
    assert view.subtotal == usd("73.50")


def test_taxes_are_tax_lines_and_ebay_collect_and_remit_stays_in_context_per_line() -> None:
    event = snapshot(promoted_order())

    assert event.body.lines[0].taxes == (TaxLine("STATE_SALES_TAX", None, usd("3.20")),)
    assert event.body.tax_lines == (TaxLine("STATE_SALES_TAX", None, usd("5.60")),)
    assert event.context["ebayCollectAndRemitTax"] is True
    assert event.context["lines"][0]["ebay_collect_and_remit_taxes"] == [
        {"taxType": "STATE_SALES_TAX", "amount": "3.20 USD", "collectionMethod": "NET"}]


def test_collect_and_remit_taxes_are_the_tax_lines_when_ebay_lists_no_other() -> None:
    payload = order(lines=[line_item(taxes=[])])

    assert snapshot(payload).body.lines[0].taxes == (TaxLine("STATE_SALES_TAX", None, usd("3.20")),)


def test_delivery_costs_are_shipping_lines_per_line_item() -> None:
    payload = order(lines=[line_item(deliveryCost={"shippingCost": money("5.00"), "handlingCost": money("1.50")})])

    lines = snapshot(payload).body.shipping_lines

    assert [(line.title, line.code, line.amount) for line in lines] == [
        ("shipping of line 10045678901234", "USPSPriority", usd("5.00")),
        ("handling of line 10045678901234", "USPSPriority", usd("1.50"))]


def test_a_cancelled_order_is_cancelled_with_its_request_reason() -> None:
    events = mapped(cancelled(order()))

    assert [type(event.body) for event in events] == [OrderUpdated, OrderCancelled]
    cancellation = events[1]
    assert cancellation.body == OrderCancelled("OUT_OF_STOCK_OR_CANNOT_FULFILL", datetime(2026, 3, 4, 9, 12, 30,
                                                                                          tzinfo=UTC))
    assert cancellation.source.version == MODIFIED
    assert cancellation.context["cancel_initiators"] == ["SELLER"]
    assert events[0].body.status == "CANCELLED"


def test_a_later_version_restates_the_same_cancellation() -> None:
    first = mapped(cancelled(order()))[1]
    later = mapped({**cancelled(order()), "lastModifiedDate": "2026-03-08T00:00:00.000Z"})[1]

    assert first.id == later.id


def test_a_requested_cancellation_is_context_only() -> None:
    payload = order(cancelStatus={"cancelState": "IN_PROGRESS", "cancelRequests": [
        {"cancelInitiator": "BUYER", "cancelReason": "ORDERED_BY_MISTAKE", "cancelRequestState": "REQUESTED"}]})

    events = mapped(payload)

    assert len(events) == 1
    assert events[0].context["cancelState"] == "IN_PROGRESS"
    assert events[0].context["cancel_reasons"] == ["ORDERED_BY_MISTAKE"]


def test_the_buyer_and_ship_to_never_reach_the_context() -> None:
    text = json.dumps([event.context for event in mapped(cancelled(promoted_order()))])

    assert not [personal for personal in PERSONAL if personal in text]


def test_context_keeps_statuses_references_and_payment_holds() -> None:
    payload = order(fulfillmentHrefs=[f"https://api.ebay.com/sell/fulfillment/v1/order/{ORDER_ID}/"
                                      "shipping_fulfillment/9405509699937003457459"])
    payload["paymentSummary"]["payments"][0]["paymentHolds"] = [
        {"holdReason": "NEW_SELLER", "holdState": "HELD", "holdAmount": money("48.20"),
         "expectedReleaseDate": "2026-03-20T00:00:00.000Z"}]

    context = snapshot(payload).context

    assert context["fulfillmentHrefs"] == payload["fulfillmentHrefs"]
    assert context["legacyOrderId"] == "334455667788-2710000000001"
    assert context["payments"][0]["holds"][0]["holdReason"] == "NEW_SELLER"
    assert context["shippingServiceCode"] == "USPSPriority"


def test_the_buyers_currency_is_the_presentment_total() -> None:
    payload = order()
    payload["pricingSummary"]["total"] = money("48.20", convertedFromValue="44.50", convertedFromCurrency="EUR")

    body = snapshot(payload).body

    assert (body.currency, body.presentment_currency, body.presentment_total) == ("USD", "EUR", Money.of("44.50",
                                                                                                         "EUR"))


def test_replaying_an_order_gives_identical_ids() -> None:
    assert [e.id for e in mapped(cancelled(order()))] == [e.id for e in mapped(cancelled(order()))]


def test_amounts_are_exact_decimals() -> None:
    body = snapshot(promoted_order()).body

    assert isinstance(body.stated.total.amount, Decimal)
    assert all(isinstance(line.unit_price.amount, Decimal) for line in body.lines)


@pytest.mark.parametrize(("change", "field"), [
    (lambda o: o.pop("orderId"), "orders[0].orderId"),
    (lambda o: o.pop("lastModifiedDate"), "orders[0].lastModifiedDate"),
    (lambda o: o["lineItems"][0].pop("quantity"), "orders[0].lineItems[0].quantity"),
    (lambda o: o["lineItems"][0].pop("lineItemCost"), "orders[0].lineItems[0].lineItemCost"),
    (lambda o: o["lineItems"][0]["appliedPromotions"].append({"promotionId": "1"}),
     "orders[0].lineItems[0].appliedPromotions[0].discountAmount"),
    (lambda o: o["pricingSummary"].pop("total"), "orders[0].pricingSummary.total"),
    (lambda o: o["lineItems"][0]["lineItemCost"].update(currency="EUR"), "orders[0].lineItems[0].lineItemCost.currency"),
])
def test_a_missing_or_contradicting_field_is_named_by_its_path(change, field: str) -> None:
    payload = order()
    change(payload)

    with pytest.raises(PayloadError) as error:
        mapped(orders_page([payload]))

    assert error.value.field == field
