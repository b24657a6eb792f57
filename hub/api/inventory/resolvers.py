"""The `inventory` entry point: positions and available-to-promise of a sku, a location, a channel."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from hub.api.context import HubContext
from hub.api.inventory.types import Inventory, available, inventory_position, reported_level
from hub.clock import as_utc
from hub.policies import configured_policies
from hub.stock_reads import stock_report


def resolve_inventory(
    info: strawberry.Info[HubContext, None],
    sku: str | None = None,
    location: str | None = None,
    channel: Annotated[str | None, strawberry.argument(
        description="Keep back this channel's safety stock and show only its channel figure")] = None,
    as_of: Annotated[datetime | None, strawberry.argument(
        description="Stock as the hub knew it at this recorded time")] = None,
) -> Inventory:
    """Stock by sku and location (all when not given): positions by state, ATP, reported levels."""
    known_at = as_utc(as_of) if as_of else None
    report = stock_report(info.context.connection(), configured_policies(), sku, location, channel, known_at)
    return Inventory(
        as_of=known_at,
        positions=[inventory_position(p) for p in report.positions],
        locations=[available(a, a.scope, channel) for a in report.locations],
        channels=[available(a, None, name) for name, a in report.channels],
        reported=[reported_level(level) for level in report.reported],
    )
