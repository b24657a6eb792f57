"""What every Xero mapping shares: parsing, Xero's dates, the origin of a fact, currency, references, removals."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from adapters.toolkit import MappingContext, PayloadError, Reader
from adapters.toolkit.facts import ReferencingOrigin
from adapters.toolkit.facts import number_text as number_text
from adapters.toolkit.facts import order_numbers as order_numbers
from adapters.toolkit.facts import path_of as path_of
from adapters.toolkit.facts import without_empty as without_empty
from canonical_model.accounting_events import RecordDeleted
from canonical_model.events import Event
from canonical_model.identity import SourceRef
from canonical_model.money import Money

SYSTEM = "xero"
# Xero's documents stop counting once deleted (drafts) or voided (approved ones).
REMOVED = {"DELETED", "VOIDED"}

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Microsoft JSON dates: milliseconds since the epoch in UTC, with an optional offset Xero adds for show.
_MS_DATE = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")


def xero_time(r: Reader, name: str, required: bool = False) -> datetime | None:
    """A Xero time field, either `/Date(1518685950940+0000)/` or ISO 8601 (a time without offset is UTC)."""
    value = r.required(name) if required else r.data.get(name)
    if value is None or value == "":
        return None
    match = _MS_DATE.match(str(value))
    if match:
        return _EPOCH + timedelta(milliseconds=int(match.group(1)))
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as error:
        raise PayloadError(r.at(name), f"{value!r} is not a Xero date") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def required_time(r: Reader, name: str) -> datetime:
    """A Xero time field that must be there."""
    moment = xero_time(r, name, required=True)
    if moment is None:
        raise PayloadError(r.at(name), "is required")
    return moment


def document_date(r: Reader) -> datetime:
    """The date of a document: DateString (Xero's calendar date) when given, else Date, as midnight UTC."""
    moment = xero_time(r, "DateString") or required_time(r, "Date")
    return datetime.combine(moment.date(), datetime.min.time(), tzinfo=UTC)


def updated_version(r: Reader) -> str:
    """UpdatedDateUTC in UTC with milliseconds: the version of a Xero object."""
    return required_time(r, "UpdatedDateUTC").isoformat(timespec="milliseconds")


def currency_of(r: Reader, base_currency: str | None, name: str = "CurrencyCode") -> str:
    """The currency the object states; Xero states none on journals and items, which are in the base currency."""
    code = r.text(name)
    if code:
        return code
    if base_currency:
        return base_currency
    raise PayloadError(
        r.at(name), "is required: the object states no currency and the connection configures no base currency"
    )


def stated_money(r: Reader, name: str, currency: str) -> Money:
    """A required amount, exactly as stated, in the given currency."""
    value = r.money(name, currency, required=True)
    if value is None:
        raise PayloadError(r.at(name), "is required")
    return value


def accepted(r: Reader) -> None:
    """Refuse an element Xero answered with validation errors: Xero did not record it."""
    errors = [str(item.get("Message")) for item in r.data.get("ValidationErrors") or [] if isinstance(item, dict)]
    if errors or r.data.get("HasValidationErrors") is True or r.data.get("StatusAttributeString") == "ERROR":
        stated = "; ".join(errors) or "no message given"
        raise PayloadError(r.at("ValidationErrors"), f"Xero refused this element, so it records nothing: {stated}")


class Origin(ReferencingOrigin):
    """One Xero object as the source of facts: its identity, the references it carries, its payload."""

    def removals(self, r: Reader) -> list[Event]:
        """RecordDeleted, at the time Xero changed it, when the object is deleted or voided."""
        if r.text("Status") not in REMOVED:
            return []
        body = RecordDeleted(object_type=self.source.object_type, object_id=self.source.object_id)
        return [self.event(body, required_time(r, "UpdatedDateUTC"))]


def origin(
    ctx: MappingContext, object_type: str, object_id: str, version: str, pointer: str, context: dict[str, Any],
    references: list[str],
) -> Origin:
    """The origin of the facts read from one Xero object."""
    source = SourceRef(SYSTEM, ctx.account, object_type, object_id, version)
    return Origin(source, ctx.payload_hash, pointer, without_empty(context), unique(references))


def references_of(r: Reader, *names: str) -> list[str]:
    """The named reference fields as written, then the order numbers they hold."""
    written = [str(r.text(name)) for name in names if r.text(name)]
    return written + [number for text in written for number in order_numbers(text)]


def unique(values: list[str]) -> tuple[str, ...]:
    """Values in their first order, without repeats."""
    return tuple(dict.fromkeys(value for value in values if value))


def is_zero(value: Any) -> bool:
    """Whether a stated amount is absent or zero."""
    if value is None or value == "":
        return True
    try:
        return Decimal(str(value)) == 0
    except InvalidOperation:
        return False


def day_text(r: Reader, name: str) -> str | None:
    """A Xero date field as an ISO calendar date for context."""
    moment = xero_time(r, name)
    return moment.date().isoformat() if moment else None
