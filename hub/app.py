"""The HTTP application: GraphQL (with the GraphiQL explorer) at /graphql, /healthz and Prometheus /metrics.

This is the only module that wires the GraphQL schema to Starlette.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, closing
from datetime import timedelta

from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from adapters.toolkit.streams import ConnectionSettings
from hub.api.context import HubContext
from hub.api.limits import BodyLimitMiddleware
from hub.api.metrics import RequestMetrics, exposition
from hub.api.middleware import RequestContextMiddleware
from hub.api.schema import build_schema
from hub.auth.middleware import SIGNED_PREFIX, AuthenticationMiddleware
from hub.auth.settings import AccessSettings, ApiLimits
from hub.context import current_actor, current_request_id
from hub.reconcile import refresh_periodically
from hub.webhooks import webhook_endpoint

PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8"


class HubGraphQL(GraphQL[HubContext, None]):
    """Strawberry's ASGI GraphQL app with the hub's typed context per request."""

    def __init__(self, engine: Engine, limits: ApiLimits | None = None) -> None:
        super().__init__(build_schema(mask_internal_errors=True, limits=limits or ApiLimits()), graphql_ide="graphiql")
        self.engine = engine

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> HubContext:
        return HubContext(engine=self.engine, actor=current_actor(), request_id=current_request_id(), request=request)


def database_answers(engine: Engine) -> str | None:
    """None when `SELECT 1` succeeds, else why not (a plain driver cursor: no write lock is taken)."""
    try:
        with closing(engine.raw_connection()) as connection:
            cursor = connection.cursor()
            cursor.execute("SELECT 1")
            cursor.fetchall()
            cursor.close()
    except Exception as error:  # noqa: BLE001 - any failure means "unhealthy", reported with its type
        return type(error).__name__
    return None


def create_app(engine: Engine, connections: list[ConnectionSettings] | None = None,
               access: AccessSettings | None = None, refresh_every: timedelta | None = None) -> Starlette:
    """The ASGI app serving the API for the engine's database, and webhooks for the configured connections.

    Every route but /healthz and the signed webhooks needs an API key or a JWT (`access` configures JWTs and
    the query limits; by default API keys only and the default limits). With `refresh_every`, open TIMING
    gaps are re-judged that often while the app runs, so a window closes on time without a sync.
    """
    from hub.registry import ADAPTERS

    access = access or AccessSettings()
    metrics = RequestMetrics()

    def healthz(request: Request) -> JSONResponse:
        problem = database_answers(engine)
        if problem is not None:
            return JSONResponse({"status": "unavailable", "database": "unreachable", "error": problem}, status_code=503)
        return JSONResponse({"status": "ok", "database": "ok"})

    def metrics_endpoint(request: Request) -> PlainTextResponse:
        return PlainTextResponse(exposition(metrics, engine), media_type=PROMETHEUS_TEXT)

    graphql = HubGraphQL(engine, access.limits)
    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/metrics", metrics_endpoint, methods=["GET"]),
        Route("/webhooks/{adapter}/{connection}",
              webhook_endpoint(engine, {c.name: c for c in connections or []}, ADAPTERS), methods=["POST"]),
    ]
    paths = frozenset(route.path for route in routes)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        refresher = asyncio.create_task(refresh_periodically(engine, refresh_every)) if refresh_every else None
        yield
        if refresher is not None:
            refresher.cancel()

    return Starlette(routes=routes, lifespan=lifespan, middleware=[
        Middleware(RequestContextMiddleware, metrics=metrics, paths=paths),
        Middleware(AuthenticationMiddleware, engine=engine, jwt_settings=access.jwt),
        Middleware(BodyLimitMiddleware, max_bytes=access.limits.max_body_bytes, skip_prefixes=(SIGNED_PREFIX,)),
    ])
