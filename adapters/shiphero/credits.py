"""ShipHero's credit throttling as a client keeps to it: spend no more credits than the account has left.

ShipHero gives an account 4004 credits, restored at 60 a second; a query costs its complexity, which
each answer states (per root field as `complexity`, with the credits left in `extensions.throttling.
user_quota` when ShipHero sends it). A query asked for without the credits is refused, still HTTP 200,
with error code 30 naming the credits required and remaining and the seconds to wait.

`CreditBudget` learns from each answer what one result of each kind of query costs at most (the query's
complexity less its root fields, shared over the nodes it listed, times the most nodes one result held)
and, before asking for a page of `first` results,
waits until the credits restored cover a page of that many at that cost: a page with more line items than
the last is still covered. It adopts the account's own figures whenever an answer states them, and after
a refusal waits the time ShipHero names before asking again. `ask` is one GraphQL call under
that discipline: a refusal other than code 30 is fatal, with ShipHero's words.
"""

from __future__ import annotations

import asyncio
import math
import re
import time
from collections.abc import Mapping
from typing import Any

from adapters.toolkit.errors import FatalApiError, GaveUp
from adapters.toolkit.pagination import JsonHttp
from adapters.toolkit.rate_limit import Clock, Sleep

CREDITS = 4004
RESTORE_PER_SECOND = 60.0
NOT_ENOUGH_CREDITS = 30
GRAPHQL_PATH = "/graphql"
_SECONDS = re.compile(r"(\d+(?:\.\d+)?)\s*second")


def nodes(value: Any) -> int:
    """The nodes of every connection (`edges`) inside an answer, at any depth."""
    if isinstance(value, dict):
        return sum((len(item) if key == "edges" and isinstance(item, list) else 0) + nodes(item)
                   for key, item in value.items())
    if isinstance(value, list):
        return sum(nodes(item) for item in value)
    return 0


class CreditBudget:
    """The credits this client believes the account has, restored over time, and what a result of each query costs."""

    def __init__(self, capacity: float = CREDITS, rate: float = RESTORE_PER_SECOND, *, clock: Clock = time.monotonic,
                 sleep: Sleep = asyncio.sleep, attempts: int = 12) -> None:
        self.capacity, self.rate, self.attempts = capacity, rate, attempts
        self.level, self.updated = capacity, clock()
        self.per_result: dict[str, float] = {}
        self.required: dict[str, float] = {}
        self.waited = 0.0
        self.refusals = 0
        self._clock, self._sleep = clock, sleep

    def available(self) -> float:
        now = self._clock()
        self.level = min(self.capacity, self.level + (now - self.updated) * self.rate)
        self.updated = now
        return self.level

    async def wait(self, seconds: float) -> None:
        if seconds > 0:
            self.waited += seconds
            await self._sleep(seconds)

    def estimate(self, key: str, results: int) -> float:
        """The most a query asking for `results` results should cost, from what its answers cost so far."""
        learned = 1 + self.per_result[key] * max(results, 1) if key in self.per_result else 0.0
        return min(max(learned, self.required.get(key, 0.0)), self.capacity)

    async def before(self, key: str, results: int = 1) -> None:
        """Wait until the credits restored cover the query's estimated cost."""
        shortfall = self.estimate(key, results) - self.available()
        await self.wait(shortfall / self.rate if shortfall > 0 else 0.0)

    def spent(self, key: str, document: Mapping[str, Any]) -> None:
        """Count what an answer cost and adopt the account's credits, capacity and rate when it states them."""
        data = {root: answer for root, answer in (document.get("data") or {}).items() if isinstance(answer, dict)}
        cost = sum(float(answer.get("complexity") or 0) for answer in data.values())
        throttling = (document.get("extensions") or {}).get("throttling") or {}
        cost = float(throttling.get("cost", cost) or cost)
        self.available()
        self.level -= cost
        results = [1 + nodes(edge) for answer in data.values() if isinstance(answer.get("data"), dict)
                   for edge in answer["data"].get("edges") or []]
        per_node = max(cost - len(data), 0.0) / max(sum(results), 1)
        self.per_result[key] = max(self.per_result.get(key, 0.0), per_node * max(results, default=1))
        self.required.pop(key, None)
        quota = throttling.get("user_quota") or {}
        self.capacity = float(quota.get("max_available") or self.capacity)
        self.rate = float(quota.get("increment_rate") or self.rate)
        if quota.get("credits_remaining") is not None:
            self.level = float(quota["credits_remaining"])

    def refused(self, key: str, error: Mapping[str, Any]) -> float:
        """After a code 30 refusal: the credits ShipHero says remain, and the seconds to wait before asking again."""
        self.refusals += 1
        required = float(error.get("required_credits") or self.estimate(key, 1) or 1.0)
        self.required[key] = required
        remaining = error.get("remaining_credits")
        self.available()
        if remaining is not None:
            self.level = float(remaining)
        stated = _SECONDS.search(str(error.get("time_remaining") or error.get("message") or ""))
        return float(stated.group(1)) if stated else max(0.0, (required - self.level) / self.rate)


def graphql_errors(errors: Any) -> str:
    said = [f"{e.get('message')}" + (f" (code {e['code']})" if e.get("code") is not None else "")
            if isinstance(e, dict) else str(e) for e in (errors if isinstance(errors, list) else [errors])]
    return "ShipHero answered with GraphQL errors: " + "; ".join(said)


async def ask(client: JsonHttp, budget: CreditBudget, key: str, query: str,
              variables: Mapping[str, Any]) -> tuple[dict[str, Any], bytes]:
    """One GraphQL query within the account's credits: its parsed answer and its raw body."""
    description = f"POST {GRAPHQL_PATH} ({key})"
    for _ in range(budget.attempts):
        await budget.before(key, int(variables.get("first") or 1))
        response = await client.post(GRAPHQL_PATH, {"query": query, "variables": dict(variables)})
        document = response.json()
        errors = document.get("errors") if isinstance(document, dict) else None
        if not errors:
            budget.spent(key, document)
            return document, response.content
        throttle = next((e for e in errors if isinstance(e, dict) and e.get("code") == NOT_ENOUGH_CREDITS), None)
        if throttle is None:
            raise FatalApiError(description, graphql_errors(errors), response.status_code)
        await budget.wait(math.ceil(budget.refused(key, throttle) * 1000) / 1000)
    raise GaveUp(description, f"still short of credits after {budget.attempts} attempts", budget.attempts)
