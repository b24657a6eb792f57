"""Money discrepancies end to end through the hub: canonical events in, each gap opens with its amount and
explanation, the event that closes it resolves it, and the audit trail shows both."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from decimal import Decimal

from sqlalchemy import Engine

from canonical_model.accounting_events import BankDepositRecorded
from canonical_model.events import Event, OrderUpdated
from canonical_model.identity import SourceRef
from hub.audit import audit_for_subjects
from tests.builders import order_placed, order_ref, refunded, shipped, usd
from tests.canonical_model.stock_builders import at, fee, invoice, payout, settlement_line
from tests.hub.hub_steps import audit_actions, found, ingest, the_one

ORDER_ID = order_ref().order_id


def _order_trail(engine: Engine, discrepancy_id: str) -> list[str]:
    with engine.connect() as connection:
        trail = audit_for_subjects(connection, [ORDER_ID])[ORDER_ID]
    return [entry.action for entry in trail if entry.details.get("discrepancy_id") == discrepancy_id]


def _opened_then_resolved(engine: Engine, kind: str, resolving: list[Event], order: bool = True) -> None:
    opened = the_one(engine, kind)
    ingest(engine, *resolving)
    closed = the_one(engine, kind)
    assert (closed.id, closed.status, closed.resolved_at is not None) == (opened.id, "RESOLVED", True)
    trail = _order_trail(engine, opened.id) if order else audit_actions(engine, opened.id)
    assert trail == ["discrepancy.opened", "discrepancy.resolved"]


def test_refund_not_settled_until_the_payout_takes_it_back(engine: Engine) -> None:
    ingest(engine, order_placed(), *shipped(), refunded())
    row = the_one(engine, "REFUND_NOT_SETTLED")
    assert (row.status, row.classification, row.amount, row.currency, row.order_id) == (
        "OPEN", "ERROR", Decimal("10"), "USD", ORDER_ID)
    assert row.explanation == ("refund of 10.00 USD on 2026-03-05 (shop refund R1) has no matching settlement line or "
                               "credit note; the 14-day window closed on 2026-03-19")
    _opened_then_resolved(engine, "REFUND_NOT_SETTLED",
                          [settlement_line("1001", "P2", "T-R1", "-10.00", day=9, line_type="refund")])


def test_payout_variance_until_the_adjustment_line(engine: Engine) -> None:
    ingest(engine, order_placed(), *shipped(), settlement_line("1001", "P1", "T-1", "25.00", fee_amount="1.11"))
    row = the_one(engine, "PAYOUT_VARIANCE")
    assert (row.classification, row.amount) == ("ERROR", Decimal("2.85"))
    assert row.explanation.startswith("shop order 1001 (#1001): settled net 23.89 USD (payments payout_line T-1 in "
                                      "settlement P1 on 2026-03-06) is less than expected net 26.74 USD")
    _opened_then_resolved(engine, "PAYOUT_VARIANCE",
                          [settlement_line("1001", "P1", "T-2", "2.85", line_type="adjustment")])


def test_fee_anomaly_against_the_configured_usual_rate(engine: Engine, configure: Callable[[str], None]) -> None:
    configure('[reconciliation.usual_fee_rates.shop]\ncommission = "0.10"\n')
    ingest(engine, order_placed(), fee("1001", "commission", "5.00"))
    row = the_one(engine, "FEE_ANOMALY")
    assert (row.classification, row.amount) == ("ERROR", Decimal("2.22"))  # 5.00 charged, 10% of 27.85 is 2.785
    assert row.explanation == ("commission fees of 5.00 USD (shop fee F1 on 2026-03-02) are 17.95% of the order total "
                               "27.85 USD; shop usually charges 10.00%")
    _opened_then_resolved(engine, "FEE_ANOMALY", [fee("1001", "commission", "-2.22", ident="F2", day=3)])


def test_without_a_usual_rate_no_fee_is_an_anomaly(engine: Engine) -> None:
    ingest(engine, order_placed(), fee("1001", "commission", "5.00"))
    assert found(engine, "FEE_ANOMALY") == []


def test_shipped_not_invoiced_when_the_books_expect_invoices(engine: Engine, configure: Callable[[str], None]) -> None:
    configure("[reconciliation]\ninvoices_expected = true\ninvoice_window_days = 5\n")
    ingest(engine, order_placed(), *shipped())
    row = the_one(engine, "SHIPPED_NOT_INVOICED")
    assert (row.classification, row.amount) == ("ERROR", Decimal("27.85"))
    assert row.explanation == ("shop order 1001 (#1001) of 27.85 USD shipped on 2026-03-02 (shop fulfillment S1) has "
                               "no invoice or sales receipt in accounting; the 5-day window closed on 2026-03-07")
    _opened_then_resolved(engine, "SHIPPED_NOT_INVOICED", [invoice("1001", "INV-1", "27.85")])


def test_settlement_lines_that_do_not_add_up_to_the_payout(engine: Engine) -> None:
    ingest(engine, payout("P1", "30.00"), settlement_line(None, "P1", "T-1", "27.85", fee_amount="1.11"))
    row = the_one(engine, "SETTLEMENT_TOTAL_MISMATCH")
    assert (row.order_id, row.amount, row.settlement_id is not None) == (None, Decimal("3.26"), True)
    assert row.explanation == ("payout P1 of 30.00 USD on 2026-03-07 (payments payout P1) states a total that its 1 "
                               "settlement lines do not add up to: they come to 26.74 USD, 3.26 USD short; the 14-day "
                               "window closed on 2026-03-21")
    _opened_then_resolved(engine, "SETTLEMENT_TOTAL_MISMATCH",
                          [settlement_line(None, "P1", "T-2", "3.26", line_type="adjustment")], order=False)


def _deposit(amount: str, version: str = "1") -> Event:
    return Event(BankDepositRecorded("D-9", usd(amount), at(9), "P1"), SourceRef("bank", "acme", "deposit", "D-9",
                                                                                  version), at(9))


def test_a_payout_the_bank_deposit_disagrees_with(engine: Engine) -> None:
    ingest(engine, payout("P1", "30.00"), settlement_line(None, "P1", "T-1", "30.00"), _deposit("29.00"))
    row = the_one(engine, "SETTLEMENT_TOTAL_MISMATCH")
    assert (row.classification, row.amount, row.finding_key) == (
        "ERROR", Decimal("1"), "SETTLEMENT_TOTAL_MISMATCH:deposit:payments:P1")
    assert row.explanation == ("bank deposit D-9 of 29.00 USD on 2026-03-09 (bank deposit D-9) differs from payout P1 of "
                               "30.00 USD on 2026-03-07 (payments payout P1) by 1.00 USD")
    _opened_then_resolved(engine, "SETTLEMENT_TOTAL_MISMATCH", [_deposit("30.00", version="2")], order=False)


def test_a_source_that_contradicts_itself_until_it_restates(engine: Engine) -> None:
    ingest(engine, order_placed(total=usd("28.85")))
    row = the_one(engine, "SOURCE_INCONSISTENT")
    assert (row.classification, row.amount) == ("ERROR", Decimal("1"))
    assert "states a total of 28.85 USD" in row.explanation
    placed = order_placed()
    corrected = Event(OrderUpdated(**{f.name: getattr(placed.body, f.name) for f in fields(placed.body)}),
                      replace(placed.source, version="v2"), at(1, 13), order_ref())
    _opened_then_resolved(engine, "SOURCE_INCONSISTENT", [corrected])
