"""What every ShipBob mapping shares: parsing, the origin of a fact, ids, locations, counts, money and context."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, ClassVar

from adapters.toolkit import MappingContext, PayloadError, Reader
from adapters.toolkit.facts import ObjectOrigin
from adapters.toolkit.facts import compact as compact
from adapters.toolkit.facts import content_version as content_version
from adapters.toolkit.facts import path_of as path_of
from adapters.toolkit.facts import plain as plain
from adapters.toolkit.facts import reader as reader
from adapters.toolkit.facts import unique as unique
from canonical_model.money import Money

SYSTEM = "shipbob"
# ShipBob's stock reports carry no time of their own: their facts are dated at the epoch ("time unknown").
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class Origin(ObjectOrigin):
    """One ShipBob object as the source of facts: its identity, the order references it carries, its payload."""

    system: ClassVar[str] = SYSTEM


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


