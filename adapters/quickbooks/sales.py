"""QuickBooks sales documents (Invoice, SalesReceipt, RefundReceipt, CreditMemo) as InvoiceRecorded.

Lines are the document's item lines in the order QuickBooks lists them; a group (bundle) line becomes
its component lines. A discount line becomes a negative line, so that the lines add up to the
discounted subtotal the way the document does (lines + tax = TotalAmt); the discount as QuickBooks
states it (positive amount, percent, discount account) stays in context. Subtotal lines are
QuickBooks' own arithmetic: their amount is kept in context for the hub to check, never as a line.
"""

from __future__ import annotations

from typing import Any

from adapters.quickbooks.common import (
    currency_of,
    document_references,
    memo,
    number_text,
    origin,
    path_of,
    ref_name,
    stated_money,
    txn_date,
    without_empty,
)
from adapters.toolkit import MappingContext, PayloadError, Reader, SourceObject
from canonical_model.accounting_events import InvoiceLine, InvoiceRecorded
from canonical_model.events import Event

KINDS = {"Invoice": "INVOICE", "SalesReceipt": "SALES_RECEIPT", "RefundReceipt": "REFUND_RECEIPT",
         "CreditMemo": "CREDIT_NOTE"}
_TEXT_ONLY = {"DescriptionOnly", "DescriptionLineDetail"}


def sales_document_events(obj: SourceObject, ctx: MappingContext, home_currency: str | None) -> list[Event]:
    """InvoiceRecorded for one sales document version, dated by its TxnDate."""
    r = Reader(obj.data, path_of(obj.pointer))
    currency = currency_of(r, home_currency)
    lines, line_context = document_lines(r, currency)
    issued_at = txn_date(r)
    tax_detail = r.child("TxnTaxDetail")
    body = InvoiceRecorded(
        invoice_id=str(r.required("Id")),
        kind=KINDS[obj.object_type],
        number=r.text("DocNumber"),
        issued_at=issued_at,
        lines=lines,
        total=stated_money(r, "TotalAmt", currency),
        tax=tax_detail.money("TotalTax", currency) if tax_detail else None,
        balance=r.money("Balance", currency),
    )
    context = {**document_context(r), **line_context}
    source = origin(ctx, obj.object_type, r, obj.pointer, context, document_references(r))
    return [source.event(body, issued_at)]


def document_lines(r: Reader, currency: str) -> tuple[tuple[InvoiceLine, ...], dict[str, Any]]:
    """The document's lines, and what its discount and subtotal lines state, for context."""
    if "Line" not in r.data:
        return (), {"lines_stated": False}
    lines: list[InvoiceLine] = []
    discounts: list[dict[str, Any]] = []
    subtotals: list[str | None] = []
    for line in r.items("Line"):
        detail = line.text("DetailType")
        if detail == "SalesItemLineDetail":
            lines.append(item_line(line, "SalesItemLineDetail", currency))
        elif detail == "GroupLineDetail":
            lines += group_lines(line, currency)
        elif detail == "DiscountLineDetail":
            discount, stated = discount_line(line, currency)
            lines.append(discount)
            discounts.append(stated)
        elif detail == "SubTotalLineDetail":
            subtotals.append(number_text(line.data.get("Amount")))
        elif detail in _TEXT_ONLY:
            lines += _text_line(line, currency)
        else:
            raise PayloadError(line.at("DetailType"), f"unsupported QuickBooks line detail {detail!r}")
    return tuple(lines), without_empty({"discounts": discounts, "subtotal": subtotals[-1] if subtotals else None})


def item_line(line: Reader, detail_name: str, currency: str) -> InvoiceLine:
    """A sales item line: the item's name as sku, quantity, unit price and amount as stated."""
    detail = line.child(detail_name)
    if detail is None:
        raise PayloadError(line.at(detail_name), "is required")
    quantity = detail.data.get("Qty")
    return InvoiceLine(
        description=line.text("Description"),
        amount=stated_money(line, "Amount", currency),
        sku=ref_name(detail, "ItemRef"),
        quantity=number_text(quantity),
        unit_price=detail.money("UnitPrice", currency),
    )


def group_lines(line: Reader, currency: str) -> list[InvoiceLine]:
    """A bundle: its component lines, or the bundle as one line when QuickBooks lists no components."""
    group = line.child("GroupLineDetail")
    if group is None:
        raise PayloadError(line.at("GroupLineDetail"), "is required")
    components = [item_line(part, "SalesItemLineDetail", currency) for part in group.items("Line")
                  if part.text("DetailType") == "SalesItemLineDetail"]
    if components:
        return components
    return [InvoiceLine(
        description=line.text("Description"),
        amount=stated_money(line, "Amount", currency),
        sku=ref_name(group, "GroupItemRef"),
        quantity=number_text(group.data.get("Quantity")),
    )]


def discount_line(line: Reader, currency: str) -> tuple[InvoiceLine, dict[str, Any]]:
    """A discount line as a negative line, and the discount as QuickBooks states it."""
    stated = stated_money(line, "Amount", currency)
    detail = line.child("DiscountLineDetail")
    percent = number_text(detail.data.get("DiscountPercent")) if detail and detail.data.get("PercentBased") else None
    description = line.text("Description") or (f"Discount {percent}%" if percent else "Discount")
    context = without_empty({
        "amount": str(stated.amount),
        "percent": percent,
        "account": ref_name(detail, "DiscountAccountRef") if detail else None,
        "description": line.text("Description"),
    })
    return InvoiceLine(description=description, amount=-stated), context


def _text_line(line: Reader, currency: str) -> list[InvoiceLine]:
    amount = line.money("Amount", currency)
    if amount is None or amount.is_zero():
        return []
    return [InvoiceLine(description=line.text("Description"), amount=amount)]


def document_context(r: Reader) -> dict[str, Any]:
    """Notes, terms, payment and tax details of a sales document; never the customer's name or address."""
    card = r.child("CreditCardPayment")
    charge = card.child("CreditChargeResponse") if card else None
    return without_empty({
        "private_note": memo(r, "PrivateNote"),
        "due_date": r.text("DueDate"),
        "terms": ref_name(r, "SalesTermRef"),
        "payment_method": ref_name(r, "PaymentMethodRef"),
        "payment_ref_num": r.text("PaymentRefNum"),
        "deposit_account": ref_name(r, "DepositToAccountRef"),
        "remaining_credit": number_text(r.data.get("RemainingCredit")),
        "exchange_rate": number_text(r.data.get("ExchangeRate")),
        "home_total": number_text(r.data.get("HomeTotalAmt")),
        "global_tax_calculation": r.text("GlobalTaxCalculation"),
        "apply_tax_after_discount": r.data.get("ApplyTaxAfterDiscount"),
        "tax_lines": tax_lines(r),
        "tracking_number": r.text("TrackingNum"),
        "ship_date": r.text("ShipDate"),
        "credit_charge_status": charge.text("Status") if charge else None,
    })


def tax_lines(r: Reader) -> list[dict[str, Any]]:
    """The tax lines of TxnTaxDetail: rate, amount and taxable amount as stated."""
    detail = r.child("TxnTaxDetail")
    if detail is None:
        return []
    found = []
    for tax in detail.items("TaxLine"):
        line = tax.child("TaxLineDetail")
        found.append(without_empty({
            "amount": number_text(tax.data.get("Amount")),
            "percent": number_text(line.data.get("TaxPercent")) if line else None,
            "tax_rate": ref_name(line, "TaxRateRef") if line else None,
            "net_amount_taxable": number_text(line.data.get("NetAmountTaxable")) if line else None,
        }))
    return found
