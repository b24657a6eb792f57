"""The slice of the QuickBooks query language the simulator answers, and QuickBooks' Fault answers.

`select * from <Entity> [where <cond> [and <cond>]...] [ORDERBY <field> [ASC|DESC]] [STARTPOSITION n]
[MAXRESULTS m]`, conditions on `Metadata.LastUpdatedTime`, `Id` or `DocNumber` with `=`, `<`, `<=`, `>`,
`>=` and a quoted value. Anything else is a 400 QueryParserError, as QuickBooks answers.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiohttp import web

from adapters.quickbooks.books import as_json, changed_at

MAX_RESULTS = 1000
_STATEMENT = re.compile(
    r"^\s*select\s+\*\s+from\s+(?P<entity>\w+)(?:\s+where\s+(?P<where>.+?))?"
    r"(?:\s+orderby\s+(?P<order>[\w.]+)(?:\s+(?P<direction>asc|desc))?)?"
    r"(?:\s+startposition\s+(?P<start>\d+))?(?:\s+maxresults\s+(?P<max>\d+))?\s*$", re.IGNORECASE | re.DOTALL)
_CONDITION = re.compile(r"^\s*(?P<field>[\w.]+)\s*(?P<op><=|>=|=|<|>)\s*'(?P<value>[^']*)'\s*$")
_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


class QueryError(ValueError):
    """A statement QuickBooks would refuse to parse."""


@dataclass(frozen=True)
class Query:
    entity: str
    conditions: tuple[tuple[str, str, str], ...]
    descending: bool
    start: int
    size: int

    def select(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The page of `rows` (already oldest change first) the statement asks for."""
        kept = [row for row in rows if all(_holds(row, *condition) for condition in self.conditions)]
        kept = list(reversed(kept)) if self.descending else kept
        return kept[self.start - 1: self.start - 1 + self.size]


def _holds(row: dict[str, Any], field: str, op: str, value: str) -> bool:
    if field == "metadata.lastupdatedtime":
        return _OPERATORS[op](changed_at(row), _moment(value))
    return _OPERATORS[op](str(row.get("Id" if field == "id" else "DocNumber")), value)


def _moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise QueryError(f"Invalid date time value: {value}") from error
    if moment.tzinfo is None:
        raise QueryError(f"Invalid date time value, a time zone is required: {value}")
    return moment


def parse_query(text: str, entities: tuple[str, ...]) -> Query:
    """A statement as a Query, or QueryError naming what QuickBooks would not accept."""
    match = _STATEMENT.match(text or "")
    if match is None:
        raise QueryError(f"Encountered an unexpected statement: {text!r}")
    entity = next((name for name in entities if name.lower() == match["entity"].lower()), None)
    if entity is None:
        raise QueryError(f"Invalid context declaration : {match['entity']}")
    conditions = []
    for part in re.split(r"\s+and\s+", match["where"] or "", flags=re.IGNORECASE) if match["where"] else []:
        found = _CONDITION.match(part)
        field = found["field"].lower() if found else ""
        if not found or field not in ("metadata.lastupdatedtime", "id", "docnumber"):
            raise QueryError(f"Encountered an unsupported condition: {part!r}")
        if field == "metadata.lastupdatedtime":
            _moment(found["value"])
        conditions.append((field, found["op"], found["value"]))
    if match["order"] and match["order"].lower() not in ("metadata.lastupdatedtime", "id"):
        raise QueryError(f"Unsupported ORDERBY field {match['order']}")
    start, size = int(match["start"] or 1), int(match["max"] or 100)
    if start < 1 or size < 1:
        raise QueryError("STARTPOSITION and MAXRESULTS must be positive")
    descending = (match["direction"] or "asc").lower() == "desc"
    return Query(entity, tuple(conditions), descending, start, min(size, MAX_RESULTS))


def fault(status: int, kind: str, message: str, detail: str, code: str, time: str, element: str = "") -> web.Response:
    """QuickBooks' error body: `{"Fault": {"Error": [{Message, Detail, code, element}], "type"}, "time"}`."""
    body = {"Fault": {"Error": [{"Message": message, "Detail": detail, "code": code, "element": element}],
                      "type": kind}, "time": time}
    return json_answer(body, status)


def json_answer(document: Any, status: int = 200) -> web.Response:
    return web.Response(body=as_json(document), status=status, content_type="application/json")
