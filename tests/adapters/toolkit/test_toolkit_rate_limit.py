"""Limiter arithmetic on a fake clock: buckets, windows, and re-syncing from the partner's headers."""

from __future__ import annotations

import asyncio

import pytest

from adapters.toolkit.rate_limit import (
    AMAZON_GET_ORDERS,
    SHOPIFY_REST,
    XERO,
    Bucket,
    Limiter,
    RateLimitPolicy,
    Window,
)
from tests.adapters.toolkit.fakes import FakeClock


def _acquire(limiter: Limiter, times: int) -> list[float]:
    async def run() -> list[float]:
        return [await limiter.acquire() for _ in range(times)]

    return asyncio.run(run())


def test_shopify_bucket_allows_a_burst_up_to_its_headroom_then_paces_at_the_leak_rate() -> None:
    clock = FakeClock()
    limiter = Limiter(SHOPIFY_REST, clock, clock.sleep)
    waits = _acquire(limiter, 42)
    assert waits[:38] == [0.0] * 38, "40 capacity less 2 of headroom go at once"
    assert waits[38:] == pytest.approx([0.5] * 4), "then one call per leak of 1 / 2 per second"
    assert clock.now - 1000.0 == pytest.approx(2.0)


def test_the_bucket_drains_while_the_caller_is_idle() -> None:
    clock = FakeClock()
    limiter = Limiter(SHOPIFY_REST, clock, clock.sleep)
    _acquire(limiter, 38)
    clock.now += 10  # 20 calls drained
    assert _acquire(limiter, 20) == [0.0] * 20
    assert _acquire(limiter, 1) == pytest.approx([0.5])


def test_a_usage_header_raises_the_estimate_but_never_lowers_it() -> None:
    clock = FakeClock()
    limiter = Limiter(SHOPIFY_REST, clock, clock.sleep)
    limiter.observe({"x-shopify-shop-api-call-limit": "40/40"})
    assert _acquire(limiter, 1) == pytest.approx([1.5]), "from 40 down to 37 used takes 3 leaks of 0.5 s"
    limiter.observe({"X-Shopify-Shop-Api-Call-Limit": "1/40"})
    assert limiter.state.used(clock()) == pytest.approx(38.0), "our own count of 38 stands"


def test_a_usage_header_adopts_a_larger_capacity() -> None:
    clock = FakeClock()
    limiter = Limiter(SHOPIFY_REST, clock, clock.sleep)
    limiter.observe({"X-Shopify-Shop-Api-Call-Limit": "0/80"})  # Shopify Plus shops have 80
    assert _acquire(limiter, 78) == [0.0] * 78


def test_unreadable_headers_are_ignored() -> None:
    clock = FakeClock()
    limiter = Limiter(SHOPIFY_REST, clock, clock.sleep)
    limiter.observe({"X-Shopify-Shop-Api-Call-Limit": "lots/40"})
    assert _acquire(limiter, 1) == [0.0]


def test_amazon_token_bucket_spends_the_burst_then_waits_for_refills_at_the_stated_rate() -> None:
    clock = FakeClock()
    limiter = Limiter(AMAZON_GET_ORDERS, clock, clock.sleep)
    waits = _acquire(limiter, 20)
    assert waits[:19] == [0.0] * 19
    assert waits[19] == pytest.approx(1 / 0.0167)
    limiter.observe({"x-amzn-RateLimit-Limit": "0.5"})  # the operation's rate for this seller is higher
    assert _acquire(limiter, 1) == pytest.approx([2.0])


def test_per_minute_window_holds_the_call_after_the_limit_until_the_oldest_expires() -> None:
    clock = FakeClock()
    limiter = Limiter(XERO, clock, clock.sleep)
    waits = _acquire(limiter, 59)
    assert waits == [0.0] * 59
    clock.now += 30
    assert _acquire(limiter, 1) == pytest.approx([30.0]), "the first call leaves the window 60 s after it was made"


def test_per_minute_window_adopts_the_remaining_count_a_response_states() -> None:
    clock = FakeClock()
    limiter = Limiter(XERO, clock, clock.sleep)
    limiter.observe({"X-MinLimit-Remaining": "10"})  # another process of ours used 50 this minute
    assert _acquire(limiter, 9) == [0.0] * 9
    assert _acquire(limiter, 1) == pytest.approx([60.0])


def test_a_429_without_retry_after_spends_the_whole_allowance() -> None:
    clock = FakeClock()
    policy = RateLimitPolicy.leaky_bucket("tiny", capacity=4, leak_per_second=1, headroom=0)
    limiter = Limiter(policy, clock, clock.sleep)
    limiter.throttled()
    assert _acquire(limiter, 1) == pytest.approx([1.0])


def test_concurrent_callers_are_served_one_at_a_time_within_the_limit() -> None:
    clock = FakeClock()
    policy = RateLimitPolicy.token_bucket("ops", rate=10, burst=5, headroom=0)
    limiter = Limiter(policy, clock, clock.sleep)

    async def run() -> list[float]:
        return list(await asyncio.gather(*(limiter.acquire() for _ in range(8))))

    waits = asyncio.run(run())
    assert sorted(waits) == pytest.approx([0.0] * 5 + [0.1] * 3)
    assert clock.now - 1000.0 == pytest.approx(0.3)


def test_state_objects_are_shared_with_the_simulators() -> None:
    bucket, window = Bucket(capacity=2, rate=1), Window(capacity=2, seconds=60)
    for state in (bucket, window):
        state.take(0.0)
        state.take(0.0)
    assert bucket.delay(0.0, 2) == pytest.approx(1.0)
    assert window.delay(0.0, 2) == pytest.approx(60.0)
    assert window.delay(60.0, 2) == 0.0
