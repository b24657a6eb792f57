"""eBay: Sell Fulfillment API orders and shipping fulfillments, Sell Finances API transactions and payouts.

eBay is the sales channel of its orders, so every fact of an order (its snapshots, cancellation,
shipments, and the fees, refunds and settlement lines of its transactions) names the order
`OrderRef("ebay", account, orderId)`; payouts name no order.

No licensed real eBay payloads exist in the shared fixtures: the mapping and its test builders follow
the field names, nesting and types of eBay's published API reference (developer.ebay.com, Sell
Fulfillment API v1 and Sell Finances API v1).
"""

from adapters.ebay.mapping import map_object, split
from adapters.toolkit import Adapter

ADAPTER = Adapter(name="ebay", split=split, map_object=map_object)

__all__ = ["ADAPTER"]
