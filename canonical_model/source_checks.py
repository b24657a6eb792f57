"""SOURCE_INCONSISTENT: where a source contradicts itself, report both figures instead of choosing silently."""

from __future__ import annotations

from canonical_model.commerce import computed_line_total, merged_snapshot
from canonical_model.events import Event, OrderSnapshot
from canonical_model.money import Money, total
from canonical_model.views import Finding

KIND = "SOURCE_INCONSISTENT"


def _describe(event: Event) -> str:
    source = event.source
    return f"{source.system} {source.object_type} {source.object_id} version {source.version}"


def _finding(key: str, explanation: str, gap: Money, events: list[Event]) -> Finding:
    return Finding(
        kind=KIND,
        key=f"{KIND}:{key}",
        severity="WARNING",
        classification="ERROR",
        explanation=explanation,
        amount=Money(abs(gap.amount), gap.currency),
        event_ids=tuple(event.id for event in events),
    )


def _compare(key: str, what: str, stated: Money | None, computed: Money, basis: str, latest: Event) -> list[Finding]:
    if stated is None or stated == computed:
        return []
    explanation = (
        f"{_describe(latest)} states {what} of {stated} but {basis} come to {computed}; "
        f"the hub reports the stated {stated}"
    )
    return [_finding(key, explanation, stated - computed, [latest])]


def _conflicting_versions(snapshot_events: list[Event]) -> list[Finding]:
    """Two different payloads for the same source version (same updated-at) that state different totals."""
    latest = snapshot_events[-1]
    moment = latest.source.version.split("#")[0]
    same = [e for e in snapshot_events if e.source.version.split("#")[0] == moment and e.body.stated is not None]
    totals = {str(e.body.stated.total): e for e in same if e.body.stated.total is not None}
    if len(totals) < 2:
        return []
    figures = " and ".join(f"{e.body.stated.total} ({e.source.version})" for e in totals.values())
    first, *rest = totals.values()
    gap = max((e.body.stated.total - first.body.stated.total for e in rest), key=lambda m: abs(m.amount))
    explanation = (
        f"{latest.source.system} {latest.source.object_type} {latest.source.object_id} was stated twice at "
        f"{moment} with different totals: {figures}; the hub reports the one that sorts last"
    )
    return [_finding(f"versions:{moment}", explanation, gap, list(totals.values()))]


def order_source_findings(events: list[Event]) -> list[Finding]:
    """Contradictions inside the channel's own statements of an order, checked on the merged snapshot."""
    snapshot_events = [event for event in events if isinstance(event.body, OrderSnapshot)]
    snapshot = merged_snapshot(events)
    if snapshot is None or snapshot.stated is None:
        return []
    latest = snapshot_events[-1]
    currency = snapshot.currency or "USD"
    stated = snapshot.stated
    findings: list[Finding] = []
    if snapshot.lines is not None:
        count = sum(line.quantity for line in snapshot.lines)
        findings += _compare("line_items", "a line-item total", stated.line_items,
                             computed_line_total(snapshot, currency), f"its {count} units at their prices", latest)
    if snapshot.discounts is not None:
        codes = ", ".join(d.code or d.reason or "discount" for d in snapshot.discounts) or "no discount"
        findings += _compare("discounts", "total discounts", stated.discounts,
                             total([d.amount for d in snapshot.discounts], currency), f"its discounts ({codes})", latest)
    if snapshot.tax_lines is not None:
        findings += _compare("tax", "total tax", stated.tax,
                             total([t.amount for t in snapshot.tax_lines], currency), "its tax lines", latest)
    if snapshot.shipping_lines is not None:
        findings += _compare("shipping", "total shipping", stated.shipping,
                             total([s.amount for s in snapshot.shipping_lines], currency), "its shipping lines", latest)
    if None not in (stated.subtotal, stated.tax, stated.total):
        shipping = stated.shipping or Money.zero(currency)
        tax = Money.zero(currency) if snapshot.taxes_included else stated.tax
        findings += _compare("total", "a total", stated.total, stated.subtotal + shipping + tax,
                             "its subtotal, shipping and tax", latest)
    return findings + _conflicting_versions(snapshot_events)
