"""Small builders of Shippo API objects, shaped like Shippo's own, with ids, amounts and statuses tweakable."""

from __future__ import annotations

import json
from typing import Any

from adapters.shippo import ADAPTER
from adapters.toolkit import MappingContext
from canonical_model.events import Event

CONTEXT = MappingContext(account="acme-shippo", payload_hash="payload-hash-1")
CREATED = "2026-03-02T15:00:00.125Z"
UPDATED = "2026-03-02T15:00:01.500Z"
LATER = "2026-03-04T09:30:00.000Z"
TRANSACTION_ID = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
TRACKING_NUMBER = "9205590164917312751089"


def rate(amount: str = "9.09", currency: str = "USD", provider: str = "USPS", rate_id: str = "rate0001",
         **extra: Any) -> dict:
    return {"object_id": rate_id, "object_created": CREATED, "object_owner": "owner@example.com",
            "shipment": "shipment0001", "attributes": [], "amount": amount, "currency": currency,
            "amount_local": amount, "currency_local": currency, "provider": provider,
            "servicelevel": {"name": "Priority Mail", "token": "usps_priority", "terms": ""}, "days": 2,
            "messages": [], "carrier_account": "acct0001", "test": True, **extra}


def transaction(transaction_id: str = TRANSACTION_ID, status: str = "SUCCESS", embedded: dict | None = None,
                **extra: Any) -> dict:
    """A label purchase; the rate is embedded when `embedded` is given, else named by id as Shippo does by default."""
    return {"object_state": "VALID", "status": status, "object_created": CREATED, "object_updated": UPDATED,
            "object_id": transaction_id, "object_owner": "owner@example.com", "test": True,
            "rate": embedded if embedded is not None else "rate0001", "tracking_number": TRACKING_NUMBER,
            "tracking_status": "UNKNOWN", "tracking_history": [],
            "tracking_url_provider": "https://tools.usps.com/go/TrackConfirmAction?tLabels=9205590164917312751089",
            "label_url": "https://example.com/label.pdf", "messages": [], "order": None,
            "metadata": "Order #1001", "parcel": "parcel0001", **extra}


def tracking_event(status: str = "TRANSIT", at: str = "2026-03-03T01:10:00Z", details: str = "Accepted at origin",
                   event_id: str = "te0001", city: str = "San Francisco") -> dict:
    return {"object_created": at, "object_updated": at, "object_id": event_id, "status": status,
            "status_details": details, "status_date": at,
            "substatus": {"code": "package_accepted", "text": "Package accepted", "action_required": False},
            "location": {"city": city, "state": "CA", "zip": "94103", "country": "US"}}


HISTORY = [
    tracking_event("PRE_TRANSIT", "2026-03-02T18:00:00Z", "Label created", "te0001"),
    tracking_event("TRANSIT", "2026-03-03T01:10:00Z", "Accepted at origin", "te0002"),
    tracking_event("DELIVERED", "2026-03-04T09:12:00Z", "Delivered to mailbox", "te0003", "Berkeley"),
]


def track(history: list[dict] | None = None, current: dict | None = None, **extra: Any) -> dict:
    history = HISTORY if history is None else history
    return {"carrier": "usps", "tracking_number": TRACKING_NUMBER, "transaction": TRANSACTION_ID,
            "address_from": {"city": "San Francisco", "state": "CA", "zip": "94103", "country": "US"},
            "address_to": {"city": "Berkeley", "state": "CA", "zip": "94705", "country": "US"},
            "eta": "2026-03-04T00:00:00Z", "original_eta": "2026-03-05T00:00:00Z",
            "servicelevel": {"token": "usps_priority", "name": "Priority Mail"}, "metadata": "Order #1001",
            "tracking_status": {**(current or history[-1]), "object_id": "current"}, "tracking_history": history,
            **extra}


def line_item(sku: str = "MUG-RED", quantity: int = 2, item_id: str = "li0001") -> dict:
    return {"object_id": item_id, "title": "Stoneware mug", "sku": sku, "quantity": quantity, "total_price": "40.00",
            "currency": "USD", "weight": "0.8", "weight_unit": "lb"}


def order(order_id: str = "order0001", **extra: Any) -> dict:
    return {"object_id": order_id, "order_number": "#1001", "order_status": "PAID", "placed_at": CREATED,
            "object_owner": "owner@example.com",
            "to_address": {"name": "Ann Lee", "street1": "1 Main St", "email": "ann@example.com", "phone": "5550100"},
            "from_address": None, "shop_app": "Shopify", "weight": "0.8", "weight_unit": "lb", "transactions": [],
            "total_tax": "0.00", "total_price": "45.00", "subtotal_price": "40.00", "currency": "USD",
            "shipping_method": "USPS Priority", "shipping_cost": "5.00", "shipping_cost_currency": "USD",
            "line_items": [line_item()], "notes": None, "test": True, **extra}


def batch(entries: list[dict], **extra: Any) -> dict:
    return {"object_id": "batch0001", "object_owner": "owner@example.com", "status": "PURCHASED",
            "object_created": CREATED, "object_updated": UPDATED, "metadata": "BATCH #7",
            "batch_shipments": {"count": len(entries), "next": None, "previous": None, "results": entries},
            "object_results": {"purchase_succeeded": 1}, "label_url": [], **extra}


def batch_entry(purchased: dict | None = None, metadata: str = "Order #1002") -> dict:
    return {"metadata": metadata, "carrier_account": None, "servicelevel_token": None, "shipment": "shipment0001",
            "transaction": purchased, "object_id": "entry0001", "status": "VALID", "messages": []}


def parsed(document: Any) -> Any:
    """The document as the hub reads it off the wire (numbers as Decimal)."""
    return ADAPTER.parse(json.dumps(document).encode())


def mapped(document: Any) -> list[Event]:
    """Every event the adapter maps a document to, the way the hub does it (parsed off the wire first)."""
    return [event for obj in ADAPTER.split(parsed(document)) for event in ADAPTER.map_object(obj, CONTEXT)]


def of_type(events: list[Event], event_type: str) -> list[Event]:
    return [event for event in events if event.type == event_type]
