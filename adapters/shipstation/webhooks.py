"""ShipStation webhook bodies: a notice naming a resource URL to fetch, never the object itself.

A body such as `{"resource_url": "https://ssapi.shipstation.com/shipments?batchId=...", "resource_type":
"SHIP_NOTIFY"}` states no fact about any order, so it maps to no events; it is still checked, so that a
malformed notice is quarantined with its reason instead of passing silently.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from adapters.shipstation.common import reader
from adapters.toolkit import MappingContext, PayloadError
from canonical_model.events import Event

RESOURCE_TYPES = (
    "ORDER_NOTIFY", "ITEM_ORDER_NOTIFY", "SHIP_NOTIFY", "ITEM_SHIP_NOTIFY", "FULFILLMENT_SHIPPED",
    "FULFILLMENT_REJECTED",
)


def webhook_events(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    """No events: the notice only says which resource to fetch; its URL and type are validated."""
    r = reader(data, pointer)
    resource_type = str(r.required("resource_type"))
    if resource_type not in RESOURCE_TYPES:
        raise PayloadError(r.at("resource_type"), f"{resource_type!r} is not a ShipStation webhook event; "
                           f"known: {', '.join(RESOURCE_TYPES)}")
    url = r.required("resource_url")
    parts = urlsplit(str(url))
    if not isinstance(url, str) or parts.scheme not in ("https", "http") or not parts.netloc:
        raise PayloadError(r.at("resource_url"), f"{url!r} is not an http(s) URL")
    return []
