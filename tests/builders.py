"""Small builders of canonical events for tests: a realistic order and what happens to it, ids tweakable."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from canonical_model.event_format import event_to_record
from canonical_model.events import (
    Discount,
    Event,
    OrderLine,
    OrderPlaced,
    RefundIssued,
    RefundLine,
    SettlementLineRecorded,
    ShipmentCreated,
    ShipmentDelivered,
    ShipmentLine,
    ShipmentShipped,
    ShippingLine,
    StatedTotals,
    TaxLine,
)
from canonical_model.identity import OrderRef, SourceRef
from canonical_model.money import Money


def usd(amount: str) -> Money:
    return Money.of(amount, "USD")


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def order_ref(external_id: str = "1001") -> OrderRef:
    return OrderRef("shop", "acme", external_id)


def source(object_type: str, object_id: str, version: str = "1") -> SourceRef:
    return SourceRef("shop", "acme", object_type, object_id, version)


def order_placed(external_id: str = "1001", day: int = 1, **stated: Any) -> Event:
    """Two lines (2 x 10.00 + 1 x 5.00), a 2.50 code discount, 1.35 tax, 4.00 shipping: total 27.85."""
    totals = {"line_items": usd("25.00"), "subtotal": usd("22.50"), "discounts": usd("2.50"), "tax": usd("1.35"),
              "shipping": usd("4.00"), "total": usd("27.85")}
    totals.update(stated)
    body = OrderPlaced(
        name=f"#{external_id}", placed_at=at(day), currency="USD", status="UNFULFILLED",
        lines=(OrderLine("L1", "MUG-RED", "Red mug", 2, usd("10.00")), OrderLine("L2", "CARD", "Card", 1, usd("5.00"))),
        discounts=(Discount("SPRING10", "spring promotion", usd("2.50")),),
        tax_lines=(TaxLine("State tax", "0.06", usd("1.35")),),
        shipping_lines=(ShippingLine("Ground", "GND", usd("4.00")),),
        stated=StatedTotals(**totals),
    )
    return Event(body, source("order", external_id, f"v{day}"), at(day), order_ref(external_id),
                 context={"discount_codes": [{"code": "SPRING10", "reason": "spring promotion"}]})


def shipped(external_id: str = "1001", shipment: str = "S1", day: int = 2, delivered_day: int | None = 4) -> list[Event]:
    lines = (ShipmentLine("MUG-RED", 2, "L1"), ShipmentLine("CARD", 1, "L2"))
    events = [
        Event(ShipmentCreated(shipment, "SUCCESS", lines, "WH-EAST", "UPS", ("1Z999",)),
              source("fulfillment", shipment), at(day), order_ref(external_id)),
        Event(ShipmentShipped(shipment, at(day)), source("fulfillment", shipment), at(day), order_ref(external_id)),
    ]
    if delivered_day:
        events.append(Event(ShipmentDelivered(shipment, at(delivered_day)), source("fulfillment", shipment, "d"),
                            at(delivered_day), order_ref(external_id)))
    return events


def refunded(external_id: str = "1001", refund: str = "R1", amount: str = "10.00", day: int = 5) -> Event:
    body = RefundIssued(refund, usd(amount), (RefundLine("MUG-RED", 1, usd(amount), "L1", restock=False),))
    return Event(body, source("refund", refund), at(day), order_ref(external_id), context={"note": "arrived chipped"})


def settled(external_id: str = "1001", amount: str = "27.85", fee: str = "1.11", day: int = 6) -> Event:
    body = SettlementLineRecorded("P1", f"T-{external_id}", "charge", usd(amount), "charge", external_id, None, usd(fee))
    return Event(body, source("payout_transaction", f"T-{external_id}"), at(day), order_ref(external_id))


def jsonl(events: list[Event]) -> bytes:
    return "".join(json.dumps(event_to_record(event)) + "\n" for event in events).encode()
