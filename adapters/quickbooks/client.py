"""QuickBooks Online Accounting API over HTTP: query streams per entity, change data capture, journal push.

- One stream per entity (`invoices`, `sales_receipts`, `payments`, `credit_memos`, `journal_entries`,
  `items`): `GET /v3/company/{realmId}/query?query=select * from Invoice where Metadata.LastUpdatedTime >=
  '<cursor>' ORDERBY Metadata.LastUpdatedTime STARTPOSITION n MAXRESULTS m`, oldest change first; the
  cursor after each page is the latest LastUpdatedTime seen, so every page's cursor is a safe resume
  point (`>=` re-reads the objects of that very second, which is idempotent).
- `changes`: `GET /v3/company/{realmId}/cdc?entities=...&changedSince=...`, everything changed since the
  cursor, deletions included (`"status": "Deleted"`, which the mapping turns into RecordDeleted). QuickBooks
  looks back at most 30 days, so the first run starts 30 days before the server's own time (read from a
  one-row Account query's `time`), and the cursor is the server time of the answer less nothing: QuickBooks
  answers at most 1000 objects per entity, and when an entity reaches that cap the cursor stops at the
  latest change of it that was seen, so the rest comes next time.

Every call carries `minorversion` (option `minor_version`, 75). Auth is OAuth 2 (adapters.toolkit.oauth):
credentials `client_id`, `client_secret` and the first `refresh_token`; the realm is option `realm_id`
(else the connection's account). Limits: 500 requests a minute per realm (`QUICKBOOKS_ONLINE`) and 10 at
once; a connection's streams run one after another, so one client never has more than one call in flight.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from adapters.toolkit.http import PartnerClient
from adapters.toolkit.journal_push import PushEntry
from adapters.toolkit.oauth import OAuthRefresh
from adapters.toolkit.rate_limit import QUICKBOOKS_ONLINE
from adapters.toolkit.streams import ConnectionSettings, Page, PartnerHttp, Stream

MINOR_VERSION = "75"
MAX_RESULTS = 1000
CDC_LOOKBACK = timedelta(days=30)
TOKEN_URL = "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer"
OAUTH = OAuthRefresh(token_url=TOKEN_URL, access_token_lifetime=3600, refresh_margin=300)
CHANGE_ENTITIES = ("Invoice", "SalesReceipt", "Payment", "CreditMemo", "JournalEntry", "Item")

__all__ = ["OAUTH", "QUICKBOOKS_ONLINE", "STREAMS", "fetch_changes", "journal_accounts", "push_journal", "query_text"]


def company(settings: ConnectionSettings) -> str:
    """The company's API root, `/v3/company/<realmId>`."""
    return f"/v3/company/{settings.options.get('realm_id') or settings.account}"


def _params(settings: ConnectionSettings, **params: Any) -> dict[str, Any]:
    return {**params, "minorversion": str(settings.options.get("minor_version", MINOR_VERSION))}


def _page_size(settings: ConnectionSettings) -> int:
    return min(MAX_RESULTS, max(1, int(settings.options.get("page_size", MAX_RESULTS))))


