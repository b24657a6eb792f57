"""Rules beyond one order: SETTLEMENT_TOTAL_MISMATCH and UNMATCHED_RECORD.

A payout's stated total is compared with the lines recorded under its settlement id by the same system
(each line's amount less its fee, latest statement of each line); the comparison is made only once lines
with that id exist. A payout whose deposit is in
the bank statement (a deposit whose reference is the payout id) is compared with that deposit too. Lines
may still be arriving, so a difference is TIMING while the settlement window after the payout runs.
"""

from __future__ import annotations

from datetime import datetime

from canonical_model.accounting_events import BankDepositRecorded
from canonical_model.catalogue import fold_order
from canonical_model.events import Event, PayoutRecorded
from canonical_model.money import Money, total
from canonical_model.reconciliation_policy import (
    ERROR,
    ReconciliationPolicy,
    classify,
    dated,
    describe,
    finding,
    log_now,
)
from canonical_model.settlements import latest_lines, latest_payouts
from canonical_model.views import Finding

KIND = "SETTLEMENT_TOTAL_MISMATCH"


def _lines_total(lines: list[Event], currency: str) -> Money:
    return total([e.body.amount - (e.body.fee or Money.zero(currency)) for e in lines
                  if e.body.amount.currency == currency], currency)


def settlement_findings(events: list[Event], policy: ReconciliationPolicy | None = None,
                        now: datetime | None = None) -> list[Finding]:
    """Payouts whose lines do not add up to their total, and payouts their bank deposit disagrees with."""
    policy, ordered = policy or ReconciliationPolicy(), sorted(events, key=fold_order)
    now = log_now(ordered, now)
    lines = latest_lines(ordered)
    deposits = {e.body.reference: e for e in ordered if isinstance(e.body, BankDepositRecorded) and e.body.reference}
    findings = []
    for (system, account, payout_id), payout in sorted(latest_payouts(ordered).items()):
        body: PayoutRecorded = payout.body
        if (system, account, payout_id) in lines:
            findings += _lines_mismatch(system, payout, lines[(system, account, payout_id)], policy, now)
        deposit = deposits.get(payout_id)
        if deposit is not None and deposit.body.amount.currency == body.amount.currency \
                and abs((deposit.body.amount - body.amount).amount) > policy.payout_tolerance:
            gap = deposit.body.amount - body.amount
            explanation = (f"bank deposit {deposit.body.deposit_id} of {deposit.body.amount} on {dated(deposit)} "
                           f"({describe(deposit)}) differs from payout {payout_id} of {body.amount} on {dated(payout)} "
                           f"({describe(payout)}) by {Money(abs(gap.amount), gap.currency)}")
            findings.append(finding(KIND, f"deposit:{system}:{payout_id}", ERROR, explanation, [payout, deposit],
                                    amount=Money(abs(gap.amount), gap.currency)))
    return findings


def _lines_mismatch(system: str, payout: Event, lines: list[Event], policy: ReconciliationPolicy,
                    now: datetime | None) -> list[Finding]:
    body: PayoutRecorded = payout.body
    summed = _lines_total(lines, body.amount.currency)
    gap = body.amount - summed
    if abs(gap.amount) <= policy.payout_tolerance:
        return []
    classification, window = classify(payout.occurred_at, policy.settlement_window, now)
    explanation = (f"payout {body.payout_id} of {body.amount} on {dated(payout)} ({describe(payout)}) states a total "
                   f"that its {len(lines)} settlement lines do not add up to: they come to {summed}, "
                   f"{Money(abs(gap.amount), gap.currency)} {'short' if gap.amount > 0 else 'over'}; {window}")
    return [finding(KIND, f"{system}:{body.payout_id}", classification, explanation, [payout, *lines],
                    amount=Money(abs(gap.amount), gap.currency))]


def _amount_of(event: Event) -> Money | None:
    for name in ("amount", "total"):
        value = getattr(event.body, name, None)
        if isinstance(value, Money):
            return value
    return None


def unmatched_record(event: Event, policy: ReconciliationPolicy | None = None, now: datetime | None = None,
                     candidates: tuple[str, ...] = ()) -> Finding:
    """UNMATCHED_RECORD for a record (a 3PL shipment, a settlement line, an invoice) the hub could not link.

    No candidate order: TIMING while the window for its order to arrive runs, then an ERROR. Several
    candidates: an ERROR at once, because waiting will not make the reference unambiguous.
    """
    policy = policy or ReconciliationPolicy()
    amount = _amount_of(event)
    money = f", {amount}" if amount is not None else ""
    references = ", ".join(f"'{ref}'" for ref in event.references) or "no order reference"
    if candidates:
        classification = ERROR
        why = f"matches {len(candidates)} orders ({', '.join(sorted(candidates))}); not linked to any"
    else:
        classification, window = classify(event.occurred_at, policy.unmatched_window, now or event.occurred_at)
        why = f"matches no order known to the hub; {window}"
    explanation = f"{describe(event)} ({dated(event)}{money}) references {references}, which {why}"
    return finding("UNMATCHED_RECORD", event.id, classification, explanation, [event], amount=amount)
