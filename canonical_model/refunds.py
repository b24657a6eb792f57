"""One refund, counted once: a channel may state the same refund twice (listed in its order and in
full on its own), as two facts that say different things. Folds take the fullest statement.
"""

from __future__ import annotations

from canonical_model.events import Event, RefundIssued


def _fullness(event: Event) -> tuple[bool, int]:
    # A refund fetched on its own states its lines and time; one listed in its order may not.
    return (event.source.object_type == "refund", len(event.body.lines))


def distinct_refunds(events: list[Event]) -> list[Event]:
    """The RefundIssued events of sorted events, one per (system, refund id), the fullest statement kept."""
    chosen: dict[tuple[str, str], Event] = {}
    for event in events:
        if isinstance(event.body, RefundIssued):
            key = (event.source.system, event.body.refund_id)
            if key not in chosen or _fullness(event) > _fullness(chosen[key]):
                chosen[key] = event
    kept = {id(event) for event in chosen.values()}
    return [event for event in events if id(event) in kept]


def without_restated_refunds(events: list[Event]) -> list[Event]:
    """Sorted events with each refund's lesser statements left out."""
    kept = {id(event) for event in distinct_refunds(events)}
    return [event for event in events if not isinstance(event.body, RefundIssued) or id(event) in kept]
