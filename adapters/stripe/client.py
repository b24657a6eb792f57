"""Stripe's REST API over HTTP: the streams the sync runner drives, yielding raw pages and safe cursors.

Base URL `https://api.stripe.com` (paths are `/v1/...`), the secret key as a bearer token, the API
version pinned with `Stripe-Version` so the shapes the mapping reads do not move under it.

Why events: Stripe's objects are mostly immutable, but not all of them: a payout goes from in transit
to paid (or failed), a dispute through its stages, a charge is captured or refunded later. A listing
by `created` only ever finds new objects, never the change to an old one, and no list filters on an
update time. Every change is an Event, so `charges`, `refunds`, `disputes` and `payouts` read:
- a backfill first (no cursor): the newest event of the stream's types is noted, then the objects are
  listed newest first (`GET /v1/charges?limit=100&starting_after=...`); each page's cursor is
  `backfill <noted event> <last object id>`, so a resumed run lists on from there, and the last page's
  cursor is the noted event id;
- then the events after that id (`GET /v1/events?types[]=...&ending_before=evt_...`, which pages
  forward in time: each page is the `limit` events just newer than the cursor). Each page fetches
  the objects its events are about as they stand now (`GET /v1/charges/ch_...`), and its cursor is its
  newest event: everything before it has been read. A quiet account answers no page at all.
- a cursor that is a time (`Stream.checkpoint_at`, ISO 8601) reads the events created since then
  (newest first; only the last page moves the cursor, to the newest event). Stripe keeps events 30
  days: an older moment needs a backfill (no cursor).
Refunds and disputes are read with their charge expanded: its metadata and description name the order
(a refund's own metadata holds only the reason the WooCommerce gateway sends).
Payouts come with their balance transactions (`GET /v1/balance_transactions?payout=po_...`, sources
and their charges expanded) when they are listed and when an event announces one created or reconciled; the listing
names its payout in its `url`, the only place Stripe states which payout pays a transaction out.
`balance_transactions` lists every balance transaction by creation (they are immutable apart from
their status), from `created[gte]` the cursor (the latest `created` read; intermediate pages keep
the cursor the run started from), so money not yet paid out (a refund debited, a dispute withdrawn)
is known before its payout; the payout's listing restates each line in its payout.

Options: `page_size` (100, Stripe's maximum), `test_mode` (see `rate_limits`).
Credential: `secret_key` (or `token`), a secret or restricted key (`sk_...`, `rk_...`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from adapters.stripe.listing import EXPAND_SOURCES, origin, page_size, pages, payout_transactions, retrieve
from adapters.stripe.rate_limits import STRIPE_LIVE, operation_limits
from adapters.toolkit.errors import FatalApiError
from adapters.toolkit.pagination import with_last
from adapters.toolkit.streams import ConnectionSettings, Page, PartnerHttp, Stream

API_VERSION = "2024-06-20"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC).isoformat()
_BACKFILL = "backfill"

__all__ = ["API_VERSION", "STREAMS", "STRIPE_LIVE", "auth_headers", "operation_limits"]


def auth_headers(credentials: Mapping[str, str]) -> Mapping[str, str]:
    """The secret key as a bearer token, and the API version the mapping is written for."""
    key = credentials.get("secret_key") or credentials.get("token")
    if not key:
        raise ValueError("a Stripe connection needs a `secret_key` credential (sk_live_..., sk_test_... or rk_...)")
    return {"Authorization": f"Bearer {key}", "Stripe-Version": API_VERSION}


@dataclass(frozen=True)
class ObjectKind:
    """One kind of Stripe object read as a stream: its list, the events announcing its changes, its expansions."""

    name: str
    path: str
    event_types: tuple[str, ...]
    expand: tuple[str, ...] = ()
    # Event types after which a payout's balance transactions are read with it.
    with_transactions: tuple[str, ...] = ()

    def list_params(self, settings: ConnectionSettings) -> dict[str, object]:
        return {"limit": page_size(settings), **({"expand[]": [f"data.{f}" for f in self.expand]} if self.expand else {})}

    def event_params(self, settings: ConnectionSettings) -> dict[str, object]:
        return {"limit": page_size(settings), "types[]": list(self.event_types)}


async def _documents(kind: ObjectKind, client: PartnerHttp, settings: ConnectionSettings,
                     ids: list[str], transactions_of: list[str]) -> list[tuple[str, bytes]]:
    documents = [await retrieve(client, settings, kind.path, object_id, kind.expand) for object_id in ids]
    for payout_id in transactions_of:
        documents += await payout_transactions(client, settings, payout_id)
    return documents


def _payouts_to_detail(kind: ObjectKind, objects: list[dict]) -> list[str]:
    if not kind.with_transactions:
        return []
    return [str(o["id"]) for o in objects if o.get("automatic") and o.get("reconciliation_status") == "completed"]


async def _backfill(kind: ObjectKind, client: PartnerHttp, settings: ConnectionSettings,
                    mark: str | None, after: str | None) -> AsyncIterator[Page]:
    if mark is None:
        mark = await _newest_event(kind, client, settings) or "-"
    params = {**kind.list_params(settings), **({"starting_after": after} if after else {})}
    async for page, last in with_last(pages(client, kind.path, params)):
        data = page.document["data"]
        documents = [(origin(settings, kind.path, page.request.params), page.body)]
        for payout_id in _payouts_to_detail(kind, data):
            documents += await payout_transactions(client, settings, payout_id)
        cursor = (mark if mark != "-" else EPOCH) if last else f"{_BACKFILL} {mark} {data[-1]['id']}"
        yield Page(documents, cursor)


async def _newest_event(kind: ObjectKind, client: PartnerHttp, settings: ConnectionSettings) -> str | None:
    """The id of the newest event of the kind's types, where the events after a backfill start."""
    response = await client.get("/v1/events", {**kind.event_params(settings), "limit": 1})
    data = response.json().get("data") or []
    return str(data[0]["id"]) if data else None


