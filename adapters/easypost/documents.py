"""EasyPost objects as the API answers them (shaped like EasyPost's recorded payloads), drawn from a tracked parcel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from adapters.easypost.sample_data import TRACKER_FEE, WAREHOUSE, Scan, TrackedParcel
from adapters.toolkit.sales_feed import Sale

OUNCES_PER_UNIT = Decimal("9.5")


def stamp(moment: datetime) -> str:
    """EasyPost's time format: UTC to the second with a Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def fee(kind: str, amount: Decimal) -> dict[str, Any]:
    return {"object": "Fee", "type": kind, "amount": f"{amount:.5f}", "charged": True, "refunded": False}


def _location(scan: Scan) -> dict[str, Any]:
    return {"object": "TrackingLocation", "city": scan.city, "state": scan.state, "country": "US" if scan.city else None,
            "zip": None}


def _detail(scan: Scan) -> dict[str, Any]:
    return {"object": "TrackingDetail", "message": scan.message, "description": "", "status": scan.status,
            "status_detail": "arrived_at_destination" if scan.status == "delivered" else "status_update",
            "datetime": stamp(scan.at), "source": "USPS", "carrier_code": "", "tracking_location": _location(scan)}


def tracker(tracked: TrackedParcel, now: datetime) -> dict[str, Any]:
    """The Tracker as of `now`: the scans received so far, and the fee of a tracker made without a label."""
    parcel, sale = tracked.parcel, tracked.sale
    estimate = parcel.delivered_at or parcel.shipped_at + timedelta(days=3)
    return {
        "id": tracked.tracker_id, "object": "Tracker", "mode": "production", "tracking_code": parcel.tracking_number,
        "status": tracked.status(now), "status_detail": "status_update", "created_at": stamp(tracked.tracker_created_at),
        "updated_at": stamp(tracked.updated_at(now)), "signed_by": None, "weight": None,
        "est_delivery_date": stamp(estimate), "shipment_id": tracked.shipment_id, "carrier": parcel.carrier,
        "tracking_details": [_detail(scan) for scan in tracked.visible(now)],
        "fees": [fee("TrackerFee", TRACKER_FEE)] if tracked.standalone else [],
        "carrier_detail": {"object": "CarrierDetail", "service": parcel.service, "container_type": None,
                           "est_delivery_date_local": None, "est_delivery_time_local": None,
                           "origin_location": f"{WAREHOUSE['city'].upper()} {WAREHOUSE['state']}, {WAREHOUSE['zip']}",
                           "destination_location": f"{sale.ship_to.city.upper()} {sale.ship_to.region}, "
                                                   f"{sale.ship_to.postal_code}"},
        "public_url": f"https://track.easypost.com/{tracked.tracker_id.removeprefix('trk_')}",
    }


def _address(address_id: str, fields: dict[str, Any], at: datetime) -> dict[str, Any]:
    return {"id": address_id, "object": "Address", "created_at": stamp(at), "updated_at": stamp(at), "company": None,
            "street2": None, "phone": None, "email": None, "mode": "production", "residential": None, **fields}


def _ship_to(sale: Sale) -> dict[str, Any]:
    to = sale.ship_to
    return {"name": to.name, "street1": to.street, "city": to.city, "state": to.region, "zip": to.postal_code,
            "country": to.country}


def _rate(tracked: TrackedParcel, rate_id: str, service: str, amount: Decimal) -> dict[str, Any]:
    at = stamp(tracked.label_at)
    return {"id": rate_id, "object": "Rate", "created_at": at, "updated_at": at, "mode": "production",
            "service": service, "carrier": tracked.parcel.carrier, "rate": f"{amount:.2f}", "currency": "USD",
            "retail_rate": f"{amount * Decimal('1.3'):.2f}", "retail_currency": "USD",
            "list_rate": f"{amount * Decimal('1.1'):.2f}", "list_currency": "USD", "billing_type": "easypost",
            "delivery_days": 3, "delivery_date": None, "delivery_date_guaranteed": False, "est_delivery_days": 3,
            "shipment_id": tracked.shipment_id, "carrier_account_id": "ca_" + tracked.tracker_id[4:20]}


def shipment(tracked: TrackedParcel, now: datetime) -> dict[str, Any]:
    """The bought Shipment as of `now`: its label at the parcel's cost, its fees and its tracker."""
    parcel, sale, shipment_id = tracked.parcel, tracked.sale, str(tracked.shipment_id)
    at = stamp(tracked.label_at)
    selected = _rate(tracked, "rate_" + shipment_id[4:28], parcel.service, parcel.label_cost)
    cheaper = _rate(tracked, "rate_" + shipment_id[8:32], "GroundAdvantage", parcel.label_cost - Decimal("1.10"))
    units = sum(quantity for _, quantity in parcel.lines)
    embedded = tracker(tracked, now)
    return {
        "id": shipment_id, "object": "Shipment", "mode": "production", "created_at": at,
        "updated_at": embedded["updated_at"], "reference": sale.reference, "status": embedded["status"],
        "tracking_code": parcel.tracking_number, "is_return": False, "messages": [],
        "options": {"currency": "USD", "label_format": "PDF", "payment": {"type": "SENDER"}, "date_advance": 0},
        "from_address": _address("adr_" + shipment_id[4:28], WAREHOUSE, tracked.label_at),
        "return_address": _address("adr_" + shipment_id[4:28], WAREHOUSE, tracked.label_at),
        "to_address": _address("adr_" + shipment_id[8:32], _ship_to(sale), tracked.label_at),
        "buyer_address": _address("adr_" + shipment_id[8:32], _ship_to(sale), tracked.label_at),
        "parcel": {"id": "prcl_" + shipment_id[4:28], "object": "Parcel", "created_at": at, "updated_at": at,
                   "length": 10.0, "width": 8.0, "height": 4.0, "predefined_package": None,
                   "weight": float(OUNCES_PER_UNIT * units), "mode": "production"},
        "rates": [selected, cheaper], "selected_rate": selected,
        "postage_label": {"object": "PostageLabel", "id": "pl_" + shipment_id[4:28], "created_at": at,
                          "updated_at": at, "date_advance": 0, "integrated_form": "none", "label_date": at,
                          "label_resolution": 300, "label_size": "4x6", "label_type": "default",
                          "label_file_type": "application/pdf",
                          "label_url": f"https://easypost-files.example/postage_label/{shipment_id}.pdf"},
        "tracker": embedded,
        "fees": [fee("LabelFee", Decimal("0")), fee("PostageFee", parcel.label_cost)],
        "refund_status": None, "insurance": None, "batch_id": None, "batch_status": None, "batch_message": None,
        "order_id": None, "scan_form": None, "customs_info": None, "forms": [], "usps_zone": 4,
    }