def _time(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def query_text(entity: str, since: str | None, start: int, size: int) -> str:
    """The query language statement of one page: changes since a moment, oldest first."""
    where = f" where Metadata.LastUpdatedTime >= '{_stamp(_time(since))}'" if since else ""
    return (f"select * from {entity}{where} ORDERBY Metadata.LastUpdatedTime STARTPOSITION {start} "
            f"MAXRESULTS {size}")


def origin(settings: ConnectionSettings, what: str) -> str:
    """Where a document came from, without host or credentials."""
    return f"quickbooks:{settings.name}/{what}"


def _latest(entities: list[dict[str, Any]], latest: datetime | None) -> datetime | None:
    for entity in entities:
        changed = _time(entity["MetaData"]["LastUpdatedTime"])
        latest = changed if latest is None or changed > latest else latest
    return latest


def entity_stream(entity: str, name: str) -> Stream:
    """The query stream of one entity type."""

    async def fetch(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> AsyncIterator[Page]:
        size, start, latest = _page_size(settings), 1, _time(cursor) if cursor else None
        while True:
            statement = query_text(entity, cursor, start, size)
            response = await client.get(f"{company(settings)}/query", _params(settings, query=statement))
            found = response.json().get("QueryResponse", {}).get(entity, [])
            latest = _latest(found, latest)
            yield Page([(origin(settings, f"query?{statement}"), response.content)],
                       _stamp(latest) if latest else cursor)
            if len(found) < size:
                return
            start += size

    async def fetch_one(client: PartnerHttp, settings: ConnectionSettings, object_id: str) -> Page:
        statement = f"select * from {entity} where Id = '{object_id}'"
        response = await client.get(f"{company(settings)}/query", _params(settings, query=statement))
        return Page([(origin(settings, f"query?{statement}"), response.content)], None)

    return Stream(name, fetch, fetch_one)


async def _server_time(client: PartnerHttp, settings: ConnectionSettings) -> datetime:
    statement = "select * from Account STARTPOSITION 1 MAXRESULTS 1"
    response = await client.get(f"{company(settings)}/query", _params(settings, query=statement))
    return _time(response.json()["time"])


async def fetch_changes(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> AsyncIterator[Page]:
    """Everything changed since the cursor (the last 30 days on the first run), deletions included."""
    since = _time(cursor) if cursor else await _server_time(client, settings) - CDC_LOOKBACK + timedelta(minutes=1)
    params = _params(settings, entities=",".join(CHANGE_ENTITIES), changedSince=_stamp(since))
    response = await client.get(f"{company(settings)}/cdc", params)
    document = response.json()
    resume = _time(document["time"])
    for answer in document.get("CDCResponse", []):
        for page in answer.get("QueryResponse", []):
            for entity in CHANGE_ENTITIES:
                found = page.get(entity) or []
                if len(found) >= MAX_RESULTS:  # capped: resume from the latest change of it that came
                    resume = min(resume, _latest(found, None) or resume)
    yield Page([(origin(settings, f"cdc?changedSince={_stamp(since)}"), response.content)], _stamp(resume))


def _amount(value: Decimal) -> float:
    """A JSON number for QuickBooks; only amounts a binary float carries exactly to the cent are sent."""
    number = float(value)
    if Decimal(repr(number)) != value:
        raise ValueError(f"{value} cannot be sent as a JSON number without loss")
    return number


def journal_entry_body(entry: PushEntry) -> dict[str, Any]:
    """A JournalEntry create request: one line per debit or credit, the hub's account name as description."""
    lines = []
    for line in entry.lines:
        for side, amount in (("Debit", line.debit), ("Credit", line.credit)):
            if amount:
                lines.append({"Id": str(len(lines)), "Description": line.description, "Amount": _amount(amount),
                              "DetailType": "JournalEntryLineDetail",
                              "JournalEntryLineDetail": {"PostingType": side, "AccountRef": {"value": line.account}}})
    return {"TxnDate": entry.date.isoformat(), "DocNumber": entry.reference, "CurrencyRef": {"value": entry.currency},
            "PrivateNote": f"order-hub journal entry {entry.id}: {entry.memo}"[:4000], "Line": lines}


async def push_journal(client: PartnerClient, settings: ConnectionSettings, entry: PushEntry) -> str:
    """Create one journal entry; `requestid` makes QuickBooks answer a retried create with the first result."""
    params = _params(settings, requestid=entry.idempotency_key)
    response = await client.post(f"{company(settings)}/journalentry", json=journal_entry_body(entry), params=params)
    return str(response.json()["JournalEntry"]["Id"])


async def journal_accounts(client: PartnerClient, settings: ConnectionSettings) -> dict[str, str]:
    """The company's active accounts, Id -> FullyQualifiedName: what a journal entry line may post to."""
    found, start = {}, 1
    while True:
        statement = f"select * from Account STARTPOSITION {start} MAXRESULTS {MAX_RESULTS}"
        response = await client.get(f"{company(settings)}/query", _params(settings, query=statement))
        accounts = response.json().get("QueryResponse", {}).get("Account", [])
        found |= {str(a["Id"]): str(a.get("FullyQualifiedName") or a.get("Name")) for a in accounts}
        if len(accounts) < MAX_RESULTS:
            return found
        start += MAX_RESULTS


STREAMS = (
    entity_stream("Invoice", "invoices"),
    entity_stream("SalesReceipt", "sales_receipts"),
    entity_stream("Payment", "payments"),
    entity_stream("CreditMemo", "credit_memos"),
    entity_stream("JournalEntry", "journal_entries"),
    entity_stream("Item", "items"),
    Stream("changes", fetch_changes),
)
