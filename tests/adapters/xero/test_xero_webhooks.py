"""Xero webhooks at the hub: `x-xero-signature` checked, intent-to-receive answered, notices recorded once, no quarantine."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select

from adapters.toolkit.signatures import base64_hmac
from adapters.toolkit.streams import ConnectionSettings
from adapters.xero import ADAPTER
from hub.app import create_app
from hub.schema import quarantine, webhook_deliveries

with warnings.catch_warnings():
    # Starlette deprecates httpx under its TestClient in favour of httpx2, which is not a dependency here.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
    from starlette.testclient import TestClient

KEY = "xero-webhook-key-from-the-developer-portal"
BOOKS = ConnectionSettings(name="xero-books", adapter="xero", account="demo-brand", base_url="",
                           credentials={"tenant_id": "t-1", "webhook_secret": KEY})
URL = "/webhooks/xero/xero-books"
NOTICE = {"events": [{"resourceUrl": "https://api.xero.com/api.xro/2.0/Invoices/1c50207a-0df8-4704-9a19-76999b24ea05",
                      "resourceId": "1c50207a-0df8-4704-9a19-76999b24ea05", "eventDateUtc": "2026-09-03T10:15:42.917",
                      "eventType": "UPDATE", "eventCategory": "INVOICE", "tenantId": "t-1",
                      "tenantType": "ORGANISATION"}],
          "firstEventSequence": 7, "lastEventSequence": 7, "entropy": "QWERTYUIOPASDFGH"}
INTENT_TO_RECEIVE = {"events": [], "firstEventSequence": 0, "lastEventSequence": 0, "entropy": "ZXCVBNMLKJHGFDSA"}


@pytest.fixture
def client(engine: Engine) -> Iterator[object]:
    with TestClient(create_app(engine, [BOOKS])) as test_client:
        yield test_client


def _post(client: object, document: dict[str, object], key: str = KEY) -> object:
    body = json.dumps(document).encode()
    return client.post(URL, content=body, headers={"x-xero-signature": base64_hmac(key, body)})  # type: ignore[attr-defined]


def test_intent_to_receive_is_answered_200_when_signed_with_the_key_and_401_otherwise(client: object) -> None:
    assert _post(client, INTENT_TO_RECEIVE).status_code == 200  # type: ignore[attr-defined]
    assert _post(client, INTENT_TO_RECEIVE, key="another key").status_code == 401  # type: ignore[attr-defined]


def test_a_notice_is_recorded_once_and_neither_maps_nor_quarantines(client: object, engine: Engine) -> None:
    first, again = _post(client, NOTICE), _post(client, NOTICE)
    assert first.json() == {"status": "ingested", "delivery_id": first.json()["delivery_id"],  # type: ignore[attr-defined]
                            "events_new": 0, "quarantined": 0}
    assert again.json()["status"] == "duplicate"  # type: ignore[attr-defined]
    with engine.connect() as db:
        assert db.execute(select(func.count()).select_from(webhook_deliveries)).scalar() == 1
        assert db.execute(select(func.count()).select_from(quarantine)).scalar() == 0


def test_the_policy_reads_the_signature_header_in_any_case() -> None:
    body = json.dumps(NOTICE).encode()
    assert ADAPTER.webhook is not None
    assert ADAPTER.webhook.verify({"X-Xero-Signature": base64_hmac(KEY, body)}, body, KEY)
    assert not ADAPTER.webhook.verify({"x-xero-signature": base64_hmac(KEY, body + b" ")}, body, KEY)
    assert ADAPTER.webhook.delivery_id({"x-xero-signature": "s"}) is None, "the receiver keys on the body's hash"
