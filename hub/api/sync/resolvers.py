"""syncStatus: every stream of every connection the hub has synced."""

from __future__ import annotations

import strawberry

from hub.api.context import HubContext
from hub.api.sync.types import SyncStream, sync_stream
from hub.read_models import sync_status


def resolve_sync_status(info: strawberry.Info[HubContext, None]) -> list[SyncStream]:
    """Per connection and stream: cursor, last success, lag, last error, quarantined count."""
    return [sync_stream(record) for record in sync_status(info.context.connection())]
