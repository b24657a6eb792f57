"""ShipBob (Developer API 1.0 / 2.0): orders as fulfillment-center allocations, shipments with their fulfilment
fees, stock levels by fulfillment center and warehouse receiving orders.

Built from ShipBob's published API reference (field names, nesting, types and enums as documented): no
licensed real ShipBob payloads exist for this project, so its tests run over builders written from that
reference rather than over recorded vendor files. The client (`client.STREAMS`: orders with their shipments,
receiving orders, inventory levels) keeps to ShipBob's 150 requests per minute; `simulator.create_app` is a
local ShipBob fed with the sales it ships. Products, channels,
fulfillment centers, returns, shipment logs, receiving boxes, estimates, shipping methods and webhook
subscriptions are refused with their reason (see `split.UNSUPPORTED`).
"""

from adapters.shipbob.client import SHIPBOB_API, STREAMS, auth_headers
from adapters.shipbob.mapping import map_object, split
from adapters.shipbob.simulator import TOKEN, create_app
from adapters.toolkit import Adapter

ADAPTER = Adapter(
    name="shipbob", split=split, map_object=map_object, streams=STREAMS, rate_limit=SHIPBOB_API,
    auth_headers=auth_headers, simulator=create_app, simulator_credentials={"token": TOKEN},
    simulator_options={"currency": "USD"},
)

__all__ = ["ADAPTER"]
