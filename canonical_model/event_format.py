"""The hub's own JSON form of an event (one object per line in `.jsonl` files, `hub ingest canonical`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from canonical_model.catalogue import BODY_TYPES, SCHEMA_VERSION, UPCASTERS
from canonical_model.codec import from_json, to_json
from canonical_model.events import Event
from canonical_model.identity import OrderRef, SourceRef


class EventFormatError(ValueError):
    """A canonical event record that is missing a field or names an unknown type; `field` names the culprit."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def event_to_record(event: Event) -> dict[str, Any]:
    """The JSON-safe record of an event, with its id, type and schema version."""
    return {
        "id": event.id,
        "type": event.type,
        "schema_version": SCHEMA_VERSION,
        "source": to_json(event.source),
        "order": to_json(event.order) if event.order else None,
        "key": event.key,
        "occurred_at": event.occurred_at.isoformat(),
        "recorded_at": event.recorded_at.isoformat() if event.recorded_at else None,
        "period": event.period,
        "payload_hash": event.payload_hash,
        "payload_pointer": event.payload_pointer,
        "context": to_json(event.context),
        "references": list(event.references),
        "data": to_json(event.body),
    }


def _required(record: dict[str, Any], name: str) -> Any:
    if record.get(name) in (None, ""):
        raise EventFormatError(name, "is required")
    return record[name]


def _time(record: dict[str, Any], name: str) -> datetime:
    try:
        moment = datetime.fromisoformat(str(_required(record, name)))
    except ValueError as error:
        raise EventFormatError(name, f"{record[name]!r} is not an ISO 8601 time") from error
    if moment.tzinfo is None:
        raise EventFormatError(name, f"{record[name]!r} has no UTC offset")
    return moment


def body_from_record(event_type: str, version: int, data: dict[str, Any]) -> Any:
    """Rebuild an event body, upcasting older schema versions first."""
    body_type = BODY_TYPES.get(event_type)
    if body_type is None:
        raise EventFormatError("type", f"unknown event type {event_type!r}; known: {', '.join(BODY_TYPES)}")
    while version < SCHEMA_VERSION:
        data = UPCASTERS[(event_type, version)](data)
        version += 1
    try:
        return from_json(body_type, data)
    except (TypeError, KeyError, ValueError, ArithmeticError) as error:
        raise EventFormatError("data", f"does not fit {event_type}: {error}") from error


def event_from_record(record: dict[str, Any]) -> Event:
    """Read an event record; raises EventFormatError naming the field that is wrong."""
    if not isinstance(record, dict):
        raise EventFormatError("record", "must be a JSON object")
    source = _required(record, "source")
    try:
        source_ref = SourceRef(**{name: str(source[name]) for name in SourceRef.__dataclass_fields__})
    except (KeyError, TypeError) as error:
        raise EventFormatError("source", f"needs system, account, object_type, object_id, version ({error})") from error
    order = record.get("order")
    order_ref = OrderRef(**{name: str(order[name]) for name in OrderRef.__dataclass_fields__}) if order else None
    body = body_from_record(str(_required(record, "type")), int(record.get("schema_version") or 1), record.get("data") or {})
    recorded = record.get("recorded_at")
    event = Event(
        body=body,
        source=source_ref,
        occurred_at=_time(record, "occurred_at"),
        order=order_ref,
        key=str(record.get("key") or ""),
        context=dict(record.get("context") or {}),
        references=tuple(str(reference) for reference in record.get("references") or ()),
        payload_hash=record.get("payload_hash"),
        payload_pointer=str(record.get("payload_pointer") or ""),
        recorded_at=datetime.fromisoformat(recorded) if recorded else None,
        period=record.get("period"),
    )
    if record.get("id") and record["id"] != event.id:
        raise EventFormatError("id", f"{record['id']} does not match the id derived from its source ({event.id})")
    return event
