"""Builders of stock, order and money events for the domain tests; quantities, days and ids tweakable."""

from __future__ import annotations

from datetime import UTC, datetime

from canonical_model.accounting_events import ChargebackRecorded, InvoiceRecorded
from canonical_model.events import (
    Event,
    FeeCharged,
    OrderCancelled,
    OrderLine,
    OrderPlaced,
    PayoutRecorded,
    ReturnLine,
    ReturnReceived,
    SettlementLineRecorded,
    ShipmentCreated,
    ShipmentDelivered,
    ShipmentLine,
    ShipmentShipped,
    StatedTotals,
)
from canonical_model.identity import OrderRef, SourceRef
from canonical_model.inventory_events import (
    InventoryAdjusted,
    InventoryAllocated,
    InventoryLevelReported,
    InventoryReceived,
    ReceiptLine,
    ReturnInspected,
    TransferLine,
    TransferReceived,
    TransferShipped,
)
from canonical_model.money import Money
from tests.builders import at, order_ref, source, usd


def when(month: int, day: int, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def ref(external_id: str, channel: str = "shop") -> OrderRef:
    return OrderRef(channel, "acme", external_id)


def wms(object_type: str, object_id: str, version: str = "1") -> SourceRef:
    return SourceRef("wms", "main", object_type, object_id, version)


def received(receipt: str, location: str, lines: list[tuple[str, int, str | None]], day: int = 1,
             landed: str | None = None, moment: datetime | None = None) -> Event:
    """Units in at a location, each line (sku, quantity, unit cost or None)."""
    body = InventoryReceived(receipt, location, tuple(
        ReceiptLine(sku, quantity, usd(cost) if cost else None, usd(landed) if landed else None)
        for sku, quantity, cost in lines))
    return Event(body, wms("receipt", receipt), moment or at(day))


def placed(external_id: str, lines: list[tuple[str, int, str]], day: int = 2, channel: str = "shop",
           moment: datetime | None = None) -> Event:
    """An order of the given lines (sku, quantity, unit price), no tax, discount or shipping."""
    order_lines = tuple(OrderLine(f"L{index}", sku, sku.title(), quantity, usd(price))
                        for index, (sku, quantity, price) in enumerate(lines, start=1))
    subtotal = sum((usd(price).times(quantity) for _, quantity, price in lines), usd("0"))
    moment = moment or at(day)
    body = OrderPlaced(name=f"#{external_id}", placed_at=moment, currency="USD", lines=order_lines,
                       discounts=(), tax_lines=(), shipping_lines=(),
                       stated=StatedTotals(subtotal=subtotal, total=subtotal))
    return Event(body, SourceRef(channel, "acme", "order", external_id, "v1"), moment, ref(external_id, channel))


def cancelled(external_id: str, day: int = 3) -> Event:
    return Event(OrderCancelled("customer changed mind", at(day)), source("order", external_id, "cancel"), at(day),
                 order_ref(external_id))


def allocated(external_id: str, sku: str, location: str, quantity: int, day: int = 2, hour: int = 13,
              channel: str = "shop") -> Event:
    return Event(InventoryAllocated(sku, location, quantity), wms("allocation", f"{external_id}-{sku}-{location}"),
                 at(day, hour), ref(external_id, channel))


def shipment(external_id: str, shipment_id: str, lines: list[tuple[str, int]], location: str | None,
             day: int = 3, delivered: datetime | None = None, moment: datetime | None = None,
             status: str = "SUCCESS") -> list[Event]:
    """A shipment created and shipped at `day` (or `moment`), delivered at `delivered` when given."""
    moment = moment or at(day)
    body = ShipmentCreated(shipment_id, status, tuple(ShipmentLine(sku, qty) for sku, qty in lines), location, "UPS")
    ref, origin = order_ref(external_id), wms("shipment", shipment_id)
    events = [Event(body, origin, moment, ref)]
    if status == "SUCCESS":
        events.append(Event(ShipmentShipped(shipment_id, moment), origin, moment, ref))
    if delivered:
        events.append(Event(ShipmentDelivered(shipment_id, delivered), wms("shipment", shipment_id, "d"), delivered, ref))
    return events


def transfer_out(transfer: str, origin: str, destination: str, lines: list[tuple[str, int]], day: int = 2,
                 freight: str | None = None) -> Event:
    body = TransferShipped(transfer, origin, destination, tuple(TransferLine(s, q) for s, q in lines),
                           usd(freight) if freight else None)
    return Event(body, wms("transfer", transfer), at(day))


def transfer_in(transfer: str, destination: str, lines: list[tuple[str, int]], day: int = 4) -> Event:
    body = TransferReceived(transfer, destination, tuple(TransferLine(s, q) for s, q in lines))
    return Event(body, wms("transfer", transfer, "in"), at(day))


def return_received(external_id: str, return_id: str, lines: list[tuple[str, int]], location: str = "WH-EAST",
                    day: int = 6, disposition: str = "PENDING") -> Event:
    body = ReturnReceived(return_id, tuple(ReturnLine(s, q) for s, q in lines), disposition, location)
    return Event(body, wms("return", return_id), at(day), order_ref(external_id))


def return_inspected(external_id: str, return_id: str, disposition: str, lines: list[tuple[str, int]],
                     day: int = 7, location: str | None = None) -> Event:
    body = ReturnInspected(return_id, disposition, tuple(TransferLine(s, q) for s, q in lines), location)
    return Event(body, wms("inspection", f"{return_id}-{disposition}"), at(day), order_ref(external_id))


def adjusted(sku: str, location: str, delta: int, state: str = "ON_HAND", reason: str = "cycle count",
             day: int = 5, ident: str = "A1") -> Event:
    return Event(InventoryAdjusted(sku, location, delta, state, reason), wms("adjustment", ident), at(day))


def level_reported(sku: str, location: str, available: int, on_hand: int | None = None, day: int = 5) -> Event:
    body = InventoryLevelReported(sku, location, available, on_hand)
    return Event(body, SourceRef("shop", "acme", "inventory_level", f"{sku}@{location}", str(day)), at(day))


def fee(external_id: str, fee_type: str, amount: str, day: int = 2, ident: str = "F1", system: str = "shop") -> Event:
    return Event(FeeCharged(fee_type, usd(amount), ident), SourceRef(system, "acme", "fee", ident, "1"), at(day),
                 order_ref(external_id))


def settlement_line(external_id: str | None, settlement: str, line: str, amount: str, day: int = 6,
                    line_type: str = "charge", fee_amount: str | None = None) -> Event:
    body = SettlementLineRecorded(settlement, line, line_type, usd(amount), None, external_id, None,
                                  usd(fee_amount) if fee_amount else None)
    return Event(body, SourceRef("payments", "acme", "payout_line", line, "1"), at(day),
                 order_ref(external_id) if external_id else None)


def payout(payout_id: str, amount: str, day: int = 7) -> Event:
    return Event(PayoutRecorded(payout_id, usd(amount), "paid", at(day)), SourceRef("payments", "acme", "payout",
                 payout_id, "1"), at(day))


def invoice(external_id: str, invoice_id: str, total: str, kind: str = "INVOICE", day: int = 4) -> Event:
    body = InvoiceRecorded(invoice_id, kind, invoice_id, at(day), (), usd(total))
    return Event(body, SourceRef("books", "acme", "invoice", invoice_id, "1"), at(day), order_ref(external_id))


def chargeback(external_id: str, dispute: str, amount: str, status: str, day: int = 9, fee_amount: str = "15.00",
               version: str = "1") -> Event:
    body = ChargebackRecorded(dispute, usd(amount), status, "fraudulent", usd(fee_amount))
    return Event(body, SourceRef("payments", "acme", "dispute", dispute, version), at(day), order_ref(external_id))


def money(amount: str) -> Money:
    return usd(amount)
