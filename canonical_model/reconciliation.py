"""Reconciliation: the rules that name the gaps between perspectives, recomputed from the events every time.

Findings are values (kind, key, severity, classification, explanation naming the events, amount or
quantity); the hub stores them as discrepancies and diffs each new set against the stored one, so a
finding whose resolving event has arrived simply is not found again and resolves itself.

- per order (`order_findings`, folded into `OrderView.findings`): QUANTITY_MISMATCH, SHIPPED_NOT_INVOICED,
  REFUND_NOT_SETTLED, PAYOUT_VARIANCE, FEE_ANOMALY, RETURN_NOT_RESTOCKED, PERIOD_MISMATCH (with
  SOURCE_INCONSISTENT from `source_checks`);
- over stock (`oversell.oversold_findings` on `inventory.inventory_state`): OVERSOLD;
- over payouts (`settlement_rules.settlement_findings`): SETTLEMENT_TOTAL_MISMATCH;
- for a record the hub could not link (`settlement_rules.unmatched_record`): UNMATCHED_RECORD.
"""

from __future__ import annotations

from datetime import datetime

from canonical_model.bom import NO_BUNDLES, BillOfMaterials
from canonical_model.costing import CostMovement
from canonical_model.events import Event
from canonical_model.money_rules import fee_anomalies, payout_variance, period_mismatches, refunds_not_settled
from canonical_model.order_rules import order_name, quantity_mismatches, returns_not_restocked, shipped_not_invoiced
from canonical_model.oversell import oversold_findings
from canonical_model.recognition import RecognitionPolicy, revenue_recognition
from canonical_model.reconciliation_policy import ReconciliationPolicy, log_now
from canonical_model.settlement_rules import settlement_findings, unmatched_record
from canonical_model.views import CommerceView, FinanceView, Finding, FulfillmentView

__all__ = ["ReconciliationPolicy", "order_findings", "oversold_findings", "settlement_findings", "unmatched_record"]


def order_findings(order_id: str, channel: str, events: list[Event], commerce: CommerceView,
                   fulfillment: FulfillmentView, finance: FinanceView, *, policy: ReconciliationPolicy | None = None,
                   now: datetime | None = None, recognition: RecognitionPolicy | None = None,
                   costs: tuple[CostMovement, ...] | None = None, bom: BillOfMaterials = NO_BUNDLES) -> list[Finding]:
    """Every order-level finding of one order's sorted events and perspectives, as of `now` (default: its latest event)."""
    policy, recognition = policy or ReconciliationPolicy(), recognition or RecognitionPolicy()
    now = log_now(events, now)
    findings = quantity_mismatches(order_id, events, commerce, policy, now, bom)
    findings += shipped_not_invoiced(order_id, events, commerce, policy, now)
    findings += refunds_not_settled(order_id, events, policy, now)
    findings += payout_variance(order_id, events, finance, policy, now, order_name(order_id, commerce, events))
    findings += fee_anomalies(order_id, channel, events, commerce, policy)
    findings += returns_not_restocked(order_id, events, fulfillment, policy, now)
    if costs:
        recognised = revenue_recognition(events, commerce, recognition, bom)
        findings += period_mismatches(order_id, recognised, costs, recognition.calendar.period_of_event)
    return findings
