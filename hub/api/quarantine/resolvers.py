"""The quarantine listing, oldest first."""

from __future__ import annotations

import strawberry

from hub.api.context import HubContext
from hub.api.pagination import DEFAULT_PAGE_SIZE, Connection, check_page_arguments, connection
from hub.api.quarantine.types import QuarantineItem, quarantine_item
from hub.read_models import quarantine_page


def resolve_quarantine(info: strawberry.Info[HubContext, None], first: int = DEFAULT_PAGE_SIZE, after: str | None = None,
                       status: str | None = "QUARANTINED") -> Connection[QuarantineItem]:
    """Quarantined objects (status null lists every status)."""
    check_page_arguments(first, after, integer_keys=True)
    page = quarantine_page(info.context.connection(), first, after, status)
    return connection(page, quarantine_item, after)
