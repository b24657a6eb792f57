"""eBay monetary transactions (Finances API getTransactions) as settlement lines, fees and refunds.

A transaction's `amount` is what moved in the seller's balance, net of the fees eBay deducted and of
the tax it collected and remits; eBay states it unsigned with a `bookingEntry`, so it is signed by it
(CREDIT positive, DEBIT negative). It is stated as the settlement lines it is made of, which add up to
it exactly: one line per marketplace fee (the twin of its FeeCharged fact, same key, so the hub counts
it as a fee and not as money given back), one for the tax eBay collected and remits
(`eBayCollectedTaxAmount`, line type EBAY_COLLECTED_TAX), and the transaction's own line (id the
transactionId) holding the rest: for a SALE the order total, for a REFUND what the buyer got back, so
the refund's own line settles it. Charges apart from a sale (their own fee) stay one line.
The lines belong to settlement `payoutId`, or "pending" until eBay names the payout; they are
restated once when that happens (version `pending`, then `payout:<id>`). Fees and refunds are immutable
facts of the transaction: their version is the transaction id, so a restated line does not repeat them.
A REFUND is also a RefundIssued of what the buyer got back: `totalFeeBasisAmount` when eBay states it
(the net, the fee credits and the tax refunded together), else the transaction's own amount.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from adapters.ebay.common import (
    Origin,
    amount,
    amount_text,
    identifier,
    origin,
    path_of,
    plain,
    required_amount,
    stated_text,
    without_empty,
)
from adapters.ebay.fees import CHARGES, fee_events
from adapters.toolkit import MappingContext, PayloadError, Reader, SourceObject
from canonical_model.events import Event, FeeCharged, RefundIssued, SettlementLineRecorded
from canonical_model.money import Money, total

PENDING = "pending"
TAXED = frozenset({"SALE", "REFUND"})
REMITTED_TAX = "EBAY_COLLECTED_TAX"
_SIGNS = {"CREDIT": 1, "DEBIT": -1}


def transaction_events(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """The transaction's settlement lines (its own, a twin per fee, the remitted tax), its fees, and a REFUND's refund."""
    r = Reader(obj.data, path_of(obj.pointer))
    transaction_id = identifier(r, "transactionId")
    line_type = str(r.required("transactionType"))
    net = signed_amount(r)
    occurred_at = r.time("transactionDate", required=True)
    assert occurred_at is not None
    order_id = transaction_order(r)
    payout_id = r.text("payoutId")
    source = origin(ctx, "transaction", transaction_id, transaction_id, obj.pointer, order_id, transaction_context(r))
    version = f"payout:{payout_id}" if payout_id else PENDING
    fees = fee_events(r, source, occurred_at, net)
    parts = fee_lines(fees, line_type) + tax_lines(r, line_type, net.currency)
    line = SettlementLineRecorded(
        settlement_id=payout_id or PENDING,
        line_id=transaction_id,
        line_type=line_type,
        amount=net - total([moved for _, _, moved in parts], net.currency),
        description=r.text("transactionMemo") or r.text("feeType"),
        order_external_id=order_id,
    )
    events = [source.event(line, occurred_at, version=version)]
    for key, part_type, moved in parts:
        part = SettlementLineRecorded(payout_id or PENDING, f"{transaction_id}:{key}", part_type, moved,
                                      description=f"{part_type} of transaction {transaction_id}",
                                      order_external_id=order_id, remitted_tax=part_type == REMITTED_TAX)
        events.append(source.event(part, occurred_at, version=version, key=key))
    events += fees
    if line_type == "REFUND":
        events.append(refund_event(r, source, occurred_at, net))
    return events


def fee_lines(fees: list[Event], line_type: str) -> list[tuple[str, str, Money]]:
    """The settlement line twin of each marketplace fee (key, fee type, what it took from the balance)."""
    if line_type in CHARGES:
        return []
    return [(fee.key, fee.body.fee_type, -fee.body.amount) for fee in fees if isinstance(fee.body, FeeCharged)]


def tax_lines(r: Reader, line_type: str, currency: str) -> list[tuple[str, str, Money]]:
    """The tax eBay collected and remits on a SALE (kept from the balance) or REFUND (given back to it)."""
    tax = amount(r, "eBayCollectedTaxAmount", currency) if line_type in TAXED else None
    if tax is None or tax.is_zero():
        return []
    return [("eBayCollectedTaxAmount", REMITTED_TAX, -tax.times(_SIGNS[str(r.data["bookingEntry"])]))]


def signed_amount(r: Reader) -> Money:
    """The transaction's amount signed by its bookingEntry: CREDIT positive, DEBIT negative."""
    booking = str(r.required("bookingEntry"))
    if booking not in _SIGNS:
        raise PayloadError(r.at("bookingEntry"), f"{booking!r} is neither CREDIT nor DEBIT")
    stated = required_amount(r, "amount")
    return Money(abs(stated.amount) * _SIGNS[booking], stated.currency)


