"""Structured logs: one JSON object per line on stderr, with the fields a record carries in `extra`."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from hub.redaction import RedactingFilter

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"at": datetime.fromtimestamp(record.created, UTC).isoformat(), "level": record.levelname.lower(),
                 "logger": record.name, "message": record.getMessage()}
        entry |= {key: value for key, value in vars(record).items() if key not in _STANDARD}
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure(level: int = logging.INFO) -> None:
    """JSON lines on stderr for the hub's own loggers; libraries stay at warnings."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines())
    handler.addFilter(RedactingFilter())  # tokens, keys, signatures and emails never reach the log
    hub = logging.getLogger("hub")
    hub.handlers[:] = [handler]
    hub.setLevel(level)
    hub.propagate = False
    # Libraries' warnings (a database driver's, say) as JSON lines too, not bare text.
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
