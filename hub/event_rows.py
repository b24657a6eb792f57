"""Conversion between canonical events and rows of the `events` table."""

from __future__ import annotations

from typing import Any

from canonical_model.catalogue import SCHEMA_VERSION
from canonical_model.codec import to_json
from canonical_model.event_format import body_from_record
from canonical_model.events import Event
from canonical_model.identity import OrderRef, SourceRef
from canonical_model.journal import period_of
from hub.clock import as_utc


def stream_of(event: Event) -> str:
    """Order events share the order's stream; other facts (payouts) live in their source object's stream."""
    if event.order_id:
        return event.order_id
    source = event.source
    return f"{source.system}:{source.account}:{source.object_type}:{source.object_id}"


def event_row(event: Event) -> dict[str, Any]:
    """The row for an event already stamped with recorded_at; stream_version is assigned at append."""
    assert event.recorded_at is not None, "events are stamped before they are stored"
    source = event.source
    return {
        "id": event.id,
        "stream_id": stream_of(event),
        "order_id": event.order_id,
        "type": event.type,
        "schema_version": SCHEMA_VERSION,
        "system": source.system,
        "account": source.account,
        "object_type": source.object_type,
        "object_id": source.object_id,
        "object_version": source.version,
        "event_key": event.key,
        "occurred_at": event.occurred_at,
        "recorded_at": event.recorded_at,
        "period": event.period or period_of(event.occurred_at),
        "payload_hash": event.payload_hash,
        "payload_pointer": event.payload_pointer,
        "order_ref": to_json(event.order) if event.order else None,
        "context": to_json(event.context),
        "refs": list(event.references),
        "data": to_json(event.body),
    }


def event_from_row(row: Any) -> Event:
    order = row.order_ref
    return Event(
        body=body_from_record(row.type, row.schema_version, row.data),
        source=SourceRef(row.system, row.account, row.object_type, row.object_id, row.object_version),
        occurred_at=as_utc(row.occurred_at),
        order=OrderRef(**order) if order else None,
        key=row.event_key,
        context=dict(row.context),
        references=tuple(row.refs or ()),
        payload_hash=row.payload_hash,
        payload_pointer=row.payload_pointer,
        recorded_at=as_utc(row.recorded_at),
        period=row.period,
    )
