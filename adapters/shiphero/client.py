"""ShipHero public GraphQL API over HTTP (`POST /graphql`): the streams the sync runner drives, with safe cursors.

- `orders`: `orders(updated_from:)` with their lines and allocations, sorted by `updated_at`;
- `shipments`: `shipments(date_from:)` with their lines, packages (labels) and order references, sorted by
  `created_date` (ShipHero filters shipments only by creation: a package's later tracking status is read
  when its shipment is, and `hub resync` reads one again);
- `warehouse_products`: stock by sku and warehouse, `warehouse_products(updated_from:)`, sorted by `updated_at`;
- `purchase_orders`: `purchase_orders(updated_from:)` (ShipHero reads its lines' update times) with their
  lines (quantities received, unit price) and vendor currency.

Each listing is sorted by the time it filters on, from the cursor less an overlap (inclusive). ShipHero
pages with offset cursors (`arrayconnection:<n>`), which shift when an object already read changes during
the run, so each page after the first starts the query again from the latest time on the page before;
only a page whose objects all share one time follows `endCursor` instead. The cursor after a page is the
latest time read so far: everything changed before it has been read, so any page's cursor resumes safely.

Throttling is ShipHero's credits (4004, restored at 60 a second, each query costing its complexity): see
`credits.CreditBudget`, one per stream run; the request cap of 7000 in five minutes is `SHIPHERO_REQUESTS`.
Credential: `token` (or `access_token`), a ShipHero API access token sent as Bearer; obtaining it from a
refresh token is not done here. Options: `page_size` (100, ShipHero's most), `overlap_minutes` (5).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from adapters.shiphero.credits import CREDITS, GRAPHQL_PATH, RESTORE_PER_SECOND, CreditBudget, ask
from adapters.toolkit.errors import RepeatedPageToken
from adapters.toolkit.rate_limit import RateLimitPolicy
from adapters.toolkit.streams import ConnectionSettings, Page, PartnerHttp, Stream

MAX_PAGE_SIZE = 100
SHIPHERO_REQUESTS = RateLimitPolicy("shiphero-requests", "window", 7000, window_seconds=300.0, headroom=10)

__all__ = ["CREDITS", "RESTORE_PER_SECOND", "SHIPHERO_REQUESTS", "STREAMS", "auth_headers"]

LINE_FIELDS = ("id legacy_id sku partner_line_item_id quantity price product_name fulfillment_status quantity_allocated "
               "quantity_pending_fulfillment quantity_shipped backorder_quantity warehouse warehouse_id updated_at")
ORDER_FIELDS = f"""id legacy_id order_number partner_order_id shop_name fulfillment_status order_date updated_at
  total_price subtotal total_tax currency profile packing_note required_ship_date tags flagged priority_flag
  allocation_priority source allow_partial allow_split
  holds {{ fraud_hold address_hold shipping_method_hold operator_hold payment_hold client_hold }}
  shipping_lines {{ title carrier method price }}
  allocations {{ warehouse_id allocated_at allocation_reference ready_to_ship is_locked
    line_items {{ line_item_id sku quantity_allocated is_kit_component allocated_at allocation_reference }} }}
  line_items(first: 100) {{ edges {{ node {{ {LINE_FIELDS} }} }} }}"""
SHIPMENT_FIELDS = """id legacy_id order_id warehouse_id profile picked_up needs_refund refunded delivered
  shipped_off_shiphero dropshipment completed created_date total_packages
  order { id legacy_id order_number partner_order_id fulfillment_status }
  shipping_labels { id legacy_id tracking_number order_number carrier shipping_name shipping_method cost status
    delivered picked_up refunded needs_refund warehouse warehouse_id created_date tracking_url package_number
    tracking_status box_name insurance_amount }
  line_items(first: 100) { edges { node { id legacy_id line_item_id quantity line_item { id sku partner_line_item_id } } } }"""
WAREHOUSE_PRODUCT_FIELDS = """id legacy_id sku warehouse_id warehouse_identifier on_hand allocated available backorder
  reserve_inventory non_sellable_quantity in_tote sell_ahead inventory_bin inventory_overstock_bin active updated_at"""
PURCHASE_ORDER_FIELDS = """id legacy_id po_number warehouse_id vendor_id created_at po_date date_closed arrived_at
  fulfillment_status po_note description subtotal discount tax shipping_price total_price shipping_method
  shipping_carrier tracking_number vendor { id name currency }
  line_items(first: 100) { edges { node { id legacy_id sku quantity quantity_received quantity_rejected price
    fulfillment_status sell_ahead warehouse_id updated_at } } }"""


@dataclass(frozen=True)
class Listing:
    """One ShipHero list query: its root field, the time filter and sort it pages by, and the fields it asks for."""

    root: str
    since: str
    sort: str
    fields: str
    time_of: Callable[[Mapping[str, Any]], str | None]

    def query(self) -> str:
        return (f"query {self.root}($since: ISODateTime, $first: Int, $after: String) {{\n"
                f"  {self.root}({self.since}: $since) {{ request_id complexity\n"
                f"    data(first: $first, after: $after, sort: \"{self.sort}\") {{\n"
                f"      pageInfo {{ hasNextPage endCursor }}\n      edges {{ node {{ {self.fields} }} }} }} }} }}")


def _latest_line(po: Mapping[str, Any]) -> str | None:
    edges = ((po.get("line_items") or {}).get("edges")) or []
    return max((str(edge["node"]["updated_at"]) for edge in edges if (edge.get("node") or {}).get("updated_at")),
               default=None)


ORDERS = Listing("orders", "updated_from", "updated_at", ORDER_FIELDS, lambda o: o.get("updated_at"))
SHIPMENTS = Listing("shipments", "date_from", "created_date", SHIPMENT_FIELDS, lambda s: s.get("created_date"))
WAREHOUSE_PRODUCTS = Listing("warehouse_products", "updated_from", "updated_at", WAREHOUSE_PRODUCT_FIELDS,
                             lambda w: w.get("updated_at"))
PURCHASE_ORDERS = Listing("purchase_orders", "updated_from", "updated_at", PURCHASE_ORDER_FIELDS, _latest_line)


def auth_headers(credentials: Mapping[str, str]) -> Mapping[str, str]:
    """A ShipHero API access token as `Authorization: Bearer`; without one ShipHero answers 401."""
    token = credentials.get("token") or credentials.get("access_token")
    if not token:
        raise ValueError("a ShipHero connection needs a `token` credential (an API access token)")
    return {"Authorization": f"Bearer {token}"}


def _time(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _stamp(moment: datetime) -> str:
    """ShipHero's ISODateTime: UTC without an offset."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def _page_size(settings: ConnectionSettings) -> int:
    return min(MAX_PAGE_SIZE, max(1, int(settings.options.get("page_size", MAX_PAGE_SIZE))))


