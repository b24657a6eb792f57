"""How Xero signs and labels its webhook deliveries.

Xero signs the raw body with the app's webhook key: `x-xero-signature` is base64(HMAC-SHA256(key,
body)); a delivery with a wrong signature must be answered 401, which is also how Xero checks an
endpoint ("intent to receive": a body with no events, signed rightly or wrongly). Xero names no
delivery in a header: a body's events and sequence numbers identify it, so the receiver keys a
delivery on the body's hash. A body names what changed (`resourceUrl`, `eventCategory`,
`eventType`) and carries no document: the documents come with the next poll of their stream.
"""

from __future__ import annotations

from adapters.toolkit.webhooks import WebhookPolicy, base64_hmac_header, first_header

XERO_WEBHOOKS = WebhookPolicy(verify=base64_hmac_header("x-xero-signature"), delivery_id=first_header(),
                              topic=first_header())
