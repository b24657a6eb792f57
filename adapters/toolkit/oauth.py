"""OAuth 2 refresh tokens for partners whose access tokens expire (QuickBooks Online, Xero, Amazon's LWA).

How an adapter uses it: give its `Adapter` an `oauth=OAuthRefresh(token_url=..., access_token_lifetime=...)`.
`PartnerClient.for_adapter(settings, adapter, tokens=store)` then attaches an `OAuthSession`, which puts
`Authorization: Bearer <access token>` on every call, refreshes the token before it expires (within
`refresh_margin`) and once more when the partner answers 401, after which the call is sent again. The
connection's credentials name the app (`client_id`, `client_secret`, sent as HTTP Basic to the token
endpoint) and the first `refresh_token`; from then on the `TokenStore` holds the current pair. A
connection option `oauth_endpoint` (or `token_url`, a name the hub's configuration file refuses because it
looks like a secret's) overrides the policy's endpoint; a path (`/oauth2/...`) is read against the
connection's base URL (how a simulator serves it).

Partners differ in three ways the policy states: where the client credentials go (`client_auth`: HTTP
Basic, or `body` for `client_id`/`client_secret` form fields as Login with Amazon wants them), which
header carries the access token and with what prefix (`token_header`/`token_prefix`: Amazon's
`x-amz-access-token` takes the bare token), and whether OAuth is `optional` (used only when the
connection's credentials hold a `refresh_token`, else the adapter's static token as before). A partner
whose refresh tokens do not rotate (LWA) may answer without a refresh token or with the same one; the
pair then keeps the refresh token it was made from, and the compare-and-swap below still holds.

Rotation. Partners like QuickBooks hand back a new refresh token with every refresh, and the old one stops
working once the new one has been used, so the rotated token must be persisted or the sync dies. Two
workers may refresh at once: `TokenStore.save` is a compare-and-swap on the refresh token the rotation
started from, so exactly one rotation is stored; the loser discards its own pair (never used, so the
winner's stays valid) and adopts the stored one. Before calling the token endpoint a session re-reads the
store, so a worker that finds a newer unexpired pair than its own uses it instead of rotating again.

The failure mode is a crash after the partner rotated and before the store saved: the new refresh token is
lost. The ordering keeps that window as small as it can be: the pair is saved the moment the token
endpoint answers, before the new access token is used for anything (save before use). Since the partner
only retires the old refresh token once the new one has been used, and nothing used it, the old token
stored in the database still refreshes after a restart. A refresh token refused as invalid (`invalid_grant`)
is retried once with the credentials' `refresh_token` when that differs (the connection was re-authorised).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, Protocol

import httpx
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_random_exponential

from adapters.toolkit.errors import FatalApiError, MalformedResponse, RetriableApiError
from adapters.toolkit.redaction import describe_request
from adapters.toolkit.streams import ConnectionSettings

Now = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class OAuthRefresh:
    """A partner's OAuth 2 refresh: its token endpoint, how long an access token lives, how early to renew it."""

    token_url: str
    access_token_lifetime: float = 3600.0
    refresh_margin: float = 300.0
    client_auth: Literal["basic", "body"] = "basic"
    token_header: str = "Authorization"
    token_prefix: str = "Bearer"
    optional: bool = False

    def applies_to(self, settings: ConnectionSettings) -> bool:
        """Whether a connection authenticates by refresh token: always, or (optional OAuth) when it holds one."""
        return not self.optional or bool(settings.credentials.get("refresh_token"))

    def header(self, access_token: str) -> dict[str, str]:
        """The header an access token travels in: `Authorization: Bearer <token>`, or the partner's own."""
        return {self.token_header: f"{self.token_prefix} {access_token}" if self.token_prefix else access_token}

    def endpoint(self, settings: ConnectionSettings) -> str:
        """The token URL for a connection: option `oauth_endpoint` or `token_url`, else the policy's; a bare path
        joins the base URL."""
        url = str(settings.options.get("oauth_endpoint") or settings.options.get("token_url") or self.token_url)
        return f"{settings.base_url.rstrip('/')}{url}" if url.startswith("/") else url


