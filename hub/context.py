"""Who is acting and in which request: carried in contextvars so the audit log can attribute every change."""

from __future__ import annotations

from contextvars import ContextVar

_actor: ContextVar[str] = ContextVar("hub_actor", default="system")
_request_id: ContextVar[str | None] = ContextVar("hub_request_id", default=None)


def current_actor() -> str:
    return _actor.get()


def set_actor(actor: str) -> object:
    return _actor.set(actor)


def current_request_id() -> str | None:
    return _request_id.get()


def set_request_id(request_id: str | None) -> object:
    return _request_id.set(request_id)
