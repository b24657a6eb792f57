"""ShipStation (V1 REST API): orders as warehouse allocations, shipments and fulfillments with their fees.

Built from ShipStation's published V1 API reference (field names, nesting, types and enums as documented):
no licensed real ShipStation payloads exist for this project, so its tests run over builders written from
that reference rather than over recorded vendor files. The client (`client.py`) reads orders, shipments and
fulfillments incrementally; the simulator (`simulator.py`) serves them from the brand's sales. V1 has no
inventory and no receiving endpoints, so this adapter reports no stock levels and no receipts; products,
customers, stores, warehouses, carriers and webhook subscriptions state no fact the catalogue records and
are refused with their reason.
"""

from adapters.shipstation.client import SHIPSTATION_V1, STREAMS, auth_headers
from adapters.shipstation.mapping import map_object, split
from adapters.shipstation.simulator import API_KEY, API_SECRET, create_app
from adapters.toolkit import Adapter

# V1 webhooks are not signed (a notice names a resource_url to fetch with the API key), so the adapter
# offers the hub no webhook policy; `client.fetch_notice` follows a notice.
ADAPTER = Adapter(
    name="shipstation", split=split, map_object=map_object, streams=STREAMS, rate_limit=SHIPSTATION_V1,
    auth_headers=auth_headers, simulator=create_app,
    simulator_credentials={"api_key": API_KEY, "api_secret": API_SECRET}, simulator_options={"currency": "USD"},
)

__all__ = ["ADAPTER"]
