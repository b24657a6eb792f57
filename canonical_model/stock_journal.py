"""Journal entries that belong to no order: stock receipts and their costs, counts, capitalised freight, payouts.

- receipt: Dr inventory / Cr goods received not invoiced (the supplier's bill clears it in the books);
- capitalised transfer freight: Dr inventory / Cr freight payable;
- count loss / units counted damaged: Dr shrinkage / damage / Cr inventory; count gain: the reverse to income;
- a shipment that matches no order: Dr COGS / Cr inventory (order shipments post in the order's journal);
- payout: Dr bank / Cr payout clearing, once per payout at its latest statement (failed payouts post nothing).
Movements of unknown cost post nothing: they are reported by costing, never guessed.
"""

from __future__ import annotations

from canonical_model.catalogue import fold_order
from canonical_model.costing import CostingState, CostMovement
from canonical_model.events import Event, PayoutRecorded
from canonical_model.journal import ChartOfAccounts, balanced_entry, credit, debit
from canonical_model.order_journal import describe
from canonical_model.periods import PeriodCalendar
from canonical_model.views import JournalEntry

_FAILED_PAYOUTS = {"FAILED", "CANCELED", "CANCELLED", "REVERSED"}


def _accounts(movement: CostMovement, chart: ChartOfAccounts) -> tuple[str, str] | None:
    """(debit account, credit account) for a stock movement's cost, or None when it posts nothing here."""
    return {
        "RECEIPT": (chart.inventory, chart.goods_received),
        "FREIGHT": (chart.inventory, chart.freight_payable),
        "SHRINKAGE": (chart.shrinkage, chart.inventory),
        "DAMAGE": (chart.damage, chart.inventory),
        "COUNT_GAIN": (chart.inventory, chart.count_gains),
        "COGS": (chart.cogs, chart.inventory) if movement.order_id is None else None,
        "COGS_REVERSAL": (chart.inventory, chart.cogs) if movement.order_id is None else None,
    }.get(movement.kind)


def stock_entries(state: CostingState, chart: ChartOfAccounts, calendar: PeriodCalendar) -> list[JournalEntry]:
    """Entries for receipts, freight, counts and unlinked shipments, in the order of the movements."""
    entries = []
    for index, movement in enumerate(state.movements):
        accounts = _accounts(movement, chart)
        if accounts is None or movement.cost is None or movement.cost.is_zero():
            continue
        memo = (f"{movement.kind.lower().replace('_', ' ')}: {movement.quantity} x {movement.sku} at "
                f"{movement.location} ({describe(movement.event)})")
        lines = [debit(accounts[0], movement.cost), credit(accounts[1], movement.cost)]
        entries.append(balanced_entry(f"{movement.event.id}:stock:{index}", movement.event.occurred_at, memo, lines,
                                      chart.suspense, calendar.period_of_event(movement.event)))
    return entries


def payout_entries(events: list[Event], chart: ChartOfAccounts, calendar: PeriodCalendar) -> list[JournalEntry]:
    """One entry per payout as last stated: the money leaves clearing for the bank."""
    latest: dict[tuple[str, str], Event] = {}
    for event in sorted((e for e in events if isinstance(e.body, PayoutRecorded)), key=fold_order):
        latest[(event.source.system, event.body.payout_id)] = event
    entries = []
    for (system, payout_id), event in sorted(latest.items()):
        body: PayoutRecorded = event.body
        if body.status.upper() in _FAILED_PAYOUTS:
            continue
        lines = [debit(chart.bank, body.amount), credit(chart.clearing, body.amount)]
        entries.append(balanced_entry(f"payout:{system}:{payout_id}", body.deposit_date or event.occurred_at,
                                      f"payout {payout_id} ({describe(event)}, {body.status})", lines, chart.suspense,
                                      calendar.period_of_event(event)))
    return entries
