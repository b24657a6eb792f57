"""Stock moves one event at a time, for folds that keep their state between appends.

`stock_moves` turns a whole sorted list into moves; a resumable fold needs the same translation event by
event, with the mover's state kept (and journaled) by the fold. Parcels (`canonical_model.parcels`) are
found over the whole list there: here `ParcelIndex` keeps the shipments and tracking numbers seen, and
rewrites only the parcel a new shipment event joins, saying which earlier events now read differently.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from canonical_model.bom import BillOfMaterials
from canonical_model.catalogue import fold_order
from canonical_model.events import Event, ShipmentCreated
from canonical_model.parcels import SHIPMENT_BODIES, as_parcels, normalise_tracking
from canonical_model.stock_moves import Mover

_Key = tuple[str, str]


def new_mover(bom: BillOfMaterials) -> Mover:
    """A mover with nothing applied yet."""
    return Mover(bom)


def _tracking(event: Event) -> set[str]:
    if not isinstance(event.body, ShipmentCreated):
        return set()
    return {normalise_tracking(number) for number in event.body.tracking_numbers if number and number.strip()}


class ParcelIndex:
    """The shipment events seen, by shipment and by tracking number, and how each was last rewritten."""

    def __init__(self) -> None:
        self.events: dict[_Key, dict[str, Event]] = defaultdict(dict)
        self.keys_of_tracking: dict[str, set[_Key]] = defaultdict(set)
        self.tracking_of_key: dict[_Key, set[str]] = defaultdict(set)
        self.rewritten: dict[str, Event] = {}

    def _parcel(self, keys: Iterable[_Key]) -> set[_Key]:
        """Every shipment sharing a tracking number with the given ones, transitively."""
        found, waiting = set(), list(keys)
        while waiting:
            key = waiting.pop()
            if key in found:
                continue
            found.add(key)
            for number in self.tracking_of_key.get(key, ()):
                waiting += self.keys_of_tracking[number] - found
        return found

    def add(self, events: list[Event]) -> dict[str, Event]:
        """Take new (or restated) events; returns, by event id, each shipment event whose rewrite is new or changed."""
        touched: set[_Key] = set()
        for event in events:
            if isinstance(event.body, SHIPMENT_BODIES):
                key = (event.source.system, event.body.shipment_id)
                self.events[key][event.id] = event
                for number in _tracking(event):
                    self.keys_of_tracking[number].add(key)
                    self.tracking_of_key[key].add(number)
                touched.add(key)
        if not touched:
            return {}
        members = sorted((event for key in self._parcel(touched) for event in self.events[key].values()), key=fold_order)
        changed = {}
        for original, now in zip(members, as_parcels(members), strict=True):
            before = self.rewritten.get(original.id)
            if before is None or (before is not now and before != now):
                changed[original.id] = self.rewritten[original.id] = now
        return changed
