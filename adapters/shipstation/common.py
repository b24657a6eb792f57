"""What every ShipStation mapping shares: parsing, the origin of a fact, Pacific times, money and context."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import Decimal
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from adapters.toolkit import MappingContext, PayloadError, Reader
from canonical_model.events import Event
from canonical_model.identity import SourceRef, short_hash
from canonical_model.money import Money

SYSTEM = "shipstation"




@dataclass(frozen=True)
class Origin:
    """One ShipStation object as the source of facts: its identity, the order references it carries, its payload."""

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
    """The field path a JSON pointer names, as error messages spell it: "/orders/0" -> "orders[0]"."""
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
    """A required ShipStation id as text (ids arrive as JSON numbers)."""
    value = r.required(name)
    if isinstance(value, (bool, Decimal, float, dict, list)):
        raise PayloadError(r.at(name), f"{value!r} is not an id")
    return str(value)


def optional_id(r: Reader, name: str) -> str | None:
    """An optional ShipStation id as text, None when absent."""
    value = r.data.get(name)
    return None if value in (None, "") else str(value)


@cache
def pacific() -> tzinfo:
    """ShipStation's clock: V1 states its times without an offset, in US Pacific time."""
    return ZoneInfo("America/Los_Angeles")


def pacific_time(r: Reader, name: str) -> datetime | None:
    """A ShipStation time or date ("2015-06-29T08:46:27.0000000", "2014-10-03") read in Pacific time."""
    value = r.data.get(name)
    return None if value is None or value == "" else _in_pacific(r, name, value)


def required_time(r: Reader, name: str) -> datetime:
    """A required ShipStation time in Pacific time."""
    return _in_pacific(r, name, r.required(name))


def _in_pacific(r: Reader, name: str, value: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as error:
        raise PayloadError(r.at(name), f"{value!r} is not an ISO 8601 time") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=pacific())


def location(warehouse_id: str) -> str:
    """The hub's name of a ShipStation warehouse (ship-from location): "shipstation:<warehouseId>"."""
    return f"{SYSTEM}:{warehouse_id}"


def stated_cost(r: Reader, name: str, ctx: MappingContext) -> Money | None:
    """A cost ShipStation states as a bare number, in the connection's currency; None when absent or zero."""
    value = r.data.get(name)
    if value is None or value == "" or (isinstance(value, (int, Decimal, str)) and _is_zero(value)):
        return None
    if ctx.currency is None:
        raise PayloadError(r.at(name), "ShipStation states costs without a currency and the connection names none; "
                           "set `currency` on the connection or pass `hub ingest shipstation --currency CODE` "
                           "(the hub does not guess one)")
    return r.money(name, ctx.currency)


def _is_zero(value: int | Decimal | str) -> bool:
    try:
        return Decimal(str(value)) == 0
    except ArithmeticError:
        return False


def order_references(r: Reader) -> tuple[str, ...]:
    """The store's order number and order key the brand's channel gave ShipStation, once each."""
    return unique([r.text("orderNumber"), r.text("orderKey")])


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
