"""What the hub's webhook receiver asks of an adapter: is this delivery genuine, which delivery is it, what topic.

The receiver calls `verify(headers, raw_body, secret)` before anything else, records
`delivery_id(headers)` so a redelivery is recognised, and feeds the body through the adapter's
`split`/`map_object` like any other document.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from adapters.toolkit.rate_limit import header_value
from adapters.toolkit.signatures import verify_base64_hmac, verify_stripe

Headers = Mapping[str, str]


@dataclass(frozen=True)
class WebhookPolicy:
    """How one partner signs and labels its webhook deliveries."""

    verify: Callable[[Headers, bytes, str], bool]
    delivery_id: Callable[[Headers], str | None]
    topic: Callable[[Headers], str | None]


def first_header(*names: str) -> Callable[[Headers], str | None]:
    """A reader of the first of `names` present in the headers (case-insensitive)."""

    def read(headers: Headers) -> str | None:
        return next((value for name in names if (value := header_value(headers, name))), None)

    return read


def base64_hmac_header(name: str) -> Callable[[Headers, bytes, str], bool]:
    """A verifier of a base64 HMAC-SHA256 of the body carried in header `name`."""

    def verify(headers: Headers, body: bytes, secret: str) -> bool:
        return verify_base64_hmac(secret, body, header_value(headers, name))

    return verify


def _verify_stripe(headers: Headers, body: bytes, secret: str) -> bool:
    return verify_stripe(secret, body, header_value(headers, "Stripe-Signature"))


WOOCOMMERCE_WEBHOOKS = WebhookPolicy(
    verify=base64_hmac_header("X-WC-Webhook-Signature"),
    delivery_id=first_header("X-WC-Webhook-Delivery-ID"),
    topic=first_header("X-WC-Webhook-Topic"),
)
# Stripe names the event in the body (`id`, `type`), not in headers: the receiver falls back to the payload hash.
STRIPE_WEBHOOKS = WebhookPolicy(verify=_verify_stripe, delivery_id=first_header(), topic=first_header())
