"""What every ShipBob mapping shares: parsing, the origin of a fact, ids, locations, counts, money and context."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from adapters.toolkit import MappingContext, PayloadError, Reader
from canonical_model.events import Event
from canonical_model.identity import SourceRef, short_hash
from canonical_model.money import Money

SYSTEM = "shipbob"
# ShipBob's stock reports carry no time of their own: their facts are dated at the epoch ("time unknown").
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)




@dataclass(frozen=True)
class Origin:
    """One ShipBob object as the source of facts: its identity, the order references it carries, its payload."""

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
    """The field path a JSON pointer names, as error messages spell it: "/0/shipments/1" -> "[0].shipments[1]"."""
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
    """A required ShipBob id as text (ids arrive as JSON integers)."""
    value = r.required(name)
    if isinstance(value, (bool, Decimal, float, dict, list)):
        raise PayloadError(r.at(name), f"{value!r} is not an id")
    return str(value)


def optional_id(r: Reader, name: str) -> str | None:
    """An optional ShipBob id as text, None when absent."""
    value = r.data.get(name)
    return None if value in (None, "") else str(value)


def count(r: Reader, name: str) -> int:
    """A quantity ShipBob may leave out or null when it is nothing yet (units received, units packed)."""
    return 0 if r.data.get(name) is None else r.integer(name)


def location(fulfillment_center_id: str) -> str:
    """The hub's name of a ShipBob fulfillment center: "shipbob:<id>"."""
    return f"{SYSTEM}:{fulfillment_center_id}"


def stated_money(r: Reader, name: str, currency_field: str, ctx: MappingContext) -> Money | None:
    """An amount ShipBob states as a bare number beside its currency code; None when absent or zero."""
    value = r.data.get(name)
    if value is None or value == "" or _is_zero(value):
        return None
    currency = r.text(currency_field) or ctx.currency
    if currency is None:
        raise PayloadError(r.at(currency_field), f"is required to read {name} (the connection names no currency "
                           "either; the hub does not guess one)")
    return r.money(name, currency.upper())


def _is_zero(value: Any) -> bool:
    try:
        return Decimal(str(value)) == 0
    except ArithmeticError:
        return False


def latest(times: Iterable[datetime | None]) -> datetime | None:
    """The latest of the times stated, None when none is."""
    stated = [moment for moment in times if moment is not None]
    return max(stated) if stated else None


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