@dataclass(frozen=True)
class OAuthTokens:
    """One access token with the refresh token that came with it, and when the access token expires."""

    access_token: str
    refresh_token: str
    expires_at: datetime

    def usable(self, now: datetime, margin: float) -> bool:
        return self.expires_at - timedelta(seconds=margin) > now

    def __repr__(self) -> str:  # a pair printed by mistake still shows no secret
        return f"OAuthTokens(expires_at={self.expires_at.isoformat()})"


class TokenStore(Protocol):
    """Where a connection's current tokens live between runs and across workers (the hub: a database row)."""

    async def load(self, connection: str) -> OAuthTokens | None:
        """The stored pair, or None before the first refresh."""
        ...

    async def save(self, connection: str, replaces: str | None, tokens: OAuthTokens) -> OAuthTokens:
        """Store `tokens` only if the stored refresh token is still `replaces` (None: nothing stored yet), atomically;
        return the pair stored afterwards: `tokens` when this call won, the winner's when another rotation did."""
        ...


class MemoryTokenStore:
    """A TokenStore in memory: for one process (tests, a contract run); the hub persists tokens instead."""

    def __init__(self) -> None:
        self.tokens: dict[str, OAuthTokens] = {}
        self.rotations = 0

    async def load(self, connection: str) -> OAuthTokens | None:
        return self.tokens.get(connection)

    async def save(self, connection: str, replaces: str | None, tokens: OAuthTokens) -> OAuthTokens:
        current = self.tokens.get(connection)
        if (current.refresh_token if current else None) != replaces:
            return current or tokens
        self.tokens[connection] = tokens
        self.rotations += 1
        return tokens


class OAuthRefused(FatalApiError):
    """The token endpoint refused the refresh (`invalid_grant`, bad client): the connection needs re-authorising."""


