"""Shippo orders, batches and rates.

An order is Shippo's copy of a store's order (its Shopify app imports every one) to buy labels for. Its
lines, totals and address are the store's own facts, which the channel states, and its status (PAID,
SHIPPED) only follows the labels bought for it, which the transactions state: read as a shipment of its
lines it would ship every unit a second time beside the label's parcel (a phantom shipment the hub would
count, and report as shipped more than owed). So an order states no fact of its own: it is read (id,
number, line quantities), a malformed one is refused, and the labels it embeds map as transactions with
its `order_number` as their order reference.

A batch maps through the transactions it embeds; entries not yet purchased (transaction null) state
nothing the transaction will not state itself.

A rate is a quote, not a fact: nothing was bought and nothing changed, so rates map to no events.
They are still read (id, amount, currency), so a malformed rate is refused rather than ignored.
"""

from __future__ import annotations

from typing import Any

from adapters.shippo.common import compact, path_of, reader, required_text, unique
from adapters.shippo.transactions import transaction_events
from adapters.toolkit import MappingContext, PayloadError
from canonical_model.events import Event


def order_events(data: Any, pointer: str, ctx: MappingContext) -> list[Event]:
    """The events of each transaction the order embeds, under its number; the order itself states none."""
    r = reader(data, pointer)
    order_id = required_text(r, "object_id")
    references = unique([r.text("order_number")])
    for line in r.items("line_items"):
        line.integer("quantity")
    listed = r.data.get("transactions") or []
    if not isinstance(listed, list):
        raise PayloadError(r.at("transactions"), "must be a list")
    events: list[Event] = []
    for index, transaction in enumerate(listed):  # ids, or transactions embedded whole
        if isinstance(transaction, dict) and "object_created" in transaction:
            events += transaction_events(transaction, f"{pointer}/transactions/{index}", ctx, references,
                                         compact({"shippo_order_id": order_id, "shippo_order_status": r.text("order_status")}))
        elif not isinstance(transaction, (dict, str)):
            raise PayloadError(f"{r.at('transactions')}[{index}]", "must be a transaction object or its id")
    return events


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
