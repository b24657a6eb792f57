"""Entry points for settlements: the paged listing, newest deposit first, and one settlement by id."""

from __future__ import annotations

import strawberry

from hub.api.context import HubContext
from hub.api.pagination import DEFAULT_PAGE_SIZE, Connection, check_page_arguments, connection
from hub.api.settlements.types import Settlement, settlement
from hub.read_models import settlement_by_id, settlements_page


def resolve_settlements(info: strawberry.Info[HubContext, None], first: int = DEFAULT_PAGE_SIZE,
                        after: str | None = None, channel: str | None = None) -> Connection[Settlement]:
    """Settlements (payouts) newest deposit first; those without a deposit date last."""
    check_page_arguments(first, after)
    return connection(settlements_page(info.context.connection(), first, after, channel), settlement, after)


def resolve_settlement(info: strawberry.Info[HubContext, None], id: strawberry.ID) -> Settlement | None:  # noqa: A002
    """One settlement by its hub id."""
    found = settlement_by_id(info.context.connection(), str(id))
    return settlement(found) if found is not None else None
