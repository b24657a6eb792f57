"""Order rules between commerce and fulfillment: QUANTITY_MISMATCH, SHIPPED_NOT_INVOICED, RETURN_NOT_RESTOCKED.

Quantities are compared per component sku (bundles explode through the bill of materials). What the
order owes is what was ordered, less units refunded before they shipped and units a shipment states as
backordered; a cancelled order owes nothing more than it shipped. Shipping more than owed is an ERROR at
once; shipping less is TIMING while the shipment window after the latest shipment runs (the rest may
follow), then an ERROR. An order with nothing shipped yet is not a mismatch: completion reports it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from canonical_model.accounting_events import InvoiceRecorded
from canonical_model.bom import NO_BUNDLES, BillOfMaterials, explode
from canonical_model.events import Event, RefundIssued, ReturnReceived, ShipmentCreated
from canonical_model.reconciliation_policy import ERROR, ReconciliationPolicy, classify, dated, describe, finding
from canonical_model.stock_moves import StockMove, stock_moves
from canonical_model.views import CommerceView, Finding, FulfillmentView

INVOICE_KINDS = {"INVOICE", "SALES_RECEIPT"}


def order_name(order_id: str, commerce: CommerceView, events: list[Event]) -> str:
    ref = next((event.order for event in events if event.order is not None), None)
    name = f" ({commerce.name})" if commerce.name else ""
    return f"{ref.system} order {ref.external_id}{name}" if ref else f"order {order_id}{name}"


def _units(lines: list[tuple[str | None, int]], bom: BillOfMaterials) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for sku, quantity in lines:
        if sku:
            for component, units in explode(sku, quantity, bom):
                totals[component] += units
    return totals


def _excused(events: list[Event], ships: list[StockMove], bom: BillOfMaterials) -> tuple[dict[str, int], dict[str, int]]:
    """Units refunded before they shipped, and units stated as backordered, per component sku."""
    first_ship: dict[str, datetime] = {}
    for move in ships:
        first_ship.setdefault(move.sku, move.event.occurred_at)
    refunded: dict[str, int] = defaultdict(int)
    for event in events:
        if isinstance(event.body, RefundIssued):
            for sku, units in _units([(line.sku, line.quantity) for line in event.body.lines], bom).items():
                if sku not in first_ship or event.occurred_at < first_ship[sku]:
                    refunded[sku] += units
    latest: dict[str, ShipmentCreated] = {}
    for event in events:
        if isinstance(event.body, ShipmentCreated):
            latest[event.body.shipment_id] = event.body
    backordered = _units([(line.sku, line.quantity) for body in latest.values() if "BACKORDER" in body.status.upper()
                          for line in body.lines], bom)
    return refunded, backordered


def quantity_mismatches(order_id: str, events: list[Event], commerce: CommerceView, policy: ReconciliationPolicy,
                        now: datetime | None, bom: BillOfMaterials = NO_BUNDLES) -> list[Finding]:
    """Per sku, shipped units that differ from what the order owes."""
    ships = [move for move in stock_moves(events, bom) if move.kind == "SHIP"]
    if not commerce.lines or not ships:
        return []
    ordered = _units([(line.sku, line.quantity) for line in commerce.lines], bom)
    shipped: dict[str, int] = defaultdict(int)
    for move in ships:
        shipped[move.sku] += move.quantity
    refunded, backordered = _excused(events, ships, bom)
    cancelled = commerce.status == "CANCELLED" or commerce.cancelled_at is not None
    last = ships[-1].event
    name, findings = order_name(order_id, commerce, events), []
    for sku in sorted(set(ordered) | set(shipped)):
        owed = max(ordered.get(sku, 0) - refunded.get(sku, 0), 0)
        gap = shipped.get(sku, 0) - owed
        if gap < 0:
            gap = 0 if cancelled else min(gap + backordered.get(sku, 0), 0)
        if gap == 0:
            continue
        classification, window = (ERROR, "more than owed") if gap > 0 else classify(
            last.occurred_at, policy.shipment_window, now)
        explanation = (f"{name} owes {owed} units of {sku} (ordered {ordered.get(sku, 0)}, refunded before shipping "
                       f"{refunded.get(sku, 0)}) but {shipped.get(sku, 0)} shipped, the latest on {dated(last)} "
                       f"({describe(last)}); {window}")
        evidence = [e for e in events if e.order is not None and isinstance(e.body, ShipmentCreated)]
        findings.append(finding("QUANTITY_MISMATCH", sku, classification, explanation, evidence,
                                quantity=abs(gap), order_id=order_id))
    return findings


def shipped_not_invoiced(order_id: str, events: list[Event], commerce: CommerceView, policy: ReconciliationPolicy,
                         now: datetime | None) -> list[Finding]:
    """A shipped order without an invoice or sales receipt in accounting, when the books are expected to hold one."""
    if not policy.invoices_expected:
        return []
    ships = [move for move in stock_moves(events) if move.kind == "SHIP"]
    invoiced = any(isinstance(e.body, InvoiceRecorded) and e.body.kind.upper() in INVOICE_KINDS for e in events)
    if not ships or invoiced:
        return []
    first = ships[0].event
    classification, window = classify(first.occurred_at, policy.invoice_window, now)
    explanation = (f"{order_name(order_id, commerce, events)} of {commerce.total} shipped on {dated(first)} "
                   f"({describe(first)}) has no invoice or sales receipt in accounting; {window}")
    return [finding("SHIPPED_NOT_INVOICED", order_id, classification, explanation, [first], amount=commerce.total,
                    order_id=order_id)]


def returns_not_restocked(order_id: str, events: list[Event], fulfillment: FulfillmentView,
                          policy: ReconciliationPolicy, now: datetime | None) -> list[Finding]:
    """Returns received and still waiting for an inspection disposition."""
    findings = []
    received = {e.body.return_id: e for e in events if isinstance(e.body, ReturnReceived)}
    for ret in fulfillment.returns:
        if ret.disposition != "PENDING" or ret.received_at is None:
            continue
        units = sum(line.quantity for line in ret.lines)
        classification, window = classify(ret.received_at, policy.return_window, now)
        event = received[ret.id]
        explanation = (f"return {ret.id} of {units} units received on {ret.received_at:%Y-%m-%d} at "
                       f"{ret.location or 'an unstated location'} ({describe(event)}) has no inspection disposition "
                       f"(restock, damaged or write-off); {window}")
        findings.append(finding("RETURN_NOT_RESTOCKED", ret.id, classification, explanation, [event], quantity=units,
                                order_id=order_id))
    return findings