class OAuthSession:
    """The access token of one connection: renewed before expiry or after a 401, rotations saved in a TokenStore."""

    def __init__(self, policy: OAuthRefresh, settings: ConnectionSettings, store: TokenStore, *,
                 transport: httpx.AsyncBaseTransport | None = None, now: Now = utc_now, attempts: int = 4,
                 base_wait: float = 0.2, timeout: float = 30.0) -> None:
        self.policy, self.settings, self.store = policy, settings, store
        self.refreshes = 0
        self._now, self._attempts, self._base_wait = now, attempts, base_wait
        self._tokens: OAuthTokens | None = None
        self._lock = asyncio.Lock()
        client_id, secret = settings.credentials.get("client_id"), settings.credentials.get("client_secret")
        if not client_id or not secret:
            raise ValueError(f"connection {settings.name} needs `client_id` and `client_secret` credentials for OAuth")
        in_body = policy.client_auth == "body"
        self._client_fields = {"client_id": client_id, "client_secret": secret} if in_body else {}
        self._http = httpx.AsyncClient(timeout=timeout, transport=transport,
                                       auth=None if in_body else httpx.BasicAuth(client_id, secret))

    async def aclose(self) -> None:
        await self._http.aclose()

    async def access_token(self) -> str:
        """A current access token, refreshed first when missing or about to expire."""
        async with self._lock:
            if self._tokens is None:
                self._tokens = await self.store.load(self.settings.name)
            if self._tokens is None or not self._tokens.usable(self._now(), self.policy.refresh_margin):
                await self._rotate()
            assert self._tokens is not None
            return self._tokens.access_token

    async def refresh_after_rejection(self, rejected: str) -> None:
        """The partner refused `rejected` (401): rotate, unless another call already replaced that token."""
        async with self._lock:
            if self._tokens is None or self._tokens.access_token == rejected:
                await self._rotate(force=True)

    async def _rotate(self, force: bool = False) -> None:
        stored = await self.store.load(self.settings.name)
        if stored is not None and stored != self._tokens and stored.usable(self._now(), self.policy.refresh_margin):
            self._tokens = stored  # another worker rotated since we last looked
            return
        base = stored or self._tokens
        refresh_token = base.refresh_token if base else self._initial_refresh_token()
        try:
            fresh = await self._refresh(refresh_token)
        except OAuthRefused:
            reauthorised = self.settings.credentials.get("refresh_token")
            if not reauthorised or reauthorised == refresh_token:
                raise
            fresh = await self._refresh(reauthorised)
        # Save before use: the pair is persisted before its access token authorises anything.
        self._tokens = await self.store.save(self.settings.name, base.refresh_token if base else None, fresh)

    def _initial_refresh_token(self) -> str:
        token = self.settings.credentials.get("refresh_token")
        if not token:
            raise ValueError(f"connection {self.settings.name} needs a `refresh_token` credential (the first one; "
                             f"rotated tokens are kept by the hub)")
        return token

    async def _refresh(self, refresh_token: str) -> OAuthTokens:
        retrying = AsyncRetrying(stop=stop_after_attempt(self._attempts), reraise=True,
                                 wait=wait_random_exponential(multiplier=self._base_wait, max=5.0),
                                 retry=retry_if_exception_type(RetriableApiError))
        async for attempt in retrying:
            with attempt:
                return await self._refresh_once(refresh_token)
        raise AssertionError("tenacity ended without an outcome")  # pragma: no cover

    async def _refresh_once(self, refresh_token: str) -> OAuthTokens:
        url = self.policy.endpoint(self.settings)
        description = describe_request("POST", url, {} if self._client_fields else {"Authorization": "Basic"})
        form = {"grant_type": "refresh_token", "refresh_token": refresh_token, **self._client_fields}
        try:
            response = await self._http.post(url, data=form, headers={"Accept": "application/json"})
        except httpx.TransportError as error:
            raise RetriableApiError(description, f"token endpoint unreachable ({type(error).__name__})") from error
        if response.status_code == 429 or response.status_code >= 500:
            raise RetriableApiError(description, f"token endpoint answered {response.status_code}", response.status_code)
        answer = _json_object(response, description)
        if response.status_code != 200:
            # Only the OAuth error code and text: the body of a token answer is never echoed whole.
            reason = f"{answer.get('error', 'refused')}: {answer.get('error_description', '')}".rstrip(": ")
            raise OAuthRefused(description, f"{response.status_code} {reason}", response.status_code)
        self.refreshes += 1
        return self._tokens_from(answer, description, refresh_token)

    def _tokens_from(self, answer: Mapping[str, Any], description: str, used: str) -> OAuthTokens:
        access = answer.get("access_token")
        if not access:
            raise MalformedResponse(description, "token answer without access_token", 200)
        lifetime = float(answer.get("expires_in") or self.policy.access_token_lifetime)
        # No refresh token in the answer: the partner does not rotate them, and the one just used stays valid.
        refresh = answer.get("refresh_token") or used
        return OAuthTokens(str(access), str(refresh), self._now() + timedelta(seconds=lifetime))


def oauth_session(policy: OAuthRefresh | None, settings: ConnectionSettings, store: TokenStore | None = None,
                  **options: Any) -> OAuthSession | None:
    """The session a connection authenticates with under `policy` (tokens kept in `store`, else in memory); None
    without a policy, or when the policy is optional and the connection holds no refresh token."""
    if policy is None or not policy.applies_to(settings):
        return None
    return OAuthSession(policy, settings, store or MemoryTokenStore(), **options)


def _json_object(response: httpx.Response, description: str) -> dict[str, Any]:
    try:
        answer = response.json()
    except ValueError as error:
        raise MalformedResponse(description, f"token endpoint answered {response.status_code} with a body that is "
                                             f"not JSON", response.status_code) from error
    if not isinstance(answer, dict):
        raise MalformedResponse(description, "token endpoint answered with JSON that is not an object",
                                response.status_code)
    return answer
