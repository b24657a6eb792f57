"""eBay's published call limits as policies: a daily quota per API, and its 429 when a quota is spent.

eBay limits each RESTful API by calls per day for the application (developer.ebay.com, "API Call
Limits", default limits): the Sell Fulfillment API 100,000 calls a day, the Sell Finances API 15,000.
The quota is counted over eBay's day (it restarts at midnight, Pacific time); the policy keeps a
sliding 24-hour log of calls, which never exceeds a quota however eBay's day is aligned. eBay states no
usage in its answers (the Analytics API's getRateLimits is where usage is read), so the client counts
its own calls, keeps `headroom` unused, and treats a 429 as the quota spent (waiting its Retry-After,
or giving up with a clear error when that is longer than a sync should wait).

The client keys its limiters by path prefix, one per API; the simulator keeps one log per API, as eBay does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from adapters.toolkit.rate_limit import RateLimitPolicy

FULFILLMENT_PATH = "/sell/fulfillment/v1"
FINANCES_PATH = "/sell/finances/v1"
DAY_SECONDS = 24 * 60 * 60


def daily_quota(name: str, calls: int, headroom: float) -> RateLimitPolicy:
    """At most `calls` calls in any 24 hours."""
    return RateLimitPolicy(name, "window", calls, window_seconds=DAY_SECONDS, headroom=headroom)


FULFILLMENT_QUOTA = daily_quota("ebay-sell-fulfillment", 100_000, headroom=100)
FINANCES_QUOTA = daily_quota("ebay-sell-finances", 15_000, headroom=15)
# API path prefix -> its quota, as eBay publishes them.
PUBLISHED_QUOTAS: Mapping[str, RateLimitPolicy] = {FULFILLMENT_PATH: FULFILLMENT_QUOTA, FINANCES_PATH: FINANCES_QUOTA}


def operation_limits(options: Mapping[str, Any]) -> Mapping[str, RateLimitPolicy]:
    """The quotas of a connection: eBay's published ones, or `daily_quotas` ({"fulfillment": n, "finances": n})
    for an application eBay granted more after its Application Growth Check."""
    granted = options.get("daily_quotas") or {}
    unknown = set(granted) - {"fulfillment", "finances"}
    if unknown:
        raise ValueError(f"daily_quotas: unknown API {sorted(unknown)}; known: fulfillment, finances")
    limits = dict(PUBLISHED_QUOTAS)
    for api, path, name in (("fulfillment", FULFILLMENT_PATH, "ebay-sell-fulfillment"),
                            ("finances", FINANCES_PATH, "ebay-sell-finances")):
        if api in granted:
            calls = int(granted[api])
            limits[path] = daily_quota(name, calls, headroom=max(1.0, calls / 1000))
    return limits
