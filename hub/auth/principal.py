"""Roles and the authenticated caller of an HTTP request, carried in a contextvar like the audit actor."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

ADMIN, FINANCE, WAREHOUSE, SALES, AUDITOR, INTEGRATION = "admin", "finance", "warehouse", "sales", "auditor", "integration"
ROLES = (ADMIN, FINANCE, WAREHOUSE, SALES, AUDITOR, INTEGRATION)


@dataclass(frozen=True)
class Principal:
    """Who an HTTP request acts as: an API key (by name) or a JWT subject, with one role."""

    kind: str  # "key" or "jwt"
    name: str
    role: str

    @property
    def actor(self) -> str:
        """How the audit log names this caller: `key:<name>` or `jwt:<sub>`, never a secret."""
        return f"{self.kind}:{self.name}"


_principal: ContextVar[Principal | None] = ContextVar("hub_principal", default=None)


def current_principal() -> Principal | None:
    """The caller of the HTTP request being served; None in-process (`hub query`), which has full rights."""
    return _principal.get()


def set_principal(principal: Principal | None) -> object:
    return _principal.set(principal)


def check_role(role: str) -> str:
    """The role, when it is one of ROLES; a ValueError naming the known ones otherwise."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; roles are {', '.join(ROLES)}")
    return role
