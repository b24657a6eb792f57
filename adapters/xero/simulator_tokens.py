"""Xero's OAuth 2 token endpoint as the simulator serves it (`POST /connect/token`, identity.xero.com's path).

The rotation rules are the toolkit's (`TokenIssuer`): every refresh answers a new access token, valid 30
minutes, and a new refresh token; a refresh token is single use, retired once a token issued from it has
refreshed in turn. Xero adds one rule: a refresh token not used for 60 days expires, and refreshing with
it answers 400 `invalid_grant`, as any retired or unknown token does: the organisation must be
connected again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from aiohttp import web

from adapters.toolkit.oauth_simulation import TokenIssuer
from adapters.toolkit.rate_limit import Clock

TOKEN_PATH = "/connect/token"
ACCESS_TOKEN_LIFETIME = 30 * 60.0
REFRESH_TOKEN_IDLE_LIMIT = 60 * 86_400.0


@dataclass
class XeroTokens:
    """The token endpoint's state: the toolkit's rotating issuer, and when each refresh token was issued."""

    issuer: TokenIssuer
    clock: Clock
    issued: dict[str, float] = field(default_factory=dict)

    @classmethod
    def start(cls, client_id: str, client_secret: str, refresh_token: str, access_token: str,
              clock: Clock) -> XeroTokens:
        issuer = TokenIssuer(client_id=client_id, client_secret=client_secret, refresh_token=refresh_token,
                             access_token=access_token, lifetime=ACCESS_TOKEN_LIFETIME, token_path=TOKEN_PATH,
                             clock=clock)
        return cls(issuer, clock, {refresh_token: clock()})

    def authenticate(self, request: web.Request) -> bool:
        return self.issuer.authenticate(request)

    async def token(self, request: web.Request) -> web.Response:
        """Refuse a refresh token idle for 60 days; otherwise rotate as the issuer does, noting the new token's birth."""
        form = await request.post()
        used = str(form.get("refresh_token") or "")
        issued = self.issued.get(used)
        if issued is not None and self.clock() - issued > REFRESH_TOKEN_IDLE_LIMIT:
            return web.json_response({"error": "invalid_grant", "error_description": "refresh token expired after "
                                      "60 days without use"}, status=400)
        response = await self.issuer.token(request)
        if response.status == 200 and isinstance(response.body, bytes):
            self.issued[json.loads(response.body)["refresh_token"]] = self.clock()
        return response
