"""Partner rate limits as small values, and the async limiter that keeps a client inside them.

Three shapes cover the partners the hub talks to:
- a leaky bucket (Shopify REST: 40 calls, draining 2 per second; each response says `used/capacity`),
- a token bucket with a rate and a burst (Amazon SP-API, per operation; the response says the rate),
- a window of N calls per minute (QuickBooks Online 500, Xero 60; some responses say what remains).

A token bucket is a leaky bucket seen from the other side (level = burst - tokens), so both share
`Bucket`. The same state objects serve the client (`Limiter`, which waits) and the simulators
(which answer 429 when a client overdraws). Time is passed in, so tests run on a fake clock.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Literal

Kind = Literal["leaky_bucket", "token_bucket", "window"]
Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]
_EPSILON = 1e-9


@dataclass(frozen=True)
class RateLimitPolicy:
    """A partner's published limit; `headroom` is what the client keeps unused against network jitter."""

    name: str
    kind: Kind
    capacity: float
    rate: float = 0.0
    window_seconds: float = 60.0
    headroom: float = 1.0
    usage_header: str | None = None
    rate_header: str | None = None
    remaining_headers: tuple[str, ...] = ()

    @classmethod
    def leaky_bucket(cls, name: str, capacity: float, leak_per_second: float, *, usage_header: str | None = None,
                     headroom: float = 1.0) -> RateLimitPolicy:
        """A bucket of `capacity` calls draining `leak_per_second`; `usage_header` reads `used/capacity`."""
        return cls(name, "leaky_bucket", capacity, leak_per_second, headroom=headroom, usage_header=usage_header)

    @classmethod
    def token_bucket(cls, name: str, rate: float, burst: float, *, rate_header: str | None = None,
                     headroom: float = 1.0) -> RateLimitPolicy:
        """`burst` calls at once, refilled at `rate` per second; `rate_header` states the current rate."""
        return cls(name, "token_bucket", burst, rate, headroom=headroom, rate_header=rate_header)

    @classmethod
    def per_minute(cls, name: str, limit: int, *, remaining_headers: tuple[str, ...] = (),
                   headroom: float = 1.0) -> RateLimitPolicy:
        """At most `limit` calls in any 60 seconds; `remaining_headers` state the calls left in the window."""
        return cls(name, "window", limit, window_seconds=60.0, headroom=headroom, remaining_headers=remaining_headers)

    def state(self) -> Bucket | Window:
        """A fresh, empty accounting of calls under this policy."""
        if self.kind == "window":
            return Window(self.capacity, self.window_seconds)
        return Bucket(self.capacity, self.rate)


class Bucket:
    """Calls in use, draining at `rate` per second up to `capacity`."""

    def __init__(self, capacity: float, rate: float) -> None:
        self.capacity, self.rate = capacity, rate
        self.level = 0.0
        self._updated: float | None = None

    def _drain(self, now: float) -> None:
        if self._updated is not None:
            self.level = max(0.0, self.level - (now - self._updated) * self.rate)
        self._updated = now

    def delay(self, now: float, limit: float) -> float:
        """Seconds until one more call fits under `limit` (0 when it fits now)."""
        self._drain(now)
        excess = self.level + 1 - limit
        return excess / self.rate if excess > _EPSILON else 0.0

    def take(self, now: float) -> None:
        self._drain(now)
        self.level += 1

    def fill(self, now: float, used: float) -> None:
        """The partner says `used` calls are in use: never believe fewer than we counted ourselves."""
        self._drain(now)
        self.level = max(self.level, used)

    def used(self, now: float) -> float:
        self._drain(now)
        return self.level


