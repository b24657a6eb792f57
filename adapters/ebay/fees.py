"""The fees of an eBay transaction as FeeCharged facts: positive is a cost, negative a fee given back.

On a sale (CREDIT) the `marketplaceFees` of its line items are what eBay deducted: costs, as eBay states
them. On a DEBIT transaction that carries fees (a refund, a dispute) they are the fees eBay credited back
to the seller, so they are negated. Without a per-line breakdown, `totalFeeAmount` is the fee. A
NON_SALE_CHARGE or SHIPPING_LABEL transaction is itself a charge: its amount is the fee (a DEBIT a cost,
a CREDIT a charge given back), typed by its `feeType` or its transaction type.
"""

from __future__ import annotations

from datetime import datetime

from adapters.ebay.common import Origin, amount, identifier, required_amount
from adapters.toolkit import Reader
from canonical_model.events import Event, FeeCharged
from canonical_model.money import Money

CHARGES = frozenset({"NON_SALE_CHARGE", "SHIPPING_LABEL"})


def fee_events(r: Reader, source: Origin, occurred_at: datetime, net: Money) -> list[Event]:
    """One FeeCharged per marketplace fee of each line item, or per stated total or charge."""
    transaction_id = identifier(r, "transactionId")
    line_type = str(r.required("transactionType"))
    if line_type in CHARGES:
        fee = FeeCharged(r.text("feeType") or line_type, -net, reference=transaction_id)
        return [source.event(fee, occurred_at, version=transaction_id, key="charge")]
    direction = 1 if r.data.get("bookingEntry") == "CREDIT" else -1
    events = []
    for i, item in enumerate(r.items("orderLineItems")):
        for j, part in enumerate(item.items("marketplaceFees")):
            money = required_amount(part, "amount")
            fee = FeeCharged(str(part.required("feeType")), money.times(direction), reference=transaction_id)
            extra = {"lineItemId": item.text("lineItemId"), "feeMemo": part.text("feeMemo")}
            events.append(source.event(fee, occurred_at, version=transaction_id,
                                       key=f"orderLineItems[{i}].marketplaceFees[{j}]", extra=extra))
    if events:
        return events
    total_fee = amount(r, "totalFeeAmount")
    if total_fee is None or total_fee.is_zero():
        return []
    fee = FeeCharged(r.text("feeType") or "TOTAL_FEE_AMOUNT", total_fee.times(direction), reference=transaction_id)
    return [source.event(fee, occurred_at, version=transaction_id, key="totalFeeAmount")]
