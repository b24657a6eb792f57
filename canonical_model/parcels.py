"""One parcel, however many systems report it.

A parcel that a 3PL packs, a carrier carries and the storefront is told about arrives as three
shipments: the 3PL's (with its lines), the carrier's label or tracker (no lines, but the scans up to
delivery) and the channel's fulfilment (lines again, once the 3PL pushed the tracking number back).
Counted apart they would ship the units twice and show three parcels. The tracking number is what they
share, so shipments stating a common tracking number are one parcel: its events are rewritten to one
shipment id (the first shipment that states lines, else the first seen), and the folds downstream treat
the others' statements as restatements of that parcel. A statement without lines (a carrier's label)
never erases the lines another system stated, and the parcel left from where the first shipment stating
lines and a location says (the 3PL's warehouse; a storefront's own location id for a parcel a 3PL packed
is only the storefront's bookkeeping).
Shipments are told apart by system, so two systems' equal ids are never confused; shipments stating
no tracking number stay as they are.
"""

from __future__ import annotations

from dataclasses import replace

from canonical_model.events import (
    Event,
    ShipmentCreated,
    ShipmentDelivered,
    ShipmentShipped,
    ShipmentStatusChanged,
)

SHIPMENT_BODIES = (ShipmentCreated, ShipmentShipped, ShipmentStatusChanged, ShipmentDelivered)
_Key = tuple[str, str]


def normalise_tracking(number: str) -> str:
    return "".join(number.split()).upper()


class _Components:
    """Union-find over shipments and tracking numbers."""

    def __init__(self) -> None:
        self.parent: dict[object, object] = {}

    def find(self, node: object) -> object:
        self.parent.setdefault(node, node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def join(self, a: object, b: object) -> None:
        self.parent[self.find(a)] = self.find(b)


def _join_tracking(components: _Components, owners: dict[str, str], key: _Key, number: str,
                   order_id: str | None) -> None:
    """Join a shipment to the parcel of its tracking number. Carriers recycle numbers, so shipments of two
    different orders never join: the sightings that name no order (a 3PL's, a carrier's) join the first
    order seen with that number."""
    if order_id is None:
        components.join(key, ("tracking", number))
        return
    components.join(key, ("tracking", number, order_id))
    if owners.setdefault(number, order_id) == order_id:
        components.join(("tracking", number, order_id), ("tracking", number))


def _parcels(events: list[Event]) -> tuple[dict[_Key, _Key], dict[_Key, _Key | None]]:
    """Each shipment's parcel (its first shipment stating lines, else its first), and the shipment whose
    location the parcel left from (the first stating lines and a location, else the first stating one)."""
    components = _Components()
    owners: dict[str, str] = {}
    seen: list[_Key] = []
    with_lines: set[_Key] = set()
    located: set[_Key] = set()
    for event in events:
        if not isinstance(event.body, SHIPMENT_BODIES):
            continue
        key = (event.source.system, event.body.shipment_id)
        if key not in components.parent:
            seen.append(key)
        components.find(key)
        if isinstance(event.body, ShipmentCreated):
            with_lines.update([key] if event.body.lines else [])
            located.update([key] if event.body.location else [])
            for number in event.body.tracking_numbers:
                if number and number.strip():
                    _join_tracking(components, owners, key, normalise_tracking(number), event.order_id)
    chosen: dict[object, _Key] = {}
    for key in [k for k in seen if k in with_lines] + seen:
        chosen.setdefault(components.find(key), key)
    placed: dict[object, _Key] = {}
    for key in [k for k in seen if k in with_lines and k in located] + [k for k in seen if k in located]:
        placed.setdefault(components.find(key), key)
    return ({key: chosen[components.find(key)] for key in seen},
            {key: placed.get(components.find(key)) for key in seen})


def parcel_ids(events: list[Event]) -> dict[_Key, _Key]:
    """(system, shipment id) -> (system, shipment id) of the parcel's first shipment stating lines (else its
    first shipment), for every shipment among sorted events."""
    return _parcels(events)[0]


def as_parcels(events: list[Event]) -> list[Event]:
    """Sorted events with every shipment event naming its parcel (see the module docstring)."""
    ids, placed = _parcels(events)
    rewritten = []
    for event in events:
        body = event.body
        if isinstance(body, SHIPMENT_BODIES):
            key = (event.source.system, body.shipment_id)
            if isinstance(body, ShipmentCreated) and body.location and placed[key] != key:
                body = replace(body, location=None)
            parcel = ids[key][1]
            if parcel != body.shipment_id or body is not event.body:
                event = replace(event, body=replace(body, shipment_id=parcel))
        rewritten.append(event)
    return rewritten
