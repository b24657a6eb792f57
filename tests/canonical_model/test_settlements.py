"""Given payouts, their lines and deposits, when grouped, then each settlement shows its stated and summed totals."""

from __future__ import annotations

from canonical_model.accounting_events import BankDepositRecorded
from canonical_model.events import Event
from canonical_model.identity import SourceRef
from canonical_model.settlements import settlement_views
from tests.builders import at, order_ref, usd
from tests.canonical_model.stock_builders import payout, settlement_line


def test_payout_with_its_lines_deposit_and_restated_line() -> None:
    deposit = Event(BankDepositRecorded("D1", usd("26.74"), at(8), "P1"), SourceRef("bank", "acme", "deposit", "D1",
                                                                                     "1"), at(8))
    events = [payout("P1", "26.74"), settlement_line("1001", "P1", "T-1", "27.85", fee_amount="1.11"),
              settlement_line("1001", "P1", "T-1", "27.85", fee_amount="1.11", day=7), deposit,
              settlement_line(None, "P2", "T-9", "5.00", day=9)]
    first, pending = settlement_views(events)
    assert (first.external_id, first.total, first.lines_total, first.deposited) == (
        "P1", usd("26.74"), usd("26.74"), usd("26.74"))
    assert [(line.line_id, line.order_id, line.net) for line in first.lines] == [
        ("T-1", order_ref("1001").order_id, usd("26.74"))]
    assert (pending.external_id, pending.total, pending.lines_total) == ("P2", None, usd("5.00"))
