"""Shopify: orders, refunds, fulfillments, transactions and Shopify Payments payouts as canonical events."""

from adapters.shopify.client import STREAMS, auth_headers
from adapters.shopify.mapping import map_object, split
from adapters.shopify.simulator import create_app
from adapters.shopify.webhooks import SHOPIFY_WEBHOOKS
from adapters.toolkit import Adapter
from adapters.toolkit.rate_limit import SHOPIFY_REST

ADAPTER = Adapter(
    name="shopify", split=split, map_object=map_object, streams=STREAMS, rate_limit=SHOPIFY_REST,
    auth_headers=auth_headers, webhook=SHOPIFY_WEBHOOKS, simulator=create_app,
    simulator_credentials={"token": "shpat_simulated"},
)

__all__ = ["ADAPTER"]
