"""Stripe: charges, payment intents, refunds, disputes, balance transactions, payouts and application fees."""

from adapters.stripe.client import STREAMS, STRIPE_LIVE, auth_headers, operation_limits
from adapters.stripe.mapping import map_object, split
from adapters.stripe.simulator import SECRET_KEY, create_app
from adapters.toolkit import Adapter
from adapters.toolkit.webhooks import STRIPE_WEBHOOKS

ADAPTER = Adapter(
    name="stripe", split=split, map_object=map_object, streams=STREAMS, rate_limit=STRIPE_LIVE,
    auth_headers=auth_headers, webhook=STRIPE_WEBHOOKS, simulator=create_app, operation_limits=operation_limits,
    simulator_credentials={"secret_key": SECRET_KEY}, simulator_options={"currency": "USD", "test_mode": True},
)

__all__ = ["ADAPTER"]
