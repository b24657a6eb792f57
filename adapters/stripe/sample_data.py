"""The brand's Stripe account, built from the sales its storefront took by card, for the simulator.

Given `Sale`s (WooCommerce's, through `adapters.woocommerce.sales`, or `synthetic_sales`), the account
holds what Stripe holds for them:
- one captured charge per paid sale (`Sale.paid_at`), of the sale's `total` in cents, described and
  tagged as the WooCommerce Stripe Gateway does ("Brand Goods - Order 70007", metadata `order_id`), with
  the gateway's ids when the order's are numbers (`ch_3Q<order id>`, `pi_3Q<order id>`, as WooCommerce's
  own order records them), and its balance transaction: fee 2.9% + 0.30 rounded to the cent exactly as
  the gateway's `_stripe_fee` order meta states it (Decimal quantize, half-even), available two days
  after the charge at midnight UTC;
- one succeeded refund per `Sale.refunds` entry (`re_3Q<refund id>` when numeric) with its balance
  transaction (no fee is given back, as the gateway's `_stripe_net` assumes), debited at once;
- automatic daily payouts: every day at 02:00 UTC, everything available by then is paid out, arriving
  the next day; each payout's balance transactions (its own `payout` transaction aside) add up exactly
  to its amount. A day whose refunds outweigh its charges leaves a negative balance, which Stripe
  withdraws from a US bank account the next day: a payout of a negative amount, as Stripe shows it;
- the events announcing each of these (`charge.succeeded`, `charge.refunded`, `refund.created`,
  `charge.dispute.created`, `charge.dispute.funds_withdrawn`, `payout.created`, `payout.paid`).

Planted gap (the only one; also served at `GET /_simulator/discrepancies`): one paid sale without
refunds is disputed as fraudulent one hour before the account's "now", after the last payout: Stripe
withdraws the charge and a 15.00 dispute fee from the balance (status needs_response; the withdrawal
awaits the next payout), which the storefront never hears of. The hub records the chargeback and
finds the order's settled net short of its expected net by the disputed amount (PAYOUT_VARIANCE; the
dispute fee is a fee it expects).

The account's clock starts three days after the last sale's activity, at 23:00 UTC, so every charge
and refund has been paid out; `touch` moves it on, refunds part of some charges and makes the payouts
that fall due.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from adapters.stripe import sample_objects as objects
from adapters.toolkit.sales_feed import Sale

CENT = Decimal("0.01")
FEE_RATE, FEE_FIXED = Decimal("0.029"), Decimal("0.30")
DISPUTE_FEE = 1500
DAY = 86400
PAYOUT_HOUR = 2


def processing_fee(total: Decimal) -> Decimal:
    """Stripe's standard card fee on a charge, rounded as the WooCommerce gateway's `_stripe_fee` meta is."""
    return (total * FEE_RATE + FEE_FIXED).quantize(CENT, ROUND_HALF_EVEN)


def cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def unix(moment: datetime) -> int:
    return int(moment.timestamp())


def midnight(moment: int) -> int:
    return moment - moment % DAY


@dataclass
class Account:
    """Every object of the account by id, the events in the order they happened, and the account's clock."""

    seed: int
    now: int
    charges: dict[str, dict[str, Any]] = field(default_factory=dict)
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)
    disputes: dict[str, dict[str, Any]] = field(default_factory=dict)
    transactions: dict[str, dict[str, Any]] = field(default_factory=dict)
    payouts: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    discrepancies: list[dict[str, Any]] = field(default_factory=list)
    paid_out: dict[str, str] = field(default_factory=dict)  # balance transaction id -> payout id
    sales: dict[str, Sale] = field(default_factory=dict)  # charge id -> the sale it paid
    _pending: list[tuple[int, int, str, dict[str, Any]]] = field(default_factory=list)

    def object_id(self, prefix: str, *parts: object) -> str:
        digest = hashlib.sha256("|".join(map(str, (self.seed, prefix, *parts))).encode()).hexdigest()
        return f"{prefix}_3Q{digest[:22]}"

    def announce(self, kind: str, created: int, obj: dict[str, Any]) -> None:
        """An event of `kind` about `obj` as it stands now, published (with an id) by `publish`."""
        self._pending.append((created, len(self._pending), kind, objects.event("", kind, created, obj)))

    def publish(self) -> list[str]:
        """Append the announced events in time order; returns their ids."""
        ids = []
        for created, _, _, body in sorted(self._pending, key=lambda item: item[:2]):
            body["id"] = f"evt_3Q{len(self.events) + 1:010d}{self.object_id('evt', created)[-8:]}"
            self.events.append(body)
            ids.append(body["id"])
        self._pending.clear()
        return ids


