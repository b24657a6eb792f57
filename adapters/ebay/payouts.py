"""eBay seller payouts (Finances API getPayouts / getPayout) as PayoutRecorded facts.

A payout's version is its `payoutStatus`, so each status it passes through (INITIATED, SUCCEEDED,
RETRYABLE_FAILED...) is one fact; a failed payout retried again is a new fact per `lastAttemptedPayoutDate`.
Its amount is stated as eBay states it; the bank account it went to stays in the raw payload only.
"""

from __future__ import annotations

from adapters.ebay.common import identifier, origin, path_of, required_amount, without_empty
from adapters.toolkit import MappingContext, PayloadError, Reader, SourceObject
from canonical_model.events import Event, PayoutRecorded


def payout_events(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """PayoutRecorded at its payout date (or its last attempt when eBay states only that)."""
    r = Reader(obj.data, path_of(obj.pointer))
    payout_id = identifier(r, "payoutId")
    status = str(r.required("payoutStatus"))
    payout_date = r.time("payoutDate")
    attempted = r.time("lastAttemptedPayoutDate")
    occurred_at = payout_date or attempted
    if occurred_at is None:
        raise PayloadError(r.at("payoutDate"), "is required (neither payoutDate nor lastAttemptedPayoutDate is stated)")
    body = PayoutRecorded(payout_id=payout_id, amount=required_amount(r, "amount"), status=status,
                          deposit_date=payout_date)
    version = f"{status}@{r.data['lastAttemptedPayoutDate']}" if attempted else status
    instrument = r.child("payoutInstrument")
    context = without_empty({
        "payoutStatus": status,
        "payoutStatusDescription": r.text("payoutStatusDescription"),
        "payoutMemo": r.text("payoutMemo"),
        "lastAttemptedPayoutDate": r.text("lastAttemptedPayoutDate"),
        "transactionCount": r.data.get("transactionCount"),
        "bankReference": r.text("bankReference"),
        "instrumentType": instrument.text("instrumentType") if instrument else None,
    })
    source = origin(ctx, "payout", payout_id, version, obj.pointer, None, context)
    return [source.event(body, occurred_at)]
