"""What every ShipStation mapping shares: parsing, the origin of a fact, Pacific times, money and context."""

from __future__ import annotations

from datetime import datetime, tzinfo
from decimal import Decimal
from functools import cache
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from adapters.toolkit import MappingContext, PayloadError, Reader
from adapters.toolkit.facts import ObjectOrigin
from adapters.toolkit.facts import compact as compact
from adapters.toolkit.facts import content_version as content_version
from adapters.toolkit.facts import path_of as path_of
from adapters.toolkit.facts import plain as plain
from adapters.toolkit.facts import reader as reader
from adapters.toolkit.facts import unique as unique
from canonical_model.money import Money

SYSTEM = "shipstation"


class Origin(ObjectOrigin):
    """One ShipStation object as the source of facts: its identity, the order references it carries, its payload."""

    system: ClassVar[str] = SYSTEM


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


def pacific_text(moment: datetime) -> str:
    """A moment as ShipStation states it: Pacific wall time, no offset, seven fraction digits."""
    return moment.astimezone(pacific()).replace(tzinfo=None).isoformat(timespec="microseconds") + "0"


def ship_time(r: Reader, created_at: datetime) -> datetime:
    """When a parcel left: ShipStation states the ship date alone, so a label made on that (Pacific) day left
    when it was made; a label dated ahead of its making left at the start of its ship date."""
    ship_day = required_time(r, "shipDate")
    same_day = created_at.astimezone(pacific()).date() == ship_day.astimezone(pacific()).date()
    return created_at if same_day else ship_day


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


