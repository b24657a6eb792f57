"""Xero webhook bodies: notices naming the documents that changed, never the documents themselves.

A body (`{"events": [{"resourceUrl", "resourceId", "eventCategory", "eventType", "tenantId", ...}],
"firstEventSequence", "lastEventSequence", "entropy"}`) states no fact about any order, so it maps
to no events: the changed documents arrive with the next poll of their stream, which asks Xero for
everything changed since its cursor. The notice is still checked, so that a malformed one is
quarantined with its reason instead of passing silently. Xero's "intent to receive" check sends a
body with no events at all: it is valid and maps to nothing.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from adapters.toolkit import MappingContext, PayloadError, Reader, SourceObject
from canonical_model.events import Event

CATEGORIES = ("INVOICE", "CONTACT", "CREDITNOTE", "SUBSCRIPTION")
TYPES = ("CREATE", "UPDATE", "DELETE")


def is_notification(document: object) -> bool:
    return isinstance(document, dict) and "events" in document and "firstEventSequence" in document


def notification_events(obj: SourceObject, ctx: MappingContext, base_currency: str | None) -> list[Event]:
    """No events: each notice only names a document to fetch; its category, type and URL are validated."""
    r = Reader(obj.data, "")
    for event in r.items("events"):
        category, kind = str(event.required("eventCategory")), str(event.required("eventType"))
        if category not in CATEGORIES:
            raise PayloadError(event.at("eventCategory"), f"{category!r} is not a Xero webhook category; known: "
                                                          f"{', '.join(CATEGORIES)}")
        if kind not in TYPES:
            raise PayloadError(event.at("eventType"), f"{kind!r} is not one of {', '.join(TYPES)}")
        url = event.required("resourceUrl")
        parts = urlsplit(str(url))
        if not isinstance(url, str) or parts.scheme not in ("https", "http") or not parts.netloc:
            raise PayloadError(event.at("resourceUrl"), f"{url!r} is not an http(s) URL")
    return []
