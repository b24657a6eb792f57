"""Commerce perspective: fold the channel's order snapshots into what the customer was promised.

Snapshots merge field by field in fold order, so a partial payload (a `fields=`-filtered response)
never erases what an earlier full payload said. Totals are the ones the source stated; where the
source stated none, they are computed from the lines.
"""

from __future__ import annotations

from dataclasses import fields, replace

from canonical_model.events import Event, OrderCancelled, OrderSnapshot, StatedTotals
from canonical_model.money import Money, total
from canonical_model.views import CommerceLine, CommerceView

_SNAPSHOT_FIELDS = [field.name for field in fields(OrderSnapshot)]


def merge_snapshot(merged: OrderSnapshot, update: OrderSnapshot) -> OrderSnapshot:
    """Fields the update states replace the merged ones; fields it leaves None are kept."""
    changes = {name: getattr(update, name) for name in _SNAPSHOT_FIELDS if getattr(update, name) is not None}
    if update.stated is not None and merged.stated is not None:
        changes["stated"] = merge_stated(merged.stated, update.stated)
    return replace(merged, **changes)


def merge_stated(merged: StatedTotals, update: StatedTotals) -> StatedTotals:
    changes = {field.name: getattr(update, field.name) for field in fields(StatedTotals)}
    return replace(merged, **{name: value for name, value in changes.items() if value is not None})


def merged_snapshot(events: list[Event]) -> OrderSnapshot | None:
    """The order as all snapshots together state it, or None when no snapshot has arrived."""
    snapshots = [event.body for event in events if isinstance(event.body, OrderSnapshot)]
    if not snapshots:
        return None
    merged = OrderSnapshot()
    for snapshot in snapshots:
        merged = merge_snapshot(merged, snapshot)
    return merged


def computed_line_total(snapshot: OrderSnapshot, currency: str) -> Money:
    return total([line.unit_price.times(line.quantity) for line in snapshot.lines or ()], currency)


def _or(stated: Money | None, computed: Money) -> Money:
    return stated if stated is not None else computed


def commerce_view(events: list[Event]) -> CommerceView:
    """Fold sorted events into the commerce perspective."""
    snapshot = merged_snapshot(events)
    cancelled = [event.body for event in events if isinstance(event.body, OrderCancelled)]
    if snapshot is None:
        return CommerceView(status="CANCELLED" if cancelled else None)
    currency = snapshot.currency or "USD"
    stated = snapshot.stated or StatedTotals()
    discounts = snapshot.discounts or ()
    discount_total = _or(stated.discounts, total([d.amount for d in discounts], currency))
    line_total = _or(stated.line_items, computed_line_total(snapshot, currency))
    tax_total = _or(stated.tax, total([t.amount for t in snapshot.tax_lines or ()], currency))
    shipping_total = _or(stated.shipping, total([s.amount for s in snapshot.shipping_lines or ()], currency))
    subtotal = _or(stated.subtotal, line_total - discount_total)
    grand_total = subtotal + shipping_total + (tax_total if not snapshot.taxes_included else Money.zero(currency))
    status = "CANCELLED" if cancelled else snapshot.status
    return CommerceView(
        name=snapshot.name,
        placed_at=snapshot.placed_at,
        status=status,
        currency=currency,
        presentment_currency=snapshot.presentment_currency,
        lines=tuple(
            CommerceLine(line.line_id, line.sku, line.title, line.quantity, line.unit_price, line.discounts)
            for line in snapshot.lines or ()
        ),
        discounts=discounts,
        tax_lines=snapshot.tax_lines or (),
        shipping_lines=snapshot.shipping_lines or (),
        subtotal=subtotal,
        discount_total=discount_total,
        tax_total=tax_total,
        shipping_total=shipping_total,
        total=_or(stated.total, grand_total),
        presentment_total=snapshot.presentment_total,
        promised_delivery=snapshot.promised_delivery,
        cancelled_at=cancelled[-1].cancelled_at if cancelled else None,
        cancel_reason=cancelled[-1].reason if cancelled else None,
    )
