"""The `kpis(from, to, channel)` entry point."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from hub.api.context import HubContext
from hub.api.errors import InputError
from hub.api.kpis.types import Kpis, kpis
from hub.clock import as_utc
from hub.kpi_reads import kpi_report


def resolve_kpis(
    info: strawberry.Info[HubContext, None],
    from_: Annotated[datetime, strawberry.argument(name="from", description="Placed at or after (inclusive)")],
    to: Annotated[datetime, strawberry.argument(description="Placed before (exclusive)")],
    channel: str | None = None,
) -> Kpis:
    """KPIs of the orders placed in [from, to), of one channel when given."""
    start, end = as_utc(from_), as_utc(to)
    if end <= start:
        raise InputError(f"to ({end.isoformat()}) must be after from ({start.isoformat()})")
    return kpis(kpi_report(info.context.connection(), start, end, channel))
