"""The hub's balanced journal entries booked in Xero as POSTED manual journals (`PUT /ManualJournals`).

A manual journal states each line's side by the sign of its LineAmount: debits positive, credits
negative, adding up to zero. Its accounts are Xero account codes (the connection's `accounts` table
maps the hub's chart to them), it is in the organisation's base currency only (the connection's
`currency`), and its Narration is the hub's memo with the entry's searchable reference.

Exactly once: the request carries the entry's `Idempotency-Key`, so a PUT retried after a lost
answer gets the first answer back from Xero instead of a second journal. It is sent with
`summarizeErrors=false`, so that a refused journal comes back as an element with its own
ValidationErrors (an unknown account code, lines that do not balance), which `JournalRefused` names.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from adapters.toolkit.errors import FatalApiError
from adapters.toolkit.http import PartnerClient
from adapters.toolkit.journal_push import PushEntry
from adapters.toolkit.redaction import describe_request
from adapters.toolkit.streams import ConnectionSettings
from adapters.xero.client import API

CENT = Decimal("0.01")
NARRATION_LIMIT = 4000  # Xero's ceiling on a manual journal's narration


class JournalRefused(FatalApiError):
    """Xero answered the journal with validation errors and booked nothing."""


def line_amount(debit: Decimal, credit: Decimal, entry_id: str) -> float:
    """The signed LineAmount (debit positive), as the JSON number Xero reads.

    The amount is checked to be whole cents first, and a float's shortest repr of a cent amount is that
    amount's decimal text, so the number sent is exact."""
    amount = debit - credit
    if amount != amount.quantize(CENT):
        raise ValueError(f"journal entry {entry_id}: {amount} is not in whole cents, which Xero requires")
    return float(amount)


def manual_journal(entry: PushEntry, base_currency: str | None) -> dict[str, Any]:
    """The ManualJournal one entry becomes; an entry in a currency other than the organisation's is refused."""
    if base_currency and entry.currency != base_currency:
        raise ValueError(f"journal entry {entry.id} is in {entry.currency}; Xero books manual journals in the "
                         f"organisation's base currency {base_currency} only")
    narration = f"{entry.memo} [{entry.reference}]" if entry.memo else entry.reference
    return {
        "Narration": narration[:NARRATION_LIMIT],
        "Date": entry.date.isoformat(),
        "Status": "POSTED",
        "LineAmountTypes": "NoTax",
        "ShowOnCashBasisReports": True,
        "JournalLines": [{"LineAmount": line_amount(line.debit, line.credit, entry.id), "AccountCode": line.account,
                          "Description": line.description} for line in entry.lines],
    }


async def push_journal(client: PartnerClient, settings: ConnectionSettings, entry: PushEntry) -> str:
    """Book one entry as a POSTED manual journal; the ManualJournalID Xero gave it."""
    body = {"ManualJournals": [manual_journal(entry, settings.options.get("currency"))]}
    url = f"{API}/ManualJournals"
    response = await client.request("PUT", url, params={"summarizeErrors": "false"}, json=body,
                                    headers={"Idempotency-Key": entry.idempotency_key})
    answer = response.json()
    journals = answer.get("ManualJournals") if isinstance(answer, dict) else None
    element = journals[0] if isinstance(journals, list) and journals and isinstance(journals[0], dict) else {}
    errors = [str(error.get("Message")) for error in element.get("ValidationErrors") or [] if isinstance(error, dict)]
    if errors or element.get("StatusAttributeString") == "ERROR" or not element.get("ManualJournalID"):
        raise JournalRefused(describe_request("PUT", url, {}), f"Xero refused journal entry {entry.id}: "
                             + ("; ".join(errors) or "no ManualJournalID in the answer"), response.status_code)
    return str(element["ManualJournalID"])
