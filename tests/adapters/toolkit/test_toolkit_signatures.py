"""Webhook signatures against known vectors (RFC 4231, openssl), and wrong ones refused."""

from __future__ import annotations

import time

from adapters.toolkit.signatures import (
    base64_hmac,
    hex_hmac,
    stripe_signature,
    verify_base64_hmac,
    verify_hex_hmac,
    verify_stripe,
)
from adapters.toolkit.webhooks import STRIPE_WEBHOOKS, WOOCOMMERCE_WEBHOOKS

# RFC 4231 test case 2 (HMAC-SHA256, key "Jefe"), hex as published and its base64 form.
RFC_KEY, RFC_DATA = "Jefe", b"what do ya want for nothing?"
RFC_HEX = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
RFC_BASE64 = "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="
# `printf '1700000000.{body}' | openssl dgst -sha256 -hmac whsec_test_secret`
STRIPE_SECRET, STRIPE_BODY = "whsec_test_secret", b'{"id":"evt_1","type":"charge.succeeded"}'
STRIPE_V1 = "c0475716eb2200f1fe97fcf35a3c05d1fd4f8ba9a07a596730c8d18bb87c0672"


def test_known_vectors() -> None:
    assert hex_hmac(RFC_KEY, RFC_DATA) == RFC_HEX
    assert base64_hmac(RFC_KEY, RFC_DATA) == RFC_BASE64
    assert stripe_signature(STRIPE_SECRET, STRIPE_BODY, 1700000000) == f"t=1700000000,v1={STRIPE_V1}"


def test_base64_hmac_as_shopify_and_woocommerce_sign() -> None:
    assert verify_base64_hmac(RFC_KEY, RFC_DATA, RFC_BASE64)
    assert verify_base64_hmac(RFC_KEY.encode(), RFC_DATA, f" {RFC_BASE64}\n")
    assert not verify_base64_hmac(RFC_KEY, RFC_DATA + b" ", RFC_BASE64), "a changed body fails"
    assert not verify_base64_hmac("jefe", RFC_DATA, RFC_BASE64), "a wrong secret fails"
    assert not verify_base64_hmac(RFC_KEY, RFC_DATA, RFC_BASE64[:-2] + "A="), "a wrong signature fails"
    assert not verify_base64_hmac(RFC_KEY, RFC_DATA, None)
    assert not verify_base64_hmac("", RFC_DATA, base64_hmac("", RFC_DATA)), "an unset secret verifies nothing"


def test_generic_hex_hmac_accepts_a_prefix_and_any_case() -> None:
    assert verify_hex_hmac(RFC_KEY, RFC_DATA, RFC_HEX)
    assert verify_hex_hmac(RFC_KEY, RFC_DATA, f"sha256={RFC_HEX.upper()}")
    assert not verify_hex_hmac(RFC_KEY, RFC_DATA, RFC_HEX.replace("5b", "5c", 1))


def test_stripe_signature_within_tolerance() -> None:
    header = f"t=1700000000,v1={STRIPE_V1}"
    assert verify_stripe(STRIPE_SECRET, STRIPE_BODY, header, now=1700000100)
    assert verify_stripe(STRIPE_SECRET, STRIPE_BODY, f"t=1700000000,v1={'0' * 64},v1={STRIPE_V1},v0=x", now=1700000000)
    assert not verify_stripe(STRIPE_SECRET, STRIPE_BODY, header, now=1700000301), "too old: a replay"
    assert not verify_stripe("whsec_other", STRIPE_BODY, header, now=1700000000)
    assert not verify_stripe(STRIPE_SECRET, STRIPE_BODY + b" ", header, now=1700000000)
    assert not verify_stripe(STRIPE_SECRET, STRIPE_BODY, f"v1={STRIPE_V1}", now=1700000000), "no timestamp"
    assert not verify_stripe(STRIPE_SECRET, STRIPE_BODY, "t=1700000000,t=1700000001,v1=x", now=1700000000)
    assert not verify_stripe(STRIPE_SECRET, STRIPE_BODY, None)


def test_woocommerce_policy_reads_its_headers_in_any_case() -> None:
    body = b'{"id": 727}'
    headers = {"x-wc-webhook-signature": base64_hmac("wc_secret", body), "X-WC-Webhook-Topic": "order.updated",
               "X-WC-Webhook-Delivery-ID": "8812"}
    assert WOOCOMMERCE_WEBHOOKS.verify(headers, body, "wc_secret")
    assert not WOOCOMMERCE_WEBHOOKS.verify(headers, body, "other")
    assert not WOOCOMMERCE_WEBHOOKS.verify({}, body, "wc_secret")
    assert WOOCOMMERCE_WEBHOOKS.delivery_id(headers) == "8812"
    assert WOOCOMMERCE_WEBHOOKS.topic(headers) == "order.updated"


def test_stripe_policy_verifies_and_has_no_header_delivery_id() -> None:
    now = int(time.time())
    headers = {"Stripe-Signature": stripe_signature(STRIPE_SECRET, STRIPE_BODY, now)}
    assert STRIPE_WEBHOOKS.verify(headers, STRIPE_BODY, STRIPE_SECRET)
    assert STRIPE_WEBHOOKS.delivery_id(headers) is None
