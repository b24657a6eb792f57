"""What conformance tests over a partner's own recorded payloads check of every event mapped from them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from adapters.toolkit import MappingContext
from canonical_model.events import Event


def at_pointer(document: Any, pointer: str) -> Any:
    """The part of a parsed document a JSON pointer names ("/results/2/rate")."""
    for part in pointer.split("/")[1:]:
        document = document[int(part)] if isinstance(document, list) else document[part]
    return document


def assert_traceable_and_private(events: Iterable[Event], document: Any, system: str, context: MappingContext,
                                 personal: Iterable[str]) -> None:
    """Each event names its system, account, payload and the object it came from, is dated in a time zone, and
    keeps none of the personal words in its context."""
    personal = tuple(personal)
    for event in events:
        assert event.source.system == system and event.source.account == context.account
        assert event.occurred_at.tzinfo is not None
        assert event.payload_hash == context.payload_hash
        assert isinstance(at_pointer(document, event.payload_pointer), dict)
        rendered = json.dumps(event.context)
        assert not [word for word in personal if word in rendered]
