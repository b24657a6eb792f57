"""What every ShipHero mapping shares: parsing, the origin of a fact, ids, connections, locations, money and context."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from adapters.toolkit import MappingContext, PayloadError, Reader
from adapters.toolkit.facts import ObjectOrigin
from adapters.toolkit.facts import compact as compact
from adapters.toolkit.facts import content_version as content_version
from adapters.toolkit.facts import path_of as path_of
from adapters.toolkit.facts import plain as plain
from adapters.toolkit.facts import reader as reader
from adapters.toolkit.facts import unique as unique
from canonical_model.money import Money

SYSTEM = "shiphero"


class Origin(ObjectOrigin):
    """One ShipHero object as the source of facts: its identity, the order references it carries, its payload."""

    system: ClassVar[str] = SYSTEM


def nodes(r: Reader, name: str) -> list[Reader]:
    """The nodes of a connection field (`{"edges": [{"node": ...}]}`); ShipHero also lets some lists be plain lists."""
    value = r.data.get(name)
    if value is None:
        return []
    if isinstance(value, list):
        return list(r.items(name))
    connection = Reader(value, r.at(name))
    found = []
    for edge in connection.items("edges"):
        node = edge.child("node")
        if node is None:
            raise PayloadError(edge.at("node"), "is required")
        found.append(node)
    return found


def location(warehouse_id: str) -> str:
    """The hub's name of a ShipHero warehouse: "shiphero:<warehouse_id>" (the GraphQL warehouse id)."""
    return f"{SYSTEM}:{warehouse_id}"


def stated_cost(r: Reader, name: str, ctx: MappingContext) -> Money | None:
    """A cost ShipHero states as a decimal string without currency, in the connection's currency; None when absent or zero."""
    value = r.data.get(name)
    if value is None or value == "" or is_zero_amount(value):
        return None
    if ctx.currency is None:
        raise PayloadError(r.at(name), "ShipHero states costs without a currency and the connection names none; "
                           "set `currency` on the connection or pass `hub ingest shiphero --currency CODE` "
                           "(the hub does not guess one)")
    return r.money(name, ctx.currency)


def is_zero_amount(value: Any) -> bool:
    """Whether a stated amount is zero (text that is not a number is not zero: reading it fails later)."""
    try:
        return Decimal(str(value)) == 0
    except ArithmeticError:
        return False


def order_references(*readers: Reader | None) -> tuple[str, ...]:
    """The store's order number and the storefront's order id the brand sent ShipHero, once each."""
    return unique(value for r in readers if r is not None
                  for value in (r.text("order_number"), r.text("partner_order_id")))


