"""A simulated OAuth 2 token endpoint: refresh tokens rotating as QuickBooks Online and Xero rotate them, or not
(Login with Amazon).

How a simulator uses it: make a `TokenIssuer(client_id=..., client_secret=..., refresh_token=...,
access_token=..., clock=...)`, pass `authenticate=issuer.authenticate` to `partner_app`, and route the
partner's token path to `issuer.token` (a POST of `grant_type=refresh_token&refresh_token=...` with HTTP
Basic `client_id:client_secret`). Paths under `issuer.public_paths` must bypass the bearer check, so the
simulator's `authenticate` should be `issuer.authenticate` (it lets the token path through itself).

Rules: every refresh issues a new access token (valid `lifetime` seconds of `clock`) and a new refresh
token; a refresh token is retired once a token issued from it has been used to refresh in turn (QuickBooks:
"the previous refresh token expires once the new one is used"), so two refreshes from the same token both
succeed until one of the new tokens is used. A retired or unknown refresh token answers 400
`invalid_grant`; a wrong client answers 401 `invalid_client`.

Login with Amazon differs (`rotate=False`, `client_auth="body"`): the refresh token never changes (each
answer hands back the one that was used), and the client sends `client_id` and `client_secret` as form
fields instead of HTTP Basic. A partner whose access token travels in another header checks it with
`issuer.live(token)` in its own authenticator.
"""

from __future__ import annotations

import base64
import itertools
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from aiohttp import web

from adapters.toolkit.rate_limit import Clock


@dataclass
class TokenIssuer:
    """The token endpoint's state: live access tokens with their expiry, refresh tokens with their parent."""

    client_id: str
    client_secret: str
    refresh_token: str
    access_token: str | None = None
    lifetime: float = 3600.0
    token_path: str = "/oauth2/v1/tokens/bearer"
    clock: Clock = time.monotonic
    rotate: bool = True
    client_auth: Literal["basic", "body"] = "basic"
    access: dict[str, float] = field(default_factory=dict)
    parents: dict[str, str | None] = field(default_factory=dict)
    retired: set[str] = field(default_factory=set)
    refreshes: int = 0
    _serial: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        self.parents[self.refresh_token] = None
        if self.access_token:
            self.access[self.access_token] = self.clock() + self.lifetime

    @property
    def public_paths(self) -> frozenset[str]:
        return frozenset({self.token_path})

    def authenticate(self, request: web.Request) -> bool:
        """A live, unexpired bearer access token (the token path itself needs none)."""
        if request.path in self.public_paths:
            return True
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        return scheme.lower() == "bearer" and self.live(token)

    def live(self, access_token: str) -> bool:
        """Whether the endpoint issued `access_token` and it has not expired on the issuer's clock."""
        expires = self.access.get(access_token)
        return expires is not None and self.clock() < expires

    def _client_ok(self, request: web.Request, form: Mapping[str, object]) -> bool:
        if self.client_auth == "body":
            given = f"{form.get('client_id') or ''}:{form.get('client_secret') or ''}"
            return secrets.compare_digest(given.encode(), f"{self.client_id}:{self.client_secret}".encode())
        scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            given = base64.b64decode(encoded).decode()
        except (ValueError, UnicodeDecodeError):
            return False
        return secrets.compare_digest(given, f"{self.client_id}:{self.client_secret}")

    async def token(self, request: web.Request) -> web.Response:
        """POST the token path: rotate a refresh token into a new pair, or refuse as OAuth 2 (RFC 6749 5.2) says."""
        form = await request.post()
        if not self._client_ok(request, form):
            return web.json_response({"error": "invalid_client", "error_description": "Client authentication "
                                                                                      "failed"}, status=401)
        if form.get("grant_type") != "refresh_token":
            return web.json_response({"error": "unsupported_grant_type"}, status=400)
        used = str(form.get("refresh_token") or "")
        if used not in self.parents or used in self.retired:
            return web.json_response({"error": "invalid_grant", "error_description": "Incorrect or invalid refresh "
                                                                                     "token"}, status=400)
        serial = next(self._serial)
        access = f"sim-access-{serial}-{secrets.token_hex(8)}"
        self.access[access] = self.clock() + self.lifetime
        self.refreshes += 1
        if not self.rotate:
            return web.json_response({"access_token": access, "refresh_token": used, "token_type": "bearer",
                                      "expires_in": int(self.lifetime)})
        parent = self.parents[used]
        if parent is not None:
            self.retired.add(parent)  # the old token stops working once the new one has been used
        refresh = f"sim-refresh-{serial}-{secrets.token_hex(8)}"
        self.parents[refresh] = used
        return web.json_response({"token_type": "bearer", "access_token": access, "expires_in": int(self.lifetime),
                                  "refresh_token": refresh, "x_refresh_token_expires_in": 8726400})
