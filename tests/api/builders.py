"""Canonical events for API tests: a boots order with real-looking figures, its refund, and filler orders."""

from __future__ import annotations

from sqlalchemy import Engine

from adapters.canonical import ADAPTER as CANONICAL
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
from hub.ingest import IngestReport, ingest_documents
from tests.builders import at, jsonl, usd

CHANNEL, ACCOUNT = "shopify", "acme.myshopify.com"
BOOTS = "5001"


def order_ref(external_id: str) -> OrderRef:
    return OrderRef(CHANNEL, ACCOUNT, external_id)


def source(object_type: str, object_id: str, version: str = "1", system: str = CHANNEL) -> SourceRef:
    return SourceRef(system, ACCOUNT, object_type, object_id, version)


def boots_placed(external_id: str = BOOTS, day: int = 1, total: str = "409.94") -> Event:
    """2 x 149.99 boots + 3 x 24.99 socks = 374.95, WELCOME15 takes 15.00, tax 28.80, express 21.19: 409.94."""
    body = OrderPlaced(
        name=f"#{external_id}", placed_at=at(day), currency="USD", status="PAID",
        lines=(OrderLine("L1", "BOOT-BLK-42", "Trail boot, black, 42", 2, usd("149.99")),
               OrderLine("L2", "SOCK-WOOL-3P", "Wool socks, 3-pack", 3, usd("24.99"))),
        discounts=(Discount("WELCOME15", "first-order welcome offer", usd("15.00")),),
        tax_lines=(TaxLine("State sales tax", "0.08", usd("28.80")),),
        shipping_lines=(ShippingLine("Express", "EXP", usd("21.19")),),
        stated=StatedTotals(line_items=usd("374.95"), subtotal=usd("359.95"), discounts=usd("15.00"),
                            tax=usd("28.80"), shipping=usd("21.19"), total=usd(total)),
    )
    return Event(body, source("order", external_id, f"v{day}"), at(day), order_ref(external_id),
                 context={"discount_codes": [{"code": "WELCOME15", "reason": "first-order welcome offer"}]})


def boots_shipped_and_delivered(external_id: str = BOOTS, shipment: str = "F1") -> list[Event]:
    lines = (ShipmentLine("BOOT-BLK-42", 2, "L1"), ShipmentLine("SOCK-WOOL-3P", 3, "L2"))
    ref, shipment_source = order_ref(external_id), source("fulfillment", f"{external_id}-{shipment}")
    return [
        Event(ShipmentCreated(shipment, "SUCCESS", lines, "WH-RENO", "UPS", ("1Z999AA10123456784",)),
              shipment_source, at(2, 9), ref),
        Event(ShipmentShipped(shipment, at(2, 15)), shipment_source, at(2, 15), ref),
        Event(ShipmentDelivered(shipment, at(4, 11)), source("fulfillment", f"{external_id}-{shipment}", "delivered"),
              at(4, 11), ref, context={"delivery_note": "left at front door"}),
    ]


def boots_settled(external_id: str = BOOTS) -> Event:
    body = SettlementLineRecorded("PO-77", f"PO-77-{external_id}", "charge", usd("409.94"),
                                  order_external_id=external_id, fee=usd("12.19"))
    return Event(body, source("payout_line", f"PO-77-{external_id}", system="shopify_payments"), at(6),
                 order_ref(external_id))


def boots_refund(external_id: str = BOOTS) -> list[Event]:
    """One sock pack arrived torn: 24.99 back, and the next payout takes it off."""
    refund = RefundIssued("R9", usd("24.99"), (RefundLine("SOCK-WOOL-3P", 1, usd("24.99"), "L2"),))
    clawback = SettlementLineRecorded("PO-78", f"PO-78-{external_id}", "refund", usd("-24.99"),
                                      order_external_id=external_id)
    return [
        Event(refund, source("refund", "R9"), at(8), order_ref(external_id), context={"note": "pack arrived torn"}),
        Event(clawback, source("payout_line", f"PO-78-{external_id}", system="shopify_payments"), at(9),
              order_ref(external_id)),
    ]


def filler_order(external_id: str, day: int = 3) -> Event:
    """A one-line order: 1 x 20.00, 1.60 tax, 5.00 shipping, total 26.60."""
    body = OrderPlaced(
        name=f"#{external_id}", placed_at=at(day), currency="USD", status="PAID",
        lines=(OrderLine("L1", "MUG", "Mug", 1, usd("20.00")),), discounts=(),
        tax_lines=(TaxLine("State sales tax", "0.08", usd("1.60")),),
        shipping_lines=(ShippingLine("Ground", "GND", usd("5.00")),),
        stated=StatedTotals(line_items=usd("20.00"), subtotal=usd("20.00"), discounts=usd("0.00"), tax=usd("1.60"),
                            shipping=usd("5.00"), total=usd("26.60")),
    )
    return Event(body, source("order", external_id, "v1"), at(day), order_ref(external_id))


def ingest(engine: Engine, events: list[Event], origin: str = "events.jsonl") -> IngestReport:
    return ingest_documents(engine, CANONICAL, ACCOUNT, [(origin, jsonl(events))])


def ingest_lines(engine: Engine, body: bytes, origin: str) -> IngestReport:
    return ingest_documents(engine, CANONICAL, ACCOUNT, [(origin, body)])
