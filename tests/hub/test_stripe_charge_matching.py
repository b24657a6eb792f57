"""A Stripe refund that arrives by webhook names its charge only by id, so no order; every fact about that charge
carries the charge's followed reference, and the refund ends on the WooCommerce order once any of them names it,
whichever arrives first (issue 4)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine, select

from adapters.stripe import ADAPTER as STRIPE
from adapters.woocommerce import ADAPTER as WOOCOMMERCE
from canonical_model.money import Money
from canonical_model.views import OrderView
from hub.ingest import ingest_documents
from hub.read_models import order_views
from hub.schema import discrepancies
from tests.adapters.stripe import stripe_payloads as stripe
from tests.adapters.woocommerce import woocommerce_payloads as woo

STRIPE_ACCOUNT, SHOP = "acct_1Acme", "shop.example.com"
# What the WooCommerce Stripe gateway writes on the charge of order 5001 (total 48.00 USD).
CHARGE = stripe.charge("ch_3PqAcme", amount=4800, description="Acme Store - Order 5001",
                       metadata={"order_id": "5001", "site_url": "https://shop.example.com"})
REFUND = {"charge": "ch_3PqAcme", "amount": 2150, "reason": "requested_by_customer"}


def _stripe(engine: Engine, name: str, document: Any) -> None:
    ingest_documents(engine, STRIPE, STRIPE_ACCOUNT, [(name, json.dumps(document).encode())])


def _order_placed(engine: Engine) -> None:
    ingest_documents(engine, WOOCOMMERCE, SHOP, [("order-5001.json", woo.body(woo.order(5001)))], "USD")


def _refund_webhook(engine: Engine) -> None:
    """`refund.created` as Stripe delivers it: the refund's charge is its id, nothing more."""
    _stripe(engine, "webhook.json", stripe.event(stripe.refund("re_3PqAcme", **REFUND), "refund.created"))


def _balance_transactions(engine: Engine) -> None:
    """The charge's and the refund's balance transactions, sources and their charges expanded as the client asks."""
    sale = stripe.balance_transaction("txn_3PqAcme", amount=4800, fees=(stripe.fee_detail(169),), source=CHARGE,
                                      description="Acme Store - Order 5001")
    refunded = stripe.balance_transaction("txn_3PqRefund", amount=-2150, fees=(), type="refund",
                                          reporting_category="refund", description="REFUND FOR CHARGE",
                                          source=stripe.refund("re_3PqAcme", **{**REFUND, "charge": CHARGE}))
    _stripe(engine, "balance_transactions.json", stripe.page(sale, refunded))


def _view(engine: Engine) -> OrderView:
    [placed] = woo.mapped(woo.order(5001), woo.MappingContext(SHOP, "hash", "USD"))
    with engine.connect() as connection:
        return order_views(connection, [placed.order_id])[placed.order_id]


def _statuses(engine: Engine, kind: str) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        rows = connection.execute(select(discrepancies.c.status, discrepancies.c.explanation)
                                  .where(discrepancies.c.kind == kind).order_by(discrepancies.c.opened_at))
        return [(row.status, row.explanation) for row in rows]


def _settled_in_full(view: OrderView) -> None:
    assert view.finance.refund_total == Money.of("21.50", "USD")
    assert view.finance.net_expected == Money.of("24.81", "USD")  # 48.00 less the refund and Stripe's 1.69
    assert view.finance.settled_net == view.finance.net_expected
    assert [finding.kind for finding in view.findings if finding.kind != "SOURCE_INCONSISTENT"] == []


def test_a_refund_webhook_before_its_charge_and_the_poll_ends_on_the_order_with_its_refund_settled(
        engine: Engine) -> None:
    _order_placed(engine)
    _refund_webhook(engine)
    [(status, explanation)] = _statuses(engine, "UNMATCHED_RECORD")
    assert status == "OPEN"
    assert explanation.startswith("stripe refund re_3PqAcme (2026-03-05, 21.50 USD) references stripe charge ch_3PqAcme")

    _stripe(engine, "charges.json", stripe.page(CHARGE))  # the poll: the charge names the order, the refund follows
    assert [status for status, _ in _statuses(engine, "UNMATCHED_RECORD")] == ["RESOLVED"]
    assert _view(engine).finance.refund_total == Money.of("21.50", "USD")
    assert [status for status, _ in _statuses(engine, "REFUND_NOT_SETTLED")] == ["OPEN"]

    _stripe(engine, "refunds.json", stripe.page(stripe.refund("re_3PqAcme", **{**REFUND, "charge": CHARGE})))
    _balance_transactions(engine)
    assert [status for status, _ in _statuses(engine, "REFUND_NOT_SETTLED")] == ["RESOLVED"]
    _settled_in_full(_view(engine))


def test_the_refund_follows_its_charge_to_an_order_that_arrives_last(engine: Engine) -> None:
    _refund_webhook(engine)
    _balance_transactions(engine)  # the refund's line names the order through its expanded charge; no order yet
    assert {status for status, _ in _statuses(engine, "UNMATCHED_RECORD")} == {"OPEN"}

    _order_placed(engine)
    assert {status for status, _ in _statuses(engine, "UNMATCHED_RECORD")} == {"RESOLVED"}
    _settled_in_full(_view(engine))
