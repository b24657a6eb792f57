"""What every QuickBooks Online mapping shares: parsing, the origin of a fact, dates, versions, currency, references."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from adapters.toolkit import MappingContext, PayloadError, Reader
from adapters.toolkit.facts import ReferencingOrigin as Origin
from adapters.toolkit.facts import number_text as number_text
from adapters.toolkit.facts import order_numbers as order_numbers
from adapters.toolkit.facts import path_of as path_of
from adapters.toolkit.facts import without_empty as without_empty
from canonical_model.identity import SourceRef
from canonical_model.money import Money

SYSTEM = "quickbooks"


def origin(
    ctx: MappingContext, entity: str, r: Reader, pointer: str, context: dict[str, Any], references: list[str],
    version: str | None = None,
) -> Origin:
    """The origin of the facts read from one entity; its version is LastUpdatedTime and SyncToken unless given."""
    source = SourceRef(SYSTEM, ctx.account, entity, str(r.required("Id")), version or entity_version(r))
    return Origin(source, ctx.payload_hash, pointer, without_empty(context), unique(references))


def entity_version(r: Reader) -> str:
    """MetaData.LastUpdatedTime in UTC plus the SyncToken QuickBooks raises on every change."""
    return f"{updated_at(r).astimezone(UTC).isoformat()}#{r.required('SyncToken')}"


def updated_at(r: Reader) -> datetime:
    """When QuickBooks last changed the entity (MetaData.LastUpdatedTime)."""
    meta = r.child("MetaData")
    moment = meta.time("LastUpdatedTime") if meta else None
    if moment is None:
        raise PayloadError(r.at("MetaData.LastUpdatedTime"), "is required")
    return moment


def txn_date(r: Reader) -> datetime:
    """TxnDate, the posting date of a transaction, as midnight UTC."""
    value = str(r.required("TxnDate"))
    try:
        return datetime.combine(date.fromisoformat(value[:10]), datetime.min.time(), tzinfo=UTC)
    except ValueError as error:
        raise PayloadError(r.at("TxnDate"), f"{value!r} is not an ISO 8601 date") from error


def currency_of(r: Reader, home_currency: str | None) -> str:
    """CurrencyRef.value; QuickBooks omits it only for the home currency, which the connection may configure."""
    ref = r.child("CurrencyRef")
    code = ref.text("value") if ref else None
    if code:
        return code
    if home_currency:
        return home_currency
    raise PayloadError(
        r.at("CurrencyRef"),
        "is required: the entity states no currency and the connection configures no home currency",
    )


def stated_money(r: Reader, name: str, currency: str) -> Money:
    """A required amount, exactly as stated, in the given currency."""
    value = r.money(name, currency, required=True)
    if value is None:
        raise PayloadError(r.at(name), "is required")
    return value


def ref_name(r: Reader, name: str) -> str | None:
    """The name of a QuickBooks reference such as ItemRef or AccountRef, else its value."""
    ref = r.child(name)
    return (ref.text("name") or ref.text("value")) if ref else None


def memo(r: Reader, name: str) -> str | None:
    """A memo field that is either text (PrivateNote) or a MemoRef object (CustomerMemo)."""
    value = r.data.get(name)
    if isinstance(value, dict):
        value = value.get("value")
    return None if value in (None, "") else str(value)


def linked(r: Reader) -> list[tuple[str, str]]:
    """LinkedTxn entries of an entity or a line as (TxnType, TxnId)."""
    return [(str(link.required("TxnType")), str(link.required("TxnId"))) for link in r.items("LinkedTxn")]


def document_references(r: Reader) -> list[str]:
    """DocNumber, order numbers in PrivateNote, CustomerMemo and order custom fields, and LinkedTxn as Type:Id."""
    found = [r.text("DocNumber")] if r.text("DocNumber") else []
    found += order_numbers(memo(r, "PrivateNote")) + order_numbers(memo(r, "CustomerMemo"))
    for field in r.items("CustomField"):
        value = field.text("StringValue")
        if value and "order" in (field.text("Name") or "").casefold():
            found.append(value)
    return found + [f"{kind}:{txn_id}" for kind, txn_id in linked(r)]


def unique(values: list[str]) -> tuple[str, ...]:
    """Values in their first order, without repeats."""
    return tuple(dict.fromkeys(value for value in values if value))
