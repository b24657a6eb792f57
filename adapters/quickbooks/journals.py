"""A QuickBooks JournalEntry as JournalPosted: each line a debit or a credit to the account it names."""

from __future__ import annotations

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
from canonical_model.accounting_events import JournalPosted, PostedLine
from canonical_model.events import Event
from canonical_model.money import Money

_TEXT_ONLY = {"DescriptionOnly", "DescriptionLineDetail"}


def journal_entry_events(obj: SourceObject, ctx: MappingContext, home_currency: str | None) -> list[Event]:
    """JournalPosted with the entry's lines as posted, dated by its TxnDate; balance is stated, not enforced."""
    r = Reader(obj.data, path_of(obj.pointer))
    currency = currency_of(r, home_currency)
    lines = tuple(posted_line(line, currency) for line in r.items("Line") if line.text("DetailType") not in _TEXT_ONLY)
    posted_at = txn_date(r)
    body = JournalPosted(entry_id=str(r.required("Id")), posted_at=posted_at, lines=lines, memo=memo(r, "PrivateNote"))
    context = without_empty({
        "adjustment": r.data.get("Adjustment") or None,
        "exchange_rate": number_text(r.data.get("ExchangeRate")),
        "lines_stated": False if "Line" not in r.data else None,
    })
    return [origin(ctx, "JournalEntry", r, obj.pointer, context, document_references(r)).event(body, posted_at)]


def posted_line(line: Reader, currency: str) -> PostedLine:
    """One journal line: its amount on the debit or the credit side its PostingType names."""
    if line.text("DetailType") != "JournalEntryLineDetail":
        raise PayloadError(line.at("DetailType"), f"unsupported journal line detail {line.text('DetailType')!r}")
    detail = line.child("JournalEntryLineDetail")
    if detail is None:
        raise PayloadError(line.at("JournalEntryLineDetail"), "is required")
    account = ref_name(detail, "AccountRef")
    if account is None:
        raise PayloadError(detail.at("AccountRef"), "is required")
    amount = stated_money(line, "Amount", currency)
    zero = Money.zero(currency)
    side = detail.required("PostingType")
    if side == "Debit":
        return PostedLine(account=account, debit=amount, credit=zero, description=line.text("Description"))
    if side == "Credit":
        return PostedLine(account=account, debit=zero, credit=amount, description=line.text("Description"))
    raise PayloadError(detail.at("PostingType"), f"{side!r} is neither Debit nor Credit")
