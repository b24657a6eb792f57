"""Quarantined payloads are retried after a fix and leave the quarantine only when they ingest."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Engine

from adapters.canonical import ADAPTER as CANONICAL
from adapters.toolkit import MappingContext, PayloadError, SourceObject
from canonical_model.events import Event
from hub.ingest import ingest_documents
from hub.quarantine import retry_quarantined
from hub.read_models import order_views, quarantine_page
from tests.builders import jsonl, order_placed, order_ref, refunded


def _refunds_unsupported(obj: SourceObject, context: MappingContext) -> list[Event]:
    events = CANONICAL.map_object(obj, context)
    if any(event.type == "refund.issued" for event in events):
        raise PayloadError(f"{obj.pointer} field type", "refunds are not supported by this version")
    return events


BEFORE_FIX = replace(CANONICAL, map_object=_refunds_unsupported)


def test_a_fixed_payload_is_released_and_its_events_land(engine: Engine) -> None:
    report = ingest_documents(engine, BEFORE_FIX, "acme", [("day.jsonl", jsonl([order_placed(), refunded()]))])
    assert len(report.rejections) == 1
    still = retry_quarantined(engine, {"canonical": BEFORE_FIX})
    assert still.released == [] and "not supported" in next(iter(still.still_failing.values()))
    fixed = retry_quarantined(engine, {"canonical": CANONICAL})
    assert fixed.released == [report.rejections[0].quarantine_id]
    with engine.connect() as connection:
        assert quarantine_page(connection, 10, None).total_count == 0
        view = order_views(connection, [order_ref().order_id])[order_ref().order_id]
    assert str(view.finance.refund_total.amount) == "10.00"


def test_a_whole_document_quarantined_is_retried(engine: Engine) -> None:
    report = ingest_documents(engine, CANONICAL, "acme", [("broken.jsonl", b"\xff\xfe")])
    assert report.rejections[0].pointer == ""
    for _ in range(2):
        result = retry_quarantined(engine, {"canonical": CANONICAL})
        assert result.released == [] and "UTF-8" in result.still_failing[report.rejections[0].quarantine_id]
    with engine.connect() as connection:
        assert quarantine_page(connection, 10, None).total_count == 1
