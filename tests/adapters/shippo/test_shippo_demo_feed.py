"""The Shippo simulator fed with the demo Shopify shop: an order per Shopify order, a label per fulfilment with its
tracking number and carrier, each track up to the delivery the shop states."""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

from adapters.shippo import ADAPTER
from adapters.shippo.client import auth_headers, fetch_tracks, fetch_transactions
from adapters.shopify.sales import sales_of
from adapters.shopify.sample_orders import generate_orders
from adapters.toolkit import MappingContext
from adapters.toolkit.http import PartnerClient
from adapters.toolkit.streams import ConnectionSettings
from canonical_model.events import Event, FeeCharged, ShipmentCreated, ShipmentDelivered
from tests.adapters.toolkit.fakes import FAST_RETRIES, serving

SALES = sales_of(generate_orders(30, seed=5))
PARCELS = {p.tracking_number: (sale, p) for sale in SALES for p in sale.parcels}


def _read(*streams: Any) -> list[list[Event]]:
    async def go() -> list[list[Event]]:
        async with serving(ADAPTER.simulator(sales=SALES, rate_limit=None)) as url:
            settings = ConnectionSettings("shippo-demo", "shippo", "demo-brand", url, dict(ADAPTER.simulator_credentials),
                                          {})
            async with PartnerClient(settings, None, auth=auth_headers, retry=FAST_RETRIES) as client:
                read = []
                for stream in streams:
                    events = []
                    async for page in stream(client, settings, None):
                        for _, body in page.documents:
                            context = MappingContext("demo-brand", hashlib.sha256(body).hexdigest())
                            events += [e for obj in ADAPTER.split(ADAPTER.parse(body))
                                       for e in ADAPTER.map_object(obj, context)]
                    read.append(events)
                return read

    return asyncio.run(go())


def test_every_shopify_order_label_and_track_is_there_named_by_the_order_and_agreeing_with_it() -> None:
    labels, tracks = _read(fetch_transactions, fetch_tracks)
    assert PARCELS, "the shop has fulfilled orders"
    stated = {(e.body.carrier, e.body.tracking_numbers) for e in labels if isinstance(e.body, ShipmentCreated)}
    assert stated == {(p.carrier, (number,)) for number, (_, p) in PARCELS.items()}
    fees = {(e.references, e.body.amount.amount) for e in labels if isinstance(e.body, FeeCharged)}
    assert fees == {((sale.reference,), p.label_cost) for sale, p in PARCELS.values()}
    delivered = {e.context["tracking_number"]: e.body.delivered_at for e in tracks if isinstance(e.body, ShipmentDelivered)}
    assert delivered == {number: p.delivered_at for number, (_, p) in PARCELS.items() if p.delivered_at}
    assert all(e.references == (PARCELS[e.context["tracking_number"]][0].reference,) for e in tracks)
