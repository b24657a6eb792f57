"""Finds the Stripe objects in a document: a bare object, a list page (`{"object": "list", "data": [...]}`),
a bare JSON list, or a webhook event, each with its JSON pointer. Every object names its kind in `object`.

A list's `url` names the listing it answers. Stripe writes the path alone (`/v1/balance_transactions`);
the client writes the payout filter it asked with (`/v1/balance_transactions?payout=po_...`), because
that listing is the only place Stripe says which payout pays a balance transaction out: each balance
transaction of it is handed its payout as `listed_for_payout` (see `adapters.stripe.balance`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from adapters.stripe.balance import LISTED_FOR_PAYOUT
from adapters.toolkit import PayloadError, SourceObject


def split(document: Any) -> list[SourceObject]:
    """The Stripe objects of a document; what names no Stripe object is a PayloadError."""
    if isinstance(document, list):
        return [_object(item, f"/{index}", f"[{index}]") for index, item in enumerate(document)]
    if not isinstance(document, dict) or not document:
        raise PayloadError("document", "must be a non-empty JSON object or list")
    if document.get("object") == "list":
        items = document.get("data")
        if not isinstance(items, list):
            raise PayloadError("data", "must be a list")
        found = [_object(item, f"/data/{index}", f"data[{index}]") for index, item in enumerate(items)]
        payout = listed_payout(document.get("url"))
        return [_in_payout(item, payout) for item in found] if payout else found
    return [_object(document, "", "")]


def listed_payout(url: Any) -> str | None:
    """The payout a balance transaction listing is filtered by (`...?payout=po_...`), if any."""
    if not isinstance(url, str) or not url.startswith("/v1/balance_transactions?"):
        return None
    values = parse_qs(urlsplit(url).query).get("payout") or []
    return values[0] if len(values) == 1 and values[0].startswith("po_") else None


def _in_payout(found: SourceObject, payout: str) -> SourceObject:
    if found.object_type != "balance_transaction":
        return found
    return SourceObject(found.object_type, found.pointer, {**found.data, LISTED_FOR_PAYOUT: payout})


def _object(item: Any, pointer: str, path: str) -> SourceObject:
    if not isinstance(item, dict):
        raise PayloadError(path or "document", "must be a JSON object")
    kind = item.get("object")
    if not isinstance(kind, str) or not kind:
        keys = ", ".join(list(item)[:8])
        field = f"{path}.object" if path else "object"
        raise PayloadError(field, f"is required: not a Stripe object (keys: {keys}...)")
    return SourceObject(kind, pointer, item)
