"""Entry points for orders: one order (now or as of a recorded time) and the paged listing."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from hub.api.context import HubContext
from hub.api.errors import InputError
from hub.api.orders.types import AuditEntry, Order, audit_entry
from hub.api.pagination import DEFAULT_PAGE_SIZE, Connection, check_page_arguments, connection
from hub.clock import as_utc
from hub.read_models import OrderFilter as OrderQuery
from hub.read_models import order_view_as_of, orders_page, resolve_order_id

Info = strawberry.Info[HubContext, None]


@strawberry.input(description="Narrows the order listing; placedFrom is inclusive, placedTo exclusive.")
class OrderFilter:
    channel: str | None = None
    status: str | None = None
    placed_from: datetime | None = None
    placed_to: datetime | None = None


async def resolve_order(
    info: Info,
    order_id: Annotated[strawberry.ID | None, strawberry.argument(name="id")] = None,
    channel: str | None = None,
    external_id: str | None = None,
    as_of: Annotated[datetime | None, strawberry.argument(
        description="Show the order as the hub knew it at this recorded time")] = None,
) -> Order | None:
    """One order by hub id, or by the channel's own id (with the channel to tell channels apart)."""
    if not order_id and not external_id:
        raise InputError("order needs `id`, or `externalId` (with `channel` when several channels share ids)")
    context = info.context
    resolved = resolve_order_id(context.connection(), order_id, channel, external_id)
    if resolved is None:
        return None
    if as_of is None:
        view = await context.loaders.order_view_by_id.load(resolved)
    else:
        view = order_view_as_of(context.connection(), resolved, as_utc(as_of))
    return Order(view=view, known_at=as_utc(as_of) if as_of else None) if view is not None else None


def resolve_orders(info: Info, first: int = DEFAULT_PAGE_SIZE, after: str | None = None,
                   filter: OrderFilter | None = None) -> Connection[Order]:
    """Orders by hub id, a page at a time."""
    check_page_arguments(first, after)
    where = filter or OrderFilter()
    query = OrderQuery(channel=where.channel, status=where.status,
                       placed_from=as_utc(where.placed_from) if where.placed_from else None,
                       placed_to=as_utc(where.placed_to) if where.placed_to else None)
    page = orders_page(info.context.connection(), first, after, query)
    return connection(page, lambda view: Order(view=view), after)


async def resolve_audit_trail(info: Info, order_id: strawberry.ID, as_of: datetime | None = None) -> list[AuditEntry]:
    """The audit entries about one order, oldest first (up to as_of, if given)."""
    entries = await info.context.loaders.audit_trail_by_order_id.load((str(order_id), as_utc(as_of) if as_of else None))
    return [audit_entry(entry) for entry in entries]
