"""What mappings of partner objects share: where a fact came from, field paths, JSON-safe context."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar

from adapters.toolkit import MappingContext, Reader
from canonical_model.events import Event
from canonical_model.identity import OrderRef, SourceRef, short_hash

# Order numbers a bookkeeper or a sales-channel connector writes into memos and references: "#1001", "Order 1001",
# "order no. W-1001", Amazon "112-1234567-1234567" and eBay "12-34567-89012" order ids.
_HASH_NUMBER = re.compile(r"#\s?(\d{3,})")
_ORDER_IDS = (
    re.compile(r"\border\s*(?:no\.?|number|num|id)?\s*[:#]?\s*([A-Za-z]*\d[\w-]{2,})", re.IGNORECASE),
    re.compile(r"\b(\d{3}-\d{7}-\d{7})\b"),
    re.compile(r"\b(\d{2}-\d{5}-\d{5})\b"),
)


@dataclass(frozen=True)
class ObjectOrigin:
    """One partner object as the source of facts: its identity, the order references it carries, its payload.

    An adapter subclasses it naming its `system`; `event` makes every fact of the object the same way.
    """

    system: ClassVar[str] = ""

    ctx: MappingContext
    object_type: str
    object_id: str
    version: str
    pointer: str
    context: dict[str, Any]
    references: tuple[str, ...] = ()

    def event(self, body: Any, occurred_at: datetime, key: str = "", version: str | None = None,
              context: dict[str, Any] | None = None) -> Event:
        """An event of this object; `version` replaces the object's own for a fact that never changes (a fee)."""
        source = SourceRef(self.system, self.ctx.account, self.object_type, self.object_id, version or self.version)
        return Event(
            body=body,
            source=source,
            occurred_at=occurred_at,
            key=key,
            context=compact({**self.context, **(context or {})}),
            references=self.references,
            payload_hash=self.ctx.payload_hash,
            payload_pointer=self.pointer,
        )


def path_of(pointer: str) -> str:
    """The field path a JSON pointer names, as error messages spell it: "/orders/0/items/1" -> "orders[0].items[1]"."""
    path = ""
    for part in pointer.split("/")[1:]:
        if part.isdigit():
            path += f"[{part}]"
        else:
            path = f"{path}.{part}" if path else part
    return path


def order_numbers(text: str | None) -> list[str]:
    """The order numbers a free-text memo or reference holds, as written ("#1001", "1001", "112-1234567-1234567")."""
    if not text:
        return []
    found = [f"#{match.group(1)}" for match in _HASH_NUMBER.finditer(text)]
    found += [match.group(1) for pattern in _ORDER_IDS for match in pattern.finditer(text)]
    return list(dict.fromkeys(found))

def reader(data: Any, pointer: str) -> Reader:
    """A reader of the object at a JSON pointer, naming its path in errors."""
    return Reader(data, path_of(pointer))


def plain(value: Any) -> Any:
    """A JSON-safe copy for context: Decimals become their exact text."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def without_empty(context: dict[str, Any]) -> dict[str, Any]:
    """Context without the keys the source left empty (None, "", [], {}), values as they are."""
    return {key: value for key, value in context.items() if value not in (None, "", [], {})}


def compact(context: dict[str, Any]) -> dict[str, Any]:
    """Context without the keys the source left empty, JSON-safe."""
    return {key: plain(value) for key, value in without_empty(context).items()}


def unique(values: Iterable[str | None]) -> tuple[str, ...]:
    """Non-empty values in first-seen order, once each."""
    seen: list[str] = []
    for value in values:
        text = str(value).strip() if value is not None else ""
        if text and text not in seen:
            seen.append(text)
    return tuple(seen)


def number_text(value: Any) -> str | None:
    """A stated number as exact text for context (Decimal and int as written); None when absent."""
    return None if value is None or value == "" else str(value)

def content_version(data: Any) -> str:
    """The version of an object that states no update time: a short hash of its canonical JSON."""
    return short_hash(json.dumps(plain(data), sort_keys=True, separators=(",", ":")))


@dataclass(frozen=True)
class ChannelOrigin:
    """One object of a sales channel (storefront or marketplace) as the source of facts about its order."""

    source: SourceRef
    order: OrderRef | None
    payload_hash: str
    pointer: str
    context: dict[str, Any]

    def event(self, body: Any, occurred_at: datetime, version: str | None = None, key: str = "",
              extra: dict[str, Any] | None = None) -> Event:
        """An event of this origin; `version` replaces the object's for a fact with its own identity (a cancellation)."""
        source = self.source if version is None else replace(self.source, version=version)
        stated = without_empty(extra or {})
        return Event(
            body=body,
            source=source,
            occurred_at=occurred_at,
            order=self.order,
            key=key,
            context={**self.context, **stated},
            payload_hash=self.payload_hash,
            payload_pointer=self.pointer,
        )



def channel_origin(system: str, ctx: MappingContext, object_type: str, object_id: str, version: str, pointer: str,
                   order_id: str | None, context: dict[str, Any]) -> ChannelOrigin:
    """The origin of the facts read from one object of the channel `system`, about the order `order_id` (if any)."""
    order = OrderRef(system, ctx.account, order_id) if order_id else None
    return ChannelOrigin(SourceRef(system, ctx.account, object_type, object_id, version), order, ctx.payload_hash,
                         pointer, context)


@dataclass(frozen=True)
class ReferencingOrigin:
    """One object of a system that never takes orders (accounting): its facts carry order references only."""

    source: SourceRef
    payload_hash: str
    pointer: str
    context: dict[str, Any]
    references: tuple[str, ...]

    def event(self, body: Any, occurred_at: datetime) -> Event:
        """An event of this object; the order is left to the hub, which matches the references."""
        return Event(
            body=body,
            source=self.source,
            occurred_at=occurred_at,
            context=dict(self.context),
            references=self.references,
            payload_hash=self.payload_hash,
            payload_pointer=self.pointer,
        )
