"""Redaction of log records: no token, key, signature, password or email leaves the process in a log line.

`RedactingFilter` sits on the log handlers (`hub.logs.configure`) and rewrites every record, whichever
logger it comes from: the formatted message, every structured field and the traceback. It knows secrets two
ways: by shape (bearer and basic credentials, JWTs, the hub's API keys, partners' token prefixes, values of
fields or headers named like a secret or a signature, email addresses) and by value (every credential the
hub loaded, registered with `remember_secrets`), so even a secret of no known shape is caught.
"""

from __future__ import annotations

import logging
import re
import threading
import traceback
from collections.abc import Iterable
from typing import Any

REDACTED = "[redacted]"
EMAIL = "[email]"
MIN_SECRET_LENGTH = 4

SECRET_NAME = re.compile(r"(?i)(token|secret|passw(or)?d|api[_-]?key|authorization|signature|hmac|cookie|"
                         r"credential|consumer[_-]?key|private[_-]?key)")
_PATTERNS = (
    (re.compile(r"\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*"), REDACTED),  # JWTs
    (re.compile(r"\b(hubk_[0-9a-f]{12})_[\w-]+"), rf"\1_{REDACTED}"),  # the hub's own API keys keep their id
    (re.compile(r"\b([Bb]earer|BEARER)(\s+)[\w.~+/=-]{6,}"), rf"\1\2{REDACTED}"),
    (re.compile(r"\b(Basic|BASIC)(\s+)[A-Za-z0-9+/]{8,}={0,2}"), rf"\1\2{REDACTED}"),
    (re.compile(r"\b(shp(at|ss|ca|pa)|sk_(live|test)|rk_(live|test)|pk_(live|test)|whsec|ck|cs)_[\w-]+"), REDACTED),
    # `X-Shopify-Hmac-Sha256: abc=`, `token=abc`, `"client_secret": "abc"`: the value after a secret's name.
    (re.compile(r"(?i)([\w-]*(?:token|secret|passw(?:or)?d|api[_-]?key|signature|hmac|authorization)[\w-]*"
                r"[\"']?\s*[:=]\s*[\"']?)(?!\[redacted\])([^\s\"'&,;)}\]]+)"), rf"\1{REDACTED}"),
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), EMAIL),
)

_known: set[str] = set()
_known_lock = threading.Lock()


def remember_secrets(values: Iterable[str]) -> None:
    """Redact these exact values wherever they appear from now on (credentials as the hub loads them)."""
    with _known_lock:
        _known.update(value for value in values if isinstance(value, str) and len(value) >= MIN_SECRET_LENGTH)


def redact(text: str) -> str:
    """The text with every known secret, secret-shaped value and email address replaced."""
    with _known_lock:
        known = sorted(_known, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, REDACTED)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def redact_value(value: Any, name: str = "") -> Any:
    """A structured log field redacted: a secret-named field entirely, strings by `redact`, containers deeply."""
    if name and SECRET_NAME.search(name) and value is not None:
        return REDACTED
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: redact_value(item, str(key)) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_value(item) for item in value]
    return value


_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class RedactingFilter(logging.Filter):
    """Rewrites each record in place, so every formatter downstream sees only redacted text."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(record.getMessage()), None
        for name, value in list(vars(record).items()):
            if name not in _STANDARD:
                setattr(record, name, redact_value(value, name))
        if record.exc_info and record.exc_info[1] is not None:
            # The traceback is rendered here, redacted, and carried as a field instead of the live exception.
            record.error = redact("".join(traceback.format_exception(*record.exc_info)))
            record.exc_info, record.exc_text = None, None
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