def transaction_order(r: Reader) -> str | None:
    """The eBay order of a transaction: its orderId, or an ORDER_ID reference (fees charged apart from the sale)."""
    order_id = r.text("orderId")
    if order_id:
        return order_id
    ids = [ref.text("referenceId") for ref in r.items("references") if ref.text("referenceType") == "ORDER_ID"]
    return next((ref for ref in ids if ref), None)


def refund_event(r: Reader, source: Origin, occurred_at: datetime, net: Money) -> Event:
    """RefundIssued of what the buyer got back (positive), with the tax eBay collected and refunded."""
    basis = amount(r, "totalFeeBasisAmount", net.currency)
    refunded = basis if basis is not None else net
    body = RefundIssued(
        refund_id=str(r.data["transactionId"]),
        amount=Money(abs(refunded.amount), net.currency),
        tax=amount(r, "eBayCollectedTaxAmount", net.currency),
    )
    extra = {"refund_amount_from": "totalFeeBasisAmount" if basis is not None else "amount",
             "net": amount_text(net)}
    return source.event(body, occurred_at, version=str(r.data["transactionId"]), extra=extra)


def transaction_context(r: Reader) -> dict[str, Any]:
    """Type, status, booking, memo, fee totals, tax and references of a transaction; never its buyer."""
    stated = r.child("amount")
    return without_empty({
        "transactionType": r.text("transactionType"),
        "transactionStatus": r.text("transactionStatus"),
        "bookingEntry": r.text("bookingEntry"),
        "transactionMemo": r.text("transactionMemo"),
        "feeType": r.text("feeType"),
        "payoutId": r.text("payoutId"),
        "paymentsEntity": r.text("paymentsEntity"),
        "amount": stated_text(r, "amount"),
        "convertedFrom": _converted(stated),
        "totalFeeBasisAmount": stated_text(r, "totalFeeBasisAmount"),
        "totalFeeAmount": stated_text(r, "totalFeeAmount"),
        "eBayCollectedTaxAmount": stated_text(r, "eBayCollectedTaxAmount"),
        "references": [without_empty({"referenceId": ref.text("referenceId"), "referenceType": ref.text("referenceType")})
                       for ref in r.items("references")],
        "taxes": [without_empty({"taxType": tax.text("taxType"), "amount": stated_text(tax, "amount")})
                  for tax in r.items("taxes")],
        "feeJurisdiction": _plain_dict(r.data.get("feeJurisdiction")),
        "donations": [without_empty({"lineItemId": item.text("lineItemId"), "feeType": d.text("feeType"),
                               "amount": stated_text(d, "amount"), "feeMemo": d.text("feeMemo")})
                      for item in r.items("orderLineItems") for d in item.items("donations")],
    })


def _converted(stated: Reader | None) -> str | None:
    if stated is None or stated.data.get("convertedFromValue") is None:
        return None
    rate = stated.data.get("exchangeRate")
    text = f"{plain(stated.data['convertedFromValue'])} {stated.data.get('convertedFromCurrency')}"
    return f"{text} at {plain(rate)}" if rate is not None else text


def _plain_dict(value: Any) -> dict[str, Any] | None:
    return {str(k): plain(v) for k, v in value.items() if not isinstance(v, dict | list)} if isinstance(value, dict) \
        else None