def _numbered(prefix: str, number: str | None) -> str | None:
    return f"{prefix}_3Q{int(number):010d}" if number and number.isdigit() else None


def add_charge(account: Account, sale: Sale) -> dict[str, Any]:
    created = unix(sale.paid_at or sale.placed_at)
    charge_id = _numbered("ch", sale.external_id) or account.object_id("ch", sale.reference)
    intent_id = _numbered("pi", sale.external_id) or account.object_id("pi", sale.reference)
    txn_id = account.object_id("txn", charge_id)
    charge = objects.charge(charge_id, intent_id, sale, cents(sale.total), created, txn_id)
    account.transactions[txn_id] = objects.balance_transaction(
        txn_id, amount=charge["amount"], fee=cents(processing_fee(sale.total)), created=created,
        available_on=midnight(created) + 2 * DAY, currency=charge["currency"], description=charge["description"],
        source=charge_id, kind="charge", category="charge")
    account.charges[charge_id] = charge
    account.sales[charge_id] = sale
    account.announce("charge.succeeded", created, charge)
    return charge


def add_refund(account: Account, charge: dict[str, Any], amount: int, created: int, number: str,
               reason: str | None) -> dict[str, Any]:
    refund_id = _numbered("re", number) or account.object_id("re", charge["id"], number)
    txn_id = account.object_id("txn", refund_id)
    refund = objects.refund(refund_id, charge, amount, created, txn_id, reason)
    account.transactions[txn_id] = objects.balance_transaction(
        txn_id, amount=-amount, fee=0, created=created, available_on=created, currency=charge["currency"],
        description=f"REFUND FOR CHARGE ({charge['description']})", source=refund_id, kind="refund",
        category="refund")
    account.refunds[refund_id] = refund
    charge["amount_refunded"] += amount
    charge["refunded"] = charge["amount_refunded"] >= charge["amount"]
    account.announce("charge.refunded", created, charge)
    account.announce("refund.created", created, refund)
    return refund


def add_dispute(account: Account, charge: dict[str, Any], created: int) -> dict[str, Any]:
    dispute_id = account.object_id("dp", charge["id"])
    txn_id = account.object_id("txn", dispute_id)
    withdrawal = objects.balance_transaction(
        txn_id, amount=-charge["amount"], fee=DISPUTE_FEE, created=created, available_on=created,
        currency=charge["currency"], description=f"Chargeback withdrawal for {charge['id']}", source=dispute_id,
        kind="adjustment", category="dispute", fee_description="Dispute fee")
    account.transactions[txn_id] = withdrawal
    dispute = objects.dispute(dispute_id, charge, created, withdrawal)
    account.disputes[dispute_id] = dispute
    charge["disputed"] = True
    account.announce("charge.dispute.created", created, dispute)
    account.announce("charge.dispute.funds_withdrawn", created, dispute)
    return dispute


def settle(account: Account) -> list[str]:
    """Make every payout due by the account's clock and mark those arrived as paid; returns the ids changed."""
    for txn in account.transactions.values():
        objects.refresh_status(txn, account.now)
    changed = _pay_arrived(account)
    unpaid = sorted((t for t in account.transactions.values() if t["id"] not in account.paid_out
                     and t["type"] != "payout"), key=lambda t: (t["available_on"], t["created"], t["id"]))
    if not unpaid:
        return changed
    day = midnight(unpaid[0]["available_on"])
    while day + PAYOUT_HOUR * 3600 <= account.now:
        at = day + PAYOUT_HOUR * 3600
        due = [t for t in unpaid if t["available_on"] <= at and t["id"] not in account.paid_out]
        if due and sum(t["net"] for t in due) != 0:
            changed += _payout(account, due, at)
        day += DAY
    return changed + _pay_arrived(account)


