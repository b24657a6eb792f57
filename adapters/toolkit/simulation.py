"""Parts every partner simulator shares (aiohttp.web): injected faults, the partner's rate limit, statistics.

A simulator is a `partner_app(...)` with the partner's routes added. Around those routes, outermost
first: a counter of calls, the `FaultPlan` (seeded, so a run is repeatable), the credential check, and
the rate-limit enforcer, which answers 429 with `Retry-After` when a client overdraws the partner's
published limit and counts that as a violation (distinct from the 429s the fault plan injects).
`GET /_simulator/stats` answers `{"requests", "faults": {kind: n}, "violations"}`; `/_simulator/`
routes bypass faults, credentials and limits.
"""

from __future__ import annotations

import asyncio
import base64
import json
import math
import random
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from aiohttp import web

from adapters.toolkit.open_window import utc
from adapters.toolkit.rate_limit import Clock, RateLimitPolicy

T = TypeVar("T")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
FAULT_KINDS = ("429", "500", "timeout", "malformed")
INTERNAL = "/_simulator/"


@dataclass(frozen=True)
class FaultPlan:
    """Fail `rate` of the calls, choosing among `kinds` with a seeded generator.

    `timeout` holds the answer `delay` seconds (set it above the client's timeout) and then answers;
    `malformed` answers 200 with the body cut in half; `429` sends `Retry-After: retry_after`.
    """

    rate: float
    seed: int
    kinds: tuple[str, ...] = FAULT_KINDS
    delay: float = 1.0
    retry_after: float = 1.0

    def __post_init__(self) -> None:
        unknown = set(self.kinds) - set(FAULT_KINDS)
        if unknown or not 0 <= self.rate <= 1:
            raise ValueError(f"FaultPlan: rate must be within 0..1 and kinds among {FAULT_KINDS}, not {sorted(unknown)}")


@dataclass
class SimulatorStats:
    """What a simulator saw: partner calls, faults injected by kind, and rate-limit violations."""

    requests: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    violations: int = 0

    def as_json(self) -> dict[str, Any]:
        return {"requests": self.requests, "faults": dict(sorted(self.faults.items())), "violations": self.violations}


STATS = web.AppKey("simulator_stats", SimulatorStats)


def _internal(request: web.Request) -> bool:
    return request.path.startswith(INTERNAL)


