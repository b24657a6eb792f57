"""Webhook receiver: `POST /webhooks/{adapter}/{connection}` verifies the partner's signature, records
the delivery once, and feeds the body through the same ingest path as polling and `hub ingest`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine, insert, select
from starlette.requests import Request
from starlette.responses import JSONResponse

from adapters.toolkit import Adapter
from adapters.toolkit.streams import ConnectionSettings
from canonical_model.identity import content_hash
from hub.clock import utc_now
from hub.context import set_actor
from hub.ingest import ingest_into, retry_on_conflict
from hub.rate_limit import WebhookRateLimits
from hub.schema import webhook_deliveries

MAX_BODY_BYTES = 5 * 1024 * 1024


def _problem(status: int, message: str) -> JSONResponse:
    return JSONResponse({"status": "refused", "error": message}, status_code=status)


@retry_on_conflict
def _deliver(engine: Engine, adapter: Adapter, settings: ConnectionSettings, delivery_id: str, topic: str | None,
             body: bytes) -> dict[str, Any]:
    """Ingest a delivery once: a redelivery with the same id is acknowledged and changes nothing."""
    with engine.begin() as connection:
        key = (webhook_deliveries.c.connection == settings.name) & (webhook_deliveries.c.delivery_id == delivery_id)
        if connection.execute(select(webhook_deliveries.c.delivery_id).where(key)).first() is not None:
            return {"status": "duplicate", "delivery_id": delivery_id}
        connection.execute(insert(webhook_deliveries).values(
            connection=settings.name, delivery_id=delivery_id, adapter=adapter.name, topic=topic,
            payload_hash=content_hash(body), received_at=utc_now()))
        report = ingest_into(connection, adapter, settings.account, [(f"webhook:{settings.name}:{topic or ''}", body)],
                             settings.options.get("currency"))
    return {"status": "ingested", "delivery_id": delivery_id, "events_new": report.events_new,
            "quarantined": len(report.rejections)}


def webhook_endpoint(engine: Engine, connections: Mapping[str, ConnectionSettings],
                     adapters: Mapping[str, Adapter]) -> Any:
    """The Starlette endpoint for every configured connection whose adapter takes webhooks."""
    rate_limits = WebhookRateLimits()

    async def receive(request: Request) -> JSONResponse:
        settings = connections.get(request.path_params["connection"])
        adapter = adapters.get(request.path_params["adapter"])
        if settings is None or adapter is None or settings.adapter != adapter.name or adapter.webhook is None:
            return _problem(404, "no such webhook: the connection is not configured for this adapter")
        secret = settings.credentials.get("webhook_secret")
        if not secret:
            return _problem(503, f"connection {settings.name} has no webhook_secret configured")
        wait = rate_limits.retry_after(settings.name, settings.options)
        if wait:
            refused = _problem(429, f"too many deliveries for connection {settings.name}; retry after {wait} s")
            refused.headers["Retry-After"] = str(wait)
            return refused
        if int(request.headers.get("content-length") or 0) > MAX_BODY_BYTES:
            return _problem(413, f"body larger than {MAX_BODY_BYTES} bytes")
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return _problem(413, f"body larger than {MAX_BODY_BYTES} bytes")
        if not adapter.webhook.verify(request.headers, body, secret):
            return _problem(401, "missing or invalid signature")
        set_actor(f"webhook:{settings.name}")  # the request middleware restores the actor afterwards
        delivery = adapter.webhook.delivery_id(request.headers) or content_hash(body)
        result = await asyncio.to_thread(_deliver, engine, adapter, settings, delivery,
                                         adapter.webhook.topic(request.headers), body)
        return JSONResponse(result)

    return receive
