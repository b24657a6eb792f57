"""Fold an order's events, in any arrival order, into its three perspectives, completion and findings."""

from __future__ import annotations

from datetime import datetime

from canonical_model.bom import NO_BUNDLES, BillOfMaterials
from canonical_model.catalogue import fold_order
from canonical_model.commerce import commerce_view
from canonical_model.completion import completion
from canonical_model.costing import CostMovement
from canonical_model.events import Event
from canonical_model.finance import finance_view
from canonical_model.fulfillment import fulfillment_view
from canonical_model.identity import OrderRef
from canonical_model.journal import ChartOfAccounts
from canonical_model.parcels import as_parcels
from canonical_model.recognition import RecognitionPolicy
from canonical_model.reconciliation import ReconciliationPolicy, order_findings
from canonical_model.refunds import without_restated_refunds
from canonical_model.restatements import latest_statements
from canonical_model.returns import with_inspections
from canonical_model.source_checks import order_source_findings
from canonical_model.views import OrderView


def order_view(order: OrderRef, events: list[Event], chart: ChartOfAccounts | None = None, *,
               recognition: RecognitionPolicy | None = None, costs: tuple[CostMovement, ...] | None = None,
               reconciliation: ReconciliationPolicy | None = None, now: datetime | None = None,
               bom: BillOfMaterials = NO_BUNDLES) -> OrderView:
    """The order as its events say; sorting by source time first makes arrival order irrelevant.

    `recognition` sets when revenue is earned and the period calendar; `costs` are the order's cost
    movements from costing (`CostingState.for_order`), without which COGS and margin stay unknown;
    `reconciliation` holds the rules' windows and tolerances, judged as of `now` (default: the latest
    event); `bom` explodes bundles for revenue recognition and the quantity comparison.
    """
    # A refund stated twice (in its order and on its own) is one refund: every fold sees its fullest statement.
    # ... and a settlement line restated once paid out counts once, in its latest statement.
    # ... and one parcel reported by the 3PL, the carrier and the channel is one shipment.
    ordered = as_parcels(latest_statements(without_restated_refunds(sorted(events, key=fold_order))))
    commerce = commerce_view(ordered)
    fulfillment = with_inspections(fulfillment_view(ordered, commerce), ordered)
    finance, money_findings = finance_view(order.order_id, ordered, commerce, chart, recognition=recognition,
                                           costs=costs, bom=bom)
    policy = reconciliation or ReconciliationPolicy()
    rules = order_findings(order.order_id, order.system, ordered, commerce, fulfillment, finance, policy=policy,
                           now=now, recognition=recognition, costs=costs, bom=bom)
    return OrderView(
        order_id=order.order_id,
        channel=order.system,
        account=order.account,
        external_id=order.external_id,
        commerce=commerce,
        fulfillment=fulfillment,
        finance=finance,
        completion=completion(commerce, fulfillment, finance, tolerance=policy.payout_tolerance),
        findings=tuple(order_source_findings(ordered) + money_findings + rules),
        last_occurred_at=ordered[-1].occurred_at if ordered else None,
    )
