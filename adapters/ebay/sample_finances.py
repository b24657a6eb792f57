"""The money of the demo brand's eBay orders as the Sell Finances API states it: transactions and payouts.

Fees follow eBay's published final value fee for most categories (US, since 15 March 2024): 13.25%
of the total amount of the sale (items, shipping and sales tax) per line item, rounded half up to the
cent, plus a per-order fee of 0.40 on orders over 10.00 (0.30 up to 10.00) stated on the first line.
A SALE credits the seller the order total less those fees, and less the tax when eBay collects and
remits it. A return refunded on eBay is a REFUND debit of what the buyer got back less the final
value fee eBay credits back on it (13.25% of the refund; the per-order fee is not credited on a
partial refund), and less the refunded tax when eBay remitted it.

eBay pays out daily: every transaction of a UTC day is paid out two days later at 07:00 (a day whose
transactions do not come to a positive sum waits for the next), SUCCEEDED one day after it is
initiated. Until its payout is initiated a transaction is FUNDS_AVAILABLE_FOR_PAYOUT and names no
payout; then it is PAYOUT with the payoutId. Each payout's amount is the exact sum of its transactions
(signed by bookingEntry), unless it is listed in `discrepancies`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from adapters.ebay.sample_orders import cents, iso, money, parse_time, value

FINAL_VALUE_RATE = Decimal("0.1325")
PER_ORDER_FEE, SMALL_ORDER_FEE, SMALL_ORDER_UP_TO = Decimal("0.40"), Decimal("0.30"), Decimal("10.00")
PAYOUT_LAG = timedelta(days=2)
PAYOUT_TIME = time(7, 0)
SETTLED_AFTER = timedelta(days=1)
_SIGN = {"CREDIT": 1, "DEBIT": -1}


def per_order_fee(total: Decimal) -> Decimal:
    return PER_ORDER_FEE if total > SMALL_ORDER_UP_TO else SMALL_ORDER_FEE


def sale_fees(order: dict[str, Any]) -> list[dict[str, Any]]:
    """Per line item: its fee basis (its total with shipping and tax) and eBay's fees on it."""
    total = value(order["pricingSummary"]["total"])
    found = []
    for index, line in enumerate(order["lineItems"]):
        basis = value(line["total"])
        fees = [("FINAL_VALUE_FEE", cents(basis * FINAL_VALUE_RATE))]
        if index == 0:
            fees.append(("FINAL_VALUE_FEE_FIXED_PER_ORDER", per_order_fee(total)))
        found.append({"lineItemId": line["lineItemId"], "feeBasisAmount": money(basis),
                      "marketplaceFees": [{"feeType": kind, "amount": money(fee)} for kind, fee in fees]})
    return found


def _fee_total(line_fees: list[dict[str, Any]]) -> Decimal:
    return sum((value(fee["amount"]) for line in line_fees for fee in line["marketplaceFees"]), Decimal(0))


def _transaction(transaction_id: str, order: dict[str, Any], kind: str, booking: str, amount: Decimal,
                 basis: Decimal, line_fees: list[dict[str, Any]], tax: Decimal | None, at: datetime) -> dict[str, Any]:
    found = {
        "transactionId": transaction_id, "orderId": order["orderId"],
        "salesRecordReference": order["salesRecordReference"], "buyer": {"username": order["buyer"]["username"]},
        "transactionType": kind, "amount": money(amount), "totalFeeBasisAmount": money(basis),
        "totalFeeAmount": money(_fee_total(line_fees)), "orderLineItems": line_fees, "bookingEntry": booking,
        "transactionDate": iso(at), "transactionStatus": "FUNDS_AVAILABLE_FOR_PAYOUT",
        "paymentsEntity": "eBay Commerce Inc.", "references": [],
    }
    if tax is not None:
        found["eBayCollectedTaxAmount"] = money(tax)
    return found


def sale_transaction(transaction_id: str, order: dict[str, Any]) -> dict[str, Any]:
    """The SALE of a paid order: the total less eBay's fees (and less the tax eBay remits)."""
    total, tax = value(order["pricingSummary"]["total"]), value(order["pricingSummary"]["tax"])
    line_fees = sale_fees(order)
    remitted = tax if order["ebayCollectAndRemitTax"] else None
    net = total - _fee_total(line_fees) - (remitted or Decimal(0))
    return _transaction(transaction_id, order, "SALE", "CREDIT", net, total, line_fees, remitted,
                        parse_time(order["creationDate"]))


def refund_transaction(transaction_id: str, order: dict[str, Any], amount: Decimal, tax: Decimal,
                       at: datetime) -> dict[str, Any]:
    """The REFUND of a returned unit: what the buyer got back less the fee credited (and the tax eBay remitted)."""
    credit = cents(amount * FINAL_VALUE_RATE)
    line_fees = [{"lineItemId": order["lineItems"][0]["lineItemId"], "feeBasisAmount": money(amount),
                  "marketplaceFees": [{"feeType": "FINAL_VALUE_FEE", "amount": money(credit)}]}]
    remitted = tax if order["ebayCollectAndRemitTax"] else None
    net = amount - credit - (remitted or Decimal(0))
    return _transaction(transaction_id, order, "REFUND", "DEBIT", net, amount, line_fees, remitted, at)


def signed(transaction: dict[str, Any]) -> Decimal:
    return value(transaction["amount"]) * _SIGN[transaction["bookingEntry"]]


def _payout_day(transaction: dict[str, Any]) -> date:
    return parse_time(transaction["transactionDate"]).date() + PAYOUT_LAG


def settle(transactions: list[dict[str, Any]], payouts: list[dict[str, Any]], now: datetime,
           shortfalls: dict[int, Decimal]) -> None:
    """Pay out every transaction whose payout day has come; refresh payout statuses at `now`.

    `shortfalls` maps the position of a payout (in the order payouts are made) to what it is short of
    its transactions: the planted discrepancies.
    """
    waiting: dict[date, list[dict[str, Any]]] = defaultdict(list)
    for transaction in transactions:
        if "payoutId" not in transaction:
            waiting[_payout_day(transaction)].append(transaction)
    carried: list[dict[str, Any]] = []
    for day in sorted(waiting):
        initiated = datetime.combine(day, PAYOUT_TIME, tzinfo=now.tzinfo)
        if initiated > now:
            break
        carried += waiting[day]
        amount = sum((signed(t) for t in carried), Decimal(0))
        if amount <= 0:
            continue
        payout_id = str(6_000_100_000 + len(payouts) + 1)
        short = shortfalls.get(len(payouts), Decimal(0))
        payouts.append({"payoutId": payout_id, "payoutStatus": "INITIATED", "amount": money(amount - short),
                        "payoutDate": iso(initiated), "transactionCount": len(carried),
                        "payoutInstrument": {"instrumentType": "BANK", "nickname": "Checking ****6789",
                                             "accountLastFourDigits": "6789"}})
        for transaction in carried:
            transaction.update(payoutId=payout_id, transactionStatus="PAYOUT")
        carried = []
    for payout in payouts:
        done = parse_time(payout["payoutDate"]) + SETTLED_AFTER <= now
        payout["payoutStatus"] = "SUCCEEDED" if done else "INITIATED"
        payout["payoutStatusDescription"] = "Funds sent" if done else "Payout initiated"
