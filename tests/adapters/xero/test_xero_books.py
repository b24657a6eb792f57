"""The simulated books fed with the demo's WooCommerce and eBay sales: every fact references its sale, to the cent."""

from __future__ import annotations

import asyncio
import hashlib
from collections import defaultdict
from decimal import Decimal
from typing import Any

import httpx

from adapters.ebay.sales import sales_of as ebay_sales
from adapters.ebay.sample_data import build_seller
from adapters.toolkit import MappingContext
from adapters.toolkit.sales_feed import Sale
from adapters.woocommerce.sales import sales_of as woocommerce_sales
from adapters.woocommerce.sample_data import generate_store
from adapters.xero import ADAPTER
from adapters.xero.books import dumps
from adapters.xero.sample_data import generate_books
from canonical_model.accounting_events import AccountingPaymentRecorded, InvoiceRecorded, RecordDeleted
from canonical_model.events import Event
from canonical_model.money import Money
from tests.adapters.toolkit.fakes import serving

SALES: list[Sale] = [*woocommerce_sales(generate_store(120, 1)), *ebay_sales(build_seller(60, 1))]
BOOKS = generate_books(SALES, seed=3)
BY_REFERENCE = {sale.reference: sale for sale in SALES}


def _events(collection: str) -> list[Event]:
    body = dumps({collection: BOOKS.listed(collection)}).encode()
    context = MappingContext("demo-brand", hashlib.sha256(body).hexdigest(), currency="USD")
    return [event for obj in ADAPTER.split(ADAPTER.parse(body)) for event in ADAPTER.map_object(obj, context)]


def _sale_of(event: Event) -> Sale:
    [reference] = [r for r in event.references if r in BY_REFERENCE] or [None]
    assert reference is not None, f"{event.type} {event.source.object_id} references no sale: {event.references}"
    return BY_REFERENCE[reference]


def usd(amount: Decimal) -> Money:
    return Money.of(amount, "USD")


def test_every_shipped_sale_has_one_live_invoice_of_its_amounts_and_no_other_sale_has_one() -> None:
    live: dict[str, list[InvoiceRecorded]] = defaultdict(list)
    voided = {e.source.object_id for e in _events("Invoices") if isinstance(e.body, RecordDeleted)}
    for event in _events("Invoices"):
        if isinstance(event.body, InvoiceRecorded) and event.body.invoice_id not in voided:
            sale, invoice = _sale_of(event), event.body
            assert (invoice.total, invoice.tax) == (usd(sale.total), usd(sale.tax)), sale.reference
            assert sum((line.amount.amount for line in invoice.lines), Decimal(0)) + sale.tax == sale.total
            assert event.occurred_at.date() == min(p.shipped_at for p in sale.parcels).date()
            live[sale.reference].append(invoice)
    shipped = {sale.reference for sale in SALES if sale.parcels and not sale.cancelled}
    assert set(live) == shipped and all(len(invoices) == 1 for invoices in live.values())
    assert {"70007", "70019"} <= shipped and any(sale.channel == "ebay" for sale in SALES if sale.reference in shipped)
    gift_wrapped = [s for s in SALES if s.charges and s.reference in shipped]
    assert gift_wrapped, "a sale with an untaxed charge is invoiced with it"


def test_each_invoice_line_states_the_sold_units_and_the_line_taxes_add_up() -> None:
    for invoice in BOOKS.listed("Invoices"):
        sale = BY_REFERENCE[invoice["Reference"]]
        sold = {(line["ItemCode"], int(line["Quantity"]), line["LineAmount"]) for line in invoice["LineItems"]
                if "ItemCode" in line}
        assert sold == {(line.sku, line.quantity, line.amount) for line in sale.lines}
        assert sum(line["TaxAmount"] for line in invoice["LineItems"]) == invoice["TotalTax"]
        assert invoice["SubTotal"] + invoice["TotalTax"] == invoice["Total"]


def test_each_invoice_is_paid_in_full_and_each_refund_is_a_credit_note_refunded_in_cash() -> None:
    paid: dict[str, Money] = {}
    refunded: dict[str, list[Money]] = defaultdict(list)
    for event in _events("Payments"):
        assert isinstance(event.body, AccountingPaymentRecorded)
        sale = _sale_of(event)
        kind = event.context["payment_type"]
        if kind == "ACCRECPAYMENT":
            assert sale.reference not in paid
            paid[sale.reference] = event.body.amount
        else:
            assert kind == "ARCREDITPAYMENT"
            refunded[sale.reference].append(event.body.amount)
    notes: dict[str, list[Money]] = defaultdict(list)
    for event in _events("CreditNotes"):
        assert isinstance(event.body, InvoiceRecorded) and event.body.kind == "CREDIT_NOTE"
        notes[_sale_of(event).reference].append(event.body.total)
    booked = [sale for sale in SALES if sale.parcels and not sale.cancelled]
    assert paid == {sale.reference: usd(sale.total) for sale in booked}
    expected = {sale.reference: sorted(usd(refund.amount).amount for refund in sale.refunds)
                for sale in booked if sale.refunds}
    assert {k: sorted(m.amount for m in v) for k, v in notes.items()} == expected
    assert {k: sorted(m.amount for m in v) for k, v in refunded.items()} == expected
    assert len(expected) >= 5


def test_one_duplicate_invoice_is_voided_and_nothing_else_is_removed() -> None:
    events = _events("Invoices")
    [removal] = [e for e in events if isinstance(e.body, RecordDeleted)]
    [duplicate] = [e for e in events if isinstance(e.body, InvoiceRecorded) and e.body.status == "VOIDED"]
    assert removal.body == RecordDeleted("Invoice", duplicate.body.invoice_id)
    assert duplicate.body.balance == usd(Decimal(0)) and _sale_of(duplicate).parcels
    assert all(not isinstance(e.body, RecordDeleted) for e in _events("Payments") + _events("CreditNotes"))


def test_items_are_the_catalogue_and_the_simulator_plants_no_gap() -> None:
    items = {e.body.sku: e.body for e in _events("Items")}
    assert items["MUG-RED"].unit_price == usd(Decimal("18.00")) and items["MUG-RED"].unit_cost == usd(Decimal("6.40"))

    async def go() -> Any:
        async with serving(ADAPTER.simulator(sales=SALES[:10], rate_limit=None)) as url, httpx.AsyncClient() as http:
            return (await http.get(f"{url}/_simulator/discrepancies")).json()

    assert asyncio.run(go()) == {}
