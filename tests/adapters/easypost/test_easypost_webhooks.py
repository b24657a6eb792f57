"""EasyPost webhook deliveries: an Event signed `hmac-sha256-hex=` over the raw body, secret normalised NFKD."""

from __future__ import annotations

import hashlib
import hmac
import json

from adapters.easypost import ADAPTER
from adapters.easypost.webhooks import signature
from tests.adapters.easypost.easypost_payloads import TRACKER_ID, mapped, tracker

SECRET = "w\u00e9bhook-s\u00e9cret"  # composed accents: EasyPost signs with the NFKD (decomposed) form
EVENT = {"object": "Event", "id": "evt_1", "description": "tracker.updated", "mode": "production",
         "created_at": "2026-03-04T09:30:00Z", "result": tracker(status="delivered")}
BODY = json.dumps(EVENT).encode()


def test_a_delivery_signed_with_the_secret_is_genuine_and_maps_its_tracker() -> None:
    headers = {"X-Hmac-Signature": signature(SECRET, BODY), "Content-Type": "application/json"}

    assert ADAPTER.webhook is not None and ADAPTER.webhook.verify(headers, BODY, SECRET)
    assert {e.source.object_id for e in mapped(EVENT)} == {TRACKER_ID}


def test_the_signature_is_the_hex_hmac_of_the_body_under_the_decomposed_secret() -> None:
    decomposed = "we\u0301bhook-se\u0301cret".encode()

    assert signature(SECRET, BODY) == "hmac-sha256-hex=" + hmac.new(decomposed, BODY, hashlib.sha256).hexdigest()


def test_a_changed_body_a_wrong_secret_or_no_signature_is_refused() -> None:
    assert ADAPTER.webhook is not None
    signed = {"x-hmac-signature": signature(SECRET, BODY)}
    assert not ADAPTER.webhook.verify(signed, BODY.replace(b"delivered", b"in_transit"), SECRET)
    assert not ADAPTER.webhook.verify(signed, BODY, "another-secret")
    assert not ADAPTER.webhook.verify({}, BODY, SECRET)
    assert ADAPTER.webhook.delivery_id(signed) is None, "the receiver falls back to the payload hash"
