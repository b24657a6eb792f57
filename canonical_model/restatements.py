"""Facts restated under a new version (a settlement line first pending, then paid out; a payout as it
moves from scheduled to paid) count once: the latest statement of each source object stands.
"""

from __future__ import annotations

from canonical_model.events import Event, PayoutRecorded, SettlementLineRecorded

RESTATED = (SettlementLineRecorded, PayoutRecorded)


def statement_identity(event: Event) -> tuple[str, str, str, str, str, str]:
    source = event.source
    return (source.system, source.account, source.object_type, source.object_id, event.key, event.type)


def latest_statements(events: list[Event]) -> list[Event]:
    """Sorted events with every earlier statement of a restated settlement line or payout left out."""
    latest: dict[tuple[str, str, str, str, str, str], Event] = {}
    for event in events:
        if isinstance(event.body, RESTATED):
            latest[statement_identity(event)] = event
    kept = {id(event) for event in latest.values()}
    return [event for event in events if not isinstance(event.body, RESTATED) or id(event) in kept]
