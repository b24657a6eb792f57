"""Reads `.jsonl` files of canonical event records (see README, "The canonical event format")."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from adapters.toolkit import Adapter, MappingContext, PayloadError, SourceObject
from canonical_model.event_format import EventFormatError, event_from_record
from canonical_model.events import Event


def parse_lines(body: bytes) -> list[tuple[int, str]]:
    try:
        text = body.decode()
    except UnicodeDecodeError as error:
        raise PayloadError("body", f"is not UTF-8 text ({error.reason} at byte {error.start})") from error
    return [(number, line) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]


def split(lines: Any) -> list[SourceObject]:
    if not isinstance(lines, list):
        raise PayloadError("document", "canonical events come as JSON lines, one event record per line")
    return [SourceObject("event", f"line {number}", {"line": line}) for number, line in lines]


def map_object(obj: SourceObject, context: MappingContext) -> list[Event]:
    if obj.object_type != "event" or not isinstance(obj.data.get("line"), str):
        raise PayloadError(obj.pointer or "document", f"not a canonical event line ({obj.object_type})")
    try:
        record = json.loads(obj.data["line"])
    except json.JSONDecodeError as error:
        raise PayloadError(obj.pointer, f"invalid JSON at column {error.colno}: {error.msg}") from error
    try:
        event = event_from_record(record)
    except EventFormatError as error:
        raise PayloadError(f"{obj.pointer} field {error.field}", str(error).split(": ", 1)[1]) from error
    # The stored record points at its own raw line; recorded_at is always the hub's, never the file's.
    return [replace(event, payload_hash=context.payload_hash, payload_pointer=obj.pointer, recorded_at=None)]


ADAPTER = Adapter(name="canonical", split=split, map_object=map_object, parse=parse_lines)
