"""PartnerClient over respx: what is retried, how long it waits, what is fatal, and what is reported."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Mapping
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import respx

from adapters.toolkit.errors import FatalApiError, GaveUp
from adapters.toolkit.http import PartnerClient, RetryPolicy, parse_retry_after
from adapters.toolkit.rate_limit import RateLimitPolicy
from adapters.toolkit.streams import ConnectionSettings
from tests.adapters.toolkit.fakes import FakeClock

BASE = "https://acme.myshopify.com"
TOKEN = "shpat_0123456789abcdef"
SETTINGS = ConnectionSettings("shopify-main", "shopify", "acme", BASE, {"token": TOKEN})
URL = "/admin/api/2024-10/orders.json"
FAST_RETRIES = RetryPolicy(attempts=8, base_wait=0.001, max_wait=0.01)


def _shopify_auth(credentials: Mapping[str, str]) -> Mapping[str, str]:
    return {"X-Shopify-Access-Token": credentials["token"]}


class Harness:
    """A client with a fake clock and a recorder of its events."""

    def __init__(self, retry: RetryPolicy = FAST_RETRIES, rate_limit: RateLimitPolicy | None = None) -> None:
        self.clock = FakeClock()
        self.events: list[tuple[str, dict[str, Any]]] = []
        self.client = PartnerClient(SETTINGS, rate_limit, auth=_shopify_auth, retry=retry, clock=self.clock,
                                    sleep=self.clock.sleep, on_event=lambda kind, detail: self.events.append((kind, detail)))

    def run(self, call: Callable[[PartnerClient], Coroutine[Any, Any, Any]]) -> Any:
        async def go() -> Any:
            async with self.client:
                return await call(self.client)

        return asyncio.run(go())

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.events]


def _get(client: PartnerClient) -> Coroutine[Any, Any, httpx.Response]:
    return client.get(URL, {"limit": 250})


OK = httpx.Response(200, json={"orders": []})


@pytest.mark.parametrize("header", ["Retry-After", "x-retry-after"])  # x-retry-after: ShipBob's name for it
@respx.mock(base_url=BASE)
def test_429_waits_the_retry_after_the_partner_asked_for(respx_mock: respx.MockRouter, header: str) -> None:
    route = respx_mock.get(URL).mock(side_effect=[httpx.Response(429, headers={header: "2.0"}), OK])
    harness = Harness()
    assert harness.run(_get).status_code == 200
    assert route.call_count == 2
    assert harness.clock.sleeps == [2.0]
    [(kind, detail)] = harness.events
    assert (kind, detail["status"], detail["wait"], detail["attempt"]) == ("retry", 429, 2.0, 1)


def test_retry_after_may_be_an_http_date() -> None:
    now = datetime(2026, 11, 23, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Mon, 23 Nov 2026 12:00:07 GMT", now) == 7.0
    assert parse_retry_after("Mon, 23 Nov 2026 11:59:00 GMT", now) == 0.0
    assert parse_retry_after("3", now) == 3.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


@respx.mock(base_url=BASE)
def test_503_then_200_retries_with_capped_backoff(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(URL).mock(side_effect=[httpx.Response(503), httpx.Response(502), OK])
    harness = Harness(RetryPolicy(attempts=5, base_wait=1.0, max_wait=1.5))
    assert harness.run(_get).status_code == 200
    assert route.call_count == 3
    assert len(harness.clock.sleeps) == 2 and all(0 <= wait <= 1.5 for wait in harness.clock.sleeps)
    assert harness.kinds() == ["retry", "retry"]


@respx.mock(base_url=BASE)
def test_a_timeout_or_dropped_connection_is_retried(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(URL).mock(side_effect=[httpx.ReadTimeout("slow"), httpx.ConnectError("reset"), OK])
    harness = Harness()
    assert harness.run(_get).status_code == 200
    assert route.call_count == 3
    reasons = [detail["reason"] for _, detail in harness.events]
    assert "timed out" in reasons[0] and "ConnectError" in reasons[1]


@respx.mock(base_url=BASE)
def test_a_truncated_json_body_is_retried(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(URL).mock(side_effect=[httpx.Response(200, content=b'{"orders": [{"id": 1'), OK])
    harness = Harness()
    assert harness.run(_get).json() == {"orders": []}
    assert route.call_count == 2
    assert "not JSON" in harness.events[0][1]["reason"]


@respx.mock(base_url=BASE)
def test_a_body_that_is_not_json_passes_when_the_caller_does_not_ask_for_json(respx_mock: respx.MockRouter) -> None:
    respx_mock.get("/report.tsv").mock(return_value=httpx.Response(200, content=b"a\tb\n1\t2\n"))
    harness = Harness()
    assert harness.run(lambda client: client.get("/report.tsv", expect_json=False)).content.startswith(b"a\tb")


@respx.mock(base_url=BASE)
def test_404_is_fatal_at_once(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(URL).mock(return_value=httpx.Response(404, json={"errors": "Not Found"}))
    harness = Harness()
    with pytest.raises(FatalApiError) as raised:
        harness.run(_get)
    assert route.call_count == 1 and raised.value.status == 404
    assert "Not Found" in raised.value.reason
    assert harness.kinds() == ["fatal"] and harness.clock.sleeps == []


@respx.mock(base_url=BASE)
def test_give_up_after_the_configured_attempts_names_the_request_without_its_token(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(URL).mock(return_value=httpx.Response(500, text="upstream exploded"))
    harness = Harness(RetryPolicy(attempts=4, base_wait=0.001, max_wait=0.01))
    with pytest.raises(GaveUp) as raised:
        harness.run(_get)
    gave_up = raised.value
    assert route.call_count == 4 and gave_up.attempts == 4 and gave_up.status == 500
    assert harness.kinds() == ["retry", "retry", "retry", "gave_up"]
    assert gave_up.request_description.startswith(f"GET {BASE}{URL}?limit=250")
    assert "x-shopify-access-token: [redacted]" in gave_up.request_description
    reported = repr(harness.events) + str(gave_up) + gave_up.request_description
    assert TOKEN not in reported
    assert "gave up after 4 attempt(s): 500 Internal Server Error: upstream exploded" in str(gave_up)
    assert route.calls.last.request.headers["X-Shopify-Access-Token"] == TOKEN, "the token is sent, never reported"


@respx.mock(base_url=BASE)
def test_a_retry_after_longer_than_allowed_gives_up_instead_of_sleeping(respx_mock: respx.MockRouter) -> None:
    respx_mock.get(URL).mock(return_value=httpx.Response(429, headers={"Retry-After": "3600"}))
    harness = Harness()
    with pytest.raises(GaveUp, match="asks to wait 3600 s"):
        harness.run(_get)
    assert harness.clock.sleeps == [] and harness.kinds() == ["gave_up"]


@respx.mock(base_url=BASE, assert_all_called=False)
def test_credentials_never_leave_for_another_host(respx_mock: respx.MockRouter) -> None:
    elsewhere = respx_mock.get("https://evil.example/admin/api/2024-10/orders.json").mock(return_value=OK)
    harness = Harness()
    with pytest.raises(FatalApiError, match="evil.example"):
        harness.run(lambda client: client.get("https://evil.example/admin/api/2024-10/orders.json?page_info=x"))
    assert elsewhere.call_count == 0


@respx.mock(base_url=BASE)
def test_secret_query_parameters_are_redacted_too(respx_mock: respx.MockRouter) -> None:
    respx_mock.get("/x").mock(return_value=httpx.Response(401))
    harness = Harness()
    with pytest.raises(FatalApiError) as raised:
        harness.run(lambda client: client.get("/x", {"access_token": "s3cret", "page": 2}))
    assert "s3cret" not in str(raised.value) and "access_token=[redacted]&page=2" in str(raised.value)


@respx.mock(base_url=BASE)
def test_every_attempt_waits_on_the_limiter_which_reads_the_usage_header(respx_mock: respx.MockRouter) -> None:
    full = httpx.Response(200, json={}, headers={"X-Shopify-Shop-Api-Call-Limit": "4/4"})
    respx_mock.get(URL).mock(side_effect=[full, OK])
    policy = RateLimitPolicy.leaky_bucket("tiny", 4, 2, usage_header="X-Shopify-Shop-Api-Call-Limit", headroom=0)
    harness = Harness(rate_limit=policy)

    async def twice(client: PartnerClient) -> None:
        await _get(client)
        await _get(client)

    harness.run(twice)
    assert harness.clock.sleeps == [0.5], "the partner said the bucket is full: wait one leak"


@respx.mock(base_url=BASE)
def test_post_sends_json_and_is_retried_like_get(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post("/graphql.json").mock(side_effect=[httpx.Response(502), httpx.Response(200, json={"data": {}})])
    harness = Harness()
    response = harness.run(lambda client: client.post("/graphql.json", {"query": "{ shop { name } }"}))
    assert response.json() == {"data": {}} and route.call_count == 2
    assert route.calls.last.request.content == b'{"query":"{ shop { name } }"}'


@respx.mock(base_url="https://sellingpartnerapi-na.amazon.com")
def test_default_auth_is_a_bearer_token_and_operations_have_their_own_limits(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get(path__startswith="/orders/v0/orders").mock(return_value=OK)
    settings = ConnectionSettings("amazon-na", "amazon", "seller", "https://sellingpartnerapi-na.amazon.com",
                                  {"token": "Atza|abc"})
    clock = FakeClock()
    orders = RateLimitPolicy.token_bucket("getOrders", rate=0.5, burst=1, headroom=0)
    order = RateLimitPolicy.token_bucket("getOrder", rate=1, burst=1, headroom=0)
    client = PartnerClient(settings, operation_limits={"/orders/v0/orders": orders, "/orders/v0/orders/": order},
                           clock=clock, sleep=clock.sleep, retry=FAST_RETRIES)

    async def go() -> None:
        async with client:
            await client.get("/orders/v0/orders", {"MarketplaceIds": "ATVPDKIKX0DER"})
            await client.get("/orders/v0/orders/111-1")
            await client.get("/orders/v0/orders/111-2")
            await client.get("/orders/v0/orders", {"MarketplaceIds": "ATVPDKIKX0DER"})

    asyncio.run(go())
    assert route.calls[0].request.headers["Authorization"] == "Bearer Atza|abc"
    assert clock.sleeps == pytest.approx([1.0, 1.0]), "getOrder waits 1 s for its own refill; getOrders 2 s less 1 s passed"
