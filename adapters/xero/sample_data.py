"""The demo brand's Xero books, written from the WooCommerce and eBay sales they record.

Each shipped, uncancelled sale is one ACCREC invoice dated the day its first parcel left, with
`Reference` = the sale's reference (the order number or eBay order id the hub matches on), one line
per sold line (ItemCode = sku, UnitAmount the price paid, tax-exclusive) and one for shipping, its
tax spread over the lines so that `TotalTax` and `Total` equal the sale's to the cent. The card or
marketplace money was taken at checkout, so each invoice is paid in full the moment it is raised:
one ACCRECPAYMENT of the sale's total into the channel's clearing account (Stripe for WooCommerce,
eBay for eBay), carrying the same reference. Each refund is an ACCRECCREDIT credit note of the
refund's amount (tax included), refunded to the customer by an ARCREDITPAYMENT: Xero refuses to
allocate a credit note to an invoice already paid, so a refund after payment is a cash refund of the
credit note, as the integrations that post channel sales to Xero record it.

One invoice is raised twice by mistake and the duplicate VOIDED two hours later (`Books.voided`): it
shows how Xero keeps a voided document (Status VOIDED, nothing due), which the hub must take as a
deletion of that invoice, not as a second sale. No amount differs from the sales: nothing is
planted for reconciliation to find, and `GET /_simulator/discrepancies` answers `{}`.

An order whose stated total differs from its parts (WooCommerce's 70007, a cent above) is invoiced at
its stated total, the difference on a "Rounding" line (account 860), as the WooCommerce-to-Xero
integrations book it: Xero's Total is always SubTotal + TotalTax, and the payment matches the charge.

Items are the brand's catalogue (sales price and purchase cost); the chart of accounts is `books.CHART`.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from adapters.toolkit.sales_feed import CATALOGUE, UNIT_COSTS, Refund, Sale, synthetic_sales
from adapters.xero.books import START, Books, chart, later, money, stamp, updated_at, xero_day

__all__ = ["CLEARING_ACCOUNTS", "generate_books", "touch"]

# The bank account each channel's money lands in before the payout reaches the business account.
CLEARING_ACCOUNTS = {"ebay": "092"}
DEFAULT_CLEARING = "091"
SALES_ACCOUNT, SHIPPING_ACCOUNT, ROUNDING_ACCOUNT = "200", "260", "860"
PAYMENT_TERMS = timedelta(days=14)
UNIT_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Charge:
    """One invoice or credit note line before tax: item code, description, quantity and the line's exact amount."""

    code: str | None
    description: str
    quantity: int
    amount: Decimal
    account: str = SALES_ACCOUNT
    taxed: bool = True

    @property
    def unit_amount(self) -> Decimal:
        """Xero keeps unit amounts to four decimal places; the line amount stays the exact one."""
        return (self.amount / self.quantity).quantize(UNIT_PLACES)


def generate_books(sales: Sequence[Sale] | None = None, seed: int = 1, count: int = 60) -> Books:
    """The organisation's books: chart, items, and the invoices, payments and credit notes of the sales."""
    sales = list(sales) if sales is not None else default_sales(count, seed)
    books = Books(seed=seed, rng=random.Random(seed))
    opened = min((sale.placed_at for sale in sales), default=START) - timedelta(days=30)
    chart(books, opened)
    for index, (sku, title, price) in enumerate(CATALOGUE):  # the catalogue was keyed in one item at a time
        books.add("Items", item(books, sku, title, price), later(opened, 60 + 7 * index))
    booked = sorted((sale for sale in sales if sale.parcels and not sale.cancelled),
                    key=lambda sale: (min(p.shipped_at for p in sale.parcels), sale.reference))
    for index, sale in enumerate(booked):
        invoice = record_sale(books, sale)
        if index == 2:
            void_duplicate(books, sale, invoice)
        for refund in sale.refunds:
            record_refund(books, sale, invoice, refund)
    latest = max((updated_at(document) for collection in books.collections.values()
                  for document in collection.values()), default=START)
    books.now = latest + timedelta(hours=1)
    return books


