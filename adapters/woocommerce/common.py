"""What every WooCommerce mapping shares: document parsing, the origin of a fact, times, field paths and context."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Any

from adapters.toolkit import MappingContext, PayloadError, Reader
from adapters.toolkit.facts import ChannelOrigin as Origin
from adapters.toolkit.facts import channel_origin
from adapters.toolkit.facts import compact as compact
from adapters.toolkit.facts import path_of as path_of
from canonical_model.money import Money, MoneyError

SYSTEM = "woocommerce"

# Words of meta keys that carry personal data (names, emails, addresses, phones, devices): kept out of context.
_PERSONAL_WORDS = {
    "email", "phone", "address", "address1", "address2", "name", "firstname", "lastname", "first", "last",
    "postcode", "zip", "city", "ip", "agent", "billing",
}


def origin(
    ctx: MappingContext, object_type: str, object_id: str, version: str, pointer: str,
    order_id: str | None, context: dict[str, Any],
) -> Origin:
    """The origin of the facts read from one WooCommerce object (the store is the channel of its orders)."""
    return channel_origin(SYSTEM, ctx, object_type, object_id, version, pointer, order_id, compact(context))


def identifier(r: Reader, name: str) -> str:
    """A required WooCommerce id as text (ids arrive as JSON numbers)."""
    return str(r.required(name))


def optional_id(r: Reader, name: str) -> str | None:
    """An optional id as text; WooCommerce says 0 for "none"."""
    value = r.data.get(name)
    return None if value in (None, "", 0, "0") else str(value)


def gmt_time(r: Reader, name: str) -> tuple[datetime, str] | None:
    """A WooCommerce time and its text as stated: `<name>_gmt` (UTC), else `<name>` when it carries an offset."""
    for field in (f"{name}_gmt", name):
        text = r.text(field)
        if text is None:
            continue
        if field == name and not _has_offset(text):
            # WooCommerce states `<name>` in the shop's time zone without an offset: refused, never guessed.
            raise PayloadError(r.at(f"{name}_gmt"), f"is required: {name} {text!r} is shop-local time without an offset")
        moment = r.time(field, required=True)
        return (moment, text) if moment is not None else None
    return None


def required_time(r: Reader, name: str) -> tuple[datetime, str]:
    """A time the object cannot be placed without (`<name>_gmt` named when missing)."""
    stamp = gmt_time(r, name)
    if stamp is None:
        raise PayloadError(r.at(f"{name}_gmt"), "is required")
    return stamp


def required_money(r: Reader, name: str, currency: str) -> Money:
    """An amount the object cannot be read without."""
    amount = r.money(name, currency, required=True)
    if amount is None:
        raise PayloadError(r.at(name), "is required")
    return amount


def _has_offset(value: str) -> bool:
    return value.endswith(("Z", "z")) or re.search(r"[+-]\d\d:?\d\d$", value.split("T")[-1]) is not None


def positive(amount: Money) -> Money:
    """The size of an amount WooCommerce may state negative (refunds, refunded lines)."""
    return Money(abs(amount.amount), amount.currency)


def add(amounts: list[Money], currency: str, where: str) -> Money:
    """Sum of amounts that must share one currency; a mix is a payload error naming where."""
    result = Money.zero(currency)
    try:
        for each in amounts:
            result = result + each
    except MoneyError as error:
        raise PayloadError(where, str(error)) from error
    return result


def plain(value: Any) -> Any:
    """A value as plain JSON: Decimal amounts become their exact decimal text."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def is_personal(key: str) -> bool:
    """Whether a meta key names personal data (a name, an email, an address, a phone, a device)."""
    return bool(set(re.split(r"[^a-z0-9]+", key.lower())) & _PERSONAL_WORDS)


def meta(r: Reader, name: str = "meta_data") -> dict[str, Any]:
    """Meta data as {key: value}, without the keys that carry personal data."""
    found: dict[str, Any] = {}
    for item in r.items(name):
        key = item.text("key")
        if key is not None and not is_personal(key):
            found[key] = plain(item.data.get("value"))
    return found
