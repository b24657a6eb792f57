"""Settlements: each payout with the lines recorded under its settlement id and the deposit that carried it.

A payout's `total` is as the source states it; `lines_total` is the sum of its lines' nets (amount less
fee); the two are compared by the SETTLEMENT_TOTAL_MISMATCH rule. Sources restate payouts and lines (a
pending payout later paid), so the latest statement of each counts. Lines are grouped with the payout of
the same system and id; lines of a settlement the hub has no payout for yet form a settlement of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from canonical_model.accounting_events import BankDepositRecorded
from canonical_model.catalogue import fold_order
from canonical_model.events import Event, PayoutRecorded, SettlementLineRecorded
from canonical_model.identity import stable_digest
from canonical_model.money import Money, total
from canonical_model.restatements import statement_identity


@dataclass(frozen=True)
class SettlementLineView:
    line_id: str
    type: str
    description: str | None
    order_id: str | None
    order_external_id: str | None
    sku: str | None
    amount: Money
    fee: Money | None
    occurred_at: datetime
    event_id: str

    @property
    def net(self) -> Money:
        return self.amount - self.fee if self.fee is not None and self.fee.currency == self.amount.currency \
            else self.amount


@dataclass(frozen=True)
class SettlementView:
    id: str
    channel: str
    account: str
    external_id: str
    status: str | None = None
    period_start: datetime | None = None
    period_end: datetime | None = None
    deposit_date: datetime | None = None
    total: Money | None = None
    lines_total: Money | None = None
    lines: tuple[SettlementLineView, ...] = ()
    deposited: Money | None = None
    event_ids: tuple[str, ...] = ()


def settlement_id(system: str, account: str, external_id: str) -> str:
    return "stl_" + stable_digest("settlement", system, account, external_id)[:20]


def latest_payouts(events: list[Event]) -> dict[tuple[str, str, str], Event]:
    """The latest statement of each payout, by (system, account, payout id)."""
    latest: dict[tuple[str, str, str], Event] = {}
    for event in sorted(events, key=fold_order):
        if isinstance(event.body, PayoutRecorded):
            latest[(event.source.system, event.source.account, event.body.payout_id)] = event
    return latest


def latest_lines(events: list[Event]) -> dict[tuple[str, str, str], list[Event]]:
    """The latest statement of each settlement line, grouped by (system, account, settlement id): a line
    restated in another settlement (a pending balance line paid out) is in that one only."""
    lines: dict[tuple[str, ...], Event] = {}
    for event in sorted(events, key=fold_order):
        if isinstance(event.body, SettlementLineRecorded):
            lines[statement_identity(event)] = event
    grouped: dict[tuple[str, str, str], list[Event]] = {}
    for event in lines.values():
        grouped.setdefault((event.source.system, event.source.account, event.body.settlement_id), []).append(event)
    return grouped


def _line(event: Event) -> SettlementLineView:
    body: SettlementLineRecorded = event.body
    return SettlementLineView(body.line_id, body.line_type, body.description, event.order_id, body.order_external_id,
                              body.sku, body.amount, body.fee, event.occurred_at, event.id)


def settlement_views(events: list[Event]) -> tuple[SettlementView, ...]:
    """Every settlement the events state, payouts with their lines first, by deposit date then id."""
    payouts, grouped = latest_payouts(events), latest_lines(events)
    deposits = {e.body.reference: e.body.amount for e in events
                if isinstance(e.body, BankDepositRecorded) and e.body.reference}
    views = []
    for key in sorted(set(payouts) | set(grouped)):
        system, account, external_id = key
        lines = tuple(_line(event) for event in grouped.get(key, []))
        payout = payouts.get(key)
        currency = payout.body.amount.currency if payout else (lines[0].amount.currency if lines else "USD")
        body: PayoutRecorded | None = payout.body if payout else None
        views.append(SettlementView(
            id=settlement_id(system, account, external_id), channel=system, account=account, external_id=external_id,
            status=body.status if body else None, period_start=body.period_start if body else None,
            period_end=body.period_end if body else None, deposit_date=body.deposit_date if body else None,
            total=body.amount if body else None,
            lines_total=total([line.net for line in lines if line.amount.currency == currency], currency) if lines
            else None, lines=lines, deposited=deposits.get(external_id),
            event_ids=((payout.id,) if payout else ()) + tuple(line.event_id for line in lines),
        ))
    return tuple(sorted(views, key=lambda v: (v.deposit_date is None, str(v.deposit_date), v.external_id)))
