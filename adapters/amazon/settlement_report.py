"""The V2 settlement report flat file (tab-separated) as a payout and its settlement lines.

The row that states total-amount is the settlement itself: a PayoutRecorded of total-amount as
stated. Every other row is one SettlementLineRecorded per amount it states, keyed by its line number
(and amount column): the `_V2` layout has one amount per row (amount-type, amount-description,
amount), the older layout several (price-amount, item-related-fee-amount, promotion-amount...).
Detail rows state no currency: they take their settlement row's. Report rows are immutable, so the
settlement id is both object id and version. A row that cannot be read names "line N, column X".
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from adapters.amazon.common import EPOCH, compact, origin
from adapters.amazon.parse import FlatFile
from adapters.toolkit import MappingContext, PayloadError, SourceObject
from canonical_model.events import Event, PayoutRecorded, SettlementLineRecorded
from canonical_model.money import Money

# amount column, the column naming its type, and the amount-type the `_V2` layout gives it
_AMOUNT_COLUMNS = (
    ("price-amount", "price-type", "ItemPrice"),
    ("item-related-fee-amount", "item-related-fee-type", "ItemFees"),
    ("shipment-fee-amount", "shipment-fee-type", "ShipmentFees"),
    ("order-fee-amount", "order-fee-type", "OrderFees"),
    ("promotion-amount", "promotion-type", "Promotion"),
    ("direct-payment-amount", "direct-payment-type", "DirectPayment"),
    ("misc-fee-amount", None, "MiscFees"),
    ("other-fee-amount", "other-fee-reason-description", "OtherFees"),
    ("other-amount", None, "Other"),
)
_CONTEXT_COLUMNS = (
    "transaction-type", "merchant-order-id", "adjustment-id", "shipment-id", "marketplace-name", "fulfillment-id",
    "order-item-code", "merchant-order-item-id", "merchant-adjustment-item-id", "quantity-purchased", "promotion-id",
    "other-fee-reason-description",
)


def split_report(report: FlatFile) -> list[SourceObject]:
    """One object per row; each carries its settlement row so that detail rows know their currency."""
    rows = [(number, values, dict(zip(report.header, values, strict=False))) for number, values in report.rows]
    settlements = {row.get("settlement-id"): row for _, _, row in rows if row.get("total-amount")}
    found = []
    for number, values, row in rows:
        data = {
            "line": number, "row": row, "width": len(values), "columns": len(report.header),
            "settlement": settlements.get(row.get("settlement-id"), {}),
        }
        kind = "settlement_summary" if row.get("total-amount") else "settlement_row"
        found.append(SourceObject(kind, f"line {number}", data))
    return found


class Row:
    """Reads the columns of one report row; bad values raise PayloadError naming line and column."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.line = int(data["line"])
        self.values: dict[str, str] = data["row"]
        if data["width"] > data["columns"]:
            raise PayloadError(f"line {self.line}", f"has {data['width']} columns but the header names {data['columns']}")

    def at(self, column: str) -> str:
        return f"line {self.line}, column {column}"

    def text(self, column: str) -> str | None:
        return self.values.get(column) or None

    def required(self, column: str) -> str:
        value = self.text(column)
        if value is None:
            raise PayloadError(self.at(column), "is required")
        return value

    def money(self, column: str, currency: str) -> Money:
        text = self.required(column)
        # European marketplaces write decimal commas (12,50).
        plain = text.replace(",", ".") if re.fullmatch(r"-?\d+,\d+", text) else text
        try:
            return Money.of(Decimal(plain), currency)
        except (InvalidOperation, ValueError) as error:
            raise PayloadError(self.at(column), f"{text!r} is not a decimal amount") from error

    def time(self, column: str) -> datetime | None:
        text = self.text(column)
        return None if text is None else report_time(text, self.at(column))


def report_time(text: str, where: str) -> datetime:
    """A report date such as "2023-01-17 00:00:00 UTC", "2023-01-17T00:00:00+00:00" or "17.01.2023 00:00:00 UTC"."""
    value = text.strip().removesuffix(" UTC").removesuffix(" GMT")
    dotted = re.fullmatch(r"(\d{2})\.(\d{2})\.(\d{4})(.*)", value)
    if dotted:
        value = f"{dotted[3]}-{dotted[2]}-{dotted[1]}{dotted[4]}"
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise PayloadError(where, f"{text!r} is not a date and time") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def summary_events(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """The settlement row: a PayoutRecorded of total-amount exactly as the report states it."""
    row = Row(obj.data)
    settlement_id = row.required("settlement-id")
    currency = row.required("currency")
    deposit = row.time("deposit-date")
    end = row.time("settlement-end-date")
    body = PayoutRecorded(
        payout_id=settlement_id,
        amount=row.money("total-amount", currency),
        status="CLOSED",
        deposit_date=deposit,
        period_start=row.time("settlement-start-date"),
        period_end=end,
    )
    context = {"report": "settlement V2 flat file", "line": row.line}
    source = origin(ctx, "settlement_report", settlement_id, settlement_id, obj.pointer, None, context)
    return [source.event(body, deposit or end or EPOCH)]


def row_events(obj: SourceObject, ctx: MappingContext) -> list[Event]:
    """One settlement line per amount the row states, signed as the report signs it."""
    row = Row(obj.data)
    settlement_id = row.required("settlement-id")
    settlement = obj.data["settlement"]
    currency = settlement.get("currency") or row.text("currency")
    if not currency:
        raise PayloadError(row.at("currency"), "is required: no settlement row of this settlement states it")
    occurred_at = row.time("posted-date-time") or row.time("posted-date")
    if occurred_at is None and settlement.get("settlement-end-date"):
        occurred_at = report_time(settlement["settlement-end-date"], row.at("settlement-end-date"))
    order_id = row.text("order-id")
    context = compact({"report": "settlement V2 flat file", "line": row.line,
                       **{column: row.text(column) for column in _CONTEXT_COLUMNS}})
    source = origin(ctx, "settlement_report", settlement_id, settlement_id, obj.pointer, order_id, context)
    events = []
    for key, line_type, amount in row_amounts(row, currency):
        body = SettlementLineRecorded(
            settlement_id=settlement_id, line_id=key, line_type=line_type, amount=amount,
            description=row.text("amount-description") or row.text("other-fee-reason-description"),
            order_external_id=order_id, sku=row.text("sku"),
        )
        events.append(source.event(body, occurred_at or EPOCH, key=key))
    return events


def row_amounts(row: Row, currency: str) -> list[tuple[str, str, Money]]:
    """(key, line type, amount) of every amount the row states; a row stating none is refused."""
    kind = row.text("transaction-type")
    if "amount" in row.values:
        line_type = "/".join(part for part in (kind, row.text("amount-type"), row.text("amount-description")) if part)
        return [(f"line {row.line}", line_type or "amount", row.money("amount", currency))]
    found = []
    for column, type_column, amount_type in _AMOUNT_COLUMNS:
        if row.text(column) is None:
            continue
        named = row.text(type_column) if type_column else None
        line_type = "/".join(part for part in (kind, amount_type, named) if part)
        found.append((f"line {row.line}/{column}", line_type, row.money(column, currency)))
    if not found:
        raise PayloadError(row.at("price-amount"), "is required: the row states no amount in any amount column")
    return found
