"""Stripe balance transactions, payouts, application fees and fee refunds: settlement lines and fees as Stripe signs them."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from canonical_model.catalogue import fold_order
from canonical_model.events import FeeCharged, PayoutRecorded, SettlementLineRecorded
from canonical_model.money import Money
from tests.adapters.stripe.stripe_payloads import (
    CHARGE_REFERENCE,
    application_fee,
    balance_transaction,
    event,
    fee_detail,
    fee_refund,
    mapped,
    mapped_bytes,
    of_type,
    payout,
)


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def test_a_charge_balance_transaction_is_a_net_line_whose_fee_is_itemised_once() -> None:
    events = mapped(balance_transaction())
    (line,) = of_type(events, SettlementLineRecorded.TYPE)
    (fee,) = of_type(events, FeeCharged.TYPE)

    assert line.body == SettlementLineRecorded(
        settlement_id="pending", line_id="txn_3PqAcme", line_type="charge", amount=usd("38.54"),
        description="Order #1001",
    )
    assert fee.body == FeeCharged("stripe_fee", usd("1.46"), "ch_3PqAcme")
    assert (line.context["gross"], line.context["fee"], line.context["net"]) == ("40.00", "1.46", "38.54")
    assert line.references == ("#1001", CHARGE_REFERENCE)
    assert line.order is None


def test_a_line_listed_for_its_payout_is_restated_in_that_payout_and_its_fees_are_not_repeated() -> None:
    pending = mapped(balance_transaction())
    listed = mapped({"object": "list", "url": "/v1/balance_transactions?payout=po_1Acme", "has_more": False,
                     "data": [balance_transaction()]})

    assert [e.body.settlement_id for e in of_type(listed, SettlementLineRecorded.TYPE)] == ["po_1Acme"]
    assert listed[0].source.version == "txn_3PqAcme@po_1Acme"
    assert fold_order(pending[0]) < fold_order(listed[0]), "the statement naming the payout folds last"
    assert listed[0].id != pending[0].id
    assert [e.id for e in of_type(listed, FeeCharged.TYPE)] == [e.id for e in of_type(pending, FeeCharged.TYPE)]
    assert listed[0].context["payout"] == "po_1Acme"


def test_a_listing_stripe_wrote_without_a_filter_names_no_payout() -> None:
    listed = mapped({"object": "list", "url": "/v1/balance_transactions", "has_more": False,
                     "data": [balance_transaction()]})

    assert [e.id for e in listed] == [e.id for e in mapped(balance_transaction())]


def test_each_fee_detail_is_a_positive_fee_of_its_type() -> None:
    txn = balance_transaction(fees=(fee_detail(146), fee_detail(200, "application_fee", application="ca_1Platform")))
    fees = of_type(mapped(txn), FeeCharged.TYPE)

    assert [fee.body for fee in fees] == [FeeCharged("stripe_fee", usd("1.46"), "ch_3PqAcme"),
                                          FeeCharged("application_fee", usd("2.00"), "ch_3PqAcme")]
    assert [fee.key for fee in fees] == ["fee_details[0]", "fee_details[1]"]
    assert len({fee.id for fee in fees}) == 2
    assert fees[0].context["fee_description"] == "Stripe processing fees"
    assert fees[1].context["settlement_line"] == "txn_3PqAcme"


def test_a_refund_line_stays_negative() -> None:
    txn = balance_transaction("txn_3PqRefund", amount=-1500, fees=(), type="refund", reporting_category="refund",
                              description="REFUND FOR CHARGE (Order #1001)", source="re_3PqAcme")
    (line,) = mapped(txn)

    assert (line.body.line_type, line.body.amount, line.body.fee) == ("refund", usd("-15.00"), None)


def test_the_payouts_own_balance_transaction_is_no_line_of_it() -> None:
    txn = balance_transaction("txn_1Payout", amount=-3854, fees=(), type="payout", reporting_category="payout",
                              description="STRIPE PAYOUT", source="po_1Acme")

    assert mapped(txn) == []
    assert mapped({"object": "list", "url": "/v1/balance_transactions?payout=po_1Acme", "data": [txn]}) == []


def test_an_exchange_rate_is_kept_exactly_and_context_stays_json() -> None:
    body = json.dumps(balance_transaction()).replace('"exchange_rate": null', '"exchange_rate": 0.912345678901').encode()
    (line, _fee) = mapped_bytes(body)

    assert line.context["exchange_rate"] == "0.912345678901"
    json.dumps(line.context)


def test_replaying_a_balance_transaction_gives_identical_ids() -> None:
    assert [item.id for item in mapped(balance_transaction())] == [item.id for item in mapped(balance_transaction())]


def test_a_payout_is_recorded_with_its_status_and_arrival_date() -> None:
    (recorded,) = mapped(payout())

    assert recorded.body == PayoutRecorded("po_1Acme", usd("38.54"), "PAID",
                                           deposit_date=datetime(2026, 3, 5, 15, 0, tzinfo=UTC))
    assert recorded.source.version == "paid"
    assert recorded.occurred_at == datetime(2026, 3, 5, 15, 0, tzinfo=UTC)
    assert recorded.context["method"] == "standard"


def test_each_status_of_a_payout_is_a_fact_and_a_failure_keeps_its_reason() -> None:
    (in_transit,) = mapped(payout(status="in_transit"))
    (failed,) = mapped(event(payout(status="failed", failure_code="account_closed",
                                    failure_message="The bank account has been closed"), "payout.failed"))

    assert in_transit.id != failed.id
    assert in_transit.occurred_at == datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
    assert failed.body.status == "FAILED"
    assert failed.context["failure_code"] == "account_closed"
    assert failed.context["event_type"] == "payout.failed"


def test_an_application_fee_is_a_positive_fee_and_its_refunds_negative_ones() -> None:
    events = mapped(application_fee(refunds=(fee_refund(),)))
    (alone,) = mapped(fee_refund())

    assert [item.body for item in events] == [FeeCharged("application_fee", usd("2.00"), "ch_3PqAcme"),
                                              FeeCharged("application_fee", usd("-0.50"), "fee_1Acme")]
    assert events[1].id == alone.id
    assert events[1].payload_pointer == "/refunds/data/0"
    assert events[0].context["connected_account"] == "acct_1Connected"
    assert alone.context["kind"] == "fee_refund"


def test_a_refund_line_names_the_order_of_the_charge_its_expanded_source_refunds() -> None:
    charge = {"id": "ch_3PqAcme", "object": "charge", "description": "Brand Goods - Order 70007",
              "metadata": {"order_id": "70007"}}
    refund = {"id": "re_3PqAcme", "object": "refund", "charge": charge, "metadata": {}}
    txn = balance_transaction("txn_3PqRefund", amount=-1500, fees=(), type="refund", description=None, source=refund)
    (line,) = mapped(txn)

    assert line.references == ("70007", CHARGE_REFERENCE)
    assert line.context["source"] == "re_3PqAcme"


def test_only_a_balance_transaction_listing_filtered_by_one_payout_names_a_payout() -> None:
    for url in ("/v1/balance_transactions?payout=po_1Acme&payout=po_2Acme", "/v1/charges?payout=po_1Acme",
                "/v1/balance_transactions?source=po_1Acme", "/v1/balance_transactions?payout=ch_1"):
        (line, _fee) = mapped({"object": "list", "url": url, "data": [balance_transaction()]})
        assert line.body.settlement_id == "pending", url
