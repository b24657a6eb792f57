"""The HTTP client every adapter's streams use: authenticated, rate limited, retrying what is transient.

Each attempt waits its turn on the partner's limiter, then is judged: 2xx with a body that parses
(when JSON is expected) is an answer; 429, 408, 5xx, timeouts, dropped connections and truncated
bodies are retried with tenacity (429 and 503 after the partner's `Retry-After`, the rest with
capped exponential backoff and full jitter); any other 4xx is fatal at once. Every retry, give-up and
fatal answer is reported to `on_event(kind, detail)` with the request described without credentials.
With an `OAuthSession` (adapters whose `Adapter.oauth` is set and applies to the connection), each call
carries the session's current access token in the policy's header (`Authorization: Bearer` unless the partner
names another), and a 401 makes the session refresh once and the call go again (see `adapters.toolkit.oauth`).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, wait_random_exponential

from adapters.toolkit.errors import ApiError, FatalApiError, GaveUp, MalformedResponse, RetriableApiError
from adapters.toolkit.oauth import OAuthSession, TokenStore, oauth_session
from adapters.toolkit.rate_limit import Clock, Limiter, RateLimitPolicy, Sleep
from adapters.toolkit.redaction import describe_request
from adapters.toolkit.streams import ConnectionSettings

if TYPE_CHECKING:
    from adapters.toolkit import Adapter

EventCallback = Callable[[str, dict[str, Any]], None]
AuthHeaders = Callable[[Mapping[str, str]], Mapping[str, str]]
_RETRIABLE_STATUS = frozenset({408, 429})


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: attempts in all, backoff base and cap, and the longest `Retry-After` worth waiting for."""

    attempts: int = 8
    base_wait: float = 0.5
    max_wait: float = 30.0
    max_retry_after: float = 120.0


