"""What every Amazon mapping shares: the origin of a fact, field paths, Amazon money shapes and context."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from adapters.toolkit import MappingContext, PayloadError, Reader
from adapters.toolkit.facts import path_of as path_of
from canonical_model.events import Event
from canonical_model.identity import OrderRef, SourceRef, short_hash
from canonical_model.money import Money, MoneyError

SYSTEM = "amazon"
# The stand-in time of a fact whose payload states no time at all; each use says so in the fact's context
# (financial events, groups, transactions) or in its module's docstring (order items).
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# Amazon spells money three ways: Orders `Money`, Finances v0 `Currency`, Finances 2024-06-19 `Currency`.
_AMOUNT_KEYS = ("Amount", "CurrencyAmount", "currencyAmount")
_CURRENCY_KEYS = ("CurrencyCode", "currencyCode")


@dataclass(frozen=True)
class Origin:
    """One Amazon object as the source of facts: its identity, its order, its references and its payload address."""

    source: SourceRef
    order: OrderRef | None
    references: tuple[str, ...]
    payload_hash: str
    pointer: str
    context: dict[str, Any]

    def event(
        self, body: Any, occurred_at: datetime, version: str | None = None, key: str = "",
        extra: dict[str, Any] | None = None, pointer: str | None = None,
    ) -> Event:
        """An event of this origin; `version` replaces the object's version for a fact with its own identity."""
        source = self.source if version is None else replace(self.source, version=version)
        return Event(
            body=body,
            source=source,
            occurred_at=occurred_at,
            order=self.order,
            key=key,
            context={**self.context, **compact(extra or {})},
            references=self.references,
            payload_hash=self.payload_hash,
            payload_pointer=self.pointer if pointer is None else pointer,
        )


def origin(
    ctx: MappingContext, object_type: str, object_id: str, version: str, pointer: str,
    order_id: str | None = None, context: dict[str, Any] | None = None, references: tuple[str, ...] = (),
) -> Origin:
    """The origin of the facts read from one Amazon object; `order_id` only when Amazon took the order."""
    order = OrderRef(SYSTEM, ctx.account, order_id) if order_id else None
    source = SourceRef(SYSTEM, ctx.account, object_type, object_id, version)
    unique = tuple(dict.fromkeys(ref for ref in references if ref))
    return Origin(source, order, unique, ctx.payload_hash, pointer, compact(context or {}))


def canonical_hash(data: Any) -> str:
    """short_hash of the canonical JSON of an object: the identity of a fact the source gives no id or time."""
    return short_hash(json.dumps(data, sort_keys=True, separators=(",", ":"), default=str))


def money(r: Reader, name: str) -> Money | None:
    """An Amazon money object ({CurrencyCode, Amount} or {CurrencyCode, CurrencyAmount}) as exact Money."""
    return None if r.data.get(name) is None else required_money(r, name)


def required_money(r: Reader, name: str) -> Money:
    """An Amazon money object that must be there; a missing or inexact amount names its full path."""
    part = Reader(r.required(name), r.at(name))
    amount_key = next((key for key in _AMOUNT_KEYS if key in part.data), _AMOUNT_KEYS[0])
    currency_key = next((key for key in _CURRENCY_KEYS if key in part.data), _CURRENCY_KEYS[0])
    currency = str(part.required(currency_key))
    try:
        return Money.of(part.required(amount_key), currency)
    except MoneyError as error:
        raise PayloadError(part.at(amount_key), str(error)) from error


def first_time(r: Reader, names: tuple[str, ...]) -> tuple[datetime | None, str | None]:
    """The first of the named time fields the object states, with the field's raw text."""
    for name in names:
        moment = r.time(name)
        if moment is not None:
            return moment, str(r.data[name])
    return None, None


def compact(context: dict[str, Any]) -> dict[str, Any]:
    """Context without the keys the source left empty."""
    return {key: value for key, value in context.items() if value not in (None, "", [], {})}


def picked(data: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The named fields as context: scalars as stated, money objects as "12.50 USD" text."""
    return compact({name: plain(data.get(name)) for name in names})


def plain(value: Any) -> Any:
    """A payload value fit for context: Decimals and money objects become text, lists of scalars stay lists."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        amount = next((value[key] for key in _AMOUNT_KEYS if key in value), None)
        currency = next((value[key] for key in _CURRENCY_KEYS if key in value), None)
        return f"{amount} {currency}" if amount is not None and currency else None
    if isinstance(value, list):
        return [plain(item) for item in value if not isinstance(item, dict | list)]
    return value


def amount_text(value: Money | None) -> str | None:
    """Money as context text, exactly as stated."""
    return None if value is None else f"{value.amount} {value.currency}"
