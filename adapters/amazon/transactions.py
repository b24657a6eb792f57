"""Finances 2024-06-19 transactions (listTransactions) as settlement lines.

A transaction is one SettlementLineRecorded per breakdown, or one for its totalAmount when it states
none. Breakdowns nest (Sales > ProductCharges > Principal): a node is split into its children only
when they add up to it exactly, so the lines always add up to the stated totalAmount. The settlement
is the FINANCIAL_EVENT_GROUP_ID the transaction names, else "unassigned"; the order is its ORDER_ID.

A transaction's object id and version are its transactionId (a digest of its content when it has
none): a DEFERRED transaction later RELEASED keeps its first lines rather than being counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from adapters.amazon.common import EPOCH, canonical_hash, compact, origin, path_of, picked, plain, required_money
from adapters.toolkit import MappingContext, Reader, SourceObject
from canonical_model.events import Event, SettlementLineRecorded
from canonical_model.money import Money, total

UNASSIGNED = "unassigned"


@dataclass(frozen=True)
class Leaf:
    """One line of a transaction: its type, amount, pointer inside the transaction and the breakdowns above it."""

    line_type: str
    amount: Money
    pointer: str
    path: tuple[str, ...]


def transaction_events(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """One settlement line per (exactly adding) breakdown of the transaction."""
    r = Reader(obj.data, path_of(obj.pointer))
    related = related_identifiers(r)
    order_id = related.get("ORDER_ID")
    transaction_id = r.text("transactionId") or canonical_hash(obj.data)
    stated = required_money(r, "totalAmount")
    context = transaction_context(r, related)
    occurred_at = r.time("postedDate")
    if occurred_at is None:
        context["occurred_at_fallback"] = "the transaction states no postedDate; the Unix epoch stands for it"
    source = origin(ctx, "transaction", transaction_id, transaction_id, obj.pointer, order_id, context)
    settlement_id = related.get("FINANCIAL_EVENT_GROUP_ID") or UNASSIGNED
    sku = single_sku(r)
    events = []
    for leaf in leaves(r, stated, str(r.data.get("transactionType") or "Transaction"), "", ()):
        body = SettlementLineRecorded(
            settlement_id=settlement_id,
            line_id=f"{transaction_id}{leaf.pointer}",
            line_type=leaf.line_type,
            amount=leaf.amount,
            description="/".join(leaf.path) or r.text("description"),
            order_external_id=order_id,
            sku=sku,
        )
        events.append(source.event(body, occurred_at or EPOCH, key=leaf.pointer, pointer=f"{obj.pointer}{leaf.pointer}"))
    return events


def leaves(r: Reader, amount: Money, line_type: str, pointer: str, path: tuple[str, ...]) -> list[Leaf]:
    """The node as one line, or its breakdowns' lines when they add up to it exactly."""
    children = [
        (child, child.text("breakdownType") or "Breakdown", required_money(child, "breakdownAmount"))
        for child in r.items("breakdowns")
    ]
    if not children or total([money for _, _, money in children], amount.currency) != amount:
        return [Leaf(line_type, amount, pointer, path)]
    found = []
    for index, (child, child_type, money) in enumerate(children):
        found += leaves(child, money, child_type, f"{pointer}/breakdowns/{index}", (*path, line_type) if pointer else ())
    return found


def related_identifiers(r: Reader) -> dict[str, str]:
    """relatedIdentifiers as name -> value (ORDER_ID, FINANCIAL_EVENT_GROUP_ID, SHIPMENT_ID, REFUND_ID...)."""
    found: dict[str, str] = {}
    for item in r.items("relatedIdentifiers"):
        name, value = item.text("relatedIdentifierName"), item.text("relatedIdentifierValue")
        if name and value:
            found.setdefault(name, value)
    return found


def single_sku(r: Reader) -> str | None:
    """The SKU of the transaction when its product contexts name exactly one."""
    contexts = list(r.items("contexts")) + [c for item in r.items("items") for c in item.items("contexts")]
    skus = {context.text("sku") for context in contexts if context.text("sku")}
    return skus.pop() if len(skus) == 1 else None


def transaction_context(r: Reader, related: dict[str, str]) -> dict[str, Any]:
    """Type, status, description, marketplace, related identifiers and the contexts Amazon states."""
    marketplace = r.child("marketplaceDetails")
    metadata = r.child("sellingPartnerMetadata")
    contexts = [compact({key: plain(value) for key, value in c.data.items()}) for c in r.items("contexts")]
    return compact({
        **picked(r.data, ("transactionType", "transactionStatus", "description", "transactionId", "totalAmount")),
        "marketplaceName": marketplace.text("marketplaceName") if marketplace else None,
        "marketplaceId": metadata.text("marketplaceId") if metadata else None,
        "accountType": metadata.text("accountType") if metadata else None,
        "relatedIdentifiers": related,
        "contexts": [c for c in contexts if c],
    })