def origin(settings: ConnectionSettings, listing: str, variables: Mapping[str, Any]) -> str:
    """Where a page came from: `shiphero:<connection>/graphql#orders?since=...&after=...`."""
    stated = "&".join(f"{key}={value}" for key, value in variables.items() if value is not None)
    return f"shiphero:{settings.name}{GRAPHQL_PATH}#{listing}" + (f"?{stated}" if stated else "")


def _connection(document: Mapping[str, Any], root: str) -> Mapping[str, Any]:
    answer = (document.get("data") or {}).get(root) or {}
    return answer.get("data") or {"edges": [], "pageInfo": {}}


async def walk(client: PartnerHttp, settings: ConnectionSettings, listing: Listing, cursor: str | None,
               budget: CreditBudget | None = None) -> AsyncIterator[Page]:
    """Every page of a listing from the cursor (less the overlap), each with the latest time read so far."""
    budget = budget or CreditBudget()
    latest = _time(cursor) if cursor else None
    overlap = timedelta(minutes=float(settings.options.get("overlap_minutes", 5)))
    variables: dict[str, Any] = {"since": _stamp(latest - overlap) if latest else None,
                                 "first": _page_size(settings), "after": None}
    followed: set[str] = set()
    while True:
        document, body = await ask(client, budget, listing.root, listing.query(), variables)  # type: ignore[arg-type]
        connection = _connection(document, listing.root)
        times = [_time(stated) for edge in connection.get("edges") or []
                 if (stated := listing.time_of(edge.get("node") or {}))]
        latest = max([*times, *([latest] if latest else [])], default=None)
        yield Page([(origin(settings, listing.root, variables), body)], latest.isoformat() if latest else cursor)
        info = connection.get("pageInfo") or {}
        if not info.get("hasNextPage") or not times:
            return
        restart = _stamp(max(times))
        if restart != variables["since"]:
            variables = {**variables, "since": restart, "after": None}
            continue
        after = str(info.get("endCursor"))
        if after in followed:
            raise RepeatedPageToken(f"POST {GRAPHQL_PATH} ({listing.root})", f"ShipHero returned the cursor {after!r} "
                                    "a second time; stopping instead of paging in a loop")
        followed.add(after)
        variables = {**variables, "after": after}


def _stream(listing: Listing) -> Callable[[PartnerHttp, ConnectionSettings, str | None], AsyncIterator[Page]]:
    def fetch(client: PartnerHttp, settings: ConnectionSettings, cursor: str | None) -> AsyncIterator[Page]:
        return walk(client, settings, listing, cursor)

    fetch.__name__ = f"fetch_{listing.root}"
    fetch.__doc__ = f"ShipHero {listing.root} changed since the cursor ({listing.since}); all of them on the first run."
    return fetch


def _single(root: str, fields: str) -> Callable[[PartnerHttp, ConnectionSettings, str], Any]:
    query = f"query {root}($id: String!) {{ {root}(id: $id) {{ request_id complexity data {{ {fields} }} }} }}"

    async def fetch_one(client: PartnerHttp, settings: ConnectionSettings, object_id: str) -> Page:
        _, body = await ask(client, CreditBudget(), root, query, {"id": object_id})  # type: ignore[arg-type]
        return Page([(origin(settings, root, {"id": object_id}), body)], None)

    fetch_one.__name__ = f"fetch_{root}"
    return fetch_one


STREAMS = (
    Stream("orders", _stream(ORDERS), _single("order", ORDER_FIELDS)),
    Stream("shipments", _stream(SHIPMENTS), _single("shipment", SHIPMENT_FIELDS)),
    Stream("warehouse_products", _stream(WAREHOUSE_PRODUCTS)),
    Stream("purchase_orders", _stream(PURCHASE_ORDERS), _single("purchase_order", PURCHASE_ORDER_FIELDS)),
)
