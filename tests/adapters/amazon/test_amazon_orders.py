"""Amazon orders and their items: snapshots with stated totals, statuses, lines with exact unit prices, cancellation."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from adapters.toolkit import PayloadError
from canonical_model.commerce import commerce_view
from canonical_model.events import Discount, OrderCancelled, OrderPlaced, OrderUpdated, ShippingLine, TaxLine
from canonical_model.identity import OrderRef
from canonical_model.money import Money
from tests.adapters.amazon.amazon_payloads import (
    CONTEXT,
    ORDER_ID,
    PURCHASED,
    UPDATED,
    amazon_money,
    mapped,
    order,
    order_item,
    order_items,
)

PERSONAL = ("Ann", "Lee", "Main St", "Springfield", "marketplace.amazon.com", "Happy birthday")


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def test_an_order_is_a_snapshot_with_its_stated_total_and_source_identity() -> None:
    (event,) = mapped({"payload": order()})

    assert isinstance(event.body, OrderUpdated)
    assert (event.source.system, event.source.account) == ("amazon", CONTEXT.account)
    assert (event.source.object_type, event.source.object_id, event.source.version) == ("order", ORDER_ID, UPDATED)
    assert event.order == OrderRef("amazon", CONTEXT.account, ORDER_ID)
    assert event.occurred_at == datetime(2026, 3, 3, 9, 30, tzinfo=UTC)
    assert event.payload_hash == CONTEXT.payload_hash and event.payload_pointer == "/payload"
    body = event.body
    assert (body.name, body.currency, body.status, body.lines) == (ORDER_ID, "USD", "UNSHIPPED", None)
    assert body.stated.total == usd("47.39")
    assert body.placed_at == datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
    assert body.promised_delivery == datetime(2026, 3, 10, 6, 59, 59, tzinfo=UTC)


def test_an_order_as_purchased_is_placed() -> None:
    (event,) = mapped({"payload": order(LastUpdateDate=PURCHASED)})

    assert isinstance(event.body, OrderPlaced)


def test_the_context_says_how_the_order_was_sold_but_never_who_bought_it() -> None:
    (event,) = mapped({"payload": order(IsPrime=True, IsBusinessOrder=True)})

    assert event.context["FulfillmentChannel"] == "MFN"
    assert event.context["SalesChannel"] == "Amazon.com"
    assert event.context["OrderType"] == "StandardOrder"
    assert event.context["ShipServiceLevel"] == "Std US D2D Dom"
    assert event.context["IsPrime"] is True and event.context["IsBusinessOrder"] is True
    assert event.context["OrderTotal"] == "47.39 USD"
    rendered = json.dumps(event.context)
    assert not [word for word in PERSONAL if word in rendered]


@pytest.mark.parametrize(
    ("status", "expected"),
    [("Pending", "PENDING"), ("Unshipped", "UNSHIPPED"), ("PartiallyShipped", "PARTIALLY_SHIPPED"),
     ("Shipped", "SHIPPED"), ("InvoiceUnconfirmed", "INVOICE_UNCONFIRMED"), ("Unfulfillable", "UNFULFILLABLE"),
     ("PendingAvailability", "PENDING_AVAILABILITY"), ("Canceled", "CANCELLED")],
)
def test_the_status_is_amazons_upper_cased_word_by_word(status: str, expected: str) -> None:
    event = mapped({"payload": order(status=status)})[0]

    assert event.body.status == expected
    assert event.context["OrderStatus"] == status


def test_a_pending_order_states_no_total_and_no_currency() -> None:
    (event,) = mapped({"payload": order(status="Pending", total=None)})

    assert (event.body.currency, event.body.stated) == (None, None)


def test_a_canceled_order_is_also_cancelled_once_whatever_its_later_versions() -> None:
    snapshot, cancelled = mapped({"payload": order(status="Canceled")})
    later = mapped({"payload": order(status="Canceled", LastUpdateDate="2026-03-09T00:00:00Z")})[1]

    assert cancelled.body == OrderCancelled(reason=None, cancelled_at=datetime(2026, 3, 3, 9, 30, tzinfo=UTC))
    assert cancelled.source.version == "Canceled"
    assert cancelled.context["cancelled_at_from"] == "LastUpdateDate"
    assert later.id == cancelled.id != snapshot.id


def test_replaying_an_order_gives_identical_ids() -> None:
    document = {"payload": {"Orders": [order(), order("114-0000000-0000001")], "NextToken": "abc"}}

    assert [event.id for event in mapped(document)] == [event.id for event in mapped(json.loads(json.dumps(document)))]
    assert [event.payload_pointer for event in mapped(document)] == ["/payload/Orders/0", "/payload/Orders/1"]


@pytest.mark.parametrize("field", ["AmazonOrderId", "LastUpdateDate", "OrderStatus"])
def test_an_order_without_identity_names_the_missing_field(field: str) -> None:
    payload = order()
    payload[field] = None

    with pytest.raises(PayloadError) as error:
        mapped({"payload": {"Orders": [order("114-0000000-0000001"), payload]}})

    assert error.value.field == f"payload.Orders[1].{field}"


def test_a_float_order_total_is_refused_naming_the_field() -> None:
    with pytest.raises(PayloadError) as error:
        mapped({"payload": order(OrderTotal={"CurrencyCode": "USD", "Amount": 47.39})})

    assert error.value.field == "payload.OrderTotal.Amount"


# ---- items ----------------------------------------------------------------------------------------


def test_items_state_lines_with_the_unit_price_of_their_line_total() -> None:
    (event,) = mapped(order_items())

    assert isinstance(event.body, OrderUpdated)
    assert event.order == OrderRef("amazon", CONTEXT.account, ORDER_ID)
    (line,) = event.body.lines
    assert (line.line_id, line.sku, line.title, line.quantity, line.unit_price) == (
        "5001", "MUG-RED", "Stoneware mug", 2, usd("20.00"))
    assert line.taxes == (TaxLine("ItemTax", None, usd("2.40")),)
    assert event.body.tax_lines == (TaxLine("ItemTax", None, usd("2.40")), TaxLine("ShippingTax", None, usd("0.00")))
    assert event.body.shipping_lines == (ShippingLine("Shipping MUG-RED", None, usd("4.99")),)
    assert (event.body.status, event.body.stated, event.body.placed_at) == (None, None, None)


def test_a_unit_price_is_the_exact_decimal_quotient() -> None:
    (event,) = mapped(order_items(order_item(price="17.95", quantity=2), order_item("5002", "MUG-BLUE", "10.00", 3)))

    first, second = event.body.lines
    assert first.unit_price == usd("8.975")
    assert abs(second.unit_price.amount * 3 - 10) < Decimal("1e-30")
    assert event.context["OrderItems"][1]["ItemPrice"] == "10.00 USD"


def test_items_occur_at_the_epoch_so_they_never_override_a_dated_order_version() -> None:
    items = mapped(order_items())
    snapshot = mapped({"payload": order(status="Shipped")})

    assert items[0].occurred_at == datetime(1970, 1, 1, tzinfo=UTC)
    view = commerce_view(sorted(snapshot + items, key=lambda event: event.occurred_at))
    assert view.status == "SHIPPED"
    assert [line.sku for line in view.lines] == ["MUG-RED"]
    assert view.total == usd("47.39")


def test_items_with_the_order_add_up_to_its_order_total() -> None:
    events = mapped(order_items()) + mapped({"payload": order(OrderTotal=None)})

    view = commerce_view(sorted(events, key=lambda event: event.occurred_at))

    assert view.total == usd("47.39")


def test_promotion_discounts_carry_their_promotion_ids_as_codes() -> None:
    item = order_item(PromotionIds=["SPRING5", "NEWSLETTER"], PromotionDiscount=amazon_money("5.00"),
                      ShippingDiscount=amazon_money("4.99"))

    body = mapped(order_items(item))[0].body

    promotion = Discount("SPRING5, NEWSLETTER", None, usd("5.00"))
    free_shipping = Discount("SPRING5, NEWSLETTER", None, usd("4.99"))
    assert body.lines[0].discounts == (promotion,)
    assert body.shipping_lines[0].discounts == (free_shipping,)
    assert body.discounts == (promotion, free_shipping)


def test_item_reasons_stay_in_context_without_buyer_data() -> None:
    item = order_item(BuyerRequestedCancel={"IsBuyerRequestedCancel": "true", "BuyerCancelReason": "Found cheaper"},
                      BuyerInfo={"GiftMessageText": "Happy birthday Ann", "GiftWrapLevel": "Classic",
                                 "GiftWrapPrice": amazon_money("3.99")})

    (event,) = mapped(order_items(item))

    (context,) = event.context["OrderItems"]
    assert context["BuyerCancelReason"] == "Found cheaper"
    assert context["GiftWrapPrice"] == "3.99 USD"
    assert not [word for word in PERSONAL if word in json.dumps(event.context)]


def test_replaying_items_gives_identical_ids_and_changed_items_a_new_fact() -> None:
    first = mapped(order_items())[0]
    again = mapped(order_items())[0]
    shipped = mapped(order_items(order_item(QuantityShipped=2)))[0]

    assert first.id == again.id
    assert shipped.id != first.id
    assert first.source.object_id == ORDER_ID


def test_a_paged_answer_says_its_lines_are_one_page() -> None:
    (event,) = mapped(order_items(NextToken="more"))

    assert "NextToken" in event.context["partial_page"]


def test_items_of_a_pending_order_state_no_lines_but_are_listed_in_context() -> None:
    item = order_item()
    for name in ("ItemPrice", "ItemTax", "ShippingPrice", "ShippingTax", "PromotionDiscount", "ShippingDiscount"):
        del item[name]

    (event,) = mapped(order_items(item))

    assert event.body == OrderUpdated()
    assert event.context["OrderItems"][0]["SellerSKU"] == "MUG-RED"
    assert "Pending" in event.context["lines_not_stated"]


def test_an_unpriced_item_in_a_priced_order_names_its_path() -> None:
    unpriced = order_item("5002")
    del unpriced["ItemPrice"]

    with pytest.raises(PayloadError) as error:
        mapped(order_items(order_item(), unpriced))

    assert error.value.field == "payload.OrderItems[1].ItemPrice"


def test_a_canceled_item_of_quantity_zero_has_a_zero_price() -> None:
    canceled = order_item("5002", quantity=0)
    del canceled["ItemPrice"]

    body = mapped(order_items(order_item(), canceled))[0].body

    assert body.lines[1].unit_price == usd("0")


def test_items_in_two_currencies_are_refused_naming_the_field() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(order_items(order_item(), order_item("5002", ItemPrice=amazon_money("9.00", "CAD"))))

    assert error.value.field == "payload.OrderItems[1].ItemPrice.CurrencyCode"


@pytest.mark.parametrize("field", ["OrderItemId", "QuantityOrdered"])
def test_an_item_without_identity_or_quantity_names_its_path(field: str) -> None:
    item = order_item()
    del item[field]

    with pytest.raises(PayloadError) as error:
        mapped(order_items(item))

    assert error.value.field == f"payload.OrderItems[0].{field}"


# ---- address and buyer ----------------------------------------------------------------------------


def test_an_address_maps_to_no_event() -> None:
    address = {"payload": {"AmazonOrderId": ORDER_ID, "ShippingAddress": {"Name": "Ann Lee", "City": "Springfield"}}}

    assert mapped(address) == []


def test_an_address_that_names_no_order_is_refused() -> None:
    with pytest.raises(PayloadError) as error:
        mapped({"payload": {"AmazonOrderId": "", "ShippingAddress": {"Name": "Ann Lee"}}})

    assert error.value.field == "payload.AmazonOrderId"
