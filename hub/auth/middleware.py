"""Plain ASGI middleware that authenticates every request but `/healthz` and the signed webhook routes.

An API key (`Authorization: Bearer hubk_...` or `X-API-Key: hubk_...`) or a bearer JWT from the configured
issuer; anything else answers 401 before the app sees the request. The caller becomes the request's
principal and its audit actor (`key:<name>`, `jwt:<sub>`), restored when the request ends.
"""

from __future__ import annotations

import asyncio
import json
from urllib.parse import parse_qs

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from hub.auth.jwt_tokens import TokenRefused, authenticate_jwt, looks_like_jwt
from hub.auth.keys import authenticate_key, looks_like_key
from hub.auth.principal import INTEGRATION, Principal, current_principal, set_principal
from hub.auth.settings import JwtSettings
from hub.context import current_actor, set_actor

OPEN_PATHS = frozenset({"/healthz"})
SIGNED_PREFIX = "/webhooks/"  # partners sign their deliveries; the webhook route checks the signature
# Routes closed to roles beyond what the GraphQL field policy decides: integration posts, it does not read.
ROUTE_DENIED_ROLES = {"/metrics": frozenset({INTEGRATION})}
HOW_TO = "send an API key as `Authorization: Bearer <key>` or `X-API-Key: <key>`, or a bearer JWT"


class Refusal(Exception):
    """Why a request is refused, as an HTTP status, a GraphQL-style error code and a message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


async def send_refusal(send: Send, refusal: Refusal, extra_headers: list[tuple[bytes, bytes]] | None = None) -> None:
    """A JSON body shaped like a GraphQL error response, so GraphQL clients show the message."""
    body = json.dumps({"errors": [{"message": refusal.message, "extensions": {"code": refusal.code}}]}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               *(extra_headers or [])]
    await send({"type": "http.response.start", "status": refusal.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def credential_of(headers: Headers) -> str | None:
    """The key or token the caller sent, from `Authorization: Bearer` or `X-API-Key`."""
    scheme, _, value = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return headers.get("x-api-key", "").strip() or None


def is_explorer_page(scope: Scope, headers: Headers) -> bool:
    """GET /graphql for the GraphiQL page itself: static HTML with no data (its queries carry a key)."""
    return (scope["method"] == "GET" and scope["path"] == "/graphql" and "text/html" in headers.get("accept", "")
            and "query" not in parse_qs(scope.get("query_string", b"").decode("latin-1")))


class AuthenticationMiddleware:
    """401 without valid credentials, 403 on a route the role may not use; otherwise sets the principal."""

    def __init__(self, app: ASGIApp, engine: Engine, jwt_settings: JwtSettings | None = None) -> None:
        self.app = app
        self.engine = engine
        self.jwt_settings = jwt_settings

    async def authenticate(self, credential: str | None) -> Principal:
        if credential is None:
            raise Refusal(401, "UNAUTHENTICATED", f"authentication required: {HOW_TO}")
        if looks_like_key(credential):
            try:
                principal = await asyncio.to_thread(authenticate_key, self.engine, credential)
            except SQLAlchemyError as error:
                raise Refusal(503, "UNAVAILABLE", "cannot check the API key: the database is unreachable") from error
            if principal is None:
                raise Refusal(401, "UNAUTHENTICATED", "the API key is not valid (unknown, revoked or mistyped)")
            return principal
        if self.jwt_settings is not None and looks_like_jwt(credential):
            try:
                return authenticate_jwt(self.jwt_settings, credential)
            except TokenRefused as error:
                raise Refusal(401, "UNAUTHENTICATED", str(error)) from error
        raise Refusal(401, "UNAUTHENTICATED", f"the credential is neither an API key nor an accepted JWT: {HOW_TO}")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in OPEN_PATHS or scope["path"].startswith(SIGNED_PREFIX):
            if scope["type"] == "websocket":  # no route takes websockets; refuse rather than pass one unchecked
                await send({"type": "websocket.close", "code": 1008})
                return
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if is_explorer_page(scope, headers):
            await self.app(scope, receive, send)
            return
        try:
            principal = await self.authenticate(credential_of(headers))
            if principal.role in ROUTE_DENIED_ROLES.get(scope["path"], ()):
                raise Refusal(403, "FORBIDDEN", f"role {principal.role} may not use {scope['path']}")
        except Refusal as refusal:
            challenge = [(b"www-authenticate", b'Bearer realm="hub"')] if refusal.status == 401 else []
            await send_refusal(send, refusal, challenge)
            return
        previous = current_principal(), current_actor()
        set_principal(principal)
        set_actor(principal.actor)
        scope["hub.principal"] = principal
        try:
            await self.app(scope, receive, send)
        finally:
            set_principal(previous[0])
            set_actor(previous[1])
