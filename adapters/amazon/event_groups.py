"""Finances v0 financial event groups (listFinancialEventGroups) as payouts.

A group is Amazon's settlement: its OriginalTotal (else ConvertedTotal) is the payout as stated,
its status is ProcessingStatus/FundTransferStatus (e.g. CLOSED/SUCCEEDED). A group changes while it
is open and gives no update time, so its version is a digest of its content: each state it is read
in is one fact, and a replay maps to the same id. It occurs at its FundTransferDate, else its end,
else its start (else the Unix epoch, said in its context).
"""

from __future__ import annotations

from adapters.amazon.common import EPOCH, canonical_hash, first_time, money, origin, path_of, picked
from adapters.toolkit import MappingContext, PayloadError, Reader, SourceObject
from canonical_model.events import Event, PayoutRecorded

# AccountTail (the bank account's last digits) stays in the raw payload only.
_CONTEXT = ("ProcessingStatus", "FundTransferStatus", "OriginalTotal", "ConvertedTotal", "BeginningBalance", "TraceId")


def event_group_events(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """One PayoutRecorded per financial event group."""
    r = Reader(obj.data, path_of(obj.pointer))
    group_id = str(r.required("FinancialEventGroupId"))
    amount = money(r, "OriginalTotal") or money(r, "ConvertedTotal")
    if amount is None:
        raise PayloadError(r.at("OriginalTotal"), "is required (or ConvertedTotal)")
    statuses = [status.upper() for status in (r.text("ProcessingStatus"), r.text("FundTransferStatus")) if status]
    if not statuses:
        raise PayloadError(r.at("ProcessingStatus"), "is required")
    body = PayoutRecorded(
        payout_id=group_id,
        amount=amount,
        status="/".join(statuses),
        deposit_date=r.time("FundTransferDate"),
        period_start=r.time("FinancialEventGroupStart"),
        period_end=r.time("FinancialEventGroupEnd"),
    )
    context = picked(obj.data, _CONTEXT)
    occurred_at, _ = first_time(r, ("FundTransferDate", "FinancialEventGroupEnd", "FinancialEventGroupStart"))
    if occurred_at is None:
        context["occurred_at_fallback"] = "the group states no transfer, end or start time; the Unix epoch stands for it"
    source = origin(ctx, "financial_event_group", group_id, canonical_hash(obj.data), obj.pointer, None, context)
    return [source.event(body, occurred_at or EPOCH)]
