"""What every eBay mapping shares: the origin of a fact, field paths, eBay `Amount` objects and context."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from adapters.toolkit import MappingContext, PayloadError, Reader
from adapters.toolkit.facts import ChannelOrigin as Origin
from adapters.toolkit.facts import channel_origin
from adapters.toolkit.facts import path_of as path_of
from adapters.toolkit.facts import without_empty as without_empty
from canonical_model.identity import short_hash
from canonical_model.money import Money, MoneyError

SYSTEM = "ebay"


def origin(
    ctx: MappingContext, object_type: str, object_id: str, version: str, pointer: str,
    order_id: str | None, context: dict[str, Any],
) -> Origin:
    """The origin of the facts read from one eBay object; eBay took every order it names."""
    return channel_origin(SYSTEM, ctx, object_type, object_id, version, pointer, order_id, without_empty(context))


def identifier(r: Reader, name: str) -> str:
    """A required eBay id as text."""
    return str(r.required(name))


def amount(r: Reader, name: str, currency: str | None = None, required: bool = False) -> Money | None:
    """An eBay `Amount` ({value, currency}) as exact Money; with `currency`, it must be in that currency."""
    if r.data.get(name) is None:
        if required:
            raise PayloadError(r.at(name), "is required")
        return None
    part = Reader(r.data[name], r.at(name))
    stated = str(part.required("currency"))
    if currency is not None and stated != currency:
        raise PayloadError(part.at("currency"), f"is {stated} but the currency here is {currency}")
    try:
        return Money.of(part.required("value"), stated)
    except MoneyError as error:
        raise PayloadError(part.at("value"), str(error)) from error


def required_amount(r: Reader, name: str, currency: str | None = None) -> Money:
    """An eBay `Amount` that must be there."""
    money = amount(r, name, currency, required=True)
    assert money is not None
    return money


def converted_from(r: Reader, name: str) -> Money | None:
    """The buyer's side of an eBay `Amount` (convertedFromValue in convertedFromCurrency), when eBay converted it."""
    part = r.child(name)
    if part is None or part.data.get("convertedFromValue") is None:
        return None
    try:
        return Money.of(part.data["convertedFromValue"], str(part.required("convertedFromCurrency")))
    except MoneyError as error:
        raise PayloadError(part.at("convertedFromValue"), str(error)) from error


def amount_text(money: Money | None) -> str | None:
    """Money as context text, exactly as stated: "-2.00 USD"."""
    return None if money is None else f"{money.amount} {money.currency}"


def stated_text(r: Reader, name: str) -> str | None:
    """An eBay `Amount` as context text without checking its currency ("12.50 USD")."""
    value = r.data.get(name)
    if not isinstance(value, dict) or value.get("value") is None:
        return None
    return f"{plain(value['value'])} {value.get('currency')}"


def plain(value: Any) -> Any:
    """A payload scalar fit for context: Decimals become text."""
    return str(value) if isinstance(value, Decimal) else value


def canonical_hash(data: Any) -> str:
    """short_hash of the canonical JSON of an object: the version of an object eBay gives no time for."""
    return short_hash(json.dumps(data, sort_keys=True, separators=(",", ":"), default=str))


def texts(r: Reader, name: str) -> list[str]:
    """A list of strings as stated (empty when absent)."""
    value = r.data.get(name) or []
    if not isinstance(value, list):
        raise PayloadError(r.at(name), "must be a list")
    return [str(item) for item in value if item not in (None, "")]
