"""The simulator's manual journal writes: `PUT` (or `POST`) `/api.xro/2.0/ManualJournals`, validated as Xero does.

A body is `{"ManualJournals": [...]}` or one journal. Each journal needs a Narration and at least two
JournalLines; every line an active account's AccountCode and a LineAmount in cents, signed (debits
positive, credits negative) so that the lines add up to zero. Any failure answers 400 with Xero's
ValidationException body, each element carrying its ValidationErrors, and nothing is created. Status
is DRAFT unless POSTED is asked for; the date defaults to the organisation's today. With
`summarizeErrors=false` the valid journals are filed and the answer is 200, each element with its
`StatusAttributeString` (OK or ERROR) and its ValidationErrors.

An `Idempotency-Key` header makes a retried request safe: the same key with the same body answers
what the first request answered and creates nothing more; the same key with another body is refused.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from aiohttp import web

from adapters.toolkit import PayloadError, parse_json
from adapters.xero.books import CENT, Books, read_xero_date, xero_date
from adapters.xero.simulator_listings import BOOKS, answer, envelope, validation_error

STATUSES = ("DRAFT", "POSTED")


def _amount(value: Any) -> Decimal | None:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() and amount == amount.quantize(CENT) else None


def _date(value: Any, books: Books) -> datetime | None:
    if value in (None, ""):
        return books.now
    text = str(value)
    try:
        moment = read_xero_date(text) if text.startswith("/Date(") else datetime.fromisoformat(text)
    except ValueError:
        return None
    return datetime.combine(moment.date(), datetime.min.time(), tzinfo=UTC)


def journal_errors(journal: Any, books: Books) -> list[str]:
    """What Xero would say is wrong with one manual journal (nothing: it is valid)."""
    if not isinstance(journal, dict):
        return ["A manual journal must be an object"]
    errors = [] if str(journal.get("Narration") or "").strip() else ["Narration cannot be empty"]
    if str(journal.get("Status") or "DRAFT").upper() not in STATUSES:
        errors.append(f"Status {journal.get('Status')!r} is not one of {', '.join(STATUSES)}")
    if _date(journal.get("Date"), books) is None:
        errors.append(f"Date {journal.get('Date')!r} is not a date")
    lines = journal.get("JournalLines")
    if not isinstance(lines, list) or len(lines) < 2:
        return [*errors, "A manual journal must have at least two journal lines"]
    codes, amounts = books.account_codes(), []
    for index, line in enumerate(lines):
        line = line if isinstance(line, dict) else {}
        code, amount = line.get("AccountCode"), _amount(line.get("LineAmount"))
        if not code or str(code) not in codes:
            errors.append(f"Account code '{code}' is not a valid code for this document (line {index + 1})")
        if amount is None:
            errors.append(f"LineAmount {line.get('LineAmount')!r} is not an amount in cents (line {index + 1})")
        else:
            amounts.append(amount)
    if len(amounts) == len(lines) and sum(amounts, Decimal(0)) != 0:
        debits, credits = sum((a for a in amounts if a > 0), Decimal(0)), -sum((a for a in amounts if a < 0), Decimal(0))
        errors.append(f"The total debits ({debits:.2f}) must equal total credits ({credits:.2f})")
    return errors


def posted(journal: dict[str, Any], books: Books, key: str) -> dict[str, Any]:
    """The journal as Xero files it: an id, its status, dated, every line with its account."""
    accounts = {account["Code"]: account["AccountID"] for account in books.listed("Accounts")}
    date = _date(journal.get("Date"), books) or books.now
    lines = [{"LineAmount": Decimal(str(line["LineAmount"])), "AccountCode": str(line["AccountCode"]),
              "AccountID": accounts[str(line["AccountCode"])], "Description": line.get("Description") or "",
              "TaxType": "NONE", "TaxAmount": Decimal("0.00"), "IsBlank": False, "Tracking": []}
             for line in journal["JournalLines"]]
    return {"ManualJournalID": books.new_id("manual-journal", key), "Date": xero_date(date),
            "Status": str(journal.get("Status") or "DRAFT").upper(), "LineAmountTypes": "NoTax",
            "Narration": str(journal["Narration"]), "JournalLines": lines,
            "ShowOnCashBasisReports": bool(journal.get("ShowOnCashBasisReports", True)), "HasAttachments": False}


def create(books: Books, body: bytes, summarize_errors: bool = True) -> tuple[int, web.Response]:
    """Validate every journal of the body. Summarised (Xero's default): file them all, or none and answer 400.
    With `summarizeErrors=false`: file the valid ones and answer 200, each element with its own status."""
    try:
        document = parse_json(body)
    except PayloadError as error:
        return 400, validation_error(f"The request body is not JSON: {error}")
    journals = document.get("ManualJournals", [document]) if isinstance(document, dict) else document
    if not isinstance(journals, list) or not journals:
        return 400, validation_error("The request holds no manual journal")
    errors = [journal_errors(journal, books) for journal in journals]
    refused = [{**(journal if isinstance(journal, dict) else {}), "StatusAttributeString": "ERROR",
                "ValidationErrors": [{"Message": message} for message in found]}
               for journal, found in zip(journals, errors, strict=True)]
    if any(errors) and summarize_errors:
        return 400, validation_error("", [element for element, found in zip(refused, errors, strict=True) if found])
    elements = [element if found else {**_file(books, journal), "StatusAttributeString": "OK"}
                for journal, element, found in zip(journals, refused, errors, strict=True)]
    return 200, answer(envelope(books, "ManualJournals", elements))


def _file(books: Books, journal: dict[str, Any]) -> dict[str, Any]:
    return books.add("ManualJournals", posted(journal, books, str(len(books.collections["ManualJournals"]))),
                     books.now)


async def put_manual_journals(request: web.Request) -> web.Response:
    books, body = request.app[BOOKS], await request.read()
    key = request.headers.get("Idempotency-Key")
    digest = hashlib.sha256(body).hexdigest()
    if key and key in books.idempotent:
        seen_digest, status, text = books.idempotent[key]
        if seen_digest != digest:
            return validation_error(f"Idempotency-Key {key!r} was already used for a different request")
        return web.Response(text=text, status=status, content_type="application/json")
    summarize = request.query.get("summarizeErrors", "true").lower() != "false"
    status, response = create(books, body, summarize)
    if key:
        books.idempotent[key] = (digest, status, response.text or "")
    return response
