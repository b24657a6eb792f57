"""Fakes shared by the toolkit and adapter client tests: a clock whose sleeps take no time, a served app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from aiohttp import web

from adapters.toolkit.http import RetryPolicy
from adapters.toolkit.simulation import start_simulator

FAST_RETRIES = RetryPolicy(attempts=8, base_wait=0.001, max_wait=0.01, max_retry_after=1.0)


class FakeClock:
    """Monotonic time that only moves when someone sleeps; every sleep is recorded."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@asynccontextmanager
async def serving(app: web.Application) -> AsyncIterator[str]:
    """The app on a real local socket for the duration of the block; yields its base URL."""
    runner, url = await start_simulator(app)
    try:
        yield url
    finally:
        await runner.cleanup()


async def simulator_stats(url: str) -> dict[str, Any]:
    async with httpx.AsyncClient() as client:
        return (await client.get(f"{url}/_simulator/stats")).json()


async def planted_discrepancies(url: str) -> Any:
    """The gaps a simulator planted on purpose, as its `/_simulator/discrepancies` lists them."""
    async with httpx.AsyncClient() as client:
        return (await client.get(f"{url}/_simulator/discrepancies")).json()
