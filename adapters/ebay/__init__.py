"""eBay: Sell Fulfillment API orders and shipping fulfillments, Sell Finances API transactions and payouts.

eBay is the sales channel of its orders, so every fact of an order (its snapshots, cancellation,
shipments, and the fees, refunds and settlement lines of its transactions) names the order
`OrderRef("ebay", account, orderId)`; payouts name no order.

No licensed real eBay payloads exist in the shared fixtures: the mapping and its test builders follow
the field names, nesting and types of eBay's published API reference (developer.ebay.com, Sell
Fulfillment API v1 and Sell Finances API v1). eBay's order notifications (Platform Notifications,
ITEM_SOLD...) are not wired: the hub polls the streams (`client.STREAMS`).
"""

from adapters.ebay.client import STREAMS, auth_headers
from adapters.ebay.mapping import map_object, split
from adapters.ebay.rate_limits import FULFILLMENT_QUOTA, operation_limits
from adapters.ebay.simulator import TOKEN, create_app
from adapters.toolkit import Adapter

ADAPTER = Adapter(
    name="ebay", split=split, map_object=map_object, streams=STREAMS, rate_limit=FULFILLMENT_QUOTA,
    auth_headers=auth_headers, webhook=None, simulator=create_app, operation_limits=operation_limits,
    simulator_credentials={"token": TOKEN}, simulator_options={"currency": "USD"},
)

__all__ = ["ADAPTER"]
