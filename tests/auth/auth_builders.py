"""Credentials for tests over HTTP: an API key per role, and HS256 JWTs from a test issuer."""

from __future__ import annotations

import time
import warnings

import jwt
from sqlalchemy import Engine

from hub.auth.keys import create_key
from hub.auth.settings import AccessSettings, ApiLimits, JwtSettings

with warnings.catch_warnings():
    # Starlette deprecates httpx under its TestClient in favour of httpx2, which is not a dependency here.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
    from starlette.testclient import TestClient  # noqa: F401 - re-exported for the auth tests

ISSUER, AUDIENCE = "https://id.example.test/", "order-hub"
SHARED_SECRET = "test-only-shared-secret-of-at-least-32-bytes"


def key_headers(engine: Engine, role: str = "admin", name: str | None = None) -> dict[str, str]:
    """Headers carrying a fresh API key of the role."""
    return {"X-API-Key": create_key(engine, role, name or f"test-{role}").secret}


def jwt_access(limits: ApiLimits | None = None) -> AccessSettings:
    """Access settings accepting HS256 JWTs signed with SHARED_SECRET by the test issuer."""
    return AccessSettings(jwt=JwtSettings(key=SHARED_SECRET, algorithm="HS256", issuer=ISSUER, audience=AUDIENCE),
                          limits=limits or ApiLimits())


def jwt_token(role: str = "admin", subject: str = "ada@example.test", **claims: object) -> str:
    now = int(time.time())
    payload = {"iss": ISSUER, "aud": AUDIENCE, "sub": subject, "role": role, "iat": now, "exp": now + 300, **claims}
    return jwt.encode(payload, SHARED_SECRET, algorithm="HS256")


def jwt_headers(role: str = "admin", subject: str = "ada") -> dict[str, str]:
    return {"Authorization": f"Bearer {jwt_token(role, subject)}"}
