"""Shopify webhook deliveries: HMAC-signed with the app's secret, one id per delivery, topic in a header."""

from __future__ import annotations

from collections.abc import Mapping

from adapters.toolkit.signatures import base64_hmac
from adapters.toolkit.webhooks import WebhookPolicy, base64_hmac_header, first_header

HMAC_HEADER = "X-Shopify-Hmac-Sha256"

# X-Shopify-Webhook-Id is the same on every retry of one delivery; X-Shopify-Event-Id is shared by
# the deliveries of one event to several subscriptions, so it is only the fallback.
SHOPIFY_WEBHOOKS = WebhookPolicy(
    verify=base64_hmac_header(HMAC_HEADER),
    delivery_id=first_header("X-Shopify-Webhook-Id", "X-Shopify-Event-Id"),
    topic=first_header("X-Shopify-Topic"),
)


def signed_headers(body: bytes, secret: str, topic: str, delivery_id: str, shop: str = "acme.myshopify.com",
                   api_version: str = "2024-10") -> Mapping[str, str]:
    """The headers Shopify sends with a delivery of `body` (for the simulator and tests)."""
    return {
        "Content-Type": "application/json", HMAC_HEADER: base64_hmac(secret, body), "X-Shopify-Topic": topic,
        "X-Shopify-Webhook-Id": delivery_id, "X-Shopify-Shop-Domain": shop, "X-Shopify-API-Version": api_version,
    }
