"""Completion: an order is complete only when delivered, its inventory settled and its money settled."""

from __future__ import annotations

from decimal import Decimal

from canonical_model.views import CommerceView, Completion, FinanceView, FulfillmentView

SETTLEMENT_TOLERANCE = Decimal("0.01")


def _delivery_gaps(commerce: CommerceView, fulfillment: FulfillmentView) -> list[str]:
    if commerce.status == "CANCELLED" and fulfillment.shipped_units == 0:
        return []
    if not commerce.lines:
        return ["order lines (no order placement received yet)"] if commerce.placed_at is None else []
    gap = fulfillment.owed_units - fulfillment.delivered_units
    return [f"delivery of {gap} of {fulfillment.owed_units} units"] if gap > 0 else []


def _inventory_gaps(fulfillment: FulfillmentView) -> list[str]:
    pending = [ret.id for ret in fulfillment.returns if ret.disposition == "PENDING"]
    return [f"inspection of return {ret_id}" for ret_id in pending]


def _money_gaps(finance: FinanceView, tolerance: Decimal) -> list[str]:
    if finance.net_expected is None:
        return ["order totals"]
    if finance.settled_net is None:
        return [] if finance.net_expected.is_zero() else [f"settlement of {finance.net_expected} expected net"]
    gap = finance.net_expected.amount - finance.settled_net.amount
    if abs(gap) <= tolerance:
        return []
    return [f"settlement of {gap} {finance.currency} (expected {finance.net_expected}, settled {finance.settled_net})"]


def completion(commerce: CommerceView, fulfillment: FulfillmentView, finance: FinanceView, *,
               tolerance: Decimal = SETTLEMENT_TOLERANCE) -> Completion:
    """Each part of completion reported separately, with what is still missing."""
    delivery, inventory = _delivery_gaps(commerce, fulfillment), _inventory_gaps(fulfillment)
    money = _money_gaps(finance, tolerance)
    return Completion(
        delivered=not delivery,
        inventory_settled=not inventory,
        money_settled=not money,
        missing=tuple(delivery + inventory + money),
    )
