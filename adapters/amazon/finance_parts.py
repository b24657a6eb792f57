"""The amounts inside one Finances v0 event, each read as one Part with its place in the event.

Finances v0 states money as components (ChargeComponent, FeeComponent, Promotion, DirectPayment,
TaxWithheldComponent) or as plain Currency fields. Every amount keeps Amazon's sign: credits to the
seller positive, fees, promotions and refunded charges negative.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from adapters.amazon.common import picked, required_money
from adapters.toolkit import Reader
from canonical_model.money import Money

PartReader = Callable[[Reader, "Scope"], list["Part"]]

# kind -> (type field, amount field, description field, type when Amazon states none)
_COMPONENTS = {
    "charge": ("ChargeType", "ChargeAmount", None, "Charge"),
    "fee": ("FeeType", "FeeAmount", None, "Fee"),
    "promotion": ("PromotionType", "PromotionAmount", "PromotionId", "Promotion"),
    "direct_payment": ("DirectPaymentType", "DirectPaymentAmount", None, "DirectPayment"),
}


@dataclass(frozen=True)
class Part:
    """One amount of a financial event: charge, fee, promotion, direct_payment or withheld tax."""

    kind: str
    line_type: str
    amount: Money
    pointer: str
    scope: str = ""
    sku: str | None = None
    description: str | None = None
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Scope:
    """Where parts are read: the item they belong to (relative pointer, SKU, item ids) or the event itself."""

    base: str = ""
    sku: str | None = None
    context: dict[str, Any] = field(default_factory=dict)


EVENT = Scope()


def component(r: Reader, name: str, kind: str, scope: Scope = EVENT) -> list[Part]:
    """One component object (e.g. a PayWithAmazon Charge) as a part, none when absent."""
    if r.data.get(name) is None:
        return []
    return [_component(Reader(r.data[name], r.at(name)), kind, scope, f"{scope.base}/{name}")]


def components(r: Reader, name: str, kind: str, scope: Scope = EVENT) -> list[Part]:
    """Every component of a list such as ItemChargeList or FeeList."""
    return [_component(item, kind, scope, f"{scope.base}/{name}/{index}") for index, item in enumerate(r.items(name))]


def _component(c: Reader, kind: str, scope: Scope, pointer: str) -> Part:
    type_field, amount_field, description_field, default = _COMPONENTS[kind]
    return Part(
        kind=kind,
        line_type=c.text(type_field) or default,
        amount=required_money(c, amount_field),
        pointer=pointer,
        scope=scope.base,
        sku=scope.sku,
        description=c.text(description_field) if description_field else None,
        context=scope.context,
    )


def withheld(r: Reader, name: str, scope: Scope = EVENT) -> list[Part]:
    """Taxes withheld by Amazon as marketplace facilitator, one part per withheld charge."""
    found = []
    for index, group in enumerate(r.items(name)):
        inner = Scope(f"{scope.base}/{name}/{index}", scope.sku, scope.context)
        model = group.text("TaxCollectionModel")
        found += [replace(part, kind="withheld", scope=scope.base, description=model)
                  for part in components(group, "TaxesWithheld", "charge", inner)]
    return found


def amount(r: Reader, name: str, kind: str, line_type: str, scope: Scope = EVENT,
           description: str | None = None) -> list[Part]:
    """A plain Currency field (BaseTax, TransactionAmount...) as a part, none when absent."""
    if r.data.get(name) is None:
        return []
    return [Part(kind, line_type, required_money(r, name), f"{scope.base}/{name}", scope.base, scope.sku,
                 description, scope.context)]


def item_scope(item: Reader, base: str, sku_field: str | None = "SellerSKU") -> Scope:
    """The scope of one shipment, adjustment or removal item: its SKU and item identifiers."""
    ids = ("OrderItemId", "OrderAdjustmentItemId", "QuantityShipped", "RemovalShipmentItemId", "FulfillmentNetworkSKU",
           "FnSKU", "ASIN", "Quantity", "PerUnitAmount", "AdjustedQuantity", "TaxCollectionModel", "TransactionNumber")
    return Scope(base, item.text(sku_field) if sku_field else None, picked(item.data, ids))


def itemised_or_total(items: list[Part], total: list[Part]) -> list[Part]:
    """Item parts when they add up to the stated total (or no total is stated), else the total as one part."""
    if not items:
        return total
    if not total:
        return items
    summed = items[0].amount
    for part in items[1:]:
        summed = summed + part.amount
    return items if summed == total[0].amount else total
