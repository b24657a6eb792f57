"""Stripe's list parameters, as the simulator honours them: filters per list, and cursor pages over rows
already in Stripe's order (newest first)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MAX_LIMIT = 100
_RANGES = {"gt": lambda value, bound: value > bound, "gte": lambda value, bound: value >= bound,
           "lt": lambda value, bound: value < bound, "lte": lambda value, bound: value <= bound}
# Exact-match filters each list accepts: parameter -> field of the object.
_FIELDS = {"balance_transactions": {"source": "source", "type": "type"}, "refunds": {"charge": "charge"},
           "disputes": {"charge": "charge"}, "payouts": {"status": "status"}}


class InvalidRequest(ValueError):
    """A request Stripe refuses with 400 `invalid_request_error`, naming the parameter."""

    def __init__(self, message: str, param: str) -> None:
        super().__init__(message)
        self.param = param


def _integer(query: Mapping[str, str], name: str) -> int:
    raw = query[name]
    if not raw.lstrip("-").isdigit():
        raise InvalidRequest(f"Invalid integer: {raw}", name)
    return int(raw)


def _created_ok(row: Mapping[str, Any], query: Mapping[str, str]) -> bool:
    if "created" in query and row["created"] != _integer(query, "created"):
        return False
    return all(test(row["created"], _integer(query, f"created[{op}]"))
               for op, test in _RANGES.items() if f"created[{op}]" in query)


def _event_type_ok(event: Mapping[str, Any], query: Any) -> bool:
    wanted = query.get("type")
    if wanted is not None:
        if wanted.endswith("*") and not event["type"].startswith(wanted[:-1]):
            return False
        if not wanted.endswith("*") and event["type"] != wanted:
            return False
    types = query.getall("types[]", [])
    if types and len(types) > 20:
        raise InvalidRequest("You may pass at most 20 event types.", "types")
    return not types or event["type"] in types


def matches(kind: str, row: Mapping[str, Any], query: Any, paid_out: Mapping[str, str]) -> bool:
    """Whether a row passes the list's filters (created ranges, event types, payout, source, charge...)."""
    if not _created_ok(row, query):
        return False
    if kind == "events":
        return _event_type_ok(row, query)
    if kind == "balance_transactions" and "payout" in query and paid_out.get(row["id"]) != query["payout"]:
        return False
    return all(row.get(field) == query[param] for param, field in _FIELDS.get(kind, {}).items() if param in query)


def _position(rows: list[dict[str, Any]], object_id: str, param: str) -> int:
    for index, row in enumerate(rows):
        if row["id"] == object_id:
            return index
    raise InvalidRequest(f"No such object: '{object_id}'", param)


def listed(rows: list[dict[str, Any]], query: Mapping[str, str]) -> tuple[list[dict[str, Any]], bool]:
    """One page: `limit` rows after `starting_after`, or the `limit` rows just before `ending_before`."""
    limit = _integer(query, "limit") if "limit" in query else 10
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidRequest("This value must be greater than or equal to 1 and less than or equal to 100.", "limit")
    if "starting_after" in query and "ending_before" in query:
        raise InvalidRequest("You may only specify one of these parameters: starting_after, ending_before.",
                             "ending_before")
    if "ending_before" in query:
        before = rows[:_position(rows, query["ending_before"], "ending_before")]
        return before[-limit:], len(before) > limit
    start = _position(rows, query["starting_after"], "starting_after") + 1 if "starting_after" in query else 0
    return rows[start:start + limit], len(rows) > start + limit
