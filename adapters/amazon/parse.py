"""Reads an Amazon document: SP-API JSON (numbers as exact Decimals) or a tab-separated settlement flat file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from adapters.toolkit import PayloadError


@dataclass(frozen=True)
class FlatFile:
    """A tab-separated settlement report: its header and its non-blank rows with their 1-based line numbers."""

    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]


def parse(body: bytes) -> Any:
    """A JSON document with Decimal numbers, or a FlatFile when the body is a settlement report."""
    start = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start in (b"{", b"["):
        return parse_json(body)
    text = _text(body)
    lines = text.splitlines()
    header = tuple(column.strip() for column in lines[0].split("\t")) if lines else ()
    if len(header) < 2 or "settlement-id" not in header:
        raise PayloadError(
            "document", "is neither JSON nor an Amazon settlement flat file (a tab-separated header naming settlement-id)"
        )
    rows = tuple(
        (number, tuple(value.strip() for value in line.split("\t")))
        for number, line in enumerate(lines[1:], start=2)
        if line.strip()
    )
    return FlatFile(header, rows)


def parse_json(body: bytes) -> Any:
    """JSON where every number with a fraction is a Decimal, so that no binary float reaches money."""
    try:
        return json.loads(body, parse_float=Decimal)
    except UnicodeDecodeError as error:
        raise PayloadError("body", f"is not UTF-8 text ({error.reason} at byte {error.start})") from error
    except json.JSONDecodeError as error:
        raise PayloadError(f"line {error.lineno} column {error.colno}", f"invalid JSON: {error.msg}") from error


def _text(body: bytes) -> str:
    # Reports of European marketplaces arrive in Windows-1252; UTF-8 is tried first.
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")
