"""Logs redact tokens, keys, signatures and emails; a whole demo run logs none of its secrets."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest

from hub import logs
from hub.cli import main
from hub.demo import DEMO_PARTNERS
from hub.redaction import EMAIL, REDACTED, redact, remember_secrets


@pytest.mark.parametrize(("text", "expected"), [
    ("Authorization: Bearer abc.def-123456", f"Authorization: {REDACTED} {REDACTED}"),
    ("X-Shopify-Hmac-Sha256: q2V3b+abc=", f"X-Shopify-Hmac-Sha256: {REDACTED}"),
    ("GET https://shop/admin?access_token=abc123&page=2", f"GET https://shop/admin?access_token={REDACTED}&page=2"),
    ('{"client_secret": "abc", "token":"zzz"}', f'{{"client_secret": "{REDACTED}", "token":"{REDACTED}"}}'),
    ("key hubk_0123456789ab_y3U-3FlAQs9vKhHob7y5hMB7xsg23JwxKMJPJKbH1sY used", f"key hubk_0123456789ab_{REDACTED} used"),
    ("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl", f"jwt {REDACTED}"),
    ("shpat_0f1e2d and sk_live_51H and whsec_abc", f"{REDACTED} and {REDACTED} and {REDACTED}"),
    ("customer jane.doe+boots@example.co.uk wrote", f"customer {EMAIL} wrote"),
    ("Basic dXNlcjpwYXNzd29yZA==", f"Basic {REDACTED}"),
    ("missing or invalid signature; partner token refreshed", "missing or invalid signature; partner token refreshed"),
])
def test_secret_shapes_are_redacted_and_prose_is_not(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_a_loaded_credential_is_redacted_whatever_its_shape() -> None:
    remember_secrets(["plain-words-secret-9"])
    assert redact("retrying with plain-words-secret-9 now") == f"retrying with {REDACTED} now"


def test_configured_logs_redact_messages_fields_and_tracebacks(restored_logging: None,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    logs.configure()
    log = logging.getLogger("hub.test")
    log.info("posting to %s", "https://x/?token=abc123", extra={"headers": {"X-Api-Key": "k-123", "accept": "json"},
                                                               "contact": "ops@brand.example"})
    try:
        raise ValueError("bad signature=deadbeef from ops@brand.example")
    except ValueError:
        log.exception("failed")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert lines[0]["message"] == f"posting to https://x/?token={REDACTED}"
    assert lines[0]["headers"] == {"X-Api-Key": REDACTED, "accept": "json"} and lines[0]["contact"] == EMAIL
    assert f"signature={REDACTED}" in lines[1]["error"] and "deadbeef" not in lines[1]["error"]
    assert "@" not in json.dumps(lines)


def test_a_demo_run_logs_no_token_secret_signature_or_email(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           restored_logging: None,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HUB_DATABASE_URL", f"sqlite:///{tmp_path / 'hub.db'}")
    monkeypatch.setenv("HUB_CONFIG", str(tmp_path / "none.toml"))
    assert main(["demo", "--no-serve"]) == 0
    captured = capsys.readouterr()
    everything = captured.out + captured.err
    assert "page committed" in captured.err  # the structured log really ran
    secrets = {value for partner in DEMO_PARTNERS for value in [*partner.credentials.values(),
                                                                 *map(str, partner.simulator.values())]
               if len(value) > 3 and not value.isdigit()}
    assert secrets >= {"shpat_demo", "demo-shopify-webhook-secret", "ck_demo", "cs_demo"}
    assert [secret for secret in secrets if secret in everything] == []
    assert "@" not in everything
    keys = re.findall(r"hubk_[0-9a-f]{12}_[\w-]{43}", captured.out)
    assert len(keys) == 6 and not any(key in captured.err for key in keys)  # printed once, on stdout, never logged