def _counter(stats: SimulatorStats) -> Any:
    @web.middleware
    async def count(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not _internal(request):
            stats.requests += 1
        return await handler(request)

    return count


def _truncated(response: web.StreamResponse) -> web.StreamResponse:
    body = getattr(response, "body", None)
    if not isinstance(body, bytes) or len(body) < 2:
        return response
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
    return web.Response(body=body[: len(body) // 2], status=200, headers=headers)


def _fault_injector(plan: FaultPlan, stats: SimulatorStats) -> Any:
    rng = random.Random(plan.seed)

    @web.middleware
    async def inject(request: web.Request, handler: Handler) -> web.StreamResponse:
        if _internal(request) or rng.random() >= plan.rate:
            return await handler(request)
        kind = rng.choice(plan.kinds)
        stats.faults[kind] += 1
        if kind == "429":
            return web.json_response({"errors": "Exceeded call limit (injected fault)"}, status=429,
                                     headers={"Retry-After": f"{plan.retry_after:g}"})
        if kind == "500":
            return web.json_response({"errors": "Internal Server Error (injected fault)"}, status=500)
        if kind == "timeout":
            await asyncio.sleep(plan.delay)
            return await handler(request)
        return _truncated(await handler(request))

    return inject


def _authenticator(authenticate: Callable[[web.Request], bool]) -> Any:
    @web.middleware
    async def check(request: web.Request, handler: Handler) -> web.StreamResponse:
        if _internal(request) or authenticate(request):
            return await handler(request)
        return web.json_response({"errors": "[API] Invalid API key or access token (unrecognized login or wrong "
                                            "password)"}, status=401)

    return check


def usage_headers(policy: RateLimitPolicy, used: float, capacity: float) -> dict[str, str]:
    """The headers a partner sends about its limit: `used/capacity`, the rate, or the calls remaining."""
    headers = {}
    if policy.usage_header:
        headers[policy.usage_header] = f"{math.ceil(used - 1e-9)}/{capacity:g}"
    if policy.rate_header:
        headers[policy.rate_header] = f"{policy.rate:g}"
    if policy.remaining_headers:
        headers[policy.remaining_headers[0]] = str(max(0, math.floor(capacity - used)))
    return headers


def _enforcer(policy: RateLimitPolicy, stats: SimulatorStats, clock: Clock) -> Any:
    state = policy.state()

    @web.middleware
    async def enforce(request: web.Request, handler: Handler) -> web.StreamResponse:
        if _internal(request):
            return await handler(request)
        now = clock()
        delay = state.delay(now, state.capacity)
        if delay > 0:
            stats.violations += 1
            headers = {"Retry-After": f"{max(delay, 0.001):.3f}", **usage_headers(policy, state.used(now), state.capacity)}
            return web.json_response({"errors": "Exceeded the published rate limit"}, status=429, headers=headers)
        state.take(now)
        response = await handler(request)
        response.headers.update(usage_headers(policy, state.used(clock()), state.capacity))
        return response

    return enforce


async def _stats(request: web.Request) -> web.Response:
    return web.json_response(request.app[STATS].as_json())


def partner_app(*, faults: FaultPlan | None = None, rate_limit: RateLimitPolicy | None = None,
                authenticate: Callable[[web.Request], bool] | None = None, clock: Clock = time.monotonic
                ) -> web.Application:
    """An aiohttp app with the shared middlewares and `/_simulator/stats`; add the partner's routes to it."""
    stats = SimulatorStats()
    middlewares = [_counter(stats)]
    middlewares += [_fault_injector(faults, stats)] if faults and faults.rate > 0 else []
    middlewares += [_authenticator(authenticate)] if authenticate else []
    middlewares += [_enforcer(rate_limit, stats, clock)] if rate_limit else []
    app = web.Application(middlewares=middlewares)
    app[STATS] = stats
    app.router.add_get(f"{INTERNAL}stats", _stats)
    return app


def query_time(query: Mapping[str, str], name: str) -> datetime | None:
    """A listing's time parameter in UTC, None when not given; ValueError when it is no ISO 8601 time. A client that
    does not encode the `+` of an offset sends it as a space, so a space is read back as `+`."""
    return utc(query[name].strip().replace(" ", "+")) if name in query else None


async def touch_asked(request: web.Request) -> tuple[int, float]:
    """What a `POST /_simulator/touch` asks of a simulator: how many orders to change (3 unless it says) and how
    many hours to move the clock on (24)."""
    options = await request.json() if request.can_read_body else {}
    return int(options.get("orders", 3)), float(options.get("advance_hours", 24))


async def start_simulator(app: web.Application, host: str = "127.0.0.1", port: int = 0) -> tuple[web.AppRunner, str]:
    """Serve `app` on a real socket (port 0: any free port); returns the runner (await `runner.cleanup()`) and URL."""
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound_port = runner.addresses[0][1]
    return runner, f"http://{host}:{bound_port}"


# ---- listing helpers: opaque page tokens, keyset pages, Link headers ------------------------------------------


def encode_token(state: Mapping[str, Any]) -> str:
    """An opaque, URL-safe page token carrying the listing's filters and position."""
    raw = json.dumps(state, sort_keys=True, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str) -> dict[str, Any] | None:
    """The state inside a page token, or None when it is not one of ours."""
    try:
        state = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, UnicodeDecodeError):
        return None
    return state if isinstance(state, dict) else None


def keyset_page(rows: Sequence[T], key: Callable[[T], list[Any]], limit: int, after: list[Any] | None = None,
                descending: bool = False) -> tuple[list[T], list[Any] | None]:
    """The `limit` rows after position `after` (rows already in listing order), and the position to go on from."""
    if after is not None:
        rows = [row for row in rows if (key(row) < after if descending else key(row) > after)]
    page = list(rows[:limit])
    return page, (key(page[-1]) if len(rows) > limit and page else None)


def next_link(request: web.Request, params: Mapping[str, Any]) -> str:
    """A `Link` header value pointing at the same path with `params` (e.g. limit and page_info)."""
    url = request.url.with_query({key: str(value) for key, value in params.items()})
    return f'<{url}>; rel="next"'
