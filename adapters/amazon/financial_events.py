"""Finances v0 financial events as facts: a settlement line per amount, a fee per fee, a refund per refund event.

A ShipmentEvent whose items Amazon charged FBA fulfilment fees for is also the parcel Amazon shipped
from its network (ShipmentCreated and ShipmentShipped at location `amazon-fba`).
Every amount (charge, fee, promotion, direct payment, withheld tax) becomes a SettlementLineRecorded
signed as Amazon signs it, in settlement FinancialEventGroupId when the event states one, else
"unassigned". Every non-zero fee is also a FeeCharged whose amount is the cost (Amazon's fee
negated, so a fee refund is a negative cost). A RefundEvent is also a RefundIssued whose amount is
what the buyer got back: its charges (principal, tax, shipping...) and promotion reversals, negated.

Events have no id: an event's object id is a digest of its content (after its AmazonOrderId when it
has one), its version its PostedDate, and each fact's key the JSON pointer of its amount inside the
event, so the same event read from listFinancialEvents or ...ByOrderId maps to the same ids. An
event with no posting date occurs at the Unix epoch (UTC) and says so in its context.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from adapters.amazon.common import EPOCH, Origin, canonical_hash, compact, first_time, origin, path_of, plain
from adapters.amazon.finance_kinds import KINDS, SHIPMENT_ITEM_LISTS
from adapters.amazon.finance_parts import Part, Scope
from adapters.toolkit import MappingContext, PayloadError, Reader, SourceObject
from canonical_model.events import (
    Event,
    FeeCharged,
    RefundIssued,
    RefundLine,
    SettlementLineRecorded,
    ShipmentCreated,
    ShipmentLine,
    ShipmentShipped,
)
from canonical_model.money import Money, total

DATE_FIELDS = ("PostedDate", "postedDate", "TransactionPostedDate", "TransactionCreationDate")
UNASSIGNED = "unassigned"


def financial_event_events(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """The facts of one financial event of a supported kind; any other kind is refused naming its path."""
    where = path_of(obj.pointer)
    kind = KINDS.get(obj.object_type)
    if kind is None:
        raise PayloadError(where, f"unsupported Amazon financial event {obj.object_type}; supported: {', '.join(KINDS)}")
    r = Reader(obj.data, where)
    order_id = r.text(kind.order_field) if kind.order_field else None
    parts = kind.parts(r, Scope(sku=r.text(kind.sku_field) if kind.sku_field else None))
    content = canonical_hash(obj.data)
    object_id = f"{order_id}#{content}" if order_id else content
    posted_at, posted = first_time(r, DATE_FIELDS)
    context = event_context(obj)
    if posted_at is None:
        context["occurred_at_fallback"] = "the event states no posting date; the Unix epoch stands for it"
    references = tuple(str(r.text(name)) for name in kind.reference_fields if r.text(name))
    source = origin(ctx, obj.object_type, object_id, posted or content, obj.pointer, order_id, context, references)
    occurred_at = posted_at or EPOCH
    events = [source.event(refund_issued(r, object_id, parts), occurred_at)] if obj.object_type == "RefundEvent" else []
    line = _Line(source, r.text("FinancialEventGroupId") or UNASSIGNED, order_id or next(iter(references), None),
                 obj.object_type, obj.pointer)
    for part in parts:
        events += line.events(part, occurred_at)
    if obj.object_type == "ShipmentEvent" and order_id:
        events += fulfilled_by_amazon(r, source, object_id, occurred_at)
    return events


FBA_LOCATION = "amazon-fba"


def fulfilled_by_amazon(r: Reader, source: Origin, object_id: str, posted_at: datetime) -> list[Event]:
    """The parcel Amazon shipped from its own network, for a ShipmentEvent whose items it charged FBA
    fulfilment fees for: Amazon's statement that it shipped those units (the Orders API states no parcels,
    and no 3PL or carrier of the brand's sees them). Merchant-fulfilled items are left to whoever shipped them."""
    lines = tuple(ShipmentLine(item.text("SellerSKU"), item.integer("QuantityShipped"), item.text("OrderItemId"))
                  for item in r.items("ShipmentItemList")
                  if any(str(fee.get("FeeType", "")).startswith("FBA") for fee in item.data.get("ItemFeeList") or []
                         if isinstance(fee, dict)))
    if not lines:
        return []
    shipment_id = f"{object_id}:fba"
    created = ShipmentCreated(shipment_id, "SHIPPED", lines, FBA_LOCATION, "Amazon")
    return [source.event(created, posted_at, key="fba-shipment"),
            source.event(ShipmentShipped(shipment_id, posted_at), posted_at, key="fba-shipped")]


