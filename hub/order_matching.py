"""Cross-system identity: facts from systems that did not take the order (3PL, carrier, payments,
accounting) carry references; the hub links each to the one order known by that name, and says so
when a reference matches no order (yet) or more than one (never a silent guess).

An alias is a reference normalised: trimmed, lower-cased, without a leading '#', so "#1001" from a
storefront and "1001" on an invoice are the same name.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from canonical_model.events import Event, FeeCharged, OrderSnapshot
from canonical_model.followed_references import FOLLOWED_PREFIX, described, is_followed
from canonical_model.parcels import normalise_tracking
from canonical_model.reconciliation_policy import classify
from hub.audit import AuditRecord
from hub.clock import as_utc, utc_now
from hub.policies import configured_policies
from hub.projections import discrepancy_id
from hub.schema import discrepancies, event_references, events, order_aliases
from hub.upsert import insert_missing

UNMATCHED = "UNMATCHED_RECORD"
# Aliases of things rather than names of orders (FOLLOWED_PREFIX): they follow an event to the order it is
# linked to. Those derived here from bodies:
OBJECT_PREFIX = "@shipment:"
TRACKING_PREFIX = "@tracking:"


def normalise(reference: str) -> str:
    return " ".join(reference.strip().lstrip("#").split()).lower()


def _stated_aliases(event: Event) -> set[str]:
    """The event's own references as aliases: order names normalised, followed references as the source wrote them."""
    return {reference.strip() if is_followed(reference) else normalise(reference) for reference in event.references}


def _followed(event: Event) -> set[str]:
    """The followed references an event states (a charge its refund names), registered for the order it is on."""
    return {reference.strip() for reference in event.references if is_followed(reference)}


def _aliases_of(event: Event) -> set[str]:
    if event.order is None:
        return set()
    names = {event.order.external_id}
    if isinstance(event.body, OrderSnapshot) and event.body.name:
        names.add(event.body.name)
    return {normalise(name) for name in names if name and normalise(name)}


def _insert_missing(connection: Connection, table: Any, rows: set[tuple[str, str]], columns: tuple[str, str]) -> None:
    insert_missing(connection, table, [dict(zip(columns, row, strict=True)) for row in sorted(rows)])


