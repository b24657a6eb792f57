"""The Stripe simulator fed with the WooCommerce demo store's sales: every charge, refund and payout maps
to events referencing the sale, to the cent of what WooCommerce's own order records state.

Read through the client on a socket, as the hub reads it; WooCommerce's orders come from the same
`generate_store` its simulator serves, so the Stripe gateway's order meta (`_stripe_fee`, `_stripe_net`,
the charge and refund ids) is the other side of every comparison.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import defaultdict
from decimal import Decimal
from functools import cache
from typing import Any

import httpx

from adapters.stripe import ADAPTER
from adapters.toolkit import MappingContext
from adapters.toolkit.http import PartnerClient
from adapters.toolkit.sales_feed import Sale
from adapters.toolkit.streams import ConnectionSettings
from adapters.woocommerce.sales import sales_of
from adapters.woocommerce.sample_data import generate_store
from adapters.woocommerce.store import Store
from canonical_model.accounting_events import ChargebackRecorded
from canonical_model.events import Event, FeeCharged, PaymentCaptured, PayoutRecorded, RefundIssued, SettlementLineRecorded
from canonical_model.money import Money
from tests.adapters.toolkit.fakes import FAST_RETRIES, serving

STORE_ORDERS, SEED = 120, 3


@cache
def store() -> Store:
    return generate_store(STORE_ORDERS, SEED)


def meta(order: dict[str, Any], key: str) -> Any:
    return next((m["value"] for m in order["meta_data"] if m["key"] == key), None)


def usd(amount: Decimal | str) -> Money:
    return Money.of(amount, "USD")


async def read_all(sales: list[Sale]) -> tuple[list[Event], list[dict[str, Any]]]:
    """Every stream read in full through the client, mapped as the hub maps it; and the planted gaps."""
    async with serving(ADAPTER.simulator(sales=sales, seed=SEED)) as url:
        settings = ConnectionSettings("stripe-feed", "stripe", "brand", url, dict(ADAPTER.simulator_credentials),
                                      dict(ADAPTER.simulator_options))
        events: list[Event] = []
        async with PartnerClient.for_adapter(settings, ADAPTER, retry=FAST_RETRIES) as client:
            for stream in ADAPTER.streams:
                async for page in stream.fetch(client, settings, None):
                    for _, body in page.documents:
                        context = MappingContext("brand", hashlib.sha256(body).hexdigest(), "USD")
                        events += [event for found in ADAPTER.split(ADAPTER.parse(body))
                                   for event in ADAPTER.map_object(found, context)]
        async with httpx.AsyncClient(base_url=url) as http:
            gaps = (await http.get("/_simulator/discrepancies")).json()
    unique = {event.id: event for event in events}
    return list(unique.values()), gaps


@cache
def woo_world() -> tuple[list[Event], list[dict[str, Any]]]:
    return asyncio.run(read_all(sales_of(store())))


def of(events: list[Event], kind: type) -> list[Event]:
    return [event for event in events if isinstance(event.body, kind)]


def test_every_paid_order_is_one_charge_of_its_total_under_the_id_woocommerce_recorded() -> None:
    events, _ = woo_world()
    paid = {str(o["number"]): o for o in store().orders.values() if o.get("date_paid_gmt")}
    captured = {e.references[0]: e for e in of(events, PaymentCaptured)}

    assert len(paid) > 90 and set(captured) == set(paid)
    for number, order in paid.items():
        assert captured[number].body.amount == usd(order["total"])
        assert captured[number].body.transaction_id == order["transaction_id"]


def test_every_refund_is_stripes_refund_of_the_same_amount_naming_the_order() -> None:
    events, _ = woo_world()
    woo_refunds = {meta(r, "_stripe_refund_id"): (str(order_id), r) for order_id, refunds in store().refunds.items()
                   for r in refunds}
    issued = {e.body.refund_id: e for e in of(events, RefundIssued)}

    assert woo_refunds and set(issued) == set(woo_refunds)
    for refund_id, (order_id, refund) in woo_refunds.items():
        assert issued[refund_id].body.amount == usd(refund["amount"])
        assert order_id in issued[refund_id].references


def test_stripes_fee_and_net_per_order_are_the_gateways_order_meta_but_for_the_planted_dispute() -> None:
    events, gaps = woo_world()
    fees: dict[str, Money] = defaultdict(lambda: usd("0"))
    nets: dict[str, Money] = defaultdict(lambda: usd("0"))
    lines = {e.body.line_id: e for e in of(events, SettlementLineRecorded)}
    for line in lines.values():
        nets[line.references[0]] += line.body.amount
    for fee in of(events, FeeCharged):
        fees[fee.references[0]] += fee.body.amount
    (dispute,) = gaps

    for order in (o for o in store().orders.values() if o.get("date_paid_gmt")):
        number = str(order["number"])
        expected_net = usd(meta(order, "_stripe_net"))
        if number == dispute["reference"]:
            expected_net -= usd(dispute["amount"]) + usd(dispute["dispute_fee"])
        assert nets[number] == expected_net, number
        assert fees[number] == usd(meta(order, "_stripe_fee")) + (usd("15.00") if number == dispute["reference"] else usd("0"))


def test_every_payout_is_the_sum_of_its_lines_and_every_line_names_its_order() -> None:
    events, _ = woo_world()
    latest = {}
    for payout in sorted(of(events, PayoutRecorded), key=lambda e: e.source.version != "paid"):
        latest.setdefault(payout.body.payout_id, payout)
    by_payout: dict[str, list[Event]] = defaultdict(list)
    for line in of(events, SettlementLineRecorded):
        by_payout[line.body.settlement_id].append(line)
    numbers = {str(o["number"]) for o in store().orders.values()}

    assert len(latest) >= 10
    for payout_id, payout in latest.items():
        assert sum((line.body.amount.amount for line in by_payout[payout_id]), Decimal(0)) == payout.body.amount.amount
    for line in of(events, SettlementLineRecorded):
        names = {reference for reference in line.references if not reference.startswith("@")}
        [charge] = set(line.references) - names
        assert names and names <= numbers, line.body
        assert charge.startswith("@stripe:brand:charge:ch_"), line.body
    assert {"pending"} | set(latest) == set(by_payout), "every line is paid out or still pending"


def test_the_planted_dispute_is_the_only_chargeback_and_it_names_its_order() -> None:
    events, gaps = woo_world()
    (chargeback,) = of(events, ChargebackRecorded)
    (gap,) = gaps

    assert (gap["kind"], gap["cause"]) == ("PAYOUT_VARIANCE", "chargeback")
    assert chargeback.body.dispute_id == gap["dispute"]
    assert chargeback.body.amount == usd(gap["amount"]) and chargeback.body.fee == usd("15.00")
    assert gap["reference"] in chargeback.references
    lines = of(events, SettlementLineRecorded)
    paid_out = {line.body.line_id for line in lines if line.body.settlement_id != "pending"}
    waiting = [line for line in lines if line.body.line_id not in paid_out]
    assert [line.body.line_type for line in waiting] == ["adjustment"], "only the withdrawal awaits a payout"
    assert gap["reference"] in waiting[0].references
