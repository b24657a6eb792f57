"""What every Stripe mapping shares: the origin of a fact, exact minor-unit money, Unix times and links.

Stripe states amounts as integers in the currency's smallest unit and currencies in lower case. The
exponent is ISO 4217's except where Stripe's API differs: ISK stays two-decimal in the API (100 is
one króna) and MGA is zero-decimal.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from adapters.toolkit import MappingContext, PayloadError, Reader
from adapters.toolkit.facts import path_of as path_of
from canonical_model.events import Event
from canonical_model.identity import SourceRef, short_hash
from canonical_model.money import Money, minor_units

SYSTEM = "stripe"
GATEWAY = "stripe"
_STRIPE_EXPONENTS = {"ISK": 2, "MGA": 0}


@dataclass(frozen=True)
class Via:
    """How an object reached the mapping: the webhook event around it and the order references of its parents."""

    context: dict[str, Any] = field(default_factory=dict)
    references: tuple[str, ...] = ()

    def inherit(self, references: tuple[str, ...]) -> Via:
        """The same arrival, with the references of a parent object added for its nested objects."""
        return Via(self.context, unique(self.references + references))


@dataclass(frozen=True)
class Origin:
    """One Stripe object as the source of facts: its identity, the order references it carries and its payload."""

    source: SourceRef
    payload_hash: str
    pointer: str
    context: dict[str, Any]
    references: tuple[str, ...]

    def event(self, body: Any, occurred_at: datetime, key: str = "", extra: dict[str, Any] | None = None,
              version: str | None = None) -> Event:
        """An event of this origin; Stripe is never the sales channel, so the order stays to be matched.

        `version` restates one fact of the object under its own version (a line once its payout is known)."""
        return Event(
            body=body,
            source=self.source if version is None else replace(self.source, version=version),
            occurred_at=occurred_at,
            key=key,
            context=compact({**self.context, **(extra or {})}),
            references=self.references,
            payload_hash=self.payload_hash,
            payload_pointer=self.pointer,
        )


def origin(
    ctx: MappingContext, object_type: str, object_id: str, version: str, pointer: str,
    context: dict[str, Any], references: tuple[str, ...],
) -> Origin:
    """The origin of the facts read from one Stripe object."""
    source = SourceRef(SYSTEM, ctx.account, object_type, object_id, version)
    return Origin(source, ctx.payload_hash, pointer, compact(context), unique(references))


def identifier(r: Reader, name: str = "id") -> str:
    """A required Stripe id as text."""
    value = r.required(name)
    if not isinstance(value, str):
        raise PayloadError(r.at(name), f"{value!r} is not a Stripe id")
    return value


def link(r: Reader, name: str) -> str | None:
    """The id of a linked object, whether Stripe sent the id or the expanded object."""
    value = r.data.get(name)
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) and value else None


def currency_of(r: Reader, name: str = "currency") -> str:
    """The object's ISO 4217 currency, upper-cased from Stripe's lower-case code."""
    value = r.required(name)
    if not (isinstance(value, str) and len(value) == 3 and value.isalpha()):
        raise PayloadError(r.at(name), f"{value!r} is not an ISO 4217 currency code")
    return value.upper()


def exponent(currency: str) -> int:
    """Decimals of the unit Stripe counts amounts in for this currency."""
    return _STRIPE_EXPONENTS.get(currency, minor_units(currency))


def minor_money(r: Reader, name: str, currency: str) -> Money:
    """A required amount in minor units as exact Money: 1099 USD cents -> 10.99 USD."""
    value = r.required(name)
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)) or value != int(value):
        raise PayloadError(
            r.at(name),
            f"{value!r} is not a whole number of {currency} minor units; Stripe states amounts as integers "
            f"(a decimal string such as dj-stripe's stored amounts does not say which unit it is in)",
        )
    return Money(Decimal(int(value)).scaleb(-exponent(currency)), currency)


def optional_money(r: Reader, name: str, currency: str) -> Money | None:
    """An amount in minor units, None when the payload leaves it out."""
    return None if r.data.get(name) is None else minor_money(r, name, currency)


def unix_time(r: Reader, name: str) -> datetime:
    """A required Unix timestamp (seconds) as an aware UTC time."""
    value = r.required(name)
    if isinstance(value, bool) or not isinstance(value, int):
        raise PayloadError(r.at(name), f"{value!r} is not a Unix timestamp in seconds")
    return datetime.fromtimestamp(value, UTC)


def optional_time(r: Reader, name: str) -> str | None:
    """A Unix timestamp as ISO 8601 text for context, None when absent."""
    return None if r.data.get(name) is None else unix_time(r, name).isoformat()


def amount_text(r: Reader, name: str, currency: str) -> str | None:
    """An amount in minor units as a decimal string for context (context stays JSON-safe)."""
    money = optional_money(r, name, currency)
    return None if money is None else str(money.amount)


def plain(value: Any) -> Any:
    """A scalar made JSON-safe for context: Decimal becomes its exact text."""
    return str(value) if isinstance(value, Decimal) else value


def canonical_json(value: Any) -> str:
    """Stable JSON text of a value (sorted keys, exact decimals) for content hashes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def content_version(value: Any) -> str:
    """A version derived from content, for stages that Stripe does not timestamp."""
    return short_hash(canonical_json(value))


def compact(context: dict[str, Any]) -> dict[str, Any]:
    """Context without the keys the source left empty."""
    return {key: plain(value) for key, value in context.items() if value not in (None, "", [], {})}


def unique(items: tuple[str, ...]) -> tuple[str, ...]:
    """Items in first-seen order without repeats."""
    return tuple(dict.fromkeys(items))


def nested(r: Reader, name: str) -> list[tuple[Reader, str]]:
    """Objects of a nested Stripe list (`{"object": "list", "data": [...]}` or a plain list) with their pointers."""
    value = r.data.get(name)
    if isinstance(value, dict):
        items, suffix, path = value.get("data") or [], f"/{name}/data", r.at(f"{name}.data")
    elif isinstance(value, list):
        items, suffix, path = value, f"/{name}", r.at(name)
    else:
        return []
    if not isinstance(items, list):
        raise PayloadError(path, "must be a list")
    return [(Reader(item, f"{path}[{index}]"), f"{suffix}/{index}") for index, item in enumerate(items)]
