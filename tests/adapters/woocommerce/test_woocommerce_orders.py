"""WooCommerce orders: snapshots with lines, coupons and their reasons, taxes, shipping, fees, status and context."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from adapters.toolkit import PayloadError
from canonical_model.events import (
    Discount,
    OrderCancelled,
    OrderPlaced,
    OrderUpdated,
    ShippingLine,
    StatedTotals,
    TaxLine,
)
from canonical_model.identity import OrderRef, short_hash
from canonical_model.money import Money
from tests.adapters.woocommerce.woocommerce_payloads import (
    CONTEXT,
    CREATED_GMT,
    LATER_GMT,
    PERSONAL,
    body,
    coupon,
    discounted_order,
    fee,
    line_item,
    mapped,
    mapped_bytes,
    of_type,
    order,
    tax_line,
)


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def snapshot(payload: dict):
    return mapped(payload)[0]


def test_a_new_order_is_placed_with_its_source_identity_and_payload_address() -> None:
    event = snapshot(order())

    assert isinstance(event.body, OrderPlaced)
    assert (event.source.system, event.source.account) == ("woocommerce", "shop.example.com")
    assert (event.source.object_type, event.source.object_id) == ("order", "5001")
    canonical = json.dumps(json.loads(body(order()), parse_float=Decimal), sort_keys=True, default=str)
    assert event.source.version == f"{CREATED_GMT}#{short_hash(canonical)}"
    assert event.order == OrderRef("woocommerce", "shop.example.com", "5001")
    assert (event.payload_hash, event.payload_pointer) == (CONTEXT.payload_hash, "")
    assert event.occurred_at == event.body.placed_at == datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
    assert (event.body.name, event.body.currency, event.body.status) == ("#5001", "USD", "PROCESSING")
    assert event.references == ()


def test_a_later_version_is_an_update() -> None:
    event = snapshot(order(date_modified="2026-03-05T09:30:00", date_modified_gmt=LATER_GMT, status="completed"))

    assert isinstance(event.body, OrderUpdated)
    assert event.occurred_at == datetime(2026, 3, 5, 14, 30, tzinfo=UTC)
    assert event.body.placed_at == datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
    assert event.body.status == "COMPLETED"


@pytest.mark.parametrize(
    ("status", "expected"),
    [("pending", "PENDING_PAYMENT"), ("processing", "PROCESSING"), ("on-hold", "ON_HOLD"), ("completed", "COMPLETED"),
     ("cancelled", "CANCELLED"), ("refunded", "REFUNDED"), ("failed", "FAILED"), ("trash", "TRASHED"),
     ("checkout-draft", "CHECKOUT_DRAFT"), ("wc-awaiting-shipment", "AWAITING_SHIPMENT")],
)
def test_statuses_are_named_in_upper_case_and_kept_as_stated_in_context(status: str, expected: str) -> None:
    event = snapshot(order(status=status))

    assert event.body.status == expected
    assert event.context["status"] == status


def test_lines_carry_id_sku_name_quantity_unit_price_and_taxes() -> None:
    (line,) = snapshot(order()).body.lines

    assert (line.line_id, line.sku, line.title, line.quantity, line.unit_price) == (
        "41", "MUG-RED", "Stoneware mug \u2013 red", 2, usd("20.00"))
    assert line.taxes == (TaxLine("State Tax", "0.075", usd("3.00")),)
    assert line.discounts == ()


def test_the_unit_price_is_before_coupons_though_woocommerce_states_price_after_them() -> None:
    (line,) = snapshot(discounted_order()).body.lines

    assert line.unit_price == usd("20.00")
    assert line.discounts == (Discount("spring10", "spring newsletter", usd("4.00")),)


def test_a_unit_price_that_does_not_divide_is_kept_to_the_cent() -> None:
    (line,) = snapshot(order(line_items=[line_item(quantity=3, subtotal="10.00")])).body.lines

    assert line.unit_price == usd("3.33")


def test_coupons_are_discounts_with_code_and_reason() -> None:
    described = coupon("vip", "1.00", description=None)
    described["description"] = "loyal customer"
    bare = coupon("free", "0.50", description=None)
    event = snapshot(discounted_order(coupon_lines=[coupon(), described, bare]))

    assert event.body.discounts == (
        Discount("spring10", "spring newsletter", usd("4.00")),
        Discount("vip", "loyal customer", usd("1.00")),
        Discount("free", None, usd("0.50")),
    )
    (line,) = event.body.lines
    assert line.discounts == (Discount(None, "shared by coupons spring10, vip, free", usd("4.00")),)
    assert event.context["coupons"][0] == {
        "code": "spring10", "discount": "4.00", "discount_tax": "0.30"}


def test_stated_totals_are_woocommerces_and_the_subtotal_is_after_coupons() -> None:
    event = snapshot(discounted_order())

    assert event.body.stated == StatedTotals(
        line_items=usd("40.00"), subtotal=usd("36.00"), discounts=usd("4.00"), tax=usd("2.70"), shipping=usd("5.00"),
        total=usd("43.70"),
    )
    assert event.body.taxes_included is False


def test_tax_lines_add_shipping_tax_to_the_rates_item_tax() -> None:
    event = snapshot(order(tax_lines=[tax_line("3.00", "0.38")], total_tax="3.38", total="48.38"))

    assert event.body.tax_lines == (TaxLine("State Tax", "0.075", usd("3.38")),)
    assert event.body.shipping_lines == (ShippingLine("Flat Rate", "flat_rate", usd("5.00")),)


def test_fees_count_in_the_subtotal_and_keep_their_names_in_context() -> None:
    event = snapshot(order(fee_lines=[fee()], total="51.50"))

    assert event.body.stated.subtotal == usd("43.50")
    assert event.body.stated.line_items == usd("40.00")
    assert event.context["fee_lines"] == [
        {"id": 331, "name": "Gift wrap", "total": "3.50", "total_tax": "0.00", "tax_status": "none"}]


def test_prices_entered_with_tax_still_state_tax_exclusive_amounts() -> None:
    event = snapshot(order(prices_include_tax=True))

    assert event.body.taxes_included is False
    assert event.context["prices_include_tax"] is True
    assert event.body.stated.total == event.body.stated.subtotal + event.body.stated.shipping + event.body.stated.tax


def test_a_cancelled_order_is_cancelled_at_its_modification_with_the_reason_its_meta_gives() -> None:
    reason = {"id": 1, "key": "_cancellation_reason", "value": "customer changed mind"}
    payload = order(status="cancelled", date_modified_gmt=LATER_GMT, meta_data=[reason])

    snapshot_event, cancelled = mapped(payload)

    assert snapshot_event.body.status == "CANCELLED"
    assert cancelled.body == OrderCancelled(reason="customer changed mind",
                                            cancelled_at=datetime(2026, 3, 5, 14, 30, tzinfo=UTC))
    assert cancelled.source.version == LATER_GMT
    assert cancelled.order == snapshot_event.order
    assert cancelled.context["cancel_reason"] == "customer changed mind"


def test_context_keeps_the_note_meta_and_payment_but_no_personal_data() -> None:
    event = snapshot(order(customer_note="please gift wrap"))

    assert event.context["customer_note"] == "please gift wrap"
    assert event.context["meta"] == {"_download_permissions_granted": "yes"}
    assert event.context["payment_method"] == "stripe"
    assert event.context["transaction_id"] == "ch_3Nabc"
    assert event.context["date_paid_gmt"] == "2026-03-02T15:00:05"
    rendered = json.dumps(event.context)
    assert not [word for word in PERSONAL if word in rendered]


def test_replaying_a_payload_gives_identical_ids_and_new_content_a_new_version() -> None:
    first, again = mapped(order()), mapped(order())
    changed = mapped(order(meta_data=[{"id": 1, "key": "_order_stock_reduced", "value": "yes"}]))

    assert [e.id for e in first] == [e.id for e in again]
    assert first[0].source.version.split("#")[0] == changed[0].source.version.split("#")[0]
    assert first[0].id != changed[0].id


def test_amounts_sent_as_json_numbers_are_exact_decimals_never_floats() -> None:
    raw = body(order(line_items=[line_item(subtotal="12.50", quantity=1)], total="20.44", total_tax="2.94",
                     tax_lines=[tax_line("2.94")]))
    raw = raw.replace(b'"price": 12', b'"price": 12.5').replace(b'"total": "20.44"', b'"total": 20.44')

    event = mapped_bytes(raw)[0]

    assert event.body.stated.total == usd("20.44")
    assert isinstance(event.body.stated.total.amount, Decimal)
    assert event.body.lines[0].unit_price == usd("12.50")


def test_not_a_number_is_refused() -> None:
    with pytest.raises(PayloadError) as error:
        mapped_bytes(body(order()).replace(b'"total": "48.00"', b'"total": NaN'))
    assert "NaN" in str(error.value)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (order(line_items=[{**line_item(), "quantity": None}]), "line_items[0].quantity"),
        (order(line_items=[line_item(), {**line_item(), "subtotal": ""}]), "line_items[1].subtotal"),
        (order(currency=None), "currency"),
        (order(tax_lines=[tax_line(tax_total=None)]), "tax_lines[0].tax_total"),
        (order(coupon_lines=[coupon(discount=None)]), "coupon_lines[0].discount"),
        (order(date_modified_gmt=None, date_modified=None), "date_modified_gmt"),
        (order(id=None), "id"),
    ],
    ids=["quantity", "subtotal", "currency", "tax-total", "coupon-discount", "modified", "id"],
)
def test_a_missing_required_field_names_its_path(payload: dict, field: str) -> None:
    with pytest.raises(PayloadError) as error:
        mapped(payload)
    assert error.value.field == field


def test_a_list_names_the_path_of_the_item() -> None:
    with pytest.raises(PayloadError) as error:
        mapped([order(1), order(2, line_items=[{**line_item(), "quantity": "two"}])])
    assert error.value.field == "[1].line_items[0].quantity"


def test_shop_local_time_without_an_offset_is_refused_but_an_offset_is_read() -> None:
    with pytest.raises(PayloadError) as error:
        mapped(order(date_modified_gmt=None))
    assert error.value.field == "date_modified_gmt"
    assert "shop-local" in str(error.value)

    event = snapshot(order(date_modified_gmt=None, date_modified="2026-03-02T10:00:00-05:00"))
    assert event.occurred_at == datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
    assert isinstance(event.body, OrderPlaced)


def test_a_fields_filtered_order_states_only_what_it_has() -> None:
    event = snapshot({"id": 5001, "status": "on-hold", "number": "5001", "date_modified_gmt": LATER_GMT})

    assert isinstance(event.body, OrderUpdated)
    assert event.body.status == "ON_HOLD"
    assert (event.body.lines, event.body.stated, event.body.currency, event.body.taxes_included) == (
        None, None, None, None)


def test_every_event_of_an_order_belongs_to_that_order() -> None:
    events = mapped(order(status="cancelled", refunds=[{"id": 6001, "reason": "", "total": "-5.00"}]))

    assert [e.type for e in events] == ["order.placed", "order.cancelled", "refund.issued"]
    assert {e.order for e in events} == {OrderRef("woocommerce", "shop.example.com", "5001")}
    assert of_type(events, "refund.issued")[0].payload_pointer == "/refunds/0"