@dataclass(frozen=True)
class _Line:
    """Turns the parts of one event into settlement lines (and fees), all sharing the event's identity."""

    source: Origin
    settlement_id: str
    order_ref: str | None
    kind: str
    pointer: str

    def events(self, part: Part, occurred_at: datetime) -> list[Event]:
        line_id = f"{self.source.source.object_id}{part.pointer}"
        body = SettlementLineRecorded(
            settlement_id=self.settlement_id,
            line_id=line_id,
            line_type=part.line_type,
            amount=part.amount,
            description=f"{self.kind}: {part.description}" if part.description else self.kind,
            order_external_id=self.order_ref,
            sku=part.sku,
            remitted_tax=part.kind == "withheld",
        )
        extra = {**part.context, "component": part.kind}
        pointer = f"{self.pointer}{part.pointer}"
        found = [self.source.event(body, occurred_at, key=part.pointer, extra=extra, pointer=pointer)]
        if part.kind == "fee" and not part.amount.is_zero():
            fee = FeeCharged(fee_type=part.line_type, amount=-part.amount, reference=line_id)
            found.append(self.source.event(fee, occurred_at, key=part.pointer, extra=extra, pointer=pointer))
        return found


def refund_issued(r: Reader, refund_id: str, parts: list[Part]) -> RefundIssued:
    """What the buyer got back: every refunded charge and promotion reversal of the event, negated."""
    given_back = [part for part in parts if part.kind in ("charge", "promotion")]
    if not given_back:
        raise PayloadError(r.at("ShipmentItemAdjustmentList"), "states no refunded charge")
    currency = given_back[0].amount.currency
    lines = tuple(
        refund_line(item, [part for part in given_back if part.scope == f"/{name}/{index}"], currency)
        for name in SHIPMENT_ITEM_LISTS
        for index, item in enumerate(r.items(name))
    )
    taxes = [part for part in given_back if part.kind == "charge" and "Tax" in part.line_type]
    shipping = [part for part in given_back if part.line_type == "ShippingCharge"]
    amount = negated(given_back, currency)
    rest = amount - total([line.amount for line in lines], currency) - negated(taxes + shipping, currency)
    return RefundIssued(
        refund_id=refund_id,
        amount=amount,
        lines=lines,
        shipping=negated(shipping, currency) if shipping else None,
        tax=negated(taxes, currency) if taxes else None,
        adjustments=None if rest.is_zero() else rest,
    )


def refund_line(item: Reader, parts: list[Part], currency: str) -> RefundLine:
    """One refunded item: its principal and promotion reversals, negated."""
    principal = [part for part in parts if part.kind == "promotion" or part.line_type == "Principal"]
    return RefundLine(
        sku=item.text("SellerSKU"),
        quantity=item.integer("QuantityShipped"),
        amount=negated(principal, currency),
        line_id=item.text("OrderAdjustmentItemId") or item.text("OrderItemId"),
    )


def negated(parts: list[Part], currency: str) -> Money:
    return -total([part.amount for part in parts], currency)


def event_context(obj: SourceObject) -> dict[str, Any]:
    """The event's kind and every scalar or amount it states at its top level (types, reasons, descriptions)."""
    context: dict[str, Any] = {"FinancialEvent": obj.object_type}
    for name, value in obj.data.items():
        if not isinstance(value, list):
            context[name] = plain(value)
    return compact(context)
