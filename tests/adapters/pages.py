"""What adapter client tests take out of the pages a stream fetched: the objects listed and the events they map to."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from adapters.toolkit import Adapter, MappingContext
from adapters.toolkit.streams import Page
from canonical_model.events import Event


def mapped_events(adapter: Adapter, pages: Iterable[Page], account: str = "demo-brand",
                  currency: str | None = None) -> list[Event]:
    """Every event the pages' documents map to, the way the hub maps them: split each document, map each object."""
    events: list[Event] = []
    for page in pages:
        for _, body in page.documents:
            context = MappingContext(account, hashlib.sha256(body).hexdigest(), currency)
            events += [event for obj in adapter.split(adapter.parse(body)) for event in adapter.map_object(obj, context)]
    return events


def listed_objects(pages: Iterable[Page], collection: str, id_field: str) -> dict[Any, dict[str, Any]]:
    """The objects of the pages by id, the last copy read winning; a document without `collection` is one object."""
    found = {}
    for page in pages:
        for _, body in page.documents:
            document = json.loads(body)
            for item in document.get(collection, [document]):
                found[item[id_field]] = item
    return found
