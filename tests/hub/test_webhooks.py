"""POST /webhooks/{adapter}/{connection}: signed deliveries ingest once, anything else is refused."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select

from adapters.shopify.webhooks import signed_headers
from adapters.toolkit.streams import ConnectionSettings
from hub.app import create_app
from hub.event_store import count_events
from hub.schema import webhook_deliveries

with warnings.catch_warnings():
    # Starlette deprecates httpx under its TestClient in favour of httpx2, which is not a dependency here.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
    from starlette.testclient import TestClient

SECRET = "whsec-test"
SHOP = ConnectionSettings(name="shop-main", adapter="shopify", account="acme.myshopify.com", base_url="",
                          credentials={"token": "t", "webhook_secret": SECRET})
ORDER = {"id": 9001, "name": "#9001", "created_at": "2026-03-01T10:00:00Z", "updated_at": "2026-03-01T10:00:00Z",
         "currency": "USD", "total_price": "20.00", "subtotal_price": "20.00", "total_tax": "0.00",
         "total_discounts": "0.00", "line_items": [{"id": 1, "sku": "A", "title": "A", "quantity": 2, "price": "10.00"}]}
URL = "/webhooks/shopify/shop-main"


@pytest.fixture
def client(engine: Engine) -> Iterator[object]:
    with TestClient(create_app(engine, [SHOP])) as test_client:
        yield test_client


def _post(client: object, body: bytes, headers: dict[str, str]) -> object:
    return client.post(URL, content=body, headers=headers)  # type: ignore[attr-defined]


def test_a_signed_delivery_ingests_and_a_redelivery_changes_nothing(client: object, engine: Engine) -> None:
    body = json.dumps(ORDER).encode()
    headers = dict(signed_headers(body, SECRET, "orders/create", "delivery-1"))
    first = _post(client, body, headers)
    assert first.status_code == 200 and first.json()["status"] == "ingested" and first.json()["events_new"] == 1
    again = _post(client, body, headers)
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    with engine.connect() as connection:
        assert count_events(connection) == 1
        assert connection.execute(select(webhook_deliveries.c.topic)).scalars().all() == ["orders/create"]


@pytest.mark.parametrize("signature", [None, "bm90IHRoZSBzaWduYXR1cmU=", "garbage"])
def test_a_bad_or_missing_signature_is_401(client: object, engine: Engine, signature: str | None) -> None:
    body = json.dumps(ORDER).encode()
    headers = dict(signed_headers(body, SECRET, "orders/create", "delivery-2"))
    headers.pop("X-Shopify-Hmac-Sha256")
    if signature is not None:
        headers["X-Shopify-Hmac-Sha256"] = signature
    assert _post(client, body, headers).status_code == 401
    with engine.connect() as connection:
        assert count_events(connection) == 0


def test_a_body_changed_after_signing_is_401(client: object) -> None:
    body = json.dumps(ORDER).encode()
    headers = dict(signed_headers(body, SECRET, "orders/create", "delivery-3"))
    assert _post(client, body.replace(b"20.00", b"2.00"), headers).status_code == 401


def test_an_unknown_connection_is_404(client: object) -> None:
    response = client.post("/webhooks/shopify/nobody", content=b"{}")  # type: ignore[attr-defined]
    assert response.status_code == 404
