"""eBay Finances: transactions as signed settlement lines with their fees, refunds, and payouts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.ebay import ADAPTER
from adapters.toolkit import PayloadError
from canonical_model.events import FeeCharged, PayoutRecorded, RefundIssued, SettlementLineRecorded
from canonical_model.identity import OrderRef
from canonical_model.money import Money, total
from tests.adapters.ebay.ebay_payloads import (
    CONTEXT,
    ORDER_ID,
    PAYOUT_ID,
    charge_transaction,
    line_fees,
    mapped,
    money,
    of_type,
    payout,
    payouts_page,
    refund_transaction,
    transaction,
    transactions_page,
)


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def events_of(*transactions: dict):
    return mapped(transactions_page(list(transactions)))


def test_a_sale_is_the_order_total_less_each_fee_and_the_tax_ebay_remits_in_lines_adding_up_to_its_amount() -> None:
    line, *parts = of_type(events_of(transaction()), "settlement.line")

    assert line.body == SettlementLineRecorded(PAYOUT_ID, "5012345678019", "SALE", usd("48.20"),
                                               order_external_id=ORDER_ID)
    assert [(p.body.line_id, p.body.line_type, p.body.amount) for p in parts] == [
        ("5012345678019:orderLineItems[0].marketplaceFees[0]", "FINAL_VALUE_FEE", usd("-6.39")),
        ("5012345678019:orderLineItems[0].marketplaceFees[1]", "FINAL_VALUE_FEE_FIXED_PER_ORDER", usd("-0.40")),
        ("5012345678019:eBayCollectedTaxAmount", "EBAY_COLLECTED_TAX", usd("-3.20"))]
    assert total([e.body.amount for e in (line, *parts)], "USD") == usd("38.21"), "what moved in the balance"
    assert {p.body.settlement_id for p in parts} == {PAYOUT_ID} and {p.order for p in parts} == {line.order}
    assert line.order == OrderRef("ebay", CONTEXT.account, ORDER_ID)
    assert line.occurred_at == datetime(2026, 3, 3, 18, 40, tzinfo=UTC)
    assert (line.source.object_type, line.source.object_id, line.source.version) == (
        "transaction", "5012345678019", f"payout:{PAYOUT_ID}")
    assert line.context["totalFeeAmount"] == "6.79 USD"
    assert line.context["eBayCollectedTaxAmount"] == "3.20 USD"
    assert line.payload_pointer == "/transactions/0"


def test_each_marketplace_fee_is_a_cost_and_they_add_up_to_the_total_fee() -> None:
    fees = of_type(events_of(transaction()), "fee.charged")

    assert [(f.body.fee_type, f.body.amount) for f in fees] == [
        ("FINAL_VALUE_FEE", usd("6.39")), ("FINAL_VALUE_FEE_FIXED_PER_ORDER", usd("0.40"))]
    assert total([f.body.amount for f in fees], "USD") == usd("6.79")
    assert {f.context["lineItemId"] for f in fees} == {"10045678901234"}
    assert {f.order.external_id for f in fees} == {ORDER_ID}
    assert len({f.id for f in fees}) == 2


def test_the_total_fee_is_the_fee_when_there_is_no_breakdown() -> None:
    [fee] = of_type(events_of(transaction(orderLineItems=[])), "fee.charged")

    assert (fee.body.fee_type, fee.body.amount, fee.key) == ("TOTAL_FEE_AMOUNT", usd("6.79"), "totalFeeAmount")


def test_a_refund_is_a_debit_line_a_refund_of_what_the_buyer_got_back_and_fees_given_back() -> None:
    events = events_of(refund_transaction())
    lines, [refund], [fee] = (of_type(events, kind) for kind in ("settlement.line", "refund.issued", "fee.charged"))
    line = lines[0]

    assert [part.body.amount for part in lines] == [usd("-21.60"), usd("2.86"), usd("1.60")]
    assert total([part.body.amount for part in lines], "USD") == usd("-17.14")
    assert line.body.amount == -refund.body.amount, "the refund's own line takes back exactly what was refunded"
    assert lines[1].key == fee.key, "the fee credit's line is the twin of its fee"
    assert refund.body == RefundIssued("5012345678020", usd("21.60"), tax=usd("1.60"))
    assert refund.order == OrderRef("ebay", CONTEXT.account, ORDER_ID)
    assert refund.context["refund_amount_from"] == "totalFeeBasisAmount"
    assert (fee.body.fee_type, fee.body.amount) == ("FINAL_VALUE_FEE", usd("-2.86"))
    assert line.body.amount + refund.body.amount == Money.zero("USD")


def test_a_refund_without_a_fee_basis_refunds_its_own_amount() -> None:
    payload = refund_transaction()
    payload.pop("totalFeeBasisAmount")

    [refund] = of_type(events_of(payload), "refund.issued")

    assert refund.body.amount == usd("17.14")
    assert refund.context["refund_amount_from"] == "amount"


def test_a_charge_apart_from_the_sale_is_a_fee_of_the_order_it_references() -> None:
    events = events_of(charge_transaction())
    [line], [fee] = of_type(events, "settlement.line"), of_type(events, "fee.charged")

    assert (line.body.settlement_id, line.body.amount, line.body.description) == ("pending", usd("-2.10"), "AD_FEE")
    assert (fee.body.fee_type, fee.body.amount) == ("AD_FEE", usd("2.10"))
    assert fee.order == line.order == OrderRef("ebay", CONTEXT.account, ORDER_ID)
    assert line.context["references"][1] == {"referenceId": "334455667788", "referenceType": "ITEM_ID"}


def test_a_shipping_label_is_a_cost_and_its_refund_a_cost_given_back() -> None:
    label = charge_transaction("L1", "SHIPPING_LABEL", "8.45", feeType=None, orderId=ORDER_ID,
                               transactionMemo="Shipping label - USPS Priority Mail")
    voided = {**label, "transactionId": "L2", "bookingEntry": "CREDIT"}

    fees = of_type(events_of(label, voided), "fee.charged")
    lines = of_type(events_of(label, voided), "settlement.line")

    assert [(f.body.fee_type, f.body.amount) for f in fees] == [("SHIPPING_LABEL", usd("8.45")),
                                                                ("SHIPPING_LABEL", usd("-8.45"))]
    assert [line.body.amount for line in lines] == [usd("-8.45"), usd("8.45")]
    assert lines[0].body.description == "Shipping label - USPS Priority Mail"


def test_a_dispute_is_a_debit_line() -> None:
    dispute = transaction("D1", "DISPUTE", "48.20", "DEBIT", orderLineItems=[], totalFeeAmount=money("0.00"),
                          transactionMemo="Payment dispute lost")

    events = events_of(dispute)

    assert [e.type for e in events] == ["settlement.line"]
    assert events[0].body.amount == usd("-48.20")
    assert events[0].context["transactionMemo"] == "Payment dispute lost"


def test_a_transaction_without_an_order_names_none() -> None:
    transfer = charge_transaction("T1", "TRANSFER", "20.00", references=[], feeType=None, totalFeeAmount=None)

    [line] = events_of(transfer)

    assert line.order is None and line.body.order_external_id is None


def test_a_pending_line_is_restated_in_its_payout_but_fees_and_refunds_are_not() -> None:
    pending = refund_transaction(transactionStatus="FUNDS_PROCESSING")
    pending.pop("payoutId")
    paid = refund_transaction()

    before, after = events_of(pending), events_of(paid)

    def lines(events: list) -> list:
        return of_type(events, "settlement.line")

    def facts(events: list) -> list[str]:
        return [e.id for e in events if e.type != "settlement.line"]

    assert {e.body.settlement_id for e in lines(before)} == {"pending"}
    assert {e.body.settlement_id for e in lines(after)} == {PAYOUT_ID}
    assert not {e.id for e in lines(before)} & {e.id for e in lines(after)}
    assert facts(before) == facts(after) and len(facts(before)) == 2


def test_replaying_transactions_gives_identical_ids() -> None:
    page = [transaction(), refund_transaction(), charge_transaction()]

    assert [e.id for e in events_of(*page)] == [e.id for e in events_of(*page)]


def test_context_keeps_status_and_never_the_buyer() -> None:
    [line, *_] = events_of(transaction(transactionMemo="Funds on hold. Estimated release on Mar 20",
                                       transactionStatus="FUNDS_ON_HOLD"))

    assert line.context["transactionStatus"] == "FUNDS_ON_HOLD"
    assert line.context["transactionMemo"].startswith("Funds on hold")
    assert "ann_lee_77" not in str(line.context)


@pytest.mark.parametrize(("change", "field"), [
    (lambda t: t.pop("transactionId"), "transactions[0].transactionId"),
    (lambda t: t.pop("bookingEntry"), "transactions[0].bookingEntry"),
    (lambda t: t.update(bookingEntry="SIDEWAYS"), "transactions[0].bookingEntry"),
    (lambda t: t["amount"].pop("value"), "transactions[0].amount.value"),
    (lambda t: t.pop("transactionDate"), "transactions[0].transactionDate"),
    (lambda t: t["orderLineItems"][0]["marketplaceFees"][0].pop("feeType"),
     "transactions[0].orderLineItems[0].marketplaceFees[0].feeType"),
    (lambda t: t["amount"].update(value=12.5), "transactions[0].amount.value"),
])
def test_a_missing_or_bad_field_is_named_by_its_path(change, field: str) -> None:
    payload = transaction()
    change(payload)

    with pytest.raises(PayloadError) as error:
        # Mapped without parsing, so that a binary float can reach the mapping.
        [ADAPTER.map_object(obj, CONTEXT) for obj in ADAPTER.split(transactions_page([payload]))]

    assert error.value.field == field


def test_a_payout_is_recorded_at_its_date_with_its_status() -> None:
    [event] = mapped(payouts_page([payout()]))

    assert event.body == PayoutRecorded(PAYOUT_ID, usd("38.21"), "SUCCEEDED",
                                        deposit_date=datetime(2026, 3, 6, 4, 0, tzinfo=UTC))
    assert event.order is None
    assert (event.source.object_type, event.source.version) == ("payout", "SUCCEEDED")
    assert event.context["payoutStatusDescription"] == "Funds sent"
    assert "6789" not in str(event.context)


def test_each_status_and_retry_of_a_payout_is_its_own_fact() -> None:
    initiated = mapped(payout(status="INITIATED"))[0]
    failed = mapped(payout(status="RETRYABLE_FAILED", lastAttemptedPayoutDate="2026-03-07T04:00:00.000Z"))[0]
    retried = mapped(payout(status="RETRYABLE_FAILED", lastAttemptedPayoutDate="2026-03-08T04:00:00.000Z"))[0]

    assert len({initiated.id, failed.id, retried.id}) == 3
    assert failed.context["lastAttemptedPayoutDate"] == "2026-03-07T04:00:00.000Z"


def test_a_payout_without_any_date_is_named() -> None:
    payload = payout()
    payload.pop("payoutDate")

    with pytest.raises(PayloadError) as error:
        mapped(payouts_page([payload]))

    assert error.value.field == "payouts[0].payoutDate"


def test_fees_of_two_lines_are_kept_apart() -> None:
    sale = transaction(orderLineItems=[line_fees(), line_fees("10045678901235", "20.00", (("FINAL_VALUE_FEE", "2.65"),))],
                       totalFeeAmount=money("9.44"))

    fees = of_type(events_of(sale), "fee.charged")

    assert [f.context["lineItemId"] for f in fees] == ["10045678901234", "10045678901234", "10045678901235"]
    assert total([f.body.amount for f in fees], "USD") == usd("9.44")
    assert all(isinstance(f.body, FeeCharged) for f in fees)
