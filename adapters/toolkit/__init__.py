"""What every adapter shares: the adapter value, the mapping context and the payload error."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from adapters.toolkit.journal_push import JournalAccounts, PushJournal
from adapters.toolkit.oauth import OAuthRefresh
from adapters.toolkit.rate_limit import RateLimitPolicy
from adapters.toolkit.streams import Stream
from adapters.toolkit.webhooks import WebhookPolicy
from canonical_model.events import Event
from canonical_model.money import Money, MoneyError


class PayloadError(ValueError):
    """A payload that cannot be mapped; `field` is the path of the offending field (e.g. orders[0].line_items[1].price)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class MappingContext:
    """What the hub tells a mapping about the document it came in: connection account and raw payload address."""

    account: str
    payload_hash: str
    # The connection's own currency, for partners whose payloads do not state one (WooCommerce refunds).
    currency: str | None = None


@dataclass(frozen=True)
class SourceObject:
    """One object found in a document, with its JSON pointer inside that document."""

    object_type: str
    pointer: str
    data: dict[str, Any]


def _refuse_constant(name: str) -> Any:
    raise PayloadError("document", f"{name} is not a number a partner sends")


def parse_json(body: bytes) -> Any:
    """A JSON document with every number that has a fraction read as Decimal, so no binary float reaches money
    or context; NaN and Infinity are refused; a syntax error becomes a PayloadError naming line and column."""
    try:
        return json.loads(body, parse_float=Decimal, parse_constant=_refuse_constant)
    except UnicodeDecodeError as error:
        raise PayloadError("body", f"is not UTF-8 text ({error.reason} at byte {error.start})") from error
    except json.JSONDecodeError as error:
        raise PayloadError(f"line {error.lineno} column {error.colno}", f"invalid JSON: {error.msg}") from error


@dataclass(frozen=True)
class Adapter:
    """An external system as the hub sees it: how to parse its documents, split them and map each object."""

    name: str
    split: Callable[[Any], list[SourceObject]]
    map_object: Callable[[SourceObject, MappingContext], list[Event]]
    parse: Callable[[bytes], Any] = parse_json
    streams: tuple[Stream, ...] = ()
    # How the sync machinery reaches the partner: its published rate limit, the request headers made
    # from a connection's credentials (None: `Authorization: Bearer <token>`), how its webhooks are
    # signed, and a factory of its local simulator (an aiohttp.web.Application; options as keywords).
    rate_limit: RateLimitPolicy | None = None
    auth_headers: Callable[[Mapping[str, str]], Mapping[str, str]] | None = None
    webhook: WebhookPolicy | None = None
    simulator: Callable[..., Any] | None = None
    # Limits per operation (path prefix -> policy) from a connection's options, for partners that
    # publish one limit per endpoint (Amazon SP-API).
    operation_limits: Callable[[Mapping[str, Any]], Mapping[str, RateLimitPolicy]] | None = None
    # What a connection to the local simulator needs when the simulator runs with its defaults: the
    # credentials it accepts and the connection options (currency, page size) its data calls for.
    simulator_credentials: Mapping[str, str] = field(default_factory=dict)
    simulator_options: Mapping[str, Any] = field(default_factory=dict)
    # Partners whose access tokens expire and rotate (adapters.toolkit.oauth), and those the hub books
    # its journal into (adapters.toolkit.journal_push: `hub push journal CONNECTION`).
    oauth: OAuthRefresh | None = None
    push_journal: PushJournal | None = None
    journal_accounts: JournalAccounts | None = None


# ---- small readers shared by mappings -----------------------------------------------------------


class Reader:
    """Reads fields of one source object, raising PayloadError with the full field path on bad input."""

    def __init__(self, data: dict[str, Any], path: str) -> None:
        if not isinstance(data, dict):
            raise PayloadError(path, "must be a JSON object")
        self.data = data
        self.path = path

    def at(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def required(self, name: str) -> Any:
        value = self.data.get(name)
        if value is None or value == "":
            raise PayloadError(self.at(name), "is required")
        return value

    def identifier(self, name: str) -> str:
        """A required id as text: a JSON string or whole number, never a fraction, a boolean, an object or a list."""
        value = self.required(name)
        if isinstance(value, (bool, Decimal, float, dict, list)):
            raise PayloadError(self.at(name), f"{value!r} is not an id")
        return str(value)

    def optional_id(self, name: str) -> str | None:
        """An optional id as text, None when absent or empty."""
        value = self.data.get(name)
        return None if value in (None, "") else str(value)

    def text(self, name: str) -> str | None:
        value = self.data.get(name)
        return None if value is None or value == "" else str(value)

    def money(self, name: str, currency: str, required: bool = False) -> Money | None:
        value = self.required(name) if required else self.data.get(name)
        if value is None or value == "":
            return None
        try:
            return Money.of(value, currency)
        except MoneyError as error:
            raise PayloadError(self.at(name), str(error)) from error

    def integer(self, name: str) -> int:
        value = self.required(name)
        if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).lstrip("-").isdigit():
            raise PayloadError(self.at(name), f"{value!r} is not a whole number")
        return int(value)

    def time(self, name: str, required: bool = False) -> datetime | None:
        value = self.required(name) if required else self.data.get(name)
        if value is None or value == "":
            return None
        try:
            moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError as error:
            raise PayloadError(self.at(name), f"{value!r} is not an ISO 8601 time") from error
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    def items(self, name: str) -> Iterable[Reader]:
        value = self.data.get(name) or []
        if not isinstance(value, list):
            raise PayloadError(self.at(name), "must be a list")
        return [Reader(item, f"{self.at(name)}[{index}]") for index, item in enumerate(value)]

    def child(self, name: str) -> Reader | None:
        value = self.data.get(name)
        return Reader(value, self.at(name)) if value is not None else None
