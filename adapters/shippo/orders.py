"""Shippo orders, batches and rates.

An order (synced from a store or made in Shippo) is what is to be shipped: one ShipmentCreated named by
the order's id, with the order's lines, and the `order_number` as its order reference. Shippo states no
update time on orders, so an order's version is a short hash of its content. Its purchased labels map
as transactions when the order embeds them.

A batch maps through the transactions it embeds; entries not yet purchased (transaction null) state
nothing the transaction will not state itself.

A rate is a quote, not a fact: nothing was bought and nothing changed, so rates map to no events.
They are still read (id, amount, currency), so a malformed rate is refused rather than ignored.
"""

from __future__ import annotations

from typing import Any

from adapters.shippo.common import Origin, compact, content_version, path_of, reader, required_text, unique
from adapters.shippo.transactions import transaction_events
from adapters.toolkit import MappingContext, PayloadError, Reader
from canonical_model.events import Event, ShipmentCreated, ShipmentLine


def order_events(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    """ShipmentCreated with the order's lines, then the events of each transaction it embeds."""
    r = reader(data, pointer)
    order_id = required_text(r, "object_id")
    placed = r.time("object_updated") or r.time("placed_at") or r.time("object_created", required=True)
    references = unique([r.text("order_number")])
    origin = Origin(ctx, "order", order_id, r.text("object_updated") or content_version(data), pointer,
                    order_context(r), references)
    lines = tuple(
        ShipmentLine(sku=line.text("sku"), quantity=line.integer("quantity"), line_id=line.text("object_id"))
        for line in r.items("line_items")
    )
    status = (r.text("order_status") or "UNKNOWN").upper()
    events = [origin.event(ShipmentCreated(order_id, status, lines), placed)]
    listed = r.data.get("transactions") or []
    if not isinstance(listed, list):
        raise PayloadError(r.at("transactions"), "must be a list")
    for index, transaction in enumerate(listed):  # ids (kept in context) or embedded transactions
        if isinstance(transaction, dict) and "object_created" in transaction:
            events += transaction_events(transaction, f"{pointer}/transactions/{index}", ctx, references,
                                         {"shippo_order_id": order_id})
        elif not isinstance(transaction, (dict, str)):
            raise PayloadError(f"{r.at('transactions')}[{index}]", "must be a transaction object or its id")
    return events


def order_context(r: Reader) -> dict[str, Any]:
    """Status, store, shipping method and the order's stated totals as text; never the buyer."""
    currency = r.text("currency")
    return compact({
        "order_status": r.text("order_status"),
        "placed_at": r.text("placed_at"),
        "shop_app": r.text("shop_app"),
        "shipping_method": r.text("shipping_method"),
        "shipping_cost": _priced(r.text("shipping_cost"), r.text("shipping_cost_currency") or currency),
        "subtotal_price": _priced(r.text("subtotal_price"), currency),
        "total_tax": _priced(r.text("total_tax"), currency),
        "total_price": _priced(r.text("total_price"), currency),
        "weight": f"{r.text('weight')} {r.text('weight_unit') or ''}".strip() if r.text("weight") else None,
        "transaction_ids": [item for item in r.data.get("transactions") or [] if isinstance(item, str)],
        "test": r.data.get("test"),
    })


def _priced(amount: str | None, currency: str | None) -> str | None:
    return f"{amount} {currency}" if amount and currency else amount


def batch_events(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    """The events of each transaction the batch embeds, with the entry's metadata as its reference."""
    r = reader(data, pointer)
    batch_id = required_text(r, "object_id")
    context = compact({"shippo_batch_id": batch_id, "batch_status": r.text("status"),
                       "batch_metadata": r.text("metadata")})
    shipments = r.data.get("batch_shipments")
    base = f"{pointer}/batch_shipments"
    if isinstance(shipments, dict):
        shipments, base = shipments.get("results"), f"{base}/results"
    if not isinstance(shipments or [], list):
        raise PayloadError(path_of(base), "must be a list")
    events: list[Event] = []
    for index, item in enumerate(shipments or []):
        entry = reader(item, f"{base}/{index}")
        transaction = entry.data.get("transaction")
        if isinstance(transaction, dict):
            events += transaction_events(transaction, f"{base}/{index}/transaction", ctx,
                                         unique([entry.text("metadata")]), context)
    return events


def rate_events(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    """No events: a quote is not a fact; its id, amount and currency are still checked."""
    r = reader(data, pointer)
    required_text(r, "object_id")
    if r.money("amount", required_text(r, "currency"), required=True) is None:
        raise PayloadError(r.at("amount"), "is required")
    return []
