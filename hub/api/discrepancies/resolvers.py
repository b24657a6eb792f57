"""The discrepancy listing: filter by kind, status and classification, a page at a time."""

from __future__ import annotations

import strawberry

from hub.api.context import HubContext
from hub.api.discrepancies.types import Discrepancy, discrepancy
from hub.api.pagination import DEFAULT_PAGE_SIZE, Connection, check_page_arguments, connection
from hub.read_models import discrepancies_page


def resolve_discrepancies(info: strawberry.Info[HubContext, None], kind: str | None = None, status: str | None = None,
                          classification: str | None = None, first: int = DEFAULT_PAGE_SIZE,
                          after: str | None = None) -> Connection[Discrepancy]:
    """Discrepancies across all orders, by id."""
    check_page_arguments(first, after)
    page = discrepancies_page(info.context.connection(), first, after, kind, status, classification)
    return connection(page, discrepancy, after)
