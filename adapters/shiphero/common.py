"""What every ShipHero mapping shares: parsing, the origin of a fact, ids, connections, locations, money and context."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from adapters.toolkit import MappingContext, PayloadError, Reader
from canonical_model.events import Event
from canonical_model.identity import SourceRef, short_hash
from canonical_model.money import Money

SYSTEM = "shiphero"




@dataclass(frozen=True)
class Origin:
    """One ShipHero object as the source of facts: its identity, the order references it carries, its payload."""

    ctx: MappingContext
    object_type: str
    object_id: str
    version: str
    pointer: str
    context: dict[str, Any]
    references: tuple[str, ...] = ()

    def event(self, body: Any, occurred_at: datetime, key: str = "", version: str | None = None,
              context: dict[str, Any] | None = None) -> Event:
        """An event of this object; `version` replaces the object's own for a fact that never changes (a label fee)."""
        source = SourceRef(SYSTEM, self.ctx.account, self.object_type, self.object_id, version or self.version)
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
    """The field path a JSON pointer names, as error messages spell it: "/data/order/data" -> "data.order.data"."""
    path = ""
    for part in pointer.split("/")[1:]:
        if part.isdigit():
            path += f"[{part}]"
        else:
            path = f"{path}.{part}" if path else part
    return path


def reader(data: Any, pointer: str) -> Reader:
    """A reader of the object at a JSON pointer, naming its path in errors."""
    return Reader(data, path_of(pointer))


def identifier(r: Reader, name: str) -> str:
    """A required ShipHero id as text (GraphQL ids are strings, legacy ids numbers)."""
    value = r.required(name)
    if isinstance(value, (bool, Decimal, float, dict, list)):
        raise PayloadError(r.at(name), f"{value!r} is not an id")
    return str(value)


def optional_id(r: Reader, name: str) -> str | None:
    """An optional ShipHero id as text, None when absent."""
    value = r.data.get(name)
    return None if value in (None, "") else str(value)


def nodes(r: Reader, name: str) -> list[Reader]:
    """The nodes of a connection field (`{"edges": [{"node": ...}]}`); ShipHero also lets some lists be plain lists."""
    value = r.data.get(name)
    if value is None:
        return []
    if isinstance(value, list):
        return list(r.items(name))
    connection = Reader(value, r.at(name))
    found = []
    for edge in connection.items("edges"):
        node = edge.child("node")
        if node is None:
            raise PayloadError(edge.at("node"), "is required")
        found.append(node)
    return found


def location(warehouse_id: str) -> str:
    """The hub's name of a ShipHero warehouse: "shiphero:<warehouse_id>" (the GraphQL warehouse id)."""
    return f"{SYSTEM}:{warehouse_id}"


def stated_cost(r: Reader, name: str, ctx: MappingContext) -> Money | None:
    """A cost ShipHero states as a decimal string without currency, in the connection's currency; None when absent or zero."""
    value = r.data.get(name)
    if value is None or value == "" or is_zero_amount(value):
        return None
    if ctx.currency is None:
        raise PayloadError(r.at(name), "ShipHero states costs without a currency and the connection names none; "
                           "set `currency` on the connection or pass `hub ingest shiphero --currency CODE` "
                           "(the hub does not guess one)")
    return r.money(name, ctx.currency)


def is_zero_amount(value: Any) -> bool:
    """Whether a stated amount is zero (text that is not a number is not zero: reading it fails later)."""
    try:
        return Decimal(str(value)) == 0
    except ArithmeticError:
        return False


def order_references(*readers: Reader | None) -> tuple[str, ...]:
    """The store's order number and the storefront's order id the brand sent ShipHero, once each."""
    return unique(value for r in readers if r is not None
                  for value in (r.text("order_number"), r.text("partner_order_id")))


def plain(value: Any) -> Any:
    """A JSON-safe copy for context: Decimals become their exact text."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def compact(context: dict[str, Any]) -> dict[str, Any]:
    """Context without the keys the source left empty, JSON-safe."""
    return {key: plain(value) for key, value in context.items() if value not in (None, "", [], {})}


def unique(values: Iterable[str | None]) -> tuple[str, ...]:
    """Non-empty values in first-seen order, once each."""
    seen: list[str] = []
    for value in values:
        text = str(value).strip() if value is not None else ""
        if text and text not in seen:
            seen.append(text)
    return tuple(seen)


def content_version(data: Any) -> str:
    """The version of an object that states no update time: a short hash of its canonical JSON."""
    return short_hash(json.dumps(plain(data), sort_keys=True, separators=(",", ":")))
