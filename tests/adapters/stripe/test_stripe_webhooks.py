"""Stripe webhook deliveries: the `Stripe-Signature` policy on the adapter, over events the simulated account sends."""

from __future__ import annotations

import json
import time

from adapters.stripe import ADAPTER
from adapters.stripe.sample_data import build_account
from adapters.toolkit.sales_feed import synthetic_sales
from adapters.toolkit.signatures import stripe_signature
from canonical_model.accounting_events import ChargebackRecorded
from tests.adapters.stripe.stripe_payloads import mapped

SECRET = "whsec_simulated"


def delivery(kind: str) -> bytes:
    account = build_account(synthetic_sales(20, 4, channel="woocommerce"), 4)
    return json.dumps(next(event for event in account.events if event["type"] == kind)).encode()


def test_a_signed_delivery_is_genuine_and_maps_to_the_fact_it_announces() -> None:
    body = delivery("charge.dispute.created")
    headers = {"Stripe-Signature": stripe_signature(SECRET, body, int(time.time()))}

    assert ADAPTER.webhook is not None and ADAPTER.webhook.verify(headers, body, SECRET)
    events = mapped(json.loads(body))
    (chargeback,) = [event for event in events if isinstance(event.body, ChargebackRecorded)]
    assert chargeback.context["event_type"] == "charge.dispute.created"


def test_a_tampered_stale_or_unsigned_delivery_is_refused() -> None:
    body = delivery("payout.paid")
    now = int(time.time())
    signed = {"Stripe-Signature": stripe_signature(SECRET, body, now)}
    policy = ADAPTER.webhook
    assert policy is not None

    assert not policy.verify(signed, body.replace(b'"paid"', b'"failed"'), SECRET)
    assert not policy.verify(signed, body, "whsec_other")
    assert not policy.verify({"Stripe-Signature": stripe_signature(SECRET, body, now - 3600)}, body, SECRET)
    assert not policy.verify({}, body, SECRET)
