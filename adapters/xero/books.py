"""The simulated Xero organisation's books: its documents by collection, its chart of accounts and its clock.

Documents are kept as the Accounting API states them (PascalCase fields, `/Date(ms+0000)/` times,
amounts as JSON numbers), so the simulator serves them unchanged. Every change goes through `stamp`,
which moves `UpdatedDateUTC`, the field `If-Modified-Since` filters on.
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

CENT = Decimal("0.01")
START = datetime(2026, 9, 1, tzinfo=UTC)
# The collections the simulator lists, with the id field of their documents.
ID_FIELDS = {
    "Invoices": "InvoiceID", "CreditNotes": "CreditNoteID", "Payments": "PaymentID",
    "BankTransactions": "BankTransactionID", "ManualJournals": "ManualJournalID", "Items": "ItemID",
    "Accounts": "AccountID",
}
# The demo organisation's chart (a US Xero organisation's default chart, plus the brand's clearing accounts):
# code, name, type, tax type.
CHART = (
    ("090", "Business Bank Account", "BANK", "NONE"),
    ("091", "Stripe Clearing", "BANK", "NONE"),
    ("092", "eBay Managed Payments Clearing", "BANK", "NONE"),
    ("093", "Payouts Clearing", "CURRENT", "NONE"),
    ("120", "Channel Receivables", "CURRENT", "NONE"),
    ("630", "Inventory", "INVENTORY", "NONE"),
    ("200", "Sales", "REVENUE", "OUTPUT"),
    ("205", "Sales Discounts", "REVENUE", "OUTPUT"),
    ("210", "Sales Refunds", "REVENUE", "OUTPUT"),
    ("260", "Shipping Income", "REVENUE", "OUTPUT"),
    ("270", "Inventory Count Gains", "OTHERINCOME", "NONE"),
    ("310", "Cost of Goods Sold", "DIRECTCOSTS", "NONE"),
    ("311", "Inventory Shrinkage", "DIRECTCOSTS", "NONE"),
    ("312", "Inventory Damage", "DIRECTCOSTS", "NONE"),
    ("404", "Bank and Payment Fees", "EXPENSE", "NONE"),
    ("405", "Marketplace Commissions", "EXPENSE", "NONE"),
    ("406", "Fulfilment and Shipping Fees", "EXPENSE", "NONE"),
    ("407", "Chargebacks", "EXPENSE", "NONE"),
    ("810", "Goods Received Not Invoiced", "CURRLIAB", "NONE"),
    ("811", "Freight Payable", "CURRLIAB", "NONE"),
    ("812", "Supplier Accruals", "CURRLIAB", "NONE"),
    ("820", "Sales Tax", "CURRLIAB", "NONE"),
    ("835", "Deferred Revenue", "CURRLIAB", "NONE"),
    ("860", "Rounding", "CURRLIAB", "NONE"),
    ("970", "Suspense", "EQUITY", "NONE"),
)


def xero_date(moment: datetime) -> str:
    """A time as Xero's JSON states it: `/Date(<ms since the epoch>+0000)/`."""
    return f"/Date({int(moment.astimezone(UTC).timestamp() * 1000)}+0000)/"


def xero_day(moment: datetime) -> tuple[str, str]:
    """A calendar date as Xero states it twice: `DateString` (local midnight, no offset) and `Date`."""
    midnight = datetime.combine(moment.astimezone(UTC).date(), datetime.min.time(), tzinfo=UTC)
    return midnight.replace(tzinfo=None).isoformat(), xero_date(midnight)


def read_xero_date(value: str) -> datetime:
    """The moment of a `/Date(ms+0000)/` value."""
    milliseconds = int(value.removeprefix("/Date(").split(")")[0].split("+")[0])
    return datetime.fromtimestamp(milliseconds / 1000, UTC)


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT)


def dumps(document: Any) -> str:
    """JSON with Decimal amounts as numbers, as Xero sends them.

    Amounts are whole cents, and a float's shortest repr of a cent amount is that amount's decimal text, so
    the number on the wire is exact; the hub reads numbers with a fraction back as Decimal."""
    return json.dumps(document, default=lambda value: float(value) if isinstance(value, Decimal) else str(value))


@dataclass
class Books:
    """One Xero organisation: documents by collection (id -> document), its clock and its number sequences."""

    seed: int = 1
    now: datetime = START
    collections: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: {name: {} for name in ID_FIELDS})
    numbers: dict[str, int] = field(default_factory=dict)
    # Idempotency-Key -> (request body digest, the answer then given), so a retried PUT creates nothing twice.
    idempotent: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    rng: random.Random = field(default_factory=random.Random)

    def new_id(self, *key: object) -> str:
        """A stable UUID for a document, from the organisation's seed and the document's own key."""
        digest = hashlib.sha256(":".join(map(str, (self.seed, *key))).encode()).digest()
        return str(uuid.UUID(bytes=digest[:16], version=4))

    def next_number(self, prefix: str) -> str:
        """Xero's next document number of a sequence: INV-0001, CN-0001..."""
        self.numbers[prefix] = self.numbers.get(prefix, 0) + 1
        return f"{prefix}-{self.numbers[prefix]:04d}"

    def add(self, collection: str, document: dict[str, Any], at: datetime) -> dict[str, Any]:
        """File a new document, stamped as changed at `at`."""
        stamp(document, at)
        self.collections[collection][document[ID_FIELDS[collection]]] = document
        return document

    def listed(self, collection: str) -> list[dict[str, Any]]:
        return list(self.collections[collection].values())

    def find(self, collection: str, document_id: str) -> dict[str, Any] | None:
        return self.collections[collection].get(document_id.lower())

    def account_codes(self) -> set[str]:
        return {account["Code"] for account in self.listed("Accounts") if account.get("Status") == "ACTIVE"}


def stamp(document: dict[str, Any], at: datetime) -> None:
    """Record that Xero changed the document at `at` (whole milliseconds, as Xero keeps them)."""
    at = at.astimezone(UTC).replace(microsecond=at.microsecond // 1000 * 1000)
    document["UpdatedDateUTC"] = xero_date(at)


def updated_at(document: dict[str, Any]) -> datetime:
    return read_xero_date(document["UpdatedDateUTC"])


def chart(books: Books, at: datetime) -> None:
    """The organisation's chart of accounts, active since `at`."""
    for code, name, kind, tax_type in CHART:
        books.add("Accounts", {
            "AccountID": books.new_id("account", code), "Code": code, "Name": name, "Type": kind, "TaxType": tax_type,
            "Status": "ACTIVE", "Class": _CLASSES.get(kind, "EXPENSE"), "EnablePaymentsToAccount": kind == "BANK",
            "ShowInExpenseClaims": False, "ReportingCode": kind, "HasAttachments": False,
            **({"BankAccountType": "BANK", "CurrencyCode": "USD"} if kind == "BANK" else {}),
        }, at)


_CLASSES = {"BANK": "ASSET", "CURRENT": "ASSET", "INVENTORY": "ASSET", "REVENUE": "REVENUE", "OTHERINCOME": "REVENUE",
            "DIRECTCOSTS": "EXPENSE", "EXPENSE": "EXPENSE", "CURRLIAB": "LIABILITY", "EQUITY": "EQUITY"}


def later(moment: datetime, minutes: float) -> datetime:
    return moment + timedelta(minutes=minutes)
