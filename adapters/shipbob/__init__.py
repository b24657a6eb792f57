"""ShipBob (Developer API 1.0 / 2.0): orders as fulfillment-center allocations, shipments with their fulfilment
fees, stock levels by fulfillment center and warehouse receiving orders.

Built from ShipBob's published API reference (field names, nesting, types and enums as documented): no
licensed real ShipBob payloads exist for this project, so its tests run over builders written from that
reference rather than over recorded vendor files. ShipBob allows 150 requests per minute per token; keeping
to it is the client's concern (this package maps payloads and fetches nothing yet). Products, channels,
fulfillment centers, returns, shipment logs, receiving boxes, estimates, shipping methods and webhook
subscriptions are refused with their reason (see `split.UNSUPPORTED`).
"""

from adapters.shipbob.mapping import map_object, split
from adapters.toolkit import Adapter

ADAPTER = Adapter(name="shipbob", split=split, map_object=map_object)

__all__ = ["ADAPTER"]
