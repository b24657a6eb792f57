"""WooCommerce: orders (single, listed or batched), the refunds they list and order refund objects as canonical events."""

from adapters.toolkit import Adapter
from adapters.toolkit.webhooks import WOOCOMMERCE_WEBHOOKS
from adapters.woocommerce.client import STREAMS, WOOCOMMERCE_REST, auth_headers
from adapters.woocommerce.mapping import map_object, split
from adapters.woocommerce.simulator import create_app

ADAPTER = Adapter(
    name="woocommerce", split=split, map_object=map_object, streams=STREAMS,
    rate_limit=WOOCOMMERCE_REST, auth_headers=auth_headers, webhook=WOOCOMMERCE_WEBHOOKS, simulator=create_app,
    simulator_credentials={"consumer_key": "ck_simulated", "consumer_secret": "cs_simulated"},
    simulator_options={"currency": "USD"},
)

__all__ = ["ADAPTER"]
