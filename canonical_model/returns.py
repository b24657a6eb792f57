"""Returns as inventory sees them: when each was received and inspected, where, and with which disposition.

The fulfillment fold reads a return's disposition from the return itself; inspections often come as
their own facts (ReturnInspected from the warehouse), so they are laid over the returns here: a return
is INSPECTED once every returned unit has a disposition, and keeps PENDING until then.
"""

from __future__ import annotations

from dataclasses import replace

from canonical_model.events import Event, ReturnReceived
from canonical_model.inventory_events import ReturnInspected
from canonical_model.views import FulfillmentView, ReturnView


def _received(events: list[Event]) -> dict[str, Event]:
    found: dict[str, Event] = {}
    for event in events:
        if isinstance(event.body, ReturnReceived):
            found.setdefault(event.body.return_id, event)
    return found


def _inspections(events: list[Event]) -> dict[str, list[Event]]:
    found: dict[str, dict[str, Event]] = {}
    for event in events:
        if isinstance(event.body, ReturnInspected):
            # A later statement of the same disposition replaces the earlier one.
            found.setdefault(event.body.return_id, {})[event.body.disposition.upper()] = event
    return {return_id: list(by_disposition.values()) for return_id, by_disposition in found.items()}


def _inspected(view: ReturnView, inspections: list[Event]) -> ReturnView:
    units = sum(line.quantity for line in view.lines)
    inspected = sum(line.quantity for event in inspections for line in event.body.lines)
    dispositions = sorted({event.body.disposition.upper() for event in inspections})
    done = inspected >= units
    return replace(view, status="INSPECTED" if done else view.status,
                   disposition=("MIXED" if len(dispositions) > 1 else dispositions[0]) if done else view.disposition,
                   inspected_at=max(event.occurred_at for event in inspections) if done else None)


def with_inspections(fulfillment: FulfillmentView, events: list[Event]) -> FulfillmentView:
    """The fulfillment view with each return's receipt time, location and inspections laid over it."""
    received, inspections = _received(events), _inspections(events)
    returns = []
    for view in fulfillment.returns:
        first = received.get(view.id)
        if first is not None:
            view = replace(view, received_at=first.occurred_at, location=first.body.location,
                           inspected_at=first.occurred_at if view.disposition != "PENDING" else None)
        if view.disposition == "PENDING" and view.id in inspections:
            view = _inspected(view, inspections[view.id])
        returns.append(view)
    return replace(fulfillment, returns=tuple(returns))
