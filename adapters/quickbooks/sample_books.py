"""The company the QuickBooks simulator starts with (see adapters.quickbooks.books for what it holds), and touch."""

from __future__ import annotations

import copy
import random
from dataclasses import replace
from datetime import timedelta

from adapters.quickbooks.books import (
    REALM_ID,
    Books,
    booked_on,
    catalogue_items,
    changed_at,
    chart,
    credit_memo,
    meta,
    payment,
    sales_document,
    stamp,
    touched_entity,
)
from adapters.toolkit.sales_feed import Sale, synthetic_sales

BOOKING_DELAY = timedelta(hours=2)  # the connector books a shipped order this long after it shipped
DUPLICATE_DELETED_AFTER = timedelta(hours=1)
TOUCHABLE = ("SalesReceipt", "Invoice", "CreditMemo")


def default_sales(count: int, seed: int) -> list[Sale]:
    """A standalone feed: synthetic Shopify orders, every third one sold on Amazon instead (with an Amazon id)."""
    sales = []
    for index, sale in enumerate(synthetic_sales(count, seed)):
        if index % 3 == 2:
            number = 1_000_000 + index * 7919
            sale = replace(sale, channel="amazon", reference=f"112-{number:07d}-{(number * 31) % 10_000_000:07d}")
        sales.append(sale)
    return sales


def generate_books(sales: list[Sale], seed: int = 1, realm_id: str = REALM_ID) -> Books:
    """The books of these sales: receipts, invoices and payments, credit memos, items, accounts, one deletion."""
    opened = min(sale.placed_at for sale in sales) - timedelta(days=1)
    books = Books(realm_id, opened, rng=random.Random(seed))
    chart(books, opened)
    items = catalogue_items(books, opened)
    for sale in sorted(sales, key=lambda s: (s.placed_at, s.reference)):
        shipped = booked_on(sale)
        if shipped is None:
            continue
        at = shipped + BOOKING_DELAY
        if sale.channel == "amazon":
            invoice = books.add("Invoice", sales_document(books, sale, "Invoice", at, items))
            books.add("Payment", payment(books, invoice, at))
        else:
            books.add("SalesReceipt", sales_document(books, sale, "SalesReceipt", at, items))
        for refund in sale.refunds:
            books.add("CreditMemo", credit_memo(books, sale, refund, items))
    _book_and_delete_a_duplicate(books)
    latest = max(changed_at(e) for kind in books.entities.values() for e in kind.values())
    deleted = [changed_at(e) for kind in books.deleted.values() for e in kind.values()]
    books.now = max([latest, *deleted]) + timedelta(hours=1)
    return books


def _book_and_delete_a_duplicate(books: Books) -> None:
    """The connector booked the latest sales receipt twice; the bookkeeper deleted the copy an hour later."""
    receipts = books.listed("SalesReceipt")
    if not receipts:
        return
    original = receipts[-1]
    created = changed_at(original) + timedelta(minutes=5)
    duplicate = copy.deepcopy(original) | {"Id": books.next_id(), "MetaData": meta(created)}
    gone = created + DUPLICATE_DELETED_AFTER
    books.deleted.setdefault("SalesReceipt", {})[duplicate["Id"]] = {
        "Id": duplicate["Id"], "status": "Deleted", "domain": "QBO", "MetaData": {"LastUpdatedTime": stamp(gone)}}


def touch(books: Books, count: int, advance_hours: float) -> list[str]:
    """Move the clock and save `count` sales documents again (a bookkeeper's review note): their Ids."""
    books.now += timedelta(hours=advance_hours)
    candidates = [e for kind in TOUCHABLE for e in books.listed(kind)]
    chosen = books.rng.sample(candidates, min(count, len(candidates)))
    for offset, entity in enumerate(chosen):
        note = entity.get("PrivateNote", "")
        entity["PrivateNote"] = f"{note} (reviewed)" if note else "reviewed"
        touched_entity(entity, books.now - timedelta(seconds=len(chosen) - offset))
    return [entity["Id"] for entity in chosen]
