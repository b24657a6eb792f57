"""How a partner call can fail, split the way singer-sdk splits it: worth retrying, or not.

Every error carries `request_description`, the request as it may be logged: method and URL with
credentials redacted (see `adapters.toolkit.redaction`).
"""

from __future__ import annotations


class ApiError(Exception):
    """A partner call that did not give a usable answer."""

    def __init__(self, request_description: str, reason: str, status: int | None = None) -> None:
        super().__init__(f"{request_description}: {reason}")
        self.request_description = request_description
        self.reason = reason
        self.status = status


class RetriableApiError(ApiError):
    """A transient failure (429, 5xx, timeout, dropped connection): the same request may succeed later."""

    def __init__(self, request_description: str, reason: str, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(request_description, reason, status)
        self.retry_after = retry_after


class MalformedResponse(RetriableApiError):
    """A success status whose body does not parse: usually a proxy or connection cutting the body short."""


class FatalApiError(ApiError):
    """A failure that repeating the request will not cure (401, 403, 404, 422...): stop and report."""


class RepeatedPageToken(FatalApiError):
    """The partner handed back a page token it already gave: paging on would loop forever."""


class GaveUp(ApiError):
    """Retries exhausted (or the partner asked to wait longer than allowed); names the last reason."""

    def __init__(self, request_description: str, reason: str, attempts: int, status: int | None = None) -> None:
        super().__init__(request_description, reason, status)
        self.attempts = attempts

    def __str__(self) -> str:
        return f"{self.request_description}: gave up after {self.attempts} attempt(s): {self.reason}"
