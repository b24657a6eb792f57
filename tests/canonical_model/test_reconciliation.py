"""Given the situation built from canonical events, each discrepancy opens with its amount and explanation,
and the resolving event (where one exists) makes it disappear."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from canonical_model.accounting_events import BankDepositRecorded
from canonical_model.costing import costing
from canonical_model.events import Event, SettlementLineRecorded
from canonical_model.identity import SourceRef
from canonical_model.order_view import order_view
from canonical_model.recognition import AT_DELIVERY, RecognitionPolicy
from canonical_model.reconciliation import ReconciliationPolicy, settlement_findings, unmatched_record
from canonical_model.views import Finding
from tests.builders import at, order_placed, order_ref, refunded, settled, shipped, usd
from tests.canonical_model.stock_builders import (
    fee,
    invoice,
    payout,
    received,
    return_inspected,
    return_received,
    settlement_line,
    shipment,
    when,
)

REF = order_ref("1001")


def findings(events: list[Event], kind: str, **options) -> list[Finding]:
    return [f for f in order_view(REF, events, **options).findings if f.kind == kind]


def test_partial_shipment_is_a_timing_quantity_mismatch_until_the_rest_ships() -> None:
    events = [order_placed(), *shipment("1001", "S1", [("MUG-RED", 2)], "WH-EAST", day=2)]
    [gap] = findings(events, "QUANTITY_MISMATCH", now=at(3))
    assert (gap.key, gap.quantity, gap.classification) == ("QUANTITY_MISMATCH:CARD", 1, "TIMING")
    assert gap.explanation == ("shop order 1001 (#1001) owes 1 units of CARD (ordered 1, refunded before shipping 0) "
                               "but 0 shipped, the latest on 2026-03-02 (wms shipment S1); expected within 7 days, "
                               "by 2026-03-09")
    assert findings(events, "QUANTITY_MISMATCH", now=at(20))[0].classification == "ERROR"
    rest = shipment("1001", "S2", [("CARD", 1)], "WH-EAST", day=4)
    assert findings([*events, *rest], "QUANTITY_MISMATCH") == []


def test_shipping_more_than_owed_is_an_error_at_once() -> None:
    events = [order_placed(), *shipment("1001", "S1", [("MUG-RED", 3), ("CARD", 1)], "WH-EAST", day=2)]
    [gap] = findings(events, "QUANTITY_MISMATCH")
    assert (gap.key, gap.quantity, gap.classification) == ("QUANTITY_MISMATCH:MUG-RED", 1, "ERROR")


def test_refund_before_shipping_or_a_backorder_excuses_the_missing_units() -> None:
    events = [order_placed(), *shipment("1001", "S1", [("MUG-RED", 1), ("CARD", 1)], "WH-EAST", day=3)]
    assert len(findings(events, "QUANTITY_MISMATCH")) == 1
    assert findings([*events, refunded(day=2)], "QUANTITY_MISMATCH") == []
    backorder = shipment("1001", "S2", [("MUG-RED", 1)], "WH-EAST", day=3, status="BACKORDERED")
    assert findings([*events, *backorder], "QUANTITY_MISMATCH") == []


def test_shipped_not_invoiced_only_when_invoices_are_expected() -> None:
    events = [order_placed(), *shipped()]
    assert findings(events, "SHIPPED_NOT_INVOICED") == []
    policy = ReconciliationPolicy(invoices_expected=True)
    [gap] = findings(events, "SHIPPED_NOT_INVOICED", reconciliation=policy, now=at(4))
    assert (gap.amount, gap.classification) == (usd("27.85"), "TIMING")
    assert gap.explanation == ("shop order 1001 (#1001) of 27.85 USD shipped on 2026-03-02 (shop fulfillment S1) has "
                               "no invoice or sales receipt in accounting; expected within 7 days, by 2026-03-09")
    assert findings([*events, invoice("1001", "INV-1", "27.85")], "SHIPPED_NOT_INVOICED", reconciliation=policy) == []


def test_refund_without_settlement_is_timing_then_error_and_resolves_when_settled() -> None:
    events = [order_placed(), *shipped(), refunded(amount="12.00", day=4)]
    [gap] = findings(events, "REFUND_NOT_SETTLED")
    assert (gap.key, gap.amount, gap.classification) == ("REFUND_NOT_SETTLED:R1", usd("12.00"), "TIMING")
    assert gap.explanation == ("refund of 12.00 USD on 2026-03-04 (shop refund R1) has no matching settlement line "
                               "or credit note; expected within 14 days, by 2026-03-18")
    assert findings(events, "REFUND_NOT_SETTLED", now=at(19))[0].classification == "ERROR"
    clawback = settlement_line("1001", "P2", "T-R1", "-12.00", day=9, line_type="refund")
    assert findings([*events, clawback], "REFUND_NOT_SETTLED") == []
    credit_note = invoice("1001", "CN-1", "12.00", kind="CREDIT_NOTE", day=9)
    assert findings([*events, credit_note], "REFUND_NOT_SETTLED") == []


def test_payout_variance_beyond_tolerance_and_resolved_by_the_missing_line() -> None:
    events = [order_placed(), settled(amount="25.00", fee="1.11")]
    [gap] = findings(events, "PAYOUT_VARIANCE")
    assert (gap.amount, gap.classification) == (usd("2.85"), "TIMING")
    assert gap.explanation.startswith("shop order 1001 (#1001): settled net 23.89 USD (shop payout_transaction "
                                      "T-1001 in settlement P1 on 2026-03-06) is less than expected net 26.74 USD")
    assert findings([*events, settlement_line("1001", "P2", "T-2", "2.85", day=8)], "PAYOUT_VARIANCE") == []
    assert findings([order_placed(), settled(amount="27.84", fee="1.11")], "PAYOUT_VARIANCE") == []


def test_fee_off_the_channels_usual_rate() -> None:
    policy = ReconciliationPolicy(usual_fee_rates=(("shop", "commission", Decimal("0.05")),))
    events = [order_placed(), fee("1001", "commission", "2.79")]
    [gap] = findings(events, "FEE_ANOMALY", reconciliation=policy)
    assert (gap.key, gap.amount) == ("FEE_ANOMALY:commission", usd("1.40"))
    assert gap.explanation == ("commission fees of 2.79 USD (shop fee F1 on 2026-03-02) are 10.02% of the order total "
                               "27.85 USD; shop usually charges 5.00%")
    credit = fee("1001", "commission", "-1.39", day=5, ident="F2")
    assert findings([*events, credit], "FEE_ANOMALY", reconciliation=policy) == []


def test_return_waiting_for_inspection_until_inspected() -> None:
    events = [order_placed(), *shipped(), return_received("1001", "RT1", [("MUG-RED", 2)], day=6)]
    [gap] = findings(events, "RETURN_NOT_RESTOCKED")
    assert (gap.quantity, gap.classification) == (2, "TIMING")
    assert gap.explanation == ("return RT1 of 2 units received on 2026-03-06 at WH-EAST (wms return RT1) has no "
                               "inspection disposition (restock, damaged or write-off); expected within 14 days, "
                               "by 2026-03-20")
    view = order_view(REF, events)
    assert not view.completion.inventory_settled and "inspection of return RT1" in view.completion.missing
    inspected = [*events, return_inspected("1001", "RT1", "RESTOCK", [("MUG-RED", 2)], day=8)]
    assert findings(inspected, "RETURN_NOT_RESTOCKED") == []
    assert order_view(REF, inspected).completion.inventory_settled


def test_revenue_at_delivery_and_cogs_at_shipment_in_different_periods() -> None:
    stock = received("PO1", "WH-EAST", [("MUG-RED", 5, "4.00"), ("CARD", 5, "1.00")], day=1)
    events = [order_placed(), *shipment("1001", "S1", [("MUG-RED", 2), ("CARD", 1)], "WH-EAST", moment=when(3, 30),
                                        delivered=when(4, 2))]
    costs = costing([stock, *events]).for_order(REF.order_id)
    [gap] = findings(events, "PERIOD_MISMATCH", recognition=RecognitionPolicy(AT_DELIVERY), costs=costs)
    assert (gap.amount, gap.classification) == (usd("9.00"), "ERROR")
    assert gap.explanation == ("revenue of 26.50 USD for shipment S1 is recognised in 2026-04 (wms shipment S1 on "
                               "2026-04-02) but its COGS of 9.00 USD is in 2026-03 (wms shipment S1 on 2026-03-30)")
    assert findings(events, "PERIOD_MISMATCH", costs=costs) == []


def test_unmatched_record_waits_for_its_order_then_is_an_error() -> None:
    line = Event(SettlementLineRecorded("P9", "T-9", "charge", usd("40.00"), order_external_id="9999"),
                 SourceRef("payments", "acme", "payout_line", "T-9", "1"), at(5), references=("#9999",))
    timing = unmatched_record(line, now=at(6))
    assert (timing.key, timing.classification, timing.amount) == (f"UNMATCHED_RECORD:{line.id}", "TIMING", usd("40.00"))
    assert timing.explanation == ("payments payout_line T-9 (2026-03-05, 40.00 USD) references '#9999', which matches "
                                  "no order known to the hub; expected within 3 days, by 2026-03-08")
    assert unmatched_record(line, now=at(9)).classification == "ERROR"
    assert "matches 2 orders" in unmatched_record(line, candidates=("ord_a", "ord_b")).explanation


def test_payout_total_against_its_lines_and_its_deposit() -> None:
    lines = [settlement_line("1001", "P1", "T-1", "27.85", day=6, fee_amount="1.11")]
    [gap] = settlement_findings([payout("P1", "30.00"), *lines])
    assert (gap.key, gap.amount, gap.classification) == (
        "SETTLEMENT_TOTAL_MISMATCH:payments:P1", usd("3.26"), "TIMING")
    assert gap.explanation == ("payout P1 of 30.00 USD on 2026-03-07 (payments payout P1) states a total that its 1 "
                               "settlement lines do not add up to: they come to 26.74 USD, 3.26 USD short; expected "
                               "within 14 days, by 2026-03-21")
    assert settlement_findings([payout("P1", "30.00"), *lines], now=at(7) + timedelta(days=15))[0].classification \
        == "ERROR"
    rest = settlement_line(None, "P1", "T-2", "3.26", day=7)
    assert settlement_findings([payout("P1", "30.00"), *lines, rest]) == []
    deposit = Event(BankDepositRecorded("D1", usd("29.00"), at(8), "P1"), SourceRef("bank", "acme", "deposit", "D1",
                                                                                     "1"), at(8))
    [mismatch] = settlement_findings([payout("P1", "30.00"), *lines, rest, deposit])
    assert (mismatch.key, mismatch.amount) == ("SETTLEMENT_TOTAL_MISMATCH:deposit:payments:P1", usd("1.00"))


def test_findings_do_not_depend_on_arrival_order() -> None:
    events = [order_placed(), *shipment("1001", "S1", [("MUG-RED", 2)], "WH-EAST", day=2), refunded(day=4)]
    expected = order_view(REF, events).findings
    assert {f.kind for f in expected} == {"QUANTITY_MISMATCH", "REFUND_NOT_SETTLED"}
    assert order_view(REF, list(reversed(events))).findings == expected


def test_a_marketplace_refund_event_settles_a_refund_with_its_principal_and_tax_lines_fees_apart() -> None:
    from canonical_model.events import FeeCharged

    record = SourceRef("shop", "acme", "RefundEvent", "R-EVT-1", "2026-03-09")

    def line(key: str, line_type: str, amount: str) -> Event:
        body = SettlementLineRecorded("unassigned", "R-EVT-1", line_type, usd(amount), order_external_id="1001")
        return Event(body, record, at(9), order_ref(), key=key)

    commission = Event(FeeCharged("RefundCommission", usd("0.54")), record, at(9), order_ref(), key="/fees/1")
    lines = [line("/charges/0", "Principal", "-10.00"), line("/charges/1", "Tax", "-2.00"),
             line("/fees/1", "RefundCommission", "-0.54"), commission]
    events = [order_placed(), *shipped(), refunded(amount="12.00", day=4)]
    assert findings([*events, *lines], "REFUND_NOT_SETTLED") == []