def _orders_by_alias(connection: Connection, aliases: set[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for alias, order_id in connection.execute(select(order_aliases).where(order_aliases.c.alias.in_(aliases))):
        found[alias].add(order_id)
    return found


def _pending(connection: Connection, aliases: set[str], event_ids: set[str]) -> dict[str, set[str]]:
    """Unlinked referencing events touched by these aliases or ids, each with all of its aliases."""
    touched = set(event_ids) | set(connection.execute(
        select(event_references.c.event_id).where(event_references.c.alias.in_(aliases))).scalars())
    refs: dict[str, set[str]] = defaultdict(set)
    query = (select(event_references.c.event_id, event_references.c.alias)
             .join(events, events.c.id == event_references.c.event_id)
             .where(event_references.c.event_id.in_(touched), events.c.order_id.is_(None)))
    for event_id, alias in connection.execute(query):
        refs[event_id].add(alias)
    return refs


def _object_aliases(event: Event) -> set[str]:
    """Facts about one shipment (a carrier's tracker and its label) follow each other to one order, and so do
    shipments sharing a tracking number (a 3PL's parcel and the carrier's tracker of it). A carrier's fee names
    the shipment or tracker it was charged for in its reference, and follows it."""
    if isinstance(event.body, FeeCharged) and event.order is None and event.body.reference:
        return {f"{OBJECT_PREFIX}{event.source.system}:{event.source.account}:{event.body.reference}"}
    shipment_id = getattr(event.body, "shipment_id", None)
    if not shipment_id:
        return set()
    numbers = getattr(event.body, "tracking_numbers", ())
    return {f"{OBJECT_PREFIX}{event.source.system}:{event.source.account}:{shipment_id}",
            *(f"{TRACKING_PREFIX}{normalise_tracking(number)}" for number in numbers if number and number.strip())}


def link_references(connection: Connection, fresh: list[Event]) -> tuple[set[str], list[AuditRecord]]:
    """Register the fresh orders' aliases, link referencing events that now match exactly one order,
    and keep an UNMATCHED_RECORD discrepancy for those that match none or several; returns the orders
    whose logs grew, and the audit records of what changed."""
    known = {(alias, event.order_id) for event in fresh if event.order_id
             for alias in _aliases_of(event) | _object_aliases(event) | _followed(event) if alias}
    _insert_missing(connection, order_aliases, known, ("alias", "order_id"))
    referencing = {(event.id, alias) for event in fresh if event.order is None
                   for alias in _stated_aliases(event) | _object_aliases(event) if alias}
    _insert_missing(connection, event_references, referencing, ("event_id", "alias"))
    linked_orders: set[str] = set()
    records: list[AuditRecord] = []
    aliases, event_ids = {alias for alias, _ in known}, {event_id for event_id, _ in referencing}
    while aliases or event_ids:
        linked = _link_pending(connection, _pending(connection, aliases, event_ids), records)
        linked_orders |= set(linked.values())
        # What follows a linked event (a shipment's tracker, a charge's refunds) may be waiting: the next round.
        follow = {(alias, linked[event_id]) for event_id, alias in connection.execute(
            select(event_references.c.event_id, event_references.c.alias).where(
                event_references.c.event_id.in_(linked), event_references.c.alias.startswith(FOLLOWED_PREFIX)))}
        _insert_missing(connection, order_aliases, follow, ("alias", "order_id"))
        aliases, event_ids = {alias for alias, _ in follow}, set()
    return linked_orders, records


def _link_pending(connection: Connection, pending: dict[str, set[str]], records: list[AuditRecord]) -> dict[str, str]:
    """Link each pending event matching exactly one order; the rest keep (or get) their discrepancy."""
    matches = _orders_by_alias(connection, {alias for aliases in pending.values() for alias in aliases})
    linked: dict[str, str] = {}
    for event_id, aliases in pending.items():
        candidates = set().union(*(matches.get(alias, set()) for alias in aliases))
        if len(candidates) == 1:
            [order_id] = candidates
            connection.execute(update(events).where(events.c.id == event_id).values(order_id=order_id))
            linked[event_id] = order_id
            records += _resolve_unmatched(connection, event_id, order_id)
        else:
            records += _open_unmatched(connection, event_id, aliases, candidates)
    return linked


def _shown(alias: str) -> str:
    if alias.startswith(TRACKING_PREFIX):
        return f"tracking number {alias.removeprefix(TRACKING_PREFIX)}"
    if alias.startswith(OBJECT_PREFIX):
        system, _, shipment_id = alias.removeprefix(OBJECT_PREFIX).split(":", 2)
        return f"{system} shipment {shipment_id}"
    if alias.startswith(FOLLOWED_PREFIX):
        return described(alias)
    return f"'{alias}'"


def _object_of(connection: Connection, event_id: str) -> Any:
    return connection.execute(select(events.c.system, events.c.object_type, events.c.object_id, events.c.occurred_at,
                                     events.c.data).where(events.c.id == event_id)).one()


def _unmatched_key(row: Any) -> str:
    """One discrepancy per source record, however many facts it carries (a shipment, its label fee, its scans)."""
    return f"{UNMATCHED}:{row.system}:{row.object_type}:{row.object_id}"


def _describe(row: Any) -> str:
    amount = row.data.get("amount") if isinstance(row.data, dict) else None
    money = f", {amount['amount']} {amount['currency']}" if isinstance(amount, dict) else ""
    return f"{row.system} {row.object_type} {row.object_id} ({as_utc(row.occurred_at):%Y-%m-%d}{money})"


def _judged(row: Any, aliases: set[str], candidates: set[str], now: datetime) -> tuple[str, str]:
    """(classification, explanation): ambiguity is an ERROR at once; no match is TIMING while the order may
    still arrive (`[reconciliation] unmatched_window_days`), an ERROR after."""
    order_names = sorted(alias for alias in aliases if not alias.startswith(FOLLOWED_PREFIX))
    names = ", ".join(_shown(alias) for alias in order_names or sorted(aliases))
    if candidates:
        classification, why = "ERROR", f"matches {len(candidates)} orders ({', '.join(sorted(candidates))}); not linked to any"
    else:
        window = configured_policies().reconciliation.unmatched_window
        classification, words = classify(as_utc(row.occurred_at), window, now)
        why = f"matches no order known to the hub yet; {words}"
    return classification, f"{_describe(row)} references {names}, which {why}"


def _open_unmatched(connection: Connection, event_id: str, aliases: set[str], candidates: set[str]) -> list[AuditRecord]:
    record = _object_of(connection, event_id)
    key = _unmatched_key(record)
    ident = discrepancy_id("", key)
    classification, explanation = _judged(record, aliases, candidates, utc_now())
    row = connection.execute(select(discrepancies.c.status, discrepancies.c.classification, discrepancies.c.event_ids)
                             .where(discrepancies.c.id == ident)).first()
    if row is not None and row.status != "RESOLVED" and row.classification == classification:
        if event_id not in row.event_ids:
            connection.execute(update(discrepancies).where(discrepancies.c.id == ident)
                               .values(event_ids=[*row.event_ids, event_id]))
        return []
    values = {"status": "OPEN", "explanation": explanation, "resolved_at": None, "classification": classification}
    if row is None:
        connection.execute(insert(discrepancies).values(
            id=ident, order_id=None, kind=UNMATCHED, finding_key=key, severity="WARNING",
            event_ids=[event_id], opened_at=utc_now(), **values))
        return [AuditRecord("discrepancy.opened", None, f"{UNMATCHED}: {explanation}", {"discrepancy_id": ident})]
    connection.execute(update(discrepancies).where(discrepancies.c.id == ident).values(**values))
    action = "discrepancy.reclassified" if row.status != "RESOLVED" else "discrepancy.reopened"
    return [AuditRecord(action, None, f"{UNMATCHED}: {explanation}", {"discrepancy_id": ident})]


def _resolve_unmatched(connection: Connection, event_id: str, order_id: str) -> list[AuditRecord]:
    ident = discrepancy_id("", _unmatched_key(_object_of(connection, event_id)))
    result = connection.execute(update(discrepancies).where(discrepancies.c.id == ident,
                                                            discrepancies.c.status != "RESOLVED")
                                .values(status="RESOLVED", resolved_at=utc_now()))
    if result.rowcount == 0:
        return []
    return [AuditRecord("discrepancy.resolved", order_id, f"{UNMATCHED} resolved: event {event_id} linked to {order_id}",
                        {"discrepancy_id": ident, "event_id": event_id})]


def rejudge_unmatched(connection: Connection) -> list[AuditRecord]:
    """Open TIMING unmatched records judged again as of now: a record whose window closed is an ERROR."""
    timing = connection.execute(select(discrepancies.c.event_ids).where(
        discrepancies.c.kind == UNMATCHED, discrepancies.c.status == "OPEN", discrepancies.c.classification == "TIMING"))
    event_ids = {row.event_ids[0] for row in timing if row.event_ids}
    records: list[AuditRecord] = []
    for event_id, aliases in _pending(connection, set(), event_ids).items():
        records += _open_unmatched(connection, event_id, aliases, set())
    return records
