"""Webhook signatures: HMAC over the raw body as partners sign it, always compared in constant time.

- Shopify `X-Shopify-Hmac-Sha256` and WooCommerce `X-WC-Webhook-Signature`: base64(HMAC-SHA256(secret, body)).
- Stripe `Stripe-Signature: t=<unix time>,v1=<hex>`: hex HMAC-SHA256 of `f"{t}.{body}"`, within a tolerance.
- Generic: hex HMAC of the body (many smaller partners), optionally `sha256=`-prefixed.
Verification works on the bytes received; a body parsed and re-serialised would not match.
"""

from __future__ import annotations

import base64
import hmac
import time


def _digest(secret: str | bytes, message: bytes, algorithm: str = "sha256") -> bytes:
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, message, algorithm).digest()


def base64_hmac(secret: str | bytes, body: bytes) -> str:
    """base64(HMAC-SHA256(secret, body)), as Shopify and WooCommerce sign webhooks."""
    return base64.b64encode(_digest(secret, body)).decode()


def verify_base64_hmac(secret: str | bytes, body: bytes, signature: str | None) -> bool:
    """Whether `signature` is the base64 HMAC-SHA256 of the raw body (Shopify, WooCommerce)."""
    if not signature or not secret:
        return False
    return hmac.compare_digest(base64_hmac(secret, body).encode(), signature.strip().encode())


def hex_hmac(secret: str | bytes, body: bytes, algorithm: str = "sha256") -> str:
    return _digest(secret, body, algorithm).hex()


def verify_hex_hmac(secret: str | bytes, body: bytes, signature: str | None, algorithm: str = "sha256") -> bool:
    """Whether `signature` (hex, optionally `sha256=`-prefixed, any case) is the HMAC of the raw body."""
    if not signature or not secret:
        return False
    given = signature.strip().lower().removeprefix(f"{algorithm}=")
    return hmac.compare_digest(hex_hmac(secret, body, algorithm).encode(), given.encode())


def stripe_signature(secret: str, body: bytes, timestamp: int) -> str:
    """A `Stripe-Signature` header value for a body sent at `timestamp` (for simulators and tests)."""
    return f"t={timestamp},v1={hex_hmac(secret, str(timestamp).encode() + b'.' + body)}"


def verify_stripe(secret: str, body: bytes, header: str | None, tolerance: float = 300.0,
                  now: float | None = None) -> bool:
    """Whether any `v1` signature in a `Stripe-Signature` header matches and its `t` is within `tolerance` seconds."""
    if not header or not secret:
        return False
    parts = [part.split("=", 1) for part in header.split(",") if "=" in part]
    stamps = [value.strip() for key, value in parts if key.strip() == "t"]
    signatures = [value.strip() for key, value in parts if key.strip() == "v1"]
    if len(stamps) != 1 or not stamps[0].isdigit() or not signatures:
        return False
    timestamp = int(stamps[0])
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = hex_hmac(secret, stamps[0].encode() + b"." + body).encode()
    return any(hmac.compare_digest(expected, signature.encode()) for signature in signatures)

