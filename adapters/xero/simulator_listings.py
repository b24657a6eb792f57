"""The simulator's Accounting API reads: listings with If-Modified-Since, order and page; one document by id.

A listing answers Xero's envelope (`Id`, `Status`, `ProviderName`, `DateTimeUTC`, the collection, and
`pagination` where it pages). `If-Modified-Since` (ISO 8601 in UTC, or an HTTP date) keeps the
documents changed at or after it; `order` is a field with an optional `ASC`/`DESC` (ties by id);
`page` (from 1) with `pageSize` (1-1000, default 100) pages the collections Xero pages, and a page
past the end is an empty list; unpaged, invoices come without their line items. Items and Accounts
are listed whole. Bad parameters are answered 400 with Xero's ValidationException body; an unknown
id 404.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from aiohttp import web

from adapters.xero.books import ID_FIELDS, Books, dumps, read_xero_date, updated_at, xero_date

BOOKS = web.AppKey("xero_books", Books)
PAGED = {"Invoices", "CreditNotes", "Payments", "BankTransactions", "ManualJournals"}
DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE = 100, 1000


class BadRequest(ValueError):
    """A request Xero answers 400 with a ValidationException naming what is wrong."""


def answer(body: dict[str, Any], status: int = 200) -> web.Response:
    return web.Response(text=dumps(body), status=status, content_type="application/json")


def envelope(books: Books, collection: str, documents: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """Xero's response envelope around a list of documents."""
    return {"Id": str(uuid.uuid4()), "Status": "OK", "ProviderName": "order-hub",
            "DateTimeUTC": xero_date(books.now), **extra, collection: documents}


def validation_error(message: str, elements: list[dict[str, Any]] | None = None) -> web.Response:
    """Xero's 400 body: ErrorNumber 10, a ValidationException, and the elements with their ValidationErrors."""
    return answer({"ErrorNumber": 10, "Type": "ValidationException", "Message": "A validation exception occurred",
                   "Elements": elements or [{"ValidationErrors": [{"Message": message}]}]}, 400)


def not_found() -> web.Response:
    return answer({"Type": None, "Title": "NotFound", "Status": 404,
                   "Detail": "The resource you're looking for cannot be found"}, 404)


def modified_since(value: str | None) -> datetime | None:
    """The `If-Modified-Since` moment: ISO 8601 (no offset: UTC) or an HTTP date."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError) as error:
            raise BadRequest(f"If-Modified-Since {value!r} is not a date") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _whole(query: Any, name: str, default: int, low: int, high: int | None = None) -> int:
    raw = query.get(name, str(default))
    if not raw.isdigit() or int(raw) < low or (high is not None and int(raw) > high):
        raise BadRequest(f"{name} must be a whole number from {low}" + (f" to {high}" if high else ""))
    return int(raw)


def _sort_key(order: str, id_field: str) -> tuple[Callable[[dict[str, Any]], Any], bool]:
    field, _, direction = order.strip().partition(" ")
    if direction.strip().upper() not in ("", "ASC", "DESC") or not field:
        raise BadRequest(f"order {order!r} is not a field with ASC or DESC")

    def key(document: dict[str, Any]) -> Any:
        value = document.get(field)
        if isinstance(value, str) and value.startswith("/Date("):
            value = read_xero_date(value)
        return (value is None, value if value is not None else "", document[id_field])

    return key, direction.strip().upper() == "DESC"


def listed(books: Books, collection: str, query: Any, since: datetime | None) -> web.Response:
    """A page of a collection as Xero answers it."""
    id_field = ID_FIELDS[collection]
    rows = [d for d in books.listed(collection) if since is None or updated_at(d) >= since]
    key, descending = _sort_key(query.get("order", "UpdatedDateUTC ASC" if collection in PAGED else id_field), id_field)
    rows = sorted(rows, key=key, reverse=descending)
    if collection not in PAGED or "page" not in query:
        if collection == "Invoices":  # unpaged, Xero lists invoices without their line items
            rows = [{**row, "LineItems": []} for row in rows]
        return answer(envelope(books, collection, rows))
    page = _whole(query, "page", 1, 1)
    size = _whole(query, "pageSize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
    pagination = {"page": page, "pageSize": size, "pageCount": math.ceil(len(rows) / size), "itemCount": len(rows)}
    return answer(envelope(books, collection, rows[(page - 1) * size: page * size], pagination=pagination))


def collection_of(request: web.Request) -> str | None:
    name = request.match_info["collection"]
    return next((known for known in ID_FIELDS if known.lower() == name.lower()), None)


async def get_collection(request: web.Request) -> web.Response:
    collection = collection_of(request)
    if collection is None:
        return not_found()
    try:
        return listed(request.app[BOOKS], collection, request.query, modified_since(
            request.headers.get("If-Modified-Since")))
    except BadRequest as error:
        return validation_error(str(error))


async def get_document(request: web.Request) -> web.Response:
    collection = collection_of(request)
    books = request.app[BOOKS]
    document = books.find(collection, request.match_info["document_id"]) if collection else None
    if collection is None or document is None:
        return not_found()
    return answer(envelope(books, collection, [document]))
