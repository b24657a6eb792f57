"""Requests as they may be written to a log or the database: credentials replaced by `[redacted]`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

REDACTED = "[redacted]"
SECRET_HEADERS = frozenset({
    "authorization", "proxy-authorization", "cookie", "x-shopify-access-token", "x-amz-access-token",
    "x-api-key", "x-wc-webhook-signature", "x-shopify-hmac-sha256", "stripe-signature",
})
SECRET_PARAMS = frozenset({
    "access_token", "api_key", "apikey", "token", "client_secret", "consumer_key", "consumer_secret", "password",
    "signature", "sig", "refresh_token", "code",
})


def redacted_url(url: httpx.URL | str) -> str:
    """The URL with user info and secret query parameters redacted."""
    url = httpx.URL(url)
    if url.userinfo:
        url = url.copy_with(username=REDACTED, password=None)
    params = [(key, REDACTED if key.lower() in SECRET_PARAMS else value) for key, value in url.params.multi_items()]
    return str(url.copy_with(params=params or None)).replace("%5Bredacted%5D", REDACTED)


def describe_request(method: str, url: httpx.URL | str, headers: Mapping[str, Any] | None = None) -> str:
    """`GET https://host/path?query (X-Shopify-Access-Token: [redacted])`: enough to find the call, no secret."""
    secret = sorted(name for name in (headers or {}) if name.lower() in SECRET_HEADERS)
    sent = f" ({', '.join(f'{name}: {REDACTED}' for name in secret)})" if secret else ""
    return f"{method.upper()} {redacted_url(url)}{sent}"
