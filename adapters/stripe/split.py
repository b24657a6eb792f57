"""Finds the Stripe objects in a document: a bare object, a list page (`{"object": "list", "data": [...]}`),
a bare JSON list, or a webhook event, each with its JSON pointer. Every object names its kind in `object`."""

from __future__ import annotations

from typing import Any

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
        return [_object(item, f"/data/{index}", f"data[{index}]") for index, item in enumerate(items)]
    return [_object(document, "", "")]


def _object(item: Any, pointer: str, path: str) -> SourceObject:
    if not isinstance(item, dict):
        raise PayloadError(path or "document", "must be a JSON object")
    kind = item.get("object")
    if not isinstance(kind, str) or not kind:
        keys = ", ".join(list(item)[:8])
        field = f"{path}.object" if path else "object"
        raise PayloadError(field, f"is required: not a Stripe object (keys: {keys}...)")
    return SourceObject(kind, pointer, item)
