"""Webhook routes: a per-connection token bucket, 429 with Retry-After beyond it, other connections unaffected."""

from __future__ import annotations

import json

from sqlalchemy import Engine

from adapters.shopify.webhooks import signed_headers
from adapters.toolkit.streams import ConnectionSettings
from hub.app import create_app
from hub.rate_limit import TokenBucket, WebhookRateLimits
from tests.auth.auth_builders import TestClient

ORDER = {"id": 7, "name": "#7", "created_at": "2026-03-01T10:00:00Z", "updated_at": "2026-03-01T10:00:00Z",
         "currency": "USD", "total_price": "1.00", "subtotal_price": "1.00", "total_tax": "0.00",
         "total_discounts": "0.00", "line_items": [{"id": 1, "sku": "A", "title": "A", "quantity": 1, "price": "1.00"}]}


def shop(name: str, **options: object) -> ConnectionSettings:
    return ConnectionSettings(name=name, adapter="shopify", account=f"{name}.myshopify.com", base_url="",
                              credentials={"token": "t", "webhook_secret": "whsec-test"}, options=dict(options))


def test_a_bucket_refills_at_its_rate() -> None:
    bucket = TokenBucket(rate=2.0, capacity=2.0, tokens=2.0, updated=0.0)
    assert [bucket.take(0.0), bucket.take(0.0)] == [0.0, 0.0]
    assert bucket.take(0.0) == 0.5 and bucket.take(0.25) == 0.25 and bucket.take(0.5) == 0.0


def test_limits_are_per_connection_and_sized_by_its_options() -> None:
    now = [0.0]
    limits = WebhookRateLimits(clock=lambda: now[0])
    slow = {"webhook_rate_per_second": 0.2, "webhook_burst": 1}
    assert limits.retry_after("a", slow) == 0 and limits.retry_after("a", slow) == 5
    assert limits.retry_after("b", {}) == 0  # another connection has its own bucket
    now[0] = 5.0
    assert limits.retry_after("a", slow) == 0


def test_a_flood_of_deliveries_is_429_with_retry_after_and_the_server_keeps_serving(engine: Engine) -> None:
    client = TestClient(create_app(engine, [shop("busy", webhook_rate_per_second=0.1, webhook_burst=2), shop("calm")]))
    body = json.dumps(ORDER).encode()
    answers = [client.post("/webhooks/shopify/busy", content=body,
                           headers=dict(signed_headers(body, "whsec-test", "orders/create", f"d-{n}")))
               for n in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 429, 429]
    assert answers[2].headers["retry-after"] == "10"
    assert answers[2].json()["error"] == "too many deliveries for connection busy; retry after 10 s"
    calm = client.post("/webhooks/shopify/calm", content=body,
                       headers=dict(signed_headers(body, "whsec-test", "orders/create", "d-9")))
    assert calm.status_code == 200
