"""The EasyPost simulator fed with the demo brand's own channels: Amazon merchant-fulfilled parcels tracked alone,
eBay parcels with labels bought here; every fact agrees with the channel's sale to the cent and the minute."""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

from adapters.amazon.sales import sales_of as amazon_sales
from adapters.amazon.sample_data import build_brand
from adapters.easypost import ADAPTER
from adapters.easypost.client import auth_headers, fetch_shipments, fetch_trackers
from adapters.ebay.sales import sales_of as ebay_sales
from adapters.ebay.sample_data import build_seller
from adapters.toolkit import MappingContext
from adapters.toolkit.http import PartnerClient
from adapters.toolkit.streams import ConnectionSettings
from canonical_model.events import Event, FeeCharged, ShipmentCreated, ShipmentDelivered, ShipmentShipped
from tests.adapters.toolkit.fakes import FAST_RETRIES, serving

MFN = amazon_sales(build_brand(40, seed=3), merchant_fulfilled_only=True)
EBAY = ebay_sales(build_seller(20, seed=3))


def _read(stream: Any) -> list[Event]:
    async def go() -> list[Event]:
        async with serving(ADAPTER.simulator(sales=MFN + EBAY, rate_limit=None)) as url:
            settings = ConnectionSettings("easypost-demo", "easypost", "demo-brand", url,
                                          dict(ADAPTER.simulator_credentials), {})
            async with PartnerClient(settings, None, auth=auth_headers, retry=FAST_RETRIES) as client:
                events = []
                async for page in stream(client, settings, None):
                    for _, body in page.documents:
                        context = MappingContext("demo-brand", hashlib.sha256(body).hexdigest())
                        events += [e for obj in ADAPTER.split(ADAPTER.parse(body)) for e in ADAPTER.map_object(obj, context)]
                return events

    return asyncio.run(go())


def test_amazon_parcels_are_trackers_stating_the_3pl_tracking_numbers_shipped_and_delivered_on_time() -> None:
    events = _read(fetch_trackers)
    parcels = {p.tracking_number: p for sale in MFN for p in sale.parcels}
    assert parcels, "the brand has merchant-fulfilled parcels"
    stated = {e.body.tracking_numbers[0]: e.body.shipment_id for e in events if isinstance(e.body, ShipmentCreated)}
    assert set(stated) == set(parcels)
    for event in events:
        number = event.context.get("tracking_code")
        if number in parcels and isinstance(event.body, ShipmentShipped):
            assert event.body.shipped_at == parcels[number].shipped_at
        if number in parcels and isinstance(event.body, ShipmentDelivered):
            assert event.body.delivered_at == parcels[number].delivered_at
    delivered = {e.context["tracking_code"] for e in events if isinstance(e.body, ShipmentDelivered)}
    assert delivered & set(parcels) == {n for n, p in parcels.items() if p.delivered_at}


def test_ebay_labels_reference_the_order_and_cost_what_the_parcel_says() -> None:
    events = _read(fetch_shipments)
    by_order = {sale.reference: sale for sale in EBAY if sale.parcels}
    labels = [e for e in events if isinstance(e.body, FeeCharged) and e.body.fee_type == "shipping_label"]
    assert {(e.references, e.body.amount.amount) for e in labels} == {
        ((reference,), parcel.label_cost) for reference, sale in by_order.items() for parcel in sale.parcels}
    assert {n for e in events if isinstance(e.body, ShipmentCreated) for n in e.body.tracking_numbers} == {
        p.tracking_number for sale in by_order.values() for p in sale.parcels}
    assert all(set(e.references) <= set(by_order) for e in events)
