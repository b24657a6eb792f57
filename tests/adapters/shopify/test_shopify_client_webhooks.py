"""Shopify webhook deliveries: genuine ones verify, anything altered does not; delivery id and topic read."""

from __future__ import annotations

import base64
import hashlib
import hmac

from adapters.shopify import ADAPTER
from adapters.shopify.webhooks import SHOPIFY_WEBHOOKS, signed_headers

SECRET = "shpss_webhook_secret"
BODY = b'{"id":450789469,"email":"bob.norman@mail.example.com","updated_at":"2026-09-01T10:00:00-04:00"}'


def test_the_adapter_carries_the_shopify_webhook_policy() -> None:
    assert ADAPTER.webhook is SHOPIFY_WEBHOOKS


def test_a_genuine_delivery_verifies_with_the_hmac_of_the_raw_body() -> None:
    headers = signed_headers(BODY, SECRET, "orders/updated", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043")
    expected = base64.b64encode(hmac.new(SECRET.encode(), BODY, hashlib.sha256).digest()).decode()
    assert headers["X-Shopify-Hmac-Sha256"] == expected
    assert SHOPIFY_WEBHOOKS.verify(headers, BODY, SECRET)
    assert SHOPIFY_WEBHOOKS.delivery_id(headers) == "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"
    assert SHOPIFY_WEBHOOKS.topic(headers) == "orders/updated"


def test_an_altered_body_a_wrong_secret_or_a_missing_signature_fails() -> None:
    headers = dict(signed_headers(BODY, SECRET, "orders/create", "d1"))
    assert not SHOPIFY_WEBHOOKS.verify(headers, BODY.replace(b"450789469", b"450789470"), SECRET)
    assert not SHOPIFY_WEBHOOKS.verify(headers, BODY, "shpss_other_secret")
    reparsed = b'{"id": 450789469, "email": "bob.norman@mail.example.com", "updated_at": "2026-09-01T10:00:00-04:00"}'
    assert not SHOPIFY_WEBHOOKS.verify(headers, reparsed, SECRET), "only the raw bytes verify, not a re-serialisation"
    del headers["X-Shopify-Hmac-Sha256"]
    assert not SHOPIFY_WEBHOOKS.verify(headers, BODY, SECRET)


def test_headers_are_read_in_any_case_and_the_event_id_is_the_fallback_delivery_id() -> None:
    lowered = {name.lower(): value for name, value in signed_headers(BODY, SECRET, "orders/paid", "d2").items()}
    assert SHOPIFY_WEBHOOKS.verify(lowered, BODY, SECRET)
    assert SHOPIFY_WEBHOOKS.delivery_id({"X-Shopify-Event-Id": "e-77"}) == "e-77"
    assert SHOPIFY_WEBHOOKS.delivery_id({}) is None and SHOPIFY_WEBHOOKS.topic({}) is None
