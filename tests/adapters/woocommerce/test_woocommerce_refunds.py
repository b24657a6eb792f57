"""WooCommerce refunds: the nested form in an order and the refund object, one fact with WooCommerce's signs made positive."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from adapters.toolkit import PayloadError
from canonical_model.accounting_events import RecordDeleted
from canonical_model.events import OrderUpdated, RefundIssued, RefundLine
from canonical_model.identity import OrderRef
from canonical_model.money import Money
from tests.adapters.woocommerce.woocommerce_payloads import (
    CONTEXT,
    LATER_GMT,
    batch,
    mapped,
    nested_refund,
    of_type,
    order,
    refund,
    refund_line,
    shipping_line,
)

ORDER = OrderRef("woocommerce", "shop.example.com", "5001")


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def test_an_orders_listed_refund_is_issued_for_its_positive_size() -> None:
    payload = order(date_modified_gmt=LATER_GMT, refunds=[nested_refund()])

    (issued,) = of_type(mapped(payload), "refund.issued")

    assert issued.body == RefundIssued(refund_id="6001", amount=usd("20.00"))
    assert (issued.source.object_type, issued.source.object_id, issued.source.version) == ("order_refund", "6001", "6001")
    assert issued.order == ORDER
    assert issued.occurred_at == datetime(2026, 3, 5, 14, 30, tzinfo=UTC)
    assert issued.context["reason"] == "arrived chipped"
    assert issued.context["stated_total"] == "-20.00"
    assert "negative" in issued.context["sign"]


def test_the_reason_key_of_woocommerces_docs_example_is_read_too() -> None:
    payload = order(refunds=[{"id": 6001, "refund": "damaged in transit", "total": "-20.00"}])

    (issued,) = of_type(mapped(payload), "refund.issued")

    assert issued.context["reason"] == "damaged in transit"


def test_a_refund_object_states_positive_lines_against_the_order_lines_they_refund() -> None:
    (issued,) = mapped(refund(currency="USD"))

    assert issued.body == RefundIssued(
        refund_id="6001",
        amount=usd("21.50"),
        lines=(RefundLine(sku="MUG-RED", quantity=1, amount=usd("20.00"), line_id="41"),),
        tax=usd("1.50"),
    )
    assert issued.order == ORDER
    assert issued.occurred_at == datetime(2026, 3, 5, 14, 30, tzinfo=UTC)
    assert issued.context["reason"] == "arrived chipped"
    assert issued.context["refunded_payment"] is True
    assert issued.context["refunded_by"] == 1
    assert "negative quantities" in issued.context["sign"]


def test_both_forms_of_one_refund_are_two_facts_about_one_refund_id() -> None:
    (nested,) = of_type(mapped(order(refunds=[nested_refund(total="-21.50")])), "refund.issued")
    (alone,) = mapped(refund(currency="USD"))

    assert nested.id != alone.id and (nested.source.object_type, alone.source.object_type) == ("order_refund", "refund")
    assert (nested.order, nested.body.refund_id, nested.body.amount) == (alone.order, "6001", alone.body.amount)


def test_a_refund_without_currency_takes_the_connections() -> None:
    (issued,) = mapped(refund())

    assert issued.body.amount == usd("21.50")
    assert "the connection's currency" in issued.context["currency"]


def test_a_refund_without_currency_on_a_connection_without_one_is_refused() -> None:
    with pytest.raises(PayloadError, match="currency: WooCommerce refunds state no currency"):
        mapped(refund(), context=replace(CONTEXT, currency=None))


def test_shipping_and_tax_given_back_are_stated_when_the_refund_lists_them() -> None:
    shipping = {**shipping_line("-5.00"), "total_tax": "-0.38"}
    taxes = [{"id": 1, "rate_code": "US-CA-STATE TAX-1", "tax_total": "-1.50", "shipping_tax_total": "-0.38"}]

    (issued,) = mapped(refund(currency="USD", amount="26.88", shipping_lines=[shipping], tax_lines=taxes))

    assert issued.body.shipping == usd("5.00")
    assert issued.body.tax == usd("1.88")


def test_an_amount_only_refund_states_no_lines() -> None:
    (issued,) = mapped(refund(amount="10.00", line_items=[], reason=""))

    assert (issued.body.lines, issued.body.tax, issued.body.shipping) == ((), None, None)
    assert "reason" not in issued.context and "sign" not in issued.context


@pytest.mark.parametrize(
    ("extra", "expected"),
    [({"order_id": 5002}, "5002"), ({"parent_id": 5003}, "5003"), ({}, "5001")],
    ids=["order_id", "parent_id", "links-up"],
)
def test_the_refunded_order_comes_from_the_refunds_parent(extra: dict, expected: str) -> None:
    (issued,) = mapped(refund(**extra))

    assert issued.order == OrderRef("woocommerce", "shop.example.com", expected)


def test_a_refund_that_names_no_order_is_refused() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(refund(_links={"self": [{"href": "https://shop.example.com/wp-json/wc/v3/refunds/6001"}]}))
    assert error.value.field == "order_id"


@pytest.mark.parametrize(
    ("document", "field"),
    [
        (refund(amount=None), "amount"),
        ([refund(1), refund(2, date_created_gmt=None, date_created=None)], "[1].date_created_gmt"),
        (refund(line_items=[{**refund_line(), "total": None}]), "line_items[0].total"),
        (order(refunds=[{"id": 6001, "reason": "x"}]), "refunds[0].total"),
    ],
    ids=["amount", "date", "line-total", "nested-total"],
)
def test_a_missing_required_field_names_its_path(document: object, field: str) -> None:
    with pytest.raises(PayloadError) as error:
        mapped(document)
    assert error.value.field == field


def test_replaying_refunds_gives_identical_ids() -> None:
    assert [e.id for e in mapped([refund(1), refund(2)])] == [e.id for e in mapped([refund(1), refund(2)])]


def test_a_batch_deletion_is_kept_as_a_fact_after_the_order_as_it_was() -> None:
    deleted = order(status="trash", date_modified_gmt=LATER_GMT, refunds=[nested_refund()])

    events = mapped(batch(delete=[deleted, {"id": 5009, "date_modified_gmt": LATER_GMT}]))

    assert [e.type for e in events] == ["order.updated", "refund.issued", "record.deleted", "record.deleted"]
    assert isinstance(events[0].body, OrderUpdated) and events[0].body.status == "TRASHED"
    assert events[2].body == RecordDeleted(object_type="order", object_id="5001")
    assert events[2].source.version == LATER_GMT and events[2].order == ORDER
    assert "trash" in events[2].context["deletion"]
    assert events[3].body == RecordDeleted(object_type="order", object_id="5009")
    assert events[3].payload_pointer == "/delete/1"
