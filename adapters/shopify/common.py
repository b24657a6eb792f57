"""What every Shopify mapping shares: the origin of a fact, field paths, money bags and context."""

from __future__ import annotations

from typing import Any

from adapters.toolkit import MappingContext, PayloadError, Reader
from adapters.toolkit.facts import ChannelOrigin as Origin
from adapters.toolkit.facts import channel_origin
from adapters.toolkit.facts import path_of as path_of
from adapters.toolkit.facts import without_empty as without_empty
from canonical_model.money import Money, MoneyError

SYSTEM = "shopify"


def origin(
    ctx: MappingContext, object_type: str, object_id: str, version: str, pointer: str,
    order_id: str | None, context: dict[str, Any],
) -> Origin:
    """The origin of the facts read from one Shopify object."""
    return channel_origin(SYSTEM, ctx, object_type, object_id, version, pointer, order_id, without_empty(context))


def identifier(r: Reader, name: str) -> str:
    """A required Shopify id as text (ids arrive as JSON numbers)."""
    return str(r.required(name))


def money_bag(r: Reader, name: str, side: str = "shop_money") -> Money | None:
    """One side of a Shopify money bag such as price_set.presentment_money, in the currency it names."""
    bag = r.child(name)
    part = bag.child(side) if bag else None
    if part is None:
        return None
    return part.money("amount", str(part.required("currency_code")), required=True)


def amount(r: Reader, name: str, currency: str, required: bool = False) -> Money | None:
    """Shop money of a field: its exact `<name>_set.shop_money` when given, else the plain field."""
    bag = money_bag(r, f"{name}_set")
    if bag is not None:
        if bag.currency != currency:
            raise PayloadError(
                r.at(f"{name}_set.shop_money.currency_code"), f"is {bag.currency} but the currency here is {currency}"
            )
        return bag
    return r.money(name, currency, required=required)


def add(amounts: list[Money], currency: str, where: str) -> Money:
    """Sum of amounts that must share one currency; a mix is a payload error naming where."""
    result = Money.zero(currency)
    try:
        for each in amounts:
            result = result + each
    except MoneyError as error:
        raise PayloadError(where, str(error)) from error
    return result


def texts(r: Reader, name: str) -> list[str] | None:
    """A list field as text, or None when the payload does not state it."""
    value = r.data.get(name)
    if value is None:
        return None
    if not isinstance(value, list):
        raise PayloadError(r.at(name), "must be a list")
    return [str(item) for item in value if item not in (None, "")]