class Window:
    """The times of the calls made in the last `seconds` (a sliding log: safe under fixed and sliding windows)."""

    def __init__(self, capacity: float, seconds: float) -> None:
        self.capacity, self.seconds = capacity, seconds
        self.times: deque[float] = deque()

    def _expire(self, now: float) -> None:
        while self.times and self.times[0] <= now - self.seconds:
            self.times.popleft()

    def delay(self, now: float, limit: float) -> float:
        self._expire(now)
        allowed = max(1, math.floor(limit + _EPSILON))
        if len(self.times) < allowed:
            return 0.0
        return max(0.0, self.times[len(self.times) - allowed] + self.seconds - now)

    def take(self, now: float) -> None:
        self._expire(now)
        self.times.append(now)

    def fill(self, now: float, used: float) -> None:
        self._expire(now)
        missing = math.ceil(used) - len(self.times)
        self.times.extend([now] * max(0, missing))

    def used(self, now: float) -> float:
        self._expire(now)
        return float(len(self.times))


def header_value(headers: Mapping[str, str], name: str) -> str | None:
    """A header by case-insensitive name from any mapping (httpx and aiohttp headers already are)."""
    value = headers.get(name)
    if value is not None:
        return value
    lowered = name.lower()
    return next((v for k, v in headers.items() if k.lower() == lowered), None)


class Limiter:
    """Makes callers wait their turn under a policy and re-syncs from what the partner's responses say."""

    def __init__(self, policy: RateLimitPolicy, clock: Clock = time.monotonic, sleep: Sleep = asyncio.sleep) -> None:
        self.policy = policy
        self.state = policy.state()
        self.waited = 0.0
        self._clock, self._sleep = clock, sleep
        self._lock = asyncio.Lock()

    def limit(self) -> float:
        return max(1.0, self.state.capacity - self.policy.headroom)

    async def acquire(self) -> float:
        """Wait until one more call is allowed, count it, and return the seconds waited."""
        async with self._lock:
            waited = 0.0
            while (delay := self.state.delay(self._clock(), self.limit())) > 0:
                await self._sleep(delay)
                waited += delay
            self.state.take(self._clock())
            self.waited += waited
            return waited

    def observe(self, headers: Mapping[str, str]) -> None:
        """Adopt what a response says about usage, capacity or rate; unreadable values are ignored."""
        now = self._clock()
        try:
            self._observe_usage(headers, now)
            self._observe_rate(headers)
            self._observe_remaining(headers, now)
        except ValueError:
            pass  # A partner's malformed advisory header must not fail a good response.

    def _observe_usage(self, headers: Mapping[str, str], now: float) -> None:
        raw = header_value(headers, self.policy.usage_header) if self.policy.usage_header else None
        if raw and "/" in raw:
            used, capacity = (float(part) for part in raw.split("/", 1))
            if capacity > 0:
                self.state.capacity = capacity
            self.state.fill(now, used)

    def _observe_rate(self, headers: Mapping[str, str]) -> None:
        raw = header_value(headers, self.policy.rate_header) if self.policy.rate_header else None
        if raw and isinstance(self.state, Bucket) and float(raw) > 0:
            self.state.rate = float(raw)

    def _observe_remaining(self, headers: Mapping[str, str], now: float) -> None:
        for name in self.policy.remaining_headers:
            raw = header_value(headers, name)
            if raw is not None:
                self.state.fill(now, self.state.capacity - float(raw))
                return

    def throttled(self) -> None:
        """The partner answered 429: treat the allowance as spent, whatever we believed."""
        self.state.fill(self._clock(), self.state.capacity)


# ---- published limits -----------------------------------------------------------------------------------------

SHOPIFY_REST = RateLimitPolicy.leaky_bucket(
    "shopify-rest", capacity=40, leak_per_second=2, usage_header="X-Shopify-Shop-Api-Call-Limit", headroom=2)
AMAZON_GET_ORDERS = RateLimitPolicy.token_bucket(
    "amazon-sp-api:getOrders", rate=0.0167, burst=20, rate_header="x-amzn-RateLimit-Limit")
AMAZON_GET_ORDER = RateLimitPolicy.token_bucket(
    "amazon-sp-api:getOrder", rate=0.5, burst=30, rate_header="x-amzn-RateLimit-Limit")
QUICKBOOKS_ONLINE = RateLimitPolicy.per_minute(
    "quickbooks-online", 500, remaining_headers=("X-Rate-Limit-Remaining",), headroom=5)
XERO = RateLimitPolicy.per_minute("xero", 60, remaining_headers=("X-MinLimit-Remaining",))
