"""Plain ASGI middleware: request id and actor in the contextvars the audit log reads, and request metrics.

Plain ASGI rather than Starlette's BaseHTTPMiddleware, which runs the app in another task so contextvars
set here would not reach the resolvers.
"""

from __future__ import annotations

import re
import time
import uuid

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub.api.metrics import RequestMetrics
from hub.context import current_actor, current_request_id, set_actor, set_request_id

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
OTHER_PATH = "other"


def request_id_of(scope: Scope) -> str:
    """The caller's X-Request-ID when it is a sane token, else a fresh one."""
    given = Headers(scope=scope).get("x-request-id", "")
    return given if _REQUEST_ID.match(given) else uuid.uuid4().hex


def actor_of(scope: Scope) -> str:
    """Who is asking: the authenticated user when an authentication middleware set one, else anonymous."""
    user = scope.get("user")
    if user is not None and getattr(user, "is_authenticated", False):
        return f"http:{user.display_name}"
    return "http:anonymous"


class RequestContextMiddleware:
    """Sets request id and actor for the request, echoes X-Request-ID, and counts and times the request."""

    def __init__(self, app: ASGIApp, metrics: RequestMetrics, paths: frozenset[str]) -> None:
        self.app = app
        self.metrics = metrics
        self.paths = paths  # known paths only, so label values stay few whatever URLs callers try

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id, started, status = request_id_of(scope), time.perf_counter(), 500
        previous = current_actor(), current_request_id()
        set_actor(actor_of(scope))
        set_request_id(request_id)

        async def send_with_request_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                MutableHeaders(scope=message).append("x-request-id", request_id)
            await send(message)

        try:
            await self.app(scope, receive, send_with_request_id)
        finally:
            path = scope["path"] if scope["path"] in self.paths else OTHER_PATH
            self.metrics.observe(scope["method"], path, status, time.perf_counter() - started)
            set_actor(previous[0])
            set_request_id(previous[1])
