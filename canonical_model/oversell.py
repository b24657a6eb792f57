"""OVERSOLD: an order that takes available-to-promise below zero at a location or for its channel.

Recomputed from the current positions each time, so the finding appears as soon as the order that takes
ATP below zero is folded, and resolves itself when a receipt, a cancellation or a count brings ATP back.
The shortfall is laid on the newest orders holding the sku there (the older ones were promised first),
each finding saying how many of its units are short.

Stock is judged only where the hub counts it itself (`counted_places`: a location that has seen units of
the sku received, counted or transferred): a storefront's own location or a marketplace's network that
only ever reports shipments out has no count to promise from, and its negative "on hand" is the hub not
knowing, not an oversell. A channel promises from the counted locations serving it, against the orders
of the channels that share those locations.
"""

from __future__ import annotations

from canonical_model.bom import BillOfMaterials, explode
from canonical_model.events import Event
from canonical_model.inventory import available_to_promise, channel_available_to_promise
from canonical_model.inventory_events import InventoryAdjusted, InventoryReceived, TransferReceived, TransferShipped
from canonical_model.inventory_views import UNASSIGNED, Availability, InventoryState, OrderDemand, SafetyStock
from canonical_model.views import Finding

KIND = "OVERSOLD"
Place = tuple[str, str]  # (sku, location)


def counted_places(event: Event, bom: BillOfMaterials) -> set[Place]:
    """The (component sku, location) pairs whose stock an event shows the hub counting itself."""
    body = event.body
    if isinstance(body, InventoryReceived):
        located = [(line.sku, body.location) for line in body.lines]
    elif isinstance(body, InventoryAdjusted):
        located = [(body.sku, body.location)]
    elif isinstance(body, TransferShipped):
        located = [(line.sku, where) for line in body.lines for where in (body.from_location, body.to_location)]
    elif isinstance(body, TransferReceived):
        located = [(line.sku, body.to_location) for line in body.lines]
    else:
        return set()
    return {(component, location) for sku, location in located for component, _ in explode(sku, 1, bom)}


def _newest_first(demands: list[OrderDemand]) -> list[OrderDemand]:
    return sorted(demands, key=lambda d: (d.placed_at is not None, d.placed_at, d.order_id), reverse=True)


def _finding(scope_key: str, demand: OrderDemand | None, sku: str, short: int, holds: int,
             availability: Availability, where: str) -> Finding:
    if demand is None:
        explanation = f"{sku} at {where} is oversold by {short} units: {availability.describe()}"
        order_id, event_ids, key = None, (), f"{KIND}:{scope_key}:{sku}"
    else:
        placed = f" placed {demand.placed_at:%Y-%m-%d}" if demand.placed_at else ""
        explanation = (f"{demand.description}{placed} holds {holds} units of {sku} of which {short} cannot be "
                       f"promised at {where}: {availability.describe()}")
        order_id, event_ids, key = demand.order_id, demand.event_ids, f"{KIND}:{scope_key}:{sku}"
    return Finding(kind=KIND, key=key, severity="CRITICAL", classification="ERROR", explanation=explanation,
                   event_ids=event_ids, quantity=short, order_id=order_id)


def _spread(short: int, holders: list[tuple[OrderDemand, int]], scope_key: str, sku: str,
            availability: Availability, where: str, unattributed: bool = True) -> list[Finding]:
    """Lay the shortfall on the holders in turn; what no order holds is reported alone when `unattributed`."""
    findings = []
    for demand, holds in holders:
        if short <= 0:
            break
        taken = min(short, holds)
        findings.append(_finding(scope_key, demand, sku, taken, holds, availability, where))
        short -= taken
    if short > 0 and unattributed:
        findings.append(_finding(scope_key, None, sku, short, 0, availability, where))
    return findings


def location_oversold(state: InventoryState, counted: set[Place] | None = None) -> list[Finding]:
    """Locations where what is allocated (and held) exceeds what is on hand (only counted ones, when given)."""
    findings = []
    for position in state.positions:
        if position.location == UNASSIGNED or (counted is not None and (position.sku, position.location) not in counted):
            continue
        availability = available_to_promise(position)
        if availability.available >= 0:
            continue
        holders = [(d, d.allocated_units(position.sku, position.location)) for d in _newest_first(list(state.demands))]
        holders = [(d, units) for d, units in holders if units]
        findings += _spread(-availability.available, holders, f"location:{position.location}", position.sku,
                            availability, f"location {position.location}")
    return findings


def _sharing(channel: str, channels: set[str], channel_locations: dict[str, tuple[str, ...]]) -> set[str]:
    """The channels drawing on some location `channel` promises from (a channel without a list draws on all)."""
    mine = channel_locations.get(channel)
    return {other for other in channels if mine is None or channel_locations.get(other) is None
            or set(mine) & set(channel_locations[other])}


def channel_oversold(state: InventoryState, safety: SafetyStock | None = None,
                     channel_locations: dict[str, tuple[str, ...]] | None = None,
                     counted: set[Place] | None = None) -> list[Finding]:
    """Channels whose orders hold more of a sku than the (counted, when given) stock serving them can promise."""
    findings, configured = [], channel_locations or {}
    channels = sorted({demand.channel for demand in state.demands})
    for channel in channels:
        demands = [d for d in state.demands if d.channel == channel]
        sharing = _sharing(channel, set(channels), configured)
        for sku in sorted({sku for d in demands for sku, _ in d.reserved} | {s for d in demands for s, _, _ in d.allocated}):
            locations = configured.get(channel) or tuple(p.location for p in state.positions if p.sku == sku)
            if counted is not None:
                locations = tuple(location for location in locations if (sku, location) in counted)
                if not locations:
                    continue  # no count of the hub's own to promise from
            reserved = sum(d.reserved_units(sku) for d in state.demands if d.channel in sharing)
            availability = channel_available_to_promise(state, sku, channel, safety, locations, reserved)
            if availability.available >= 0:
                continue
            holders = [(d, d.reserved_units(sku) + d.allocated_units(sku)) for d in _newest_first(demands)]
            findings += _spread(-availability.available, [(d, units) for d, units in holders if units],
                                f"channel:{channel}", sku, availability, f"channel {channel}", unattributed=False)
    return findings


def oversold_findings(state: InventoryState, safety: SafetyStock | None = None,
                      channel_locations: dict[str, tuple[str, ...]] | None = None,
                      counted: set[Place] | None = None) -> list[Finding]:
    """Every OVERSOLD finding the positions show now, per location and per channel (where the hub counts the
    stock itself, when `counted` is given)."""
    return location_oversold(state, counted) + channel_oversold(state, safety, channel_locations, counted)