def bearer_auth(credentials: Mapping[str, str]) -> Mapping[str, str]:
    """`Authorization: Bearer <token>` from a `token` (or `access_token`) credential, when there is one."""
    token = credentials.get("token") or credentials.get("access_token")
    return {"Authorization": f"Bearer {token}"} if token else {}


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` of seconds (`2`, `2.0`) or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


# Where partners say how long to wait: the standard header, or ShipBob's own name for it.
RETRY_AFTER_HEADERS = ("Retry-After", "x-retry-after")


def retry_after_header(response: httpx.Response) -> str | None:
    return next((response.headers[name] for name in RETRY_AFTER_HEADERS if name in response.headers), None)


def judge(response: httpx.Response, description: str, expect_json: bool) -> None:
    """Raise the error a response stands for, if any: retriable, fatal or malformed."""
    status = response.status_code
    if status in _RETRIABLE_STATUS or status >= 500:
        reason = f"{status} {response.reason_phrase}: {_excerpt(response)}".rstrip(": ")
        raise RetriableApiError(description, reason, status, parse_retry_after(retry_after_header(response)))
    if not 200 <= status < 300:
        raise FatalApiError(description, f"{status} {response.reason_phrase}: {_excerpt(response)}".rstrip(": "), status)
    if expect_json and status != 204:
        try:
            json.loads(response.content)
        except ValueError as error:
            raise MalformedResponse(description, f"{status} with a body that is not JSON ({len(response.content)} "
                                                 f"bytes): {error}", status) from error


def _excerpt(response: httpx.Response, size: int = 200) -> str:
    text = response.content[:size].decode("utf-8", "replace").strip()
    return text + ("..." if len(response.content) > size else "")


class PartnerClient:
    """An httpx.AsyncClient for one connection: base URL, credentials, timeout, limiter and retries."""

    def __init__(self, settings: ConnectionSettings, rate_limit: RateLimitPolicy | None = None, *,
                 auth: AuthHeaders = bearer_auth, retry: RetryPolicy | None = None, timeout: float | None = None,
                 on_event: EventCallback | None = None, expect_json: bool = True,
                 operation_limits: Mapping[str, RateLimitPolicy] | None = None,
                 transport: httpx.AsyncBaseTransport | None = None, clock: Clock = time.monotonic,
                 sleep: Sleep = asyncio.sleep, oauth: OAuthSession | None = None) -> None:
        self.settings = settings
        self.oauth = oauth
        self.retry = retry or RetryPolicy()
        self.expect_json = expect_json
        self.on_event = on_event
        self.requests = 0
        self._sleep = sleep
        limits = dict(operation_limits or {}) | ({"": rate_limit} if rate_limit else {})
        self.limiters = {prefix: Limiter(policy, clock, sleep) for prefix, policy in
                         sorted(limits.items(), key=lambda item: -len(item[0]))}
        timeout = float(settings.options.get("timeout_seconds", 30.0)) if timeout is None else timeout
        # Under OAuth the session supplies the token's header; the adapter's others (Xero-tenant-id) still apply.
        token_header = oauth.policy.token_header.lower() if oauth else None
        credentials = {name: value for name, value in auth(settings.credentials).items()
                       if name.lower() != token_header}
        headers = {"User-Agent": "order-hub", "Accept": "application/json", **credentials}
        self._http = httpx.AsyncClient(base_url=settings.base_url, headers=headers, timeout=timeout,
                                       transport=transport)

    @classmethod
    def for_adapter(cls, settings: ConnectionSettings, adapter: Adapter, *, tokens: TokenStore | None = None,
                    **options: Any) -> PartnerClient:
        """The client a connection of this adapter needs: its rate limit and its way of authenticating (OAuth
        tokens kept in `tokens`, in memory when not given; optional OAuth only with a `refresh_token`)."""
        if adapter.operation_limits is not None and "operation_limits" not in options:
            options["operation_limits"] = adapter.operation_limits(settings.options)
        if "oauth" not in options:
            options["oauth"] = oauth_session(adapter.oauth, settings, tokens, transport=options.get("transport"))
        return cls(settings, adapter.rate_limit, auth=adapter.auth_headers or bearer_auth, **options)

    async def __aenter__(self) -> PartnerClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()
        if self.oauth:
            await self.oauth.aclose()

    async def get(self, url: str, params: Mapping[str, Any] | None = None, *, expect_json: bool | None = None,
                  headers: Mapping[str, str] | None = None) -> httpx.Response:
        """GET with waits and retries; the response is a 2xx whose body parsed (when JSON is expected)."""
        return await self.request("GET", url, params=params, expect_json=expect_json, headers=headers)

    async def post(self, url: str, json: Any = None, *, params: Mapping[str, Any] | None = None,
                   expect_json: bool | None = None) -> httpx.Response:
        """POST a JSON body, waiting and retrying like `get` (the partner must treat the call as idempotent)."""
        return await self.request("POST", url, params=params, json=json, expect_json=expect_json)

    async def request(self, method: str, url: str, *, params: Mapping[str, Any] | None = None, json: Any = None,
                      expect_json: bool | None = None, headers: Mapping[str, str] | None = None) -> httpx.Response:
        """One call: wait on the limiter, send, judge; retry what is transient; GaveUp or FatalApiError otherwise.

        `headers` are this call's own (a partner's `If-Modified-Since`, an `Idempotency-Key`), over the client's."""
        check = self.expect_json if expect_json is None else expect_json
        if self.oauth is None:
            return await self._send(self._http.build_request(method, url, params=params, json=json, headers=headers),
                                    check)
        token = await self.oauth.access_token()
        own = dict(headers or {})
        try:
            return await self._send(self._http.build_request(
                method, url, params=params, json=json, headers=own | self.oauth.policy.header(token)), check)
        except FatalApiError as error:
            if error.status != 401:
                raise
        await self.oauth.refresh_after_rejection(token)  # once: a second 401 is the partner's final answer
        token = await self.oauth.access_token()
        return await self._send(self._http.build_request(
            method, url, params=params, json=json, headers=own | self.oauth.policy.header(token)), check)

    async def _send(self, request: httpx.Request, check: bool) -> httpx.Response:
        description = describe_request(request.method, request.url, request.headers)
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.retry.attempts), wait=self._wait, retry=retry_if_exception(self._retriable),
            before_sleep=self._report_retry, sleep=self._sleep, reraise=True)
        attempts = 0
        try:
            self._check_origin(request, description)
            async for attempt in retrying:
                with attempt:
                    attempts = attempt.retry_state.attempt_number
                    return await self._attempt(request, description, check)
        except RetriableApiError as error:
            reason = error.reason
            if error.retry_after is not None and not self._retriable(error):
                reason += f" (the partner asks to wait {error.retry_after:g} s, more than {self.retry.max_retry_after:g} s)"
            gave_up = GaveUp(description, reason, attempts, error.status)
            self._emit("gave_up", gave_up, attempts)
            raise gave_up from error
        except FatalApiError as error:
            self._emit("fatal", error, attempts)
            raise
        raise AssertionError("tenacity ended without an outcome")  # pragma: no cover

    async def _attempt(self, request: httpx.Request, description: str, expect_json: bool) -> httpx.Response:
        limiter = self._limiter_for(request.url.path)
        if limiter:
            await limiter.acquire()
        self.requests += 1
        try:
            response = await self._http.send(request)
        except httpx.TimeoutException as error:
            raise RetriableApiError(description, f"timed out ({type(error).__name__})") from error
        except httpx.TransportError as error:
            raise RetriableApiError(description, f"transport error ({type(error).__name__}: {error})") from error
        if limiter:
            limiter.observe(response.headers)
            if response.status_code == 429 and retry_after_header(response) is None:
                limiter.throttled()  # with a Retry-After, waiting that long is the partner's own answer
        judge(response, description, expect_json)
        return response

    def _limiter_for(self, path: str) -> Limiter | None:
        return next((limiter for prefix, limiter in self.limiters.items() if path.startswith(prefix)), None)

    def _check_origin(self, request: httpx.Request, description: str) -> None:
        """Credentials only ever go to the connection's own host, whatever a Link header points at."""
        base = httpx.URL(self.settings.base_url) if self.settings.base_url else None
        if base and (request.url.scheme, request.url.host, request.url.port) != (base.scheme, base.host, base.port):
            raise FatalApiError(description, f"refusing to send the connection's credentials to {request.url.host}, "
                                             f"which is not the connection's host {base.host}")

    def _retriable(self, error: BaseException) -> bool:
        if not isinstance(error, RetriableApiError):
            return False
        return error.retry_after is None or error.retry_after <= self.retry.max_retry_after

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None:
            return float(retry_after)
        return wait_random_exponential(multiplier=self.retry.base_wait, max=self.retry.max_wait)(state)

    def _report_retry(self, state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else None
        if isinstance(error, ApiError):
            self._emit("retry", error, state.attempt_number, wait)

    def _emit(self, kind: str, error: ApiError, attempts: int, wait: float | None = None) -> None:
        if self.on_event is None:
            return
        detail: dict[str, Any] = {"request": error.request_description, "reason": error.reason,
                                  "status": error.status, "attempt": attempts}
        if wait is not None:
            detail["wait"] = round(wait, 3)
        self.on_event(kind, detail)