def _changed(kind: ObjectKind, events: list[dict]) -> tuple[list[str], list[str]]:
    """The objects a page of events is about (once each, oldest change first) and the payouts to detail."""
    ids, detail = [], []
    for event in sorted(events, key=lambda e: int(e["created"])):
        obj = event.get("data", {}).get("object", {})
        object_id = str(obj.get("id"))
        if object_id not in ids:
            ids.append(object_id)
        if event.get("type") in kind.with_transactions and object_id not in detail and obj.get("automatic"):
            detail.append(object_id)
    return ids, detail


async def _follow(kind: ObjectKind, client: PartnerHttp, settings: ConnectionSettings,
                  event_id: str) -> AsyncIterator[Page]:
    """Events newer than `event_id`, oldest page first; each page's cursor is its newest event."""
    params = {**kind.event_params(settings), "ending_before": event_id}
    async for page in pages(client, "/v1/events", params, forward=True):
        events = page.document["data"]
        if not events:
            return
        ids, detail = _changed(kind, events)
        yield Page(await _documents(kind, client, settings, ids, detail), str(events[0]["id"]))


async def _follow_or_backfill(kind: ObjectKind, client: PartnerHttp, settings: ConnectionSettings,
                              event_id: str) -> AsyncIterator[Page]:
    """`_follow`; when Stripe no longer knows the cursor's event (events are kept 30 days), a backfill again."""
    following = False
    try:
        async for page in _follow(kind, client, settings, event_id):
            following = True
            yield page
    except FatalApiError as error:
        if following or error.status not in (400, 404):
            raise
        async for page in _backfill(kind, client, settings, None, None):
            yield page


async def _since(kind: ObjectKind, client: PartnerHttp, settings: ConnectionSettings,
                 cursor: str) -> AsyncIterator[Page]:
    """Events created since a moment, newest first; the cursor moves to the newest event with the last page."""
    params = {**kind.event_params(settings), "created[gte]": int(datetime.fromisoformat(cursor).timestamp())}
    newest: str | None = None
    async for page, last in with_last(pages(client, "/v1/events", params)):
        events = page.document["data"]
        newest = newest or (str(events[0]["id"]) if events else None)
        ids, detail = _changed(kind, events)
        yield Page(await _documents(kind, client, settings, ids, detail), (newest or cursor) if last else cursor)


def _changes(kind: ObjectKind):  # noqa: ANN202 - a FetchPages
    async def fetch(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> AsyncIterator[Page]:
        """The objects changed since the cursor (see the module docstring for the cursor's forms)."""
        if cursor is None or cursor.startswith(_BACKFILL):
            _, mark, after = cursor.split(" ") if cursor else (None, None, None)
            stream = _backfill(kind, client, settings, mark, after)
        elif cursor.startswith("evt_"):
            stream = _follow_or_backfill(kind, client, settings, cursor)
        else:
            stream = _since(kind, client, settings, cursor)
        async for page in stream:
            yield page

    return fetch


def _one(kind: ObjectKind):  # noqa: ANN202 - a FetchOne
    async def fetch_one(client: PartnerHttp, settings: ConnectionSettings, object_id: str) -> Page:
        """One object by id as it stands now (a payout with its balance transactions); it moves no cursor."""
        detail = [object_id] if kind.with_transactions else []
        return Page(await _documents(kind, client, settings, [object_id], detail), None)

    return fetch_one


async def fetch_balance_transactions(client: PartnerHttp, settings: ConnectionSettings,
                                     cursor: str | None) -> AsyncIterator[Page]:
    """Balance transactions created since the cursor, sources expanded; the cursor moves with the last page."""
    params: dict[str, object] = {"limit": page_size(settings), "expand[]": list(EXPAND_SOURCES)}
    since = datetime.fromisoformat(cursor) if cursor else None
    if since is not None:
        params["created[gte]"] = int(since.timestamp())
    latest = since
    async for page, last in with_last(pages(client, "/v1/balance_transactions", params)):
        for txn in page.document["data"]:
            moment = datetime.fromtimestamp(int(txn["created"]), UTC)
            latest = moment if latest is None or moment > latest else latest
        yield Page([(origin(settings, "/v1/balance_transactions", page.request.params), page.body)],
                   (latest.isoformat() if latest else None) if last else cursor)


CHARGES = ObjectKind("charges", "/v1/charges", ("charge.succeeded", "charge.captured", "charge.updated",
                                                "charge.refunded", "charge.failed", "charge.expired", "charge.pending"))
REFUNDS = ObjectKind("refunds", "/v1/refunds", ("refund.created", "refund.updated", "refund.failed",
                                                "charge.refund.updated"), expand=("charge",))
DISPUTES = ObjectKind("disputes", "/v1/disputes", ("charge.dispute.created", "charge.dispute.updated",
                                                   "charge.dispute.closed", "charge.dispute.funds_withdrawn",
                                                   "charge.dispute.funds_reinstated"), expand=("charge",))
PAYOUTS = ObjectKind("payouts", "/v1/payouts", ("payout.created", "payout.updated", "payout.paid", "payout.failed",
                                                "payout.canceled", "payout.reconciliation_completed"),
                     with_transactions=("payout.created", "payout.reconciliation_completed"))

STREAMS = tuple(Stream(kind.name, _changes(kind), _one(kind)) for kind in (CHARGES, REFUNDS, DISPUTES, PAYOUTS)) + (
    Stream("balance_transactions", fetch_balance_transactions),)