def _payout(account: Account, due: list[dict[str, Any]], at: int) -> list[str]:
    payout_id = account.object_id("po", at)
    txn_id = account.object_id("txn", payout_id)
    amount, currency = sum(t["net"] for t in due), due[0]["currency"]
    payout = objects.payout(payout_id, amount=amount, created=at, arrival=midnight(at) + DAY, currency=currency,
                            txn_id=txn_id)
    account.transactions[txn_id] = objects.balance_transaction(
        txn_id, amount=-amount, fee=0, created=at, available_on=at, currency=currency, description="STRIPE PAYOUT",
        source=payout_id, kind="payout", category="payout")
    objects.refresh_status(account.transactions[txn_id], account.now)
    account.payouts[payout_id] = payout
    for txn in due + [account.transactions[txn_id]]:
        account.paid_out[txn["id"]] = payout_id
    account.announce("payout.created", at, payout)
    return [payout_id, txn_id] + [t["id"] for t in due]


def _pay_arrived(account: Account) -> list[str]:
    arrived = [p for p in account.payouts.values() if p["status"] == "in_transit" and p["arrival_date"] <= account.now]
    for payout in arrived:
        payout["status"] = "paid"
        account.announce("payout.paid", payout["arrival_date"], payout)
    return [payout["id"] for payout in arrived]


def _last_activity(sales: list[Sale]) -> datetime:
    times = [sale.paid_at or sale.placed_at for sale in sales] + [r.at for sale in sales for r in sale.refunds]
    return max(times, default=datetime(2026, 9, 1, tzinfo=UTC))


def build_account(sales: list[Sale], seed: int = 1, planted_dispute: bool = True) -> Account:
    """The account holding the paid sales' charges, refunds and payouts, and the planted dispute."""
    last = _last_activity(sales)
    now = datetime(last.year, last.month, last.day, 23, tzinfo=UTC) + timedelta(days=3)
    account = Account(seed=seed, now=unix(now))
    for sale in sorted((s for s in sales if s.paid_at is not None), key=lambda s: (s.paid_at, s.reference)):
        charge = add_charge(account, sale)
        for refund in sale.refunds:
            add_refund(account, charge, cents(refund.amount), unix(refund.at), refund.reference, refund.reason)
    if planted_dispute:
        _plant_dispute(account)
    settle(account)
    account.publish()
    return account


def _plant_dispute(account: Account) -> None:
    candidates = [c for c in account.charges.values() if not c["amount_refunded"]]
    if not candidates:
        return
    charge = candidates[len(candidates) // 3]
    dispute = add_dispute(account, charge, account.now - 3600)
    sale = account.sales[charge["id"]]
    amount, fee = (Decimal(charge["amount"]) / 100).quantize(CENT), (Decimal(DISPUTE_FEE) / 100).quantize(CENT)
    account.discrepancies.append({
        "kind": "PAYOUT_VARIANCE", "reference": sale.reference, "cause": "chargeback", "charge": charge["id"],
        "dispute": dispute["id"],
        "amount": str(amount), "dispute_fee": str(fee),
        "explanation": f"order {sale.reference} was disputed as fraudulent: Stripe withdrew {amount} and a "
                       f"{fee} dispute fee, which the storefront does not know of; the hub "
                       f"should find the order's settled net short of its expected net by {amount}",
    })


def touch(account: Account, count: int, advance_hours: float) -> tuple[list[str], list[str]]:
    """Move the clock; refund a tenth of the `count` oldest charges not refunded nor disputed; pay what falls due.

    Returns what was touched (refunds and their balance transactions, their charges and the orders they
    are about) and what changed in consequence (payouts made or paid, the balance transactions paid out)."""
    account.now += int(advance_hours * 3600)
    fresh = [c for c in sorted(account.charges.values(), key=lambda c: (c["created"], c["id"]))
             if not c["amount_refunded"] and not c["disputed"]][:count]
    touched: list[str] = []
    for index, charge in enumerate(fresh):
        amount = max(1, charge["amount"] // 10)
        refund = add_refund(account, charge, amount, account.now - len(fresh) + index, f"goodwill-{index}",
                            "goodwill credit")
        sale = account.sales[charge["id"]]
        touched += [refund["id"], refund["balance_transaction"], charge["id"], sale.reference]
        touched += [sale.external_id] if sale.external_id else []
    changed = settle(account)
    account.publish()
    return touched, changed
