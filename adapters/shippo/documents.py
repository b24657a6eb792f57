"""Shippo objects as the API answers them (shaped like Shippo's recorded payloads), drawn from the account."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from adapters.shippo.sample_data import WAREHOUSE, Account, Label, TrackingEvent, digest
from adapters.toolkit.sales_feed import Sale

OWNER = "demo-brand-shipping"
OUNCES_PER_UNIT = Decimal("9.5")
USPS_SERVICES = {"Priority": ("Priority Mail", "usps_priority"), "Ground": ("Ground Advantage", "usps_ground_advantage")}


def stamp(moment: datetime) -> str:
    """Shippo's time format: UTC with milliseconds and a Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def carrier_token(carrier: str) -> str:
    """Shippo's token of a carrier, as tracks are addressed by it: "USPS" -> "usps", "FedEx" -> "fedex"."""
    return carrier.lower().replace(" ", "_")


def service_level(label: Label) -> tuple[str, str]:
    """The service level's name and token (`usps_priority`, `ups_ground`)."""
    carrier, service = label.parcel.carrier, label.parcel.service
    if carrier.upper() == "USPS" and service in USPS_SERVICES:
        return USPS_SERVICES[service]
    return f"{carrier} {service}", f"{carrier_token(carrier)}_{service.lower().replace(' ', '_')}"


def rate(label: Label) -> dict[str, Any]:
    """The Rate the label was bought at, as `expand=rate` embeds it."""
    name, token = service_level(label)
    amount = f"{label.parcel.label_cost:.2f}"
    return {"object_id": digest("rate", label.parcel.tracking_number), "amount": amount, "currency": "USD",
            "amount_local": amount, "currency_local": "USD", "provider": label.parcel.carrier,
            "servicelevel_name": name, "servicelevel_token": token,
            "carrier_account": digest("carrier_account", label.parcel.carrier)}


def transaction(label: Label, now: datetime, expand_rate: bool) -> dict[str, Any]:
    """The Transaction (bought label) as of `now`."""
    number = label.parcel.tracking_number
    eta = label.parcel.delivered_at or label.parcel.shipped_at + timedelta(days=3)
    return {
        "object_state": "VALID", "status": "SUCCESS", "object_created": stamp(label.bought_at),
        "object_updated": stamp(label.updated_at(now)), "object_id": label.transaction_id, "object_owner": OWNER,
        "test": False, "rate": rate(label) if expand_rate else rate(label)["object_id"], "tracking_number": number,
        "tracking_status": label.tracking_status(now), "tracking_history": [],
        "tracking_url_provider": f"https://goshippo.com/tracking/{carrier_token(label.parcel.carrier)}/{number}",
        "eta": stamp(eta), "label_file_type": "PDF_4x6",
        "label_url": f"https://shippo-delivery.example/{label.transaction_id}.pdf", "commercial_invoice_url": None,
        "qr_code_url": None, "messages": [], "order": digest("order", label.sale.reference),
        "metadata": label.sale.reference, "parcel": digest("parcel", number),
    }


def _entry(label: Label, event: TrackingEvent) -> dict[str, Any]:
    at = stamp(event.at)
    return {"object_created": at, "object_updated": at, "object_id": digest(f"scan {at}", label.parcel.tracking_number),
            "status": event.status, "status_details": event.details, "status_date": at, "substatus": None,
            "location": {"city": event.city, "state": event.state, "zip": event.zip, "country": "US"}
            if event.city else None}


def track(label: Label, now: datetime) -> dict[str, Any]:
    """The Track of a label's tracking number as of `now`: its scans so far, the latest as its status."""
    entries = [_entry(label, event) for event in label.visible(now)]
    name, token = service_level(label)
    to = label.sale.ship_to
    eta = stamp(label.parcel.delivered_at or label.parcel.shipped_at + timedelta(days=3))
    return {
        "carrier": carrier_token(label.parcel.carrier), "tracking_number": label.parcel.tracking_number,
        "address_from": {"city": WAREHOUSE[0].title(), "state": WAREHOUSE[1], "zip": WAREHOUSE[2], "country": "US"},
        "address_to": {"city": to.city, "state": to.region, "zip": to.postal_code, "country": to.country},
        "transaction": label.transaction_id, "eta": eta, "original_eta": eta,
        "servicelevel": {"token": token, "name": name}, "metadata": label.sale.reference, "messages": [],
        "tracking_status": entries[-1] if entries else None, "tracking_history": entries,
    }


def order(account: Account, order_id: str, sale: Sale) -> dict[str, Any]:
    """The Order Shippo's Shopify app imported for a sale, as of the account's clock."""
    units = sum(line.quantity for line in sale.lines)
    to = sale.ship_to
    return {
        "object_id": order_id, "order_number": sale.reference, "order_status": account.order_status(sale),
        "errors": [], "validation_status": None, "placed_at": stamp(sale.placed_at), "object_owner": OWNER,
        "to_address": {"object_id": digest("address", sale.reference), "is_complete": True, "name": to.name,
                       "street1": to.street, "city": to.city, "state": to.region, "zip": to.postal_code,
                       "country": to.country, "phone": None, "email": None, "test": False},
        "from_address": None, "shop_app": "Shopify", "weight": f"{OUNCES_PER_UNIT * units:.2f}", "weight_unit": "oz",
        "transactions": [label.transaction_id for label in account.labels_of(sale)],
        "total_tax": f"{sale.tax:.2f}", "total_price": f"{sale.total:.2f}", "subtotal_price": f"{sale.subtotal:.2f}",
        "currency": sale.currency, "shipping_method": "USPS Priority Mail", "shipping_cost": f"{sale.shipping:.2f}",
        "shipping_cost_currency": sale.currency,
        "line_items": [{"object_id": digest("line", f"{sale.reference}/{index}"), "title": line.title,
                        "variant_title": None, "sku": line.sku, "quantity": line.quantity,
                        "total_price": f"{line.unit_price * line.quantity:.2f}", "currency": sale.currency,
                        "weight": f"{OUNCES_PER_UNIT:.4f}", "weight_unit": "oz", "manufacture_country": None,
                        "max_ship_time": None, "max_delivery_time": None, "description": None}
                       for index, line in enumerate(sale.lines)],
        "notes": None, "test": False,
    }
