"""ShipHero (public GraphQL API): orders as warehouse allocations, shipments with their packages and label
fees, stock by warehouse, and purchase orders as receipts.

Built from ShipHero's published GraphQL schema reference (field names, nesting, types and the
`{request_id, complexity, data}` wrapping of every query as documented): no licensed real ShipHero
payloads exist for this project, so its tests run over builders written from that reference rather than
over recorded vendor files. Every id is the GraphQL id ShipHero's public API states (warehouses included),
never the numeric legacy id its old webhooks carry. Vendors, webhook subscriptions, the account and its
warehouses, returns, inventory changes, snapshots and 3PL bills are refused with their reason. The client
(`client.STREAMS`: orders, shipments, warehouse products, purchase orders) keeps within ShipHero's credits;
`simulator.create_app` is a local ShipHero GraphQL API fed with the sales it ships.
"""

from adapters.shiphero.client import SHIPHERO_REQUESTS, STREAMS, auth_headers
from adapters.shiphero.mapping import map_object, split
from adapters.shiphero.simulator import TOKEN, create_app
from adapters.toolkit import Adapter

ADAPTER = Adapter(
    name="shiphero", split=split, map_object=map_object, streams=STREAMS, rate_limit=SHIPHERO_REQUESTS,
    auth_headers=auth_headers, simulator=create_app, simulator_credentials={"token": TOKEN},
    simulator_options={"currency": "USD"},
)

__all__ = ["ADAPTER"]
