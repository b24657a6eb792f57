"""Stripe's published rate limits: 100 read requests per second in live mode, 25 in test mode.

Stripe counts requests per second with short bursts allowed and sends no usage headers; a request
over the limit is answered 429 (`rate_limit` error), which the toolkit's client retries after
`Retry-After` when Stripe sends one, else with backoff, treating the allowance as spent meanwhile.
A connection states `test_mode = true` in its options when its key is a test key (`sk_test_...`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from adapters.toolkit.rate_limit import RateLimitPolicy

API_PREFIX = "/v1/"
STRIPE_LIVE = RateLimitPolicy.token_bucket("stripe-live", rate=100, burst=100, headroom=5)
STRIPE_TEST_MODE = RateLimitPolicy.token_bucket("stripe-test-mode", rate=25, burst=25, headroom=2)


def operation_limits(options: Mapping[str, Any]) -> Mapping[str, RateLimitPolicy]:
    """Test mode's lower limit over every API path, when the connection is in test mode."""
    return {API_PREFIX: STRIPE_TEST_MODE} if str(options.get("test_mode", "")).lower() in ("true", "1") else {}
