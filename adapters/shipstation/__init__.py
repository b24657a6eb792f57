"""ShipStation (V1 REST API): orders as warehouse allocations, shipments and fulfillments with their fees.

Built from ShipStation's published V1 API reference (field names, nesting, types and enums as documented):
no licensed real ShipStation payloads exist for this project, so its tests run over builders written from
that reference rather than over recorded vendor files. V1 has no inventory and no receiving endpoints, so
this adapter reports no stock levels and no receipts; products, customers, stores, warehouses, carriers and
webhook subscriptions state no fact the catalogue records and are refused with their reason.
"""

from adapters.shipstation.mapping import map_object, split
from adapters.toolkit import Adapter

ADAPTER = Adapter(name="shipstation", split=split, map_object=map_object)

__all__ = ["ADAPTER"]
