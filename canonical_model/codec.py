"""Turns event bodies (frozen dataclasses) into JSON-safe dicts and back, guided by their type hints."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from canonical_model.money import Money

# Values already JSON-safe, returned as they are; checked first because most values are one of these.
_PLAIN = frozenset({str, int, float, bool, type(None)})


def to_json(value: Any) -> Any:
    """A JSON-safe rendering: Decimals and datetimes as strings, Money as {amount, currency}."""
    if type(value) in _PLAIN:
        return value
    if isinstance(value, Money):
        return {"amount": str(value.amount), "currency": value.currency}
    if hasattr(type(value), "__dataclass_fields__") and not isinstance(value, type):
        return {name: to_json(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_json(item) for key, item in value.items()}
    return value


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(cls))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_json(kind: Any, value: Any) -> Any:
    """Rebuild a value of the hinted type from its JSON rendering."""
    if value is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [option for option in typing.get_args(kind) if option is not type(None)]
        return from_json(options[0], value)
    if kind is Money:
        return Money.of(value["amount"], value["currency"])
    if kind is Decimal:
        return Decimal(value)
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    if origin is tuple:
        item_kind = typing.get_args(kind)[0]
        return tuple(from_json(item_kind, item) for item in value)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        return kind(**{name: from_json(hints[name], value.get(name)) for name in hints if name in value})
    return value
