"""The demo brand's eBay (EBAY_US) account, generated deterministically: orders, fulfillments, transactions, payouts.

Orders are placed about `spacing_minutes` apart from 2026-09-01 (60 orders at the default 1080
minutes span 45 days), paid at checkout. Each order placed more than two days before the account's
clock has shipped: one USPS parcel holding all its units, a day or two after checkout, under the
tracking number `sales_feed.tracking_number(orderId, 0)` (ShipHero pushes it back to eBay), and
about one shipped order in seven has a unit returned and refunded eight to twelve days after
shipping. Orders placed in the last two days are still waiting to ship. The money follows from the
orders (see `sample_finances`): fees per eBay's final value fee, SALE and REFUND transactions, and
daily payouts that add up to their transactions.

One deliberate discrepancy, listed in `Seller.discrepancies` and served at `GET /_simulator/discrepancies`:
the fourth payout states 2.10 less than the transactions it pays out (a deduction no transaction
explains), which the hub's settlement check must find. Nothing else disagrees, to the cent.

The account's clock (`Seller.now`) is an hour after the last order, and no earlier than 45 days after
the start; `ship` and `refund` move an order's story on at a later moment (the simulator's touch).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from adapters.ebay import sample_finances as finances
from adapters.ebay import sample_orders as orders
from adapters.toolkit.sales_feed import tracking_number

START = datetime(2026, 9, 1, tzinfo=UTC)
SPAN = timedelta(days=45)
SHIP_WITHIN = timedelta(days=2)
RETURN_REASONS = ("ARRIVED_DAMAGED", "NOT_AS_DESCRIBED", "NO_LONGER_NEED_ITEM")
SHORT_PAYOUT, SHORT_BY = 3, Decimal("2.10")


@dataclass
class Seller:
    """The simulated eBay seller account: orders by orderId, their fulfillments, transactions, payouts, its clock."""

    orders: dict[str, dict[str, Any]]
    fulfillments: dict[str, list[dict[str, Any]]]
    transactions: list[dict[str, Any]]
    payouts: list[dict[str, Any]]
    now: datetime
    rng: random.Random
    # REFUND transaction id -> what came back: {"reason", "lineItemId", "quantity"}
    returns: dict[str, dict[str, Any]] = field(default_factory=dict)
    discrepancies: dict[str, str] = field(default_factory=dict)
    last_transaction: int = 5_010_000_000_000

    def next_transaction_id(self) -> str:
        self.last_transaction += 1
        return str(self.last_transaction)

    def settle(self) -> None:
        """Pay out what is due at the clock; the planted short payout is made short as it is made."""
        made = len(self.payouts)
        finances.settle(self.transactions, self.payouts, self.now, {SHORT_PAYOUT: SHORT_BY})
        if made <= SHORT_PAYOUT < len(self.payouts):
            payout = self.payouts[SHORT_PAYOUT]
            self.discrepancies[payout["payoutId"]] = (
                f"payout {payout['payoutId']} states {payout['amount']['value']} USD, {SHORT_BY} less than the "
                f"{payout['transactionCount']} transactions it pays out add up to; no transaction explains it")


def ship(seller: Seller, order_id: str, at: datetime) -> dict[str, Any]:
    """Record the order's one parcel as shipped at `at`; returns the fulfillment."""
    order = seller.orders[order_id]
    shipment = orders.fulfillment(tracking_number(order_id, 0), order, at)
    seller.fulfillments.setdefault(order_id, []).append(shipment)
    orders.mark_shipped(order, shipment)
    return shipment


def refund(seller: Seller, order_id: str, at: datetime, reason: str) -> dict[str, Any]:
    """Refund one returned unit of the order's first line at `at`; returns the REFUND transaction."""
    order = seller.orders[order_id]
    amount, tax = orders.unit_refund(order)
    transaction = finances.refund_transaction(seller.next_transaction_id(), order, amount, tax, at)
    seller.transactions.append(transaction)
    seller.returns[transaction["transactionId"]] = {"reason": reason, "lineItemId": order["lineItems"][0]["lineItemId"],
                                                    "quantity": 1}
    orders.mark_refunded(order, transaction["transactionId"], amount, at)
    return transaction


def _placed(rng: random.Random, number: int, spacing_minutes: int) -> datetime:
    return START + timedelta(minutes=number * spacing_minutes + rng.randint(0, max(0, spacing_minutes - 1)))


def build_seller(count: int = 60, seed: int = 1, spacing_minutes: int = 1080, collect_and_remit: bool = False) -> Seller:
    """`count` orders and everything that followed from them by the account's clock, the same for the same seed."""
    rng = random.Random(seed)
    placed = [_placed(rng, number, spacing_minutes) for number in range(1, count + 1)]
    now = max([START + SPAN, *(moment + timedelta(hours=1) for moment in placed)])
    seller = Seller({}, {}, [], [], now, random.Random(seed * 7919 + 1))
    story: list[tuple[datetime, str, str]] = []
    for number, moment in enumerate(placed, start=1):
        order = orders.new_order(rng, seed, number, moment, collect_and_remit)
        seller.orders[order["orderId"]] = order
        seller.transactions.append(finances.sale_transaction(seller.next_transaction_id(), order))
        shipped = moment + timedelta(days=1, hours=rng.randint(1, 22))
        if moment + SHIP_WITHIN <= now:
            story.append((shipped, "ship", order["orderId"]))
            returned = shipped + timedelta(days=rng.randint(8, 12), hours=rng.randint(0, 9))
            if rng.random() < 0.15 and returned <= now:
                story.append((returned, "refund", order["orderId"]))
    for moment, step, order_id in sorted(story):
        if step == "ship":
            ship(seller, order_id, moment)
        else:
            refund(seller, order_id, moment, RETURN_REASONS[len(seller.returns) % len(RETURN_REASONS)])
    seller.transactions.sort(key=lambda t: (t["transactionDate"], t["transactionId"]))
    seller.settle()
    return seller
