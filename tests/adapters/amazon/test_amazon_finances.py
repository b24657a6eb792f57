"""Amazon Finances: v0 financial events and event groups, and 2024-06-19 transactions, as settlement facts."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from adapters.toolkit import PayloadError
from canonical_model.events import FeeCharged, PayoutRecorded, RefundIssued, RefundLine, SettlementLineRecorded
from canonical_model.identity import OrderRef
from canonical_model.money import Money, total
from tests.adapters.amazon.amazon_payloads import (
    CONTEXT,
    ORDER_ID,
    breakdown,
    charge,
    currency,
    event_group,
    fee,
    financial_events,
    json_bytes,
    mapped,
    mapped_bytes,
    of_type,
    refund_event,
    shipment_event,
    shipment_item,
    transaction,
)

ORDER = OrderRef("amazon", CONTEXT.account, ORDER_ID)


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def lines(events: list) -> list[SettlementLineRecorded]:
    return [event.body for event in of_type(events, "settlement.line")]


# ---- shipment events ------------------------------------------------------------------------------


def test_every_charge_fee_promotion_and_withheld_tax_of_a_shipment_is_a_settlement_line_signed_as_amazon_signs_it() -> None:
    events = mapped(financial_events(ShipmentEventList=[shipment_event()]))

    found = [(line.line_type, line.amount) for line in lines(events)]
    assert found == [
        ("Principal", usd("40.00")), ("Tax", usd("2.40")), ("ShippingCharge", usd("4.99")),
        ("Commission", usd("-6.00")), ("FBAPerUnitFulfillmentFee", usd("-3.22")), ("ShippingHB", usd("0.00")),
        ("PromotionMetaDataDefinitionValue", usd("-5.00")), ("MarketplaceFacilitatorTax-Principal", usd("-2.40")),
    ]
    assert total([line.amount for line in lines(events)], "USD") == usd("30.77")
    first = lines(events)[0]
    assert (first.settlement_id, first.order_external_id, first.sku, first.fee) == ("unassigned", ORDER_ID, "MUG-RED", None)
    assert {event.order for event in events} == {ORDER}
    assert {event.occurred_at for event in events} == {datetime(2026, 3, 5, 10, tzinfo=UTC)}


def test_every_non_zero_fee_is_also_charged_as_a_positive_cost() -> None:
    events = mapped(financial_events(ShipmentEventList=[shipment_event()]))

    fees = [event.body for event in of_type(events, "fee.charged")]
    assert [(fee.fee_type, fee.amount) for fee in fees] == [
        ("Commission", usd("6.00")), ("FBAPerUnitFulfillmentFee", usd("3.22"))]
    assert fees[0].reference == lines(events)[3].line_id


def test_lines_keep_their_place_in_the_event_and_its_reasons() -> None:
    events = mapped(financial_events(ShipmentEventList=[shipment_event()]))

    promotion = next(e for e in of_type(events, "settlement.line") if e.body.line_type == "PromotionMetaDataDefinitionValue")
    assert promotion.payload_pointer == "/payload/FinancialEvents/ShipmentEventList/0/ShipmentItemList/0/PromotionList/0"
    assert promotion.key == "/ShipmentItemList/0/PromotionList/0"
    assert promotion.body.description == "ShipmentEvent: SPRING5"
    assert promotion.context["OrderItemId"] == "5001"
    assert promotion.context["MarketplaceName"] == "Amazon.com"
    assert promotion.context["FinancialEvent"] == "ShipmentEvent"
    withheld = lines(events)[-1]
    assert withheld.description == "ShipmentEvent: MarketplaceFacilitator"


def test_a_settlement_group_on_the_event_is_its_settlement() -> None:
    events = mapped(financial_events(ShipmentEventList=[shipment_event(FinancialEventGroupId="Gm9HEcdx3QBT")]))

    assert {line.settlement_id for line in lines(events)} == {"Gm9HEcdx3QBT"}


def test_the_same_event_maps_to_the_same_ids_from_either_listing() -> None:
    by_order = mapped(financial_events(ShipmentEventList=[shipment_event()]))
    listed = mapped(financial_events(RefundEventList=[refund_event()], ShipmentEventList=[shipment_event()]))

    assert {event.id for event in by_order} <= {event.id for event in listed}
    assert len({event.id for event in listed}) == len(listed)


def test_amounts_arrive_as_json_numbers_and_become_exact_decimals() -> None:
    events = mapped_bytes(json_bytes(financial_events(ShipmentEventList=[shipment_event()])))

    assert lines(events)[0].amount.amount == Decimal("40.00")
    assert [event.id for event in events] == [event.id for event in mapped(financial_events(
        ShipmentEventList=[shipment_event()]))]


def test_a_float_amount_is_refused_naming_its_path() -> None:
    item = shipment_item(ItemChargeList=[{"ChargeType": "Principal", "ChargeAmount": {"CurrencyCode": "USD",
                                                                                      "CurrencyAmount": 40.0}}])

    with pytest.raises(PayloadError) as error:
        mapped(financial_events(ShipmentEventList=[shipment_event(ShipmentItemList=[item])]))

    assert error.value.field == (
        "payload.FinancialEvents.ShipmentEventList[0].ShipmentItemList[0].ItemChargeList[0].ChargeAmount.CurrencyAmount")


def test_a_missing_amount_names_its_path() -> None:
    item = shipment_item(ItemFeeList=[{"FeeType": "Commission"}])

    with pytest.raises(PayloadError) as error:
        mapped(financial_events(ShipmentEventList=[shipment_event(ShipmentItemList=[item])]))

    assert error.value.field == "payload.FinancialEvents.ShipmentEventList[0].ShipmentItemList[0].ItemFeeList[0].FeeAmount"


def test_an_event_without_posting_date_or_order_is_kept_at_the_epoch() -> None:
    event = shipment_event()
    del event["PostedDate"], event["AmazonOrderId"]

    events = mapped(financial_events(ShipmentEventList=[event]))

    assert len(lines(events)) == 8
    assert {e.occurred_at for e in events} == {datetime(1970, 1, 1, tzinfo=UTC)}
    assert {e.order for e in events} == {None}
    assert "Unix epoch" in events[0].context["occurred_at_fallback"]
    assert {e.references for e in events} == {("SO-1001",)}


# ---- refunds --------------------------------------------------------------------------------------


def test_a_refund_event_is_a_refund_of_what_the_buyer_got_back() -> None:
    events = mapped(financial_events(RefundEventList=[refund_event()]))

    (refund,) = of_type(events, "refund.issued")
    assert refund.body == RefundIssued(
        refund_id=refund.source.object_id, amount=usd("21.69"),
        lines=(RefundLine(sku="MUG-RED", quantity=1, amount=usd("17.50"), line_id="9001"),),
        shipping=usd("4.99"), tax=usd("1.20"), adjustments=usd("-2.00"),
    )
    assert refund.order == ORDER
    assert refund.occurred_at == datetime(2026, 3, 12, 8, tzinfo=UTC)


def test_a_refund_keeps_its_settlement_lines_and_fee_reversals_with_amazons_signs() -> None:
    events = mapped(financial_events(RefundEventList=[refund_event()]))

    assert [(line.line_type, line.amount) for line in lines(events)] == [
        ("Principal", usd("-20.00")), ("Tax", usd("-1.20")), ("ShippingCharge", usd("-4.99")),
        ("RestockingFee", usd("2.00")), ("Commission", usd("2.40")), ("RefundCommission", usd("-0.48")),
        ("PromotionMetaDataDefinitionValue", usd("2.50")),
    ]
    fees = [(e.body.fee_type, e.body.amount) for e in of_type(events, "fee.charged")]
    assert fees == [("Commission", usd("-2.40")), ("RefundCommission", usd("0.48"))]


def test_a_refund_that_states_no_refunded_charge_is_refused() -> None:
    event = refund_event(ShipmentItemAdjustmentList=[{"SellerSKU": "MUG-RED", "QuantityShipped": 1}])

    with pytest.raises(PayloadError) as error:
        mapped(financial_events(RefundEventList=[event]))

    assert error.value.field == "payload.FinancialEvents.RefundEventList[0].ShipmentItemAdjustmentList"


# ---- events without an order ----------------------------------------------------------------------


def test_a_service_fee_is_a_line_and_a_fee_with_its_reason() -> None:
    event = {"FeeReason": "FBA inventory storage fee", "FeeDescription": "Storage March", "SellerSKU": "MUG-RED",
             "FeeList": [fee("FBAStorageFee", "-12.30")]}

    line, charged = mapped(financial_events(ServiceFeeEventList=[event]))

    assert line.body.amount == usd("-12.30") and line.body.sku == "MUG-RED"
    assert charged.body == FeeCharged("FBAStorageFee", usd("12.30"), reference=line.body.line_id)
    assert (line.order, charged.order, line.references) == (None, None, ())
    assert line.context["FeeReason"] == "FBA inventory storage fee"
    assert line.context["FeeDescription"] == "Storage March"


def test_an_adjustment_is_one_line_per_item_when_its_items_add_up() -> None:
    adjustment = {
        "AdjustmentType": "FBAInventoryReimbursement", "PostedDate": "2026-03-06T00:00:00Z",
        "AdjustmentAmount": currency("25.00"),
        "AdjustmentItemList": [
            {"Quantity": "1", "PerUnitAmount": currency("15.00"), "TotalAmount": currency("15.00"), "SellerSKU": "A"},
            {"Quantity": "2", "PerUnitAmount": currency("5.00"), "TotalAmount": currency("10.00"), "SellerSKU": "B"},
        ],
    }

    events = mapped(financial_events(AdjustmentEventList=[adjustment]))

    assert [(line.line_type, line.sku, line.amount) for line in lines(events)] == [
        ("FBAInventoryReimbursement", "A", usd("15.00")), ("FBAInventoryReimbursement", "B", usd("10.00"))]
    assert of_type(events, "fee.charged") == []
    assert events[0].context["AdjustmentType"] == "FBAInventoryReimbursement"


def test_an_adjustment_whose_items_do_not_add_up_is_its_stated_amount() -> None:
    adjustment = {"AdjustmentType": "ReserveDebit", "PostedDate": "2026-03-06T00:00:00Z",
                  "AdjustmentAmount": currency("-100.00"),
                  "AdjustmentItemList": [{"TotalAmount": currency("-40.00"), "SellerSKU": "A"}]}

    (event,) = mapped(financial_events(AdjustmentEventList=[adjustment]))

    assert (event.body.amount, event.body.sku) == (usd("-100.00"), None)


@pytest.mark.parametrize(
    ("kind", "event", "expected"),
    [
        ("ProductAdsPaymentEventList",
         {"postedDate": "2026-03-06T00:00:00Z", "transactionType": "Charge", "invoiceId": "INV-1",
          "baseValue": currency("-20.00"), "taxValue": currency("-1.00"), "transactionValue": currency("-21.00")},
         [("ProductAdsPayment", "-21.00", "21.00")]),
        ("SellerDealPaymentEventList",
         {"postedDate": "2026-03-06T00:00:00Z", "dealId": "D1", "feeType": "RunLightningDealFee",
          "feeAmount": currency("-150.00"), "taxAmount": currency("0.00"), "totalAmount": currency("-150.00")},
         [("RunLightningDealFee", "-150.00", "150.00")]),
        ("CouponPaymentEventList",
         {"PostedDate": "2026-03-06T00:00:00Z", "CouponId": "C1", "ClipOrRedemptionCount": 2,
          "ChargeComponent": charge("CouponRedemption", "-4.00"), "FeeComponent": fee("CouponFee", "-1.20"),
          "TotalAmount": currency("-5.20")},
         [("CouponRedemption", "-4.00", None), ("CouponFee", "-1.20", "1.20")]),
        ("FBALiquidationEventList",
         {"PostedDate": "2026-03-06T00:00:00Z", "OriginalRemovalOrderId": "R1",
          "LiquidationProceedsAmount": currency("30.00"), "LiquidationFeeAmount": currency("-4.50")},
         [("LiquidationProceeds", "30.00", None), ("LiquidationFee", "-4.50", "4.50")]),
    ],
)
def test_other_kinds_keep_their_amounts_and_fees(kind: str, event: dict, expected: list) -> None:
    events = mapped(financial_events(**{kind: [event]}))

    found = [(line.line_type, str(line.amount.amount)) for line in lines(events)]
    assert found == [(line_type, amount) for line_type, amount, _ in expected]
    fees = [str(e.body.amount.amount) for e in of_type(events, "fee.charged")]
    assert fees == [cost for _, _, cost in expected if cost]


def test_an_unsupported_kind_is_refused_on_its_own_while_its_neighbours_map() -> None:
    from adapters.amazon import ADAPTER

    document = financial_events(DebtRecoveryEventList=[{"DebtRecoveryType": "DebtPayment"}],
                                ShipmentEventList=[shipment_event()])
    debt, shipment = ADAPTER.split(document)

    with pytest.raises(PayloadError) as error:
        ADAPTER.map_object(debt, CONTEXT)
    assert error.value.field == "payload.FinancialEvents.DebtRecoveryEventList[0]"
    assert "unsupported Amazon financial event DebtRecoveryEvent" in str(error.value)
    assert ADAPTER.map_object(shipment, CONTEXT)


# ---- event groups ---------------------------------------------------------------------------------


def test_an_event_group_is_a_payout_of_its_original_total() -> None:
    (event,) = mapped({"payload": {"FinancialEventGroupList": [event_group()]}})

    assert event.body == PayoutRecorded(
        payout_id="Gm9HEcdx3QBT", amount=usd("1234.56"), status="CLOSED/SUCCEEDED",
        deposit_date=datetime(2026, 3, 17, 2, tzinfo=UTC), period_start=datetime(2026, 3, 1, tzinfo=UTC),
        period_end=datetime(2026, 3, 15, tzinfo=UTC),
    )
    assert event.order is None
    assert event.occurred_at == datetime(2026, 3, 17, 2, tzinfo=UTC)
    assert event.context["ConvertedTotal"] == "1234.56 USD"
    assert "AccountTail" not in event.context


def test_an_open_group_changes_version_as_its_total_grows() -> None:
    open_group = event_group(ProcessingStatus="Open", FundTransferStatus=None, FundTransferDate=None)
    grown = event_group(ProcessingStatus="Open", FundTransferStatus=None, FundTransferDate=None,
                        OriginalTotal=currency("1300.00"))

    first, second = (mapped({"payload": {"FinancialEventGroupList": [g]}})[0] for g in (open_group, grown))

    assert first.body.status == "OPEN"
    assert first.occurred_at == datetime(2026, 3, 15, tzinfo=UTC)
    assert first.id != second.id


def test_a_group_without_total_names_the_field() -> None:
    with pytest.raises(PayloadError) as error:
        mapped({"payload": {"FinancialEventGroupList": [event_group(OriginalTotal=None, ConvertedTotal=None)]}})

    assert error.value.field == "payload.FinancialEventGroupList[0].OriginalTotal"


# ---- 2024-06-19 transactions ----------------------------------------------------------------------


def test_a_transaction_is_one_line_per_breakdown_adding_up_to_its_total() -> None:
    events = mapped({"payload": {"transactions": [transaction()], "nextToken": "n"}})

    assert [(line.line_type, line.amount, line.description) for line in lines(events)] == [
        ("Principal", usd("40.00"), "Sales/ProductCharges"), ("Tax", usd("2.40"), "Sales/ProductCharges"),
        ("Commission", usd("-8.40"), "Expenses/AmazonFees"),
        ("FBAPerUnitFulfillmentFee", usd("-3.22"), "Expenses/AmazonFees"),
    ]
    assert total([line.amount for line in lines(events)], "USD") == usd("30.78")
    first = lines(events)[0]
    assert (first.settlement_id, first.order_external_id, first.sku) == ("Gm9HEcdx3QBT", ORDER_ID, "MUG-RED")
    assert {event.order for event in events} == {ORDER}
    assert (events[0].source.object_id, events[0].source.version) == ("TX-1", "TX-1")
    assert events[0].context["transactionStatus"] == "RELEASED"


def test_breakdowns_that_do_not_add_up_leave_the_stated_total_as_one_line() -> None:
    partial = transaction(breakdowns=[breakdown("Sales", "42.40")])

    (event,) = mapped({"payload": {"transactions": [partial]}})

    assert (event.body.line_type, event.body.amount) == ("Shipment", usd("30.78"))


def test_a_transaction_without_id_group_or_order_is_kept_unassigned() -> None:
    bare = transaction(transaction_id=None, relatedIdentifiers=[], breakdowns=[])

    (event,) = mapped({"payload": {"transactions": [bare]}})

    assert (event.body.settlement_id, event.order, event.body.order_external_id) == ("unassigned", None, None)
    assert event.source.object_id == event.source.version != "TX-1"
    assert event.id == mapped(json.loads(json_bytes({"payload": {"transactions": [bare]}}),
                                          parse_float=Decimal))[0].id


def test_a_transaction_without_total_names_the_field() -> None:
    with pytest.raises(PayloadError) as error:
        mapped({"payload": {"transactions": [transaction(totalAmount=None)]}})

    assert error.value.field == "payload.transactions[0].totalAmount"