def default_sales(count: int, seed: int) -> list[Sale]:
    """A standalone feed: WooCommerce-like and eBay-like sales, as `hub demo` feeds the two channels."""
    store = [replace(sale, reference=str(70_001 + index), external_id=str(70_001 + index)) for index, sale in
             enumerate(synthetic_sales(count - count // 3, seed, channel="woocommerce"))]
    ebay = [replace(sale, reference=f"{27 + index:02d}-{13000 + index:05d}-{70000 + index:05d}") for index, sale in
            enumerate(synthetic_sales(count // 3, seed + 1, channel="ebay", spacing_minutes=360))]
    return [*store, *ebay]


def item(books: Books, sku: str, title: str, price: Decimal) -> dict[str, Any]:
    return {
        "ItemID": books.new_id("item", sku), "Code": sku, "Name": title, "Description": title,
        "PurchaseDescription": title, "IsSold": True, "IsPurchased": True, "IsTrackedAsInventory": False,
        "PurchaseDetails": {"UnitPrice": UNIT_COSTS[sku], "AccountCode": "310", "TaxType": "NONE"},
        "SalesDetails": {"UnitPrice": price, "AccountCode": SALES_ACCOUNT, "TaxType": "OUTPUT"},
    }


def contact(books: Books, sale: Sale) -> dict[str, Any]:
    return {"ContactID": books.new_id("contact", sale.channel, sale.ship_to.name), "Name": sale.ship_to.name,
            "Addresses": [], "Phones": [], "ContactGroups": [], "ContactPersons": [], "HasValidationErrors": False}


def charges(sale: Sale) -> list[Charge]:
    """The sold lines, shipping, and the untaxed other charges (a gift-wrap fee) of a sale."""
    found = [Charge(line.sku, line.title, line.quantity, line.amount) for line in sale.lines]
    if sale.shipping:
        found.append(Charge(None, "Shipping", 1, sale.shipping, SHIPPING_ACCOUNT))
    if sale.charges:
        found.append(Charge(None, "Other charges (gift wrap)", 1, sale.charges, taxed=False))
    stated = sum((charge.amount for charge in found), sale.tax)
    if stated != sale.total:  # the order's own total disagrees with its parts: booked as the integration rounds
        found.append(Charge(None, "Rounding", 1, sale.total - stated, ROUNDING_ACCOUNT, taxed=False))
    return found


def spread_tax(lines: Sequence[Charge], tax: Decimal) -> list[Decimal]:
    """The tax on each taxed line, in proportion to its amount; the cents rounding leaves go to the largest line."""
    amounts = [line.amount if line.taxed else Decimal(0) for line in lines]
    base = sum(amounts, Decimal(0))
    shares = [money(tax * amount / base) if base else Decimal("0.00") for amount in amounts]
    if shares and base:
        largest = max(range(len(amounts)), key=lambda index: amounts[index])
        shares[largest] += money(tax) - sum(shares, Decimal(0))
    return shares


def line_items(books: Books, key: str, lines: Sequence[Charge], taxes: Sequence[Decimal]) -> list[dict[str, Any]]:
    return [{
        "LineItemID": books.new_id(key, "line", index), "Description": charge.description,
        "Quantity": Decimal(charge.quantity), "UnitAmount": charge.unit_amount, "AccountCode": charge.account,
        "TaxType": "OUTPUT" if charge.taxed else "NONE", "TaxAmount": tax, "LineAmount": charge.amount,
        "Tracking": [],
        **({"ItemCode": charge.code} if charge.code else {}),
    } for index, (charge, tax) in enumerate(zip(lines, taxes, strict=True))]


def invoice_document(books: Books, sale: Sale, key: str, at: datetime) -> dict[str, Any]:
    """An AUTHORISED sales invoice of the whole sale, dated `at`, nothing paid yet."""
    lines = charges(sale)
    taxes = spread_tax(lines, sale.tax)
    day, date = xero_day(at)
    due_day, due_date = xero_day(at + PAYMENT_TERMS)
    subtotal = sum((charge.amount for charge in lines), Decimal(0))
    return {
        "Type": "ACCREC", "InvoiceID": books.new_id("invoice", key), "InvoiceNumber": books.next_number("INV"),
        "Reference": sale.reference, "Contact": contact(books, sale), "DateString": day, "Date": date,
        "DueDateString": due_day, "DueDate": due_date, "Status": "AUTHORISED", "LineAmountTypes": "Exclusive",
        "LineItems": line_items(books, key, lines, taxes), "SubTotal": subtotal, "TotalTax": money(sale.tax),
        "Total": money(sale.total), "AmountDue": money(sale.total), "AmountPaid": Decimal("0.00"),
        "AmountCredited": Decimal("0.00"), "CurrencyCode": sale.currency, "CurrencyRate": Decimal(1),
        "Payments": [], "CreditNotes": [], "Prepayments": [], "Overpayments": [], "SentToContact": False,
        "IsDiscounted": False, "HasAttachments": False, "HasErrors": False,
    }


def record_sale(books: Books, sale: Sale) -> dict[str, Any]:
    """The sale's invoice, raised when its first parcel shipped, and the payment of its total."""
    shipped = min(parcel.shipped_at for parcel in sale.parcels)
    raised = later(shipped, 10)  # dated the day it shipped, entered by the integration minutes later
    invoice = books.add("Invoices", invoice_document(books, sale, sale.reference, shipped), raised)
    pay_invoice(books, sale, invoice, later(raised, 1))
    return invoice


def pay_invoice(books: Books, sale: Sale, invoice: dict[str, Any], at: datetime) -> dict[str, Any]:
    """An ACCRECPAYMENT of the invoice's total into the channel's clearing account; the invoice is then PAID."""
    payment = books.add("Payments", payment_document(books, sale, "Invoice", invoice, invoice["Total"], at), at)
    invoice["Payments"].append(_summary(payment))
    invoice.update(Status="PAID", AmountDue=Decimal("0.00"), AmountPaid=invoice["Total"],
                   FullyPaidOnDate=xero_day(at)[1])
    stamp(invoice, at)
    return payment


def payment_document(books: Books, sale: Sale, target: str, document: dict[str, Any], amount: Decimal,
                     at: datetime) -> dict[str, Any]:
    """A payment applied to one invoice (money in) or credit note (money refunded), in the sale's currency."""
    number_field, id_field = (f"{target}Number", f"{target}ID")
    code = CLEARING_ACCOUNTS.get(sale.channel, DEFAULT_CLEARING)
    payment_id = books.new_id("payment", target, document[id_field], len(document["Payments"]))
    return {
        "PaymentID": payment_id, "Date": xero_day(at)[1], "BankAmount": amount, "Amount": amount,
        "Reference": sale.reference, "CurrencyRate": Decimal(1),
        "PaymentType": "ACCRECPAYMENT" if target == "Invoice" else "ARCREDITPAYMENT", "Status": "AUTHORISED",
        "HasAccount": True, "IsReconciled": False, "HasValidationErrors": False,
        "Account": {"AccountID": books.new_id("account", code), "Code": code},
        target: {"Type": document["Type"], id_field: document[id_field], number_field: document[number_field],
                 "Contact": document["Contact"], "CurrencyCode": document["CurrencyCode"], "LineItems": [],
                 "Payments": [], "CreditNotes": [], "Prepayments": [], "Overpayments": [], "HasErrors": False,
                 "IsDiscounted": False},
    }


def _summary(payment: dict[str, Any]) -> dict[str, Any]:
    return {key: payment[key] for key in ("PaymentID", "Date", "Amount", "Reference", "CurrencyRate")} | {
        "HasAccount": True, "HasValidationErrors": False}


def void_duplicate(books: Books, sale: Sale, original: dict[str, Any]) -> dict[str, Any]:
    """The same sale invoiced a second time by mistake, and VOIDED two hours later."""
    raised = later(updated_at(original), 5)
    duplicate = books.add("Invoices", invoice_document(books, sale, f"{sale.reference}#duplicate", raised), raised)
    duplicate.update(Status="VOIDED", AmountDue=Decimal("0.00"))
    stamp(duplicate, later(raised, 120))
    return duplicate


def refund_charges(sale: Sale, refund: Refund) -> list[Charge]:
    """The refunded units at the price paid (before tax); a bare amount when the refund names no units."""
    sold = {line.sku: line for line in sale.lines}
    charges = [Charge(sku, sold[sku].title, quantity, money(sold[sku].amount * quantity / sold[sku].quantity))
               for sku, quantity in refund.lines if sku in sold and quantity]
    return charges or [Charge(None, refund.reason, 1, refund.amount)]


def credit_note_document(books: Books, sale: Sale, refund: Refund, at: datetime) -> dict[str, Any]:
    """An AUTHORISED credit note of the refund's amount, tax included, split over the refunded units."""
    charges = refund_charges(sale, refund)
    gross = _scaled([charge.amount for charge in charges], refund.amount)
    taxable = sale.subtotal + sale.shipping
    rate = sale.tax / taxable if taxable else Decimal(0)
    total_tax = refund.amount - money(refund.amount / (1 + rate))
    nets = [Charge(c.code, f"{c.description} ({refund.reason})", c.quantity, amount) for c, amount in
            zip(charges, _scaled(gross, refund.amount - total_tax), strict=True)]
    taxes = [amount - net.amount for amount, net in zip(gross, nets, strict=True)]
    day, date = xero_day(at)
    return {
        "Type": "ACCRECCREDIT", "CreditNoteID": books.new_id("credit", refund.reference),
        "CreditNoteNumber": books.next_number("CN"), "Reference": sale.reference, "Contact": contact(books, sale),
        "DateString": day, "Date": date, "Status": "AUTHORISED", "LineAmountTypes": "Exclusive",
        "LineItems": line_items(books, refund.reference, nets, taxes), "SubTotal": money(refund.amount) - total_tax,
        "TotalTax": total_tax, "Total": money(refund.amount), "RemainingCredit": money(refund.amount),
        "CurrencyCode": sale.currency, "CurrencyRate": Decimal(1), "Payments": [], "Allocations": [],
        "SentToContact": False, "HasAttachments": False, "HasErrors": False,
    }


def _scaled(amounts: Sequence[Decimal], total: Decimal) -> list[Decimal]:
    """`amounts` scaled to add up to `total` exactly (the last takes the rounding)."""
    base = sum(amounts, Decimal(0))
    scaled = [money(total * amount / base) for amount in amounts[:-1]]
    return [*scaled, money(total) - sum(scaled, Decimal(0))]


def record_refund(books: Books, sale: Sale, invoice: dict[str, Any], refund: Refund) -> dict[str, Any]:
    """The refund's credit note, and the cash refund that pays it out to the customer."""
    note = books.add("CreditNotes", credit_note_document(books, sale, refund, refund.at), refund.at)
    at = later(refund.at, 1)
    payment = books.add("Payments", payment_document(books, sale, "CreditNote", note, note["Total"], at), at)
    note["Payments"].append(_summary(payment))
    note.update(Status="PAID", RemainingCredit=Decimal("0.00"), FullyPaidOnDate=xero_day(at)[1])
    stamp(note, at)
    return note


def touch(books: Books, count: int, advance_hours: float) -> list[str]:
    """Move the clock and change `count` invoices: each is emailed to its customer (SentToContact), which
    Xero records as a change; the ids of the changed invoices."""
    books.now += timedelta(hours=advance_hours)
    unsent = sorted(invoice_id for invoice_id, invoice in books.collections["Invoices"].items()
                    if not invoice["SentToContact"] and invoice["Status"] != "VOIDED")
    touched = books.rng.sample(unsent, min(count, len(unsent)))
    for offset, invoice_id in enumerate(touched):
        invoice = books.collections["Invoices"][invoice_id]
        invoice["SentToContact"] = True
        stamp(invoice, books.now + timedelta(seconds=offset + 1))
    return touched

