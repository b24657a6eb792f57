"""EasyPost webhook deliveries: an Event (`tracker.updated`, `refund.successful`...) signed in `X-Hmac-Signature`.

EasyPost signs the raw body with HMAC-SHA256 keyed by the webhook secret, normalised to Unicode NFKD
as its client libraries do, and sends `hmac-sha256-hex=<hex digest>`. The Event's id and description
are in the body, not in headers, so the receiver identifies a redelivery by the payload's hash.
"""

from __future__ import annotations

import hmac
import unicodedata
from collections.abc import Mapping

from adapters.toolkit.rate_limit import header_value
from adapters.toolkit.signatures import hex_hmac
from adapters.toolkit.webhooks import WebhookPolicy, first_header

SIGNATURE_HEADER = "X-Hmac-Signature"
PREFIX = "hmac-sha256-hex="


def signature(secret: str, body: bytes) -> str:
    """The `X-Hmac-Signature` value EasyPost sends with `body` (for the simulator and tests)."""
    return PREFIX + hex_hmac(unicodedata.normalize("NFKD", secret), body)


def verify(headers: Mapping[str, str], body: bytes, secret: str) -> bool:
    """Whether the delivery carries EasyPost's signature of exactly these bytes."""
    given = header_value(headers, SIGNATURE_HEADER)
    if not given or not secret:
        return False
    return hmac.compare_digest(signature(secret, body).encode(), given.strip().encode())


EASYPOST_WEBHOOKS = WebhookPolicy(verify=verify, delivery_id=first_header(), topic=first_header())
