"""A balance line first seen pending and later paid out is in the payout only: the pending pseudo-settlement
no longer counts it (Stripe and eBay state a line before the payout that pays it)."""

from __future__ import annotations

from sqlalchemy import Engine, select

from canonical_model.events import Event, PayoutRecorded, SettlementLineRecorded
from canonical_model.identity import SourceRef
from hub.schema import settlements
from hub.settlement_projection import view_from_row
from tests.builders import at, usd
from tests.hub.hub_steps import ingest


def _line(settlement: str, version: str, day: int, amount: str = "27.85") -> Event:
    body = SettlementLineRecorded(settlement, "txn_1", "charge", usd(amount), order_external_id="1001")
    return Event(body, SourceRef("stripe", "acme", "balance_transaction", "txn_1", version), at(day))


def _settlements(engine: Engine) -> dict[str, tuple[str | None, list[str]]]:
    with engine.connect() as connection:
        views = [view_from_row(row) for row in connection.execute(select(settlements))]
    return {view.external_id: (str(view.lines_total.amount) if view.lines_total else None,
                               [line.line_id for line in view.lines]) for view in views}


def test_a_line_paid_out_leaves_the_pending_settlement(engine: Engine) -> None:
    other = Event(SettlementLineRecorded("pending", "txn_2", "charge", usd("10.00")),
                  SourceRef("stripe", "acme", "balance_transaction", "txn_2", "pending"), at(2))
    ingest(engine, _line("pending", "pending", 1), other)
    assert _settlements(engine) == {"pending": ("37.85", ["txn_1", "txn_2"])}
    payout = Event(PayoutRecorded("po_1", usd("27.85"), "paid"), SourceRef("stripe", "acme", "payout", "po_1", "1"), at(3))
    ingest(engine, payout, _line("po_1", "txn_1@po_1", 3))
    assert _settlements(engine) == {"pending": ("10.00", ["txn_2"]), "po_1": ("27.85", ["txn_1"])}


def test_a_pending_settlement_whose_every_line_was_paid_out_is_gone(engine: Engine) -> None:
    ingest(engine, _line("pending", "pending", 1))
    ingest(engine, Event(PayoutRecorded("po_1", usd("27.85"), "paid"), SourceRef("stripe", "acme", "payout", "po_1", "1"),
                         at(3)), _line("po_1", "txn_1@po_1", 3))
    assert _settlements(engine) == {"po_1": ("27.85", ["txn_1"])}
