"""Per-connection token buckets for the webhook routes: a burst is absorbed, a flood answers 429.

In memory, per process: each `hub serve` behind a balancer limits what reaches it. A connection's
`webhook_rate_per_second` and `webhook_burst` options set its bucket (defaults below).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

DEFAULT_RATE_PER_SECOND = 20.0
DEFAULT_BURST = 100


@dataclass
class TokenBucket:
    """`rate` tokens a second up to `capacity`; each request takes one."""

    rate: float
    capacity: float
    tokens: float
    updated: float

    def take(self, now: float) -> float:
        """0 when a token was taken, else the seconds until one will be there."""
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


class WebhookRateLimits:
    """One bucket per connection, sized from the connection's options."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.buckets: dict[str, TokenBucket] = {}
        self.lock = threading.Lock()

    def retry_after(self, connection: str, options: Mapping[str, Any]) -> int:
        """0 when the delivery may go ahead, else whole seconds to wait (for Retry-After)."""
        now = self.clock()
        with self.lock:
            bucket = self.buckets.get(connection)
            if bucket is None:
                rate = float(options.get("webhook_rate_per_second", DEFAULT_RATE_PER_SECOND))
                burst = float(options.get("webhook_burst", DEFAULT_BURST))
                bucket = self.buckets[connection] = TokenBucket(rate, burst, burst, now)
            wait = bucket.take(now)
        return math.ceil(wait) if wait > 0 else 0
