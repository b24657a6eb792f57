"""Amazon Selling Partner API: orders, financial events and settlements, and Multi-Channel Fulfillment as events.

Amazon has no webhooks to wire: SP-API notifications travel through Amazon SQS or EventBridge, so the
hub polls its streams (`client.STREAMS`).
"""

from adapters.amazon.client import STREAMS, auth_headers
from adapters.amazon.mapping import map_object, split
from adapters.amazon.parse import parse
from adapters.amazon.rate_limits import RATE_LIMIT, operation_limits
from adapters.amazon.simulator import TOKEN, create_app
from adapters.toolkit import Adapter

ADAPTER = Adapter(
    name="amazon", split=split, map_object=map_object, parse=parse, streams=STREAMS, rate_limit=RATE_LIMIT,
    auth_headers=auth_headers, webhook=None, simulator=create_app, operation_limits=operation_limits,
    simulator_credentials={"token": TOKEN}, simulator_options={"currency": "USD"},
)

__all__ = ["ADAPTER"]
