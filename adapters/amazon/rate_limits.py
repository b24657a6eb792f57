"""Amazon SP-API's published rate limits, one token bucket per operation, scaled by a connection's `rate_scale`.

Amazon limits each operation on its own (a rate per second and a burst) and states the rate in
`x-amzn-RateLimit-Limit` on every answer: getOrders 0.0167/s burst 20; getOrder and getOrderItems
0.5/s burst 30; every Finances v0 operation 0.5/s burst 30. The client keys its limiters by path
prefix (longest first), so getOrder and getOrderItems share one, the stricter way; the simulator
keeps one bucket per operation, as Amazon does.

These rates make a demo crawl (one getOrders a minute after the burst), so the connection option
`rate_scale` (default 1.0) multiplies the client's rates and the simulator takes the same
`rate_scale`; the client also adopts whatever rate the answers state, so a faster simulator is
followed even when the option is left out. `RATE_LIMIT` is the single policy for a client built
without per-operation limits: getOrders' (the strictest), adapting to the rate each answer states.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from adapters.toolkit.rate_limit import AMAZON_GET_ORDERS, RateLimitPolicy

RATE_HEADER = "x-amzn-RateLimit-Limit"
ORDERS_PATH = "/orders/v0/orders"
EVENT_GROUPS_PATH = "/finances/v0/financialEventGroups"
EVENTS_PATH = "/finances/v0/financialEvents"

# operation -> (requests per second, burst), as Amazon's API references publish them
PUBLISHED: dict[str, tuple[float, int]] = {
    "getOrders": (0.0167, 20),
    "getOrder": (0.5, 30),
    "getOrderItems": (0.5, 30),
    "listFinancialEventGroups": (0.5, 30),
    "listFinancialEvents": (0.5, 30),
}
# path prefix -> the operation whose limit the client applies to it
_CLIENT_PREFIXES = {
    ORDERS_PATH: "getOrders",
    f"{ORDERS_PATH}/": "getOrderItems",
    EVENT_GROUPS_PATH: "listFinancialEventGroups",
    EVENTS_PATH: "listFinancialEvents",
}
RATE_LIMIT = AMAZON_GET_ORDERS


def rate_scale(options: Mapping[str, Any]) -> float:
    """The connection's `rate_scale` option: a positive multiplier of Amazon's published rates."""
    scale = float(options.get("rate_scale", 1.0))
    if scale <= 0:
        raise ValueError(f"rate_scale must be positive, not {scale:g}")
    return scale


def operation_policy(operation: str, scale: float = 1.0) -> RateLimitPolicy:
    """One operation's token bucket: its published rate times `scale`, its published burst."""
    rate, burst = PUBLISHED[operation]
    return RateLimitPolicy.token_bucket(f"amazon-sp-api:{operation}", rate=rate * scale, burst=burst,
                                        rate_header=RATE_HEADER)


def operation_limits(options: Mapping[str, Any]) -> dict[str, RateLimitPolicy]:
    """The client's limits by path prefix, for `PartnerClient(operation_limits=...)`, scaled by `rate_scale`."""
    scale = rate_scale(options)
    return {prefix: operation_policy(operation, scale) for prefix, operation in _CLIENT_PREFIXES.items()}


def published_limits(scale: float = 1.0) -> dict[str, RateLimitPolicy]:
    """Every operation's limit by operation name (what the simulator enforces), scaled by `scale`."""
    return {operation: operation_policy(operation, scale) for operation in PUBLISHED}


def scaled(limits: Mapping[str, RateLimitPolicy], scale: float) -> dict[str, RateLimitPolicy]:
    """The same limits with every rate multiplied by `scale`."""
    if scale <= 0:
        raise ValueError(f"rate_scale must be positive, not {scale:g}")
    return {operation: replace(policy, rate=policy.rate * scale) for operation, policy in limits.items()}


PUBLISHED_LIMITS = published_limits()
