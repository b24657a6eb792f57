"""Small builders of EasyPost API objects, shaped like EasyPost's own, with ids, amounts and times tweakable."""

from __future__ import annotations

import json
from typing import Any

from adapters.easypost import ADAPTER
from adapters.toolkit import MappingContext
from canonical_model.events import Event

CONTEXT = MappingContext(account="acme-easypost", payload_hash="payload-hash-1")
CREATED = "2026-03-02T15:00:00Z"
BOUGHT = "2026-03-02T15:01:00Z"
LATER = "2026-03-04T09:30:00Z"
SHIPMENT_ID = "shp_0001"
LABEL_ID = "pl_0001"
TRACKER_ID = "trk_0001"


def address(name: str = "Ann Lee") -> dict:
    return {"id": "adr_1", "object": "Address", "name": name, "street1": "1 Main St", "city": "Springfield",
            "state": "IL", "zip": "62701", "country": "US", "phone": "5550100", "email": "ann@example.com"}


def rate(amount: str = "6.07", currency: str = "USD", carrier: str = "USPS", service: str = "GroundAdvantage",
         rate_id: str = "rate_0001", **extra: Any) -> dict:
    return {"id": rate_id, "object": "Rate", "service": service, "carrier": carrier, "rate": amount,
            "currency": currency, "retail_rate": "8.85", "list_rate": "6.57", "billing_type": "easypost",
            "shipment_id": SHIPMENT_ID, "created_at": CREATED, "updated_at": CREATED, **extra}


def fee(kind: str = "PostageFee", amount: str = "6.07000", charged: bool = True, refunded: bool = False) -> dict:
    return {"object": "Fee", "type": kind, "amount": amount, "charged": charged, "refunded": refunded}


def label(label_id: str = LABEL_ID, created_at: str = BOUGHT) -> dict:
    return {"object": "PostageLabel", "id": label_id, "created_at": created_at, "updated_at": created_at,
            "label_date": created_at, "label_url": "https://example.com/label.png"}


def detail(status: str = "pre_transit", at: str = "2026-03-02T18:00:00Z", message: str = "Shipping Label Created",
           city: str | None = "HOUSTON") -> dict:
    return {"object": "TrackingDetail", "message": message, "description": "", "status": status,
            "status_detail": "status_update", "datetime": at, "source": "USPS", "carrier_code": "",
            "tracking_location": {"object": "TrackingLocation", "city": city, "state": "TX", "country": None,
                                  "zip": "77063"}}


def tracker(tracker_id: str = TRACKER_ID, shipment_id: str | None = SHIPMENT_ID, status: str = "pre_transit",
            details: list[dict] | None = None, updated_at: str = BOUGHT, **extra: Any) -> dict:
    return {"id": tracker_id, "object": "Tracker", "mode": "test", "tracking_code": "9400100000000000000001",
            "status": status, "status_detail": "status_update", "created_at": BOUGHT, "updated_at": updated_at,
            "signed_by": "A. Neighbour", "est_delivery_date": LATER, "shipment_id": shipment_id, "carrier": "USPS",
            "tracking_details": [detail()] if details is None else details, "fees": [],
            "carrier_detail": {"object": "CarrierDetail", "service": "First-Class Package Service"},
            "public_url": "https://track.easypost.com/t1", **extra}


def rated_shipment(shipment_id: str = SHIPMENT_ID, **extra: Any) -> dict:
    """A shipment just created: rates quoted, nothing bought."""
    return {
        "id": shipment_id, "object": "Shipment", "mode": "test", "created_at": CREATED, "updated_at": CREATED,
        "reference": "#1001", "status": "unknown", "tracking_code": None, "is_return": False,
        "options": {"invoice_number": "1001", "print_custom_1": "order 450001", "currency": "USD"},
        "from_address": address("Jack Sparrow"), "to_address": address(), "buyer_address": address(),
        "parcel": {"id": "prcl_1", "object": "Parcel", "length": 10.0, "width": 8.0, "height": 4.0, "weight": 15.4,
                   "predefined_package": None},
        "rates": [rate(), rate("7.42", service="Priority", rate_id="rate_0002")], "selected_rate": None,
        "postage_label": None, "tracker": None, "fees": [], "refund_status": None, "insurance": None,
        "batch_id": None, "order_id": None, "messages": [], **extra,
    }


def bought_shipment(shipment_id: str = SHIPMENT_ID, amount: str = "6.07", **extra: Any) -> dict:
    """A shipment whose label was bought at the selected rate, with EasyPost's fees and a tracker."""
    bought = {
        "updated_at": BOUGHT, "tracking_code": "9400100000000000000001", "selected_rate": rate(amount),
        "postage_label": label(), "tracker": tracker(),
        "fees": [fee("LabelFee", "0.01000"), fee("PostageFee", f"{amount}000")],
    }
    return rated_shipment(shipment_id, **{**bought, **extra})


def refund(refund_id: str = "rfnd_0001", status: str = "submitted", **extra: Any) -> dict:
    return {"id": refund_id, "object": "Refund", "created_at": LATER, "updated_at": LATER,
            "tracking_code": "9400100000000000000001", "confirmation_number": None, "status": status,
            "carrier": "USPS", "shipment_id": SHIPMENT_ID, **extra}


def insurance(insurance_id: str = "ins_0001", premium: dict | None = None, **extra: Any) -> dict:
    return {"id": insurance_id, "object": "Insurance", "mode": "test", "reference": "#1001", "status": "pending",
            "amount": "100.00000", "provider": "easypost", "provider_id": None, "to_address": address(),
            "from_address": address("Jack Sparrow"), "shipment_id": None, "tracker": tracker(),
            "tracking_code": "9400100000000000000001", "fee": premium or fee("InsuranceFee", "1.00000"),
            "messages": [], "created_at": BOUGHT, "updated_at": BOUGHT, **extra}


def mapped(document: Any) -> list[Event]:
    """Every event the adapter maps a document to, the way the hub does it (parsed off the wire first)."""
    return [event for obj in ADAPTER.split(parsed(document)) for event in ADAPTER.map_object(obj, CONTEXT)]


def parsed(document: Any) -> Any:
    """The document as the hub reads it off the wire (numbers as Decimal)."""
    return ADAPTER.parse(json.dumps(document).encode())


def of_type(events: list[Event], event_type: str) -> list[Event]:
    return [event for event in events if event.type == event_type]
