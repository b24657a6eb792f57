"""Shippo: label purchases (transactions) and their fees, tracks, orders and batches as canonical events."""

from adapters.shippo.client import SHIPPO_LISTS, STREAMS, auth_headers, operation_limits
from adapters.shippo.mapping import map_object, split
from adapters.shippo.simulator import TOKEN, create_app
from adapters.toolkit import Adapter

# Shippo signs webhooks only when its support sets HMAC up for an account (otherwise an IP allowlist or a
# token in the URL), so no webhook policy is declared: the hub polls.
ADAPTER = Adapter(
    name="shippo", split=split, map_object=map_object, streams=STREAMS, rate_limit=SHIPPO_LISTS,
    auth_headers=auth_headers, operation_limits=operation_limits, simulator=create_app,
    simulator_credentials={"token": TOKEN},
)

__all__ = ["ADAPTER"]
