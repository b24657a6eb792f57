"""Xero invoices, bills and credit notes as InvoiceRecorded.

The kind keeps Xero's Type: ACCREC is a sales INVOICE, ACCPAY a supplier BILL, ACCRECCREDIT a
CREDIT_NOTE to a customer and ACCPAYCREDIT a SUPPLIER_CREDIT_NOTE. Line amounts are as Xero states
them: exclusive or inclusive of tax as LineAmountTypes (kept in context) says, after any line
discount. A list response without paging states no line items; such a header-only version is
marked `lines_stated: false` and versioned apart (`<UpdatedDateUTC>#header`), so the full version of
the same update, fetched later, is still recorded as its own fact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from adapters.toolkit import MappingContext, PayloadError, Reader, SourceObject
from adapters.xero.common import (
    accepted,
    currency_of,
    day_text,
    document_date,
    is_zero,
    number_text,
    origin,
    path_of,
    references_of,
    stated_money,
    updated_version,
    without_empty,
)
from canonical_model.accounting_events import InvoiceLine, InvoiceRecorded
from canonical_model.events import Event

KINDS = {"ACCREC": "INVOICE", "ACCPAY": "BILL", "ACCRECCREDIT": "CREDIT_NOTE", "ACCPAYCREDIT": "SUPPLIER_CREDIT_NOTE"}


@dataclass(frozen=True)
class Fields:
    """Where an invoice and a credit note keep their id, number and open balance."""

    object_type: str
    id_field: str
    number_field: str
    balance_field: str


INVOICE = Fields("Invoice", "InvoiceID", "InvoiceNumber", "AmountDue")
CREDIT_NOTE = Fields("CreditNote", "CreditNoteID", "CreditNoteNumber", "RemainingCredit")


def invoice_events(obj: SourceObject, ctx: MappingContext, base_currency: str | None) -> list[Event]:
    """InvoiceRecorded for an invoice or bill version; RecordDeleted too once it is deleted or voided."""
    return document_events(obj, ctx, base_currency, INVOICE)


def credit_note_events(obj: SourceObject, ctx: MappingContext, base_currency: str | None) -> list[Event]:
    """InvoiceRecorded of kind CREDIT_NOTE (or SUPPLIER_CREDIT_NOTE); RecordDeleted too once deleted or voided."""
    return document_events(obj, ctx, base_currency, CREDIT_NOTE)


def document_events(obj: SourceObject, ctx: MappingContext, base_currency: str | None, fields: Fields) -> list[Event]:
    """The facts of one invoice-like document, dated by its document date."""
    r = Reader(obj.data, path_of(obj.pointer))
    accepted(r)
    currency = currency_of(r, base_currency)
    kind = KINDS.get(str(r.required("Type")))
    if kind is None:
        raise PayloadError(r.at("Type"), f"{r.data['Type']!r} is not one of {', '.join(KINDS)}")
    lines = tuple(invoice_line(item, currency) for item in r.items("LineItems"))
    header_only = not lines and not is_zero(r.data.get("SubTotal"))
    issued_at = document_date(r)
    body = InvoiceRecorded(
        invoice_id=str(r.required(fields.id_field)),
        kind=kind,
        number=r.text(fields.number_field),
        issued_at=issued_at,
        lines=lines,
        total=stated_money(r, "Total", currency),
        tax=r.money("TotalTax", currency),
        balance=r.money(fields.balance_field, currency),
        status=r.text("Status"),
    )
    version = updated_version(r) + ("#header" if header_only else "")
    context = {**document_context(r), "lines_stated": False if header_only else None}
    references = references_of(r, fields.number_field, "Reference")
    source = origin(ctx, fields.object_type, body.invoice_id, version, obj.pointer, context, references)
    return [source.event(body, issued_at), *source.removals(r)]


def invoice_line(item: Reader, currency: str) -> InvoiceLine:
    """One line item: ItemCode as sku, Quantity, UnitAmount and LineAmount as stated."""
    return InvoiceLine(
        description=item.text("Description"),
        amount=stated_money(item, "LineAmount", currency),
        sku=item.text("ItemCode"),
        quantity=number_text(item.data.get("Quantity")),
        unit_price=item.money("UnitAmount", currency),
    )


def document_context(r: Reader) -> dict[str, Any]:
    """Type, status, tax treatment, dates, payments so far, line discounts and FX; never the contact's details."""
    return without_empty({
        "type": r.text("Type"),
        "status": r.text("Status"),
        "line_amount_types": r.text("LineAmountTypes"),
        "sub_total": number_text(r.data.get("SubTotal")),
        "due_date": day_text(r, "DueDate"),
        "fully_paid_on": day_text(r, "FullyPaidOnDate"),
        "amount_paid": number_text(r.data.get("AmountPaid")),
        "amount_credited": number_text(r.data.get("AmountCredited")),
        "currency_rate": number_text(r.data.get("CurrencyRate")),
        "repeating_invoice_id": r.text("RepeatingInvoiceID"),
        "discounts": line_discounts(r),
        "warnings": [str(w.get("Message")) for w in r.data.get("Warnings") or [] if isinstance(w, dict)],
    })


def line_discounts(r: Reader) -> list[dict[str, Any]]:
    """The discounts Xero took off line items (rate or amount), by line."""
    found = []
    for index, item in enumerate(r.items("LineItems")):
        rate, amount = item.data.get("DiscountRate"), item.data.get("DiscountAmount")
        if not is_zero(rate) or not is_zero(amount):
            found.append(without_empty({"line": index, "item_code": item.text("ItemCode"),
                                  "discount_rate": number_text(rate), "discount_amount": number_text(amount)}))
    return found
