"""One refund, counted once: a channel may state the same refund twice (listed in its order and in
full on its own), as two facts that say different things, and the payment processor that sent the
money states it a third time under the id both it and the channel know (`payment_refund_id`). Folds
take the fullest statement (the channel's, with its lines).
"""

from __future__ import annotations

from canonical_model.events import Event, RefundIssued


def _fullness(event: Event) -> tuple[bool, int]:
    # A refund fetched on its own states its lines and time; one listed in its order may not.
    return (event.source.object_type == "refund", len(event.body.lines))


def distinct_refunds(events: list[Event]) -> list[Event]:
    """The RefundIssued events of sorted events, one per refund (a system's refund id, or the payment
    refund id several systems share), the fullest statement kept."""
    groups: dict[object, list[Event]] = {}
    named: dict[object, object] = {}  # a key -> the group it was merged into
    for event in events:
        if not isinstance(event.body, RefundIssued):
            continue
        keys = [("refund", event.source.system, event.body.refund_id)]
        if event.body.payment_refund_id:
            keys.append(("payment", event.body.payment_refund_id))
        found = {named[key] for key in keys if key in named}
        group = min(found, key=str) if found else keys[0]
        members = groups.setdefault(group, [])
        for other in found - {group}:
            members += groups.pop(other)
        members.append(event)
        named.update({key: group for key in keys} | {key: group for key, value in named.items() if value in found})
    kept = {id(max(members, key=_fullness)) for members in groups.values()}
    return [event for event in events if id(event) in kept]


def without_restated_refunds(events: list[Event]) -> list[Event]:
    """Sorted events with each refund's lesser statements left out."""
    kept = {id(event) for event in distinct_refunds(events)}
    return [event for event in events if not isinstance(event.body, RefundIssued) or id(event) in kept]
