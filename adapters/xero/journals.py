"""Xero manual journals and system journals as JournalPosted.

A journal line's signed amount says its side: positive is a debit, negative a credit (LineAmount on
manual journals, NetAmount on the system journals Xero writes for every posted document). Journals
state no currency: they are in the organisation's base currency, which only the connection knows.
A DRAFT manual journal is not posted and states no fact yet; a DELETED one was a draft that never
posted, so it is only RecordDeleted; a VOIDED one was posted and is then RecordDeleted too.
"""

from __future__ import annotations

from decimal import Decimal

from adapters.toolkit import MappingContext, PayloadError, Reader, SourceObject
from adapters.xero.common import (
    accepted,
    currency_of,
    day_text,
    document_date,
    number_text,
    order_numbers,
    origin,
    path_of,
    references_of,
    required_time,
    updated_version,
    without_empty,
)
from canonical_model.accounting_events import JournalPosted, PostedLine, RecordDeleted
from canonical_model.events import Event
from canonical_model.money import Money, to_decimal


def manual_journal_events(obj: SourceObject, ctx: MappingContext, base_currency: str | None) -> list[Event]:
    """JournalPosted for a posted manual journal; nothing for a draft; RecordDeleted once deleted or voided."""
    r = Reader(obj.data, path_of(obj.pointer))
    accepted(r)
    status = r.text("Status")
    if status == "DRAFT":
        return []
    journal_id = str(r.required("ManualJournalID"))
    narration = r.text("Narration")
    header_only = not r.data.get("JournalLines")
    context = without_empty({
        "status": status,
        "line_amount_types": r.text("LineAmountTypes"),
        "show_on_cash_basis_reports": r.data.get("ShowOnCashBasisReports"),
        "lines_stated": False if header_only else None,
        "warnings": [str(w.get("Message")) for w in r.data.get("Warnings") or [] if isinstance(w, dict)],
    })
    version = updated_version(r) + ("#header" if header_only else "")
    source = origin(ctx, "ManualJournal", journal_id, version, obj.pointer, context, order_numbers(narration))
    if status == "DELETED":
        return [source.event(RecordDeleted("ManualJournal", journal_id), required_time(r, "UpdatedDateUTC"))]
    currency = currency_of(r, base_currency)
    lines = tuple(posted_line(line, "LineAmount", currency) for line in r.items("JournalLines"))
    posted_at = document_date(r)
    body = JournalPosted(entry_id=journal_id, posted_at=posted_at, lines=lines, memo=narration)
    return [source.event(body, posted_at), *source.removals(r)]


def journal_events(obj: SourceObject, ctx: MappingContext, base_currency: str | None) -> list[Event]:
    """JournalPosted for a system journal; journals never change, so the version is their creation time."""
    r = Reader(obj.data, path_of(obj.pointer))
    journal_id = str(r.required("JournalID"))
    currency = currency_of(r, base_currency)
    lines = tuple(posted_line(line, "NetAmount", currency) for line in r.items("JournalLines"))
    posted_at = required_time(r, "JournalDate")
    body = JournalPosted(entry_id=journal_id, posted_at=posted_at, lines=lines, memo=r.text("Reference"))
    accounts = {str(line.text("AccountCode")): line.text("AccountName") for line in r.items("JournalLines")
                if line.text("AccountName")}
    context = without_empty({
        "journal_number": number_text(r.data.get("JournalNumber")),
        "source_type": r.text("SourceType"),
        "source_id": r.text("SourceID"),
        "created": day_text(r, "CreatedDateUTC"),
        "accounts": accounts,
    })
    created = r.data.get("CreatedDateUTC")
    version = required_time(r, "CreatedDateUTC").isoformat(timespec="milliseconds") if created else journal_id
    source = origin(ctx, "Journal", journal_id, version, obj.pointer, context, references_of(r, "Reference"))
    return [source.event(body, posted_at)]


def posted_line(line: Reader, amount_field: str, currency: str) -> PostedLine:
    """One journal line on the side its sign says: positive debit, negative credit."""
    account = line.text("AccountCode")
    if account is None:
        raise PayloadError(line.at("AccountCode"), "is required")
    value = line.required(amount_field)
    try:
        signed = to_decimal(value)
    except ValueError as error:
        raise PayloadError(line.at(amount_field), str(error)) from error
    amount = Money(abs(signed), currency)
    zero = Money(Decimal(0), currency)
    debit, credit = (amount, zero) if signed >= 0 else (zero, amount)
    return PostedLine(account=account, debit=debit, credit=credit, description=line.text("Description"))
