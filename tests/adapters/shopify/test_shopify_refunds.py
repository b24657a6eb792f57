"""Shopify refunds: money given back, restocked units as returns, adjustments with Shopify's sign."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.toolkit import PayloadError
from canonical_model.events import RefundIssued, RefundLine, ReturnLine, ReturnReceived
from canonical_model.identity import OrderRef
from canonical_model.money import Money
from tests.adapters.shopify.shopify_payloads import (
    LATER,
    adjustment,
    line_item,
    mapped,
    money_set,
    order,
    refund,
    refund_line,
    transaction,
)


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def test_a_refund_with_restock_and_adjustments() -> None:
    payload = refund(
        refund_line_items=[refund_line(1001, restock_type="return"), refund_line(1002, restock_type="no_restock")],
        order_adjustments=[adjustment("-6.95"), adjustment("2.00", kind="refund_discrepancy", reason="Goodwill")],
        transactions=[transaction(kind="refund", amount="44.95")],
    )

    issued, received = mapped({"refund": payload})

    assert issued.body == RefundIssued(
        refund_id="9001",
        amount=usd("44.95"),
        lines=(
            RefundLine("MUG-RED", 1, usd("20.00"), line_id="1001", restock=True),
            RefundLine("MUG-RED", 1, usd("20.00"), line_id="1002", restock=False),
        ),
        shipping=usd("-6.95"),
        tax=usd("0.00"),
        adjustments=usd("2.00"),
    )
    assert received.body == ReturnReceived(
        return_id="9001", lines=(ReturnLine("MUG-RED", 1, "1001"),), disposition="RESTOCK", location="48752903"
    )
    assert issued.context["note"] == received.context["note"] == "arrived chipped"
    assert issued.context["restock_types"] == ["no_restock", "return"]
    assert issued.context["adjustment_kinds"] == ["shipping_refund", "refund_discrepancy"]
    assert issued.context["adjustment_reasons"] == ["Shipping refund", "Goodwill"]
    assert issued.context["gateways"] == ["shopify_payments"]


def test_the_refund_is_an_immutable_fact_of_its_order() -> None:
    issued, received = mapped({"refund": refund()})

    assert (issued.source.object_type, issued.source.object_id, issued.source.version) == ("refund", "9001", LATER)
    assert issued.order == OrderRef("shopify", "acme.myshopify.com", "450001")
    assert issued.occurred_at == received.occurred_at == datetime(2026, 3, 5, 14, 30, tzinfo=UTC)
    assert issued.payload_pointer == "/refund"
    assert issued.id != received.id


@pytest.mark.parametrize("restock_type", ["cancel", "no_restock"])
def test_units_not_restocked_are_no_return(restock_type: str) -> None:
    events = mapped({"refund": refund(refund_line_items=[refund_line(restock_type=restock_type)])})

    assert [event.type for event in events] == ["refund.issued"]
    assert events[0].body.lines[0].restock is False


def test_the_legacy_refund_level_restock_flag_restocks_lines_without_a_type() -> None:
    line = refund_line()
    del line["restock_type"]

    events = mapped({"refund": refund(restock=True, refund_line_items=[line])})

    assert [event.type for event in events] == ["refund.issued", "return.received"]


def test_only_successful_refund_transactions_count() -> None:
    transactions = [
        transaction(kind="refund", amount="20.00", transaction_id=1),
        transaction(kind="refund", amount="5.00", transaction_id=2, status="failure"),
        transaction(kind="refund", amount="1.00", transaction_id=3, status=None),
    ]

    (issued, _) = mapped({"refund": refund(transactions=transactions)})

    assert issued.body.amount == usd("21.00")


def test_without_transactions_the_amount_is_lines_plus_tax_less_adjustments() -> None:
    line = refund_line(subtotal="18.00", total_tax="1.08")
    payload = refund(refund_line_items=[line], order_adjustments=[adjustment("-5.00", tax="-0.30")])
    del payload["transactions"]

    (issued, _) = mapped({"refund": payload})

    assert issued.body.tax == usd("1.08")
    assert issued.body.shipping == usd("-5.00")
    assert issued.body.amount == usd("24.38")


def test_a_refund_that_states_no_transactions_gave_no_money_back() -> None:
    (issued, received) = mapped({"refund": refund(transactions=[])})

    assert issued.body.amount == usd("0")
    assert received.body.disposition == "RESTOCK"


def test_a_line_without_subtotal_is_price_times_quantity_less_its_share_of_the_discount() -> None:
    discounted = line_item(quantity=2, discount_allocations=[{"amount": "5.00", "discount_application_index": 0}])
    discounted["tax_lines"] = [{"title": "State tax", "rate": "0.06", "price": "2.10"}]
    payload = refund(refund_line_items=[refund_line(quantity=1, line_item=discounted)])
    del payload["transactions"]

    (issued, _) = mapped({"refund": payload})

    assert issued.body.lines[0].amount == usd("17.50")
    assert issued.body.tax == usd("1.05")
    assert issued.body.amount == usd("18.55")


def test_exact_money_bags_are_preferred_over_shopify_float_fields() -> None:
    line = refund_line(subtotal=18.5, subtotal_set=money_set("18.50"), total_tax=1.11, total_tax_set=money_set("1.11"))

    (issued, _) = mapped({"refund": refund(refund_line_items=[line])})

    assert issued.body.lines[0].amount == usd("18.50")
    assert issued.body.tax == usd("1.11")


def test_a_float_without_its_money_bag_is_refused_naming_the_field() -> None:
    with pytest.raises(PayloadError) as error:
        mapped({"refund": refund(refund_line_items=[refund_line(subtotal=18.5)])})

    assert error.value.field == "refund.refund_line_items[0].subtotal"


@pytest.mark.parametrize("field", ["id", "order_id", "created_at"])
def test_a_standalone_refund_without_identity_is_refused(field: str) -> None:
    payload = refund()
    del payload[field]

    with pytest.raises(PayloadError) as error:
        mapped({"refunds": [payload]})

    assert error.value.field == f"refunds[0].{field}"


def test_a_missing_line_price_names_the_full_path_inside_an_order() -> None:
    line = refund_line()
    del line["line_item"]["price"], line["line_item"]["price_set"]

    with pytest.raises(PayloadError) as error:
        mapped({"order": order(refunds=[refund(refund_line_items=[line])])})

    assert error.value.field == "order.refunds[0].refund_line_items[0].line_item.price"


def test_a_standalone_refund_reads_its_currency_from_its_shop_money() -> None:
    in_cad = line_item(price_set=money_set("20.00", "CAD", presented_in="CAD"))
    payload = refund(refund_line_items=[refund_line(line_item=in_cad)],
                     transactions=[transaction(kind="refund", amount="20.00", currency="CAD")])

    (issued, _) = mapped({"refund": payload})

    assert issued.body.amount == Money.of("20.00", "CAD")
    assert issued.body.lines[0].amount == Money.of("20.00", "CAD")


def test_a_standalone_refund_without_money_bags_reads_its_currency_from_its_transactions() -> None:
    payload = refund(refund_line_items=[refund_line(line_item=line_item(price_set=None))],
                     transactions=[transaction(kind="refund", amount="20.00", currency="CAD")])

    (issued, _) = mapped({"refund": payload})

    assert issued.body.lines[0].amount == Money.of("20.00", "CAD")


def test_a_standalone_refund_that_states_no_currency_is_refused() -> None:
    payload = refund(refund_line_items=[refund_line(line_item=line_item(price_set=None))], transactions=[])

    with pytest.raises(PayloadError) as error:
        mapped({"refund": payload})

    assert error.value.field == "refund.currency"


def test_refund_transactions_in_presentment_currency_leave_the_amount_to_the_lines() -> None:
    payload = refund(transactions=[transaction(kind="refund", amount="18.40", currency="EUR")])

    (issued, _) = mapped({"refund": {**payload, "refund_line_items": [refund_line(subtotal_set=money_set("20.00"))]}})

    assert issued.body.amount == usd("20.00")
