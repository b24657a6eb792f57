"""API keys: `hubk_<id>_<secret>`, shown once at creation; the hub keeps only the secret's sha256.

The secret is 256 random bits, so a plain sha256 is enough (no password stretching is needed against a
guess space that large) and lets every request be checked with one indexed read and a constant-time compare.
Creating and revoking a key are audited under the actor who did it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from hub.audit import AuditRecord, append_audit
from hub.auth.principal import Principal, check_role
from hub.clock import as_utc, utc_now
from hub.context import current_actor
from hub.schema import api_keys

PREFIX = "hubk"
_KEY = re.compile(rf"^{PREFIX}_(?P<id>[0-9a-f]{{12}})_(?P<secret>[A-Za-z0-9_-]{{43}})$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


class KeyRequestError(ValueError):
    """A key that cannot be created or revoked as asked; the message says why."""


@dataclass(frozen=True)
class ApiKey:
    """A stored key as `hub keys list` shows it: never its secret."""

    id: str
    name: str
    role: str
    created_at: datetime
    created_by: str
    revoked_at: datetime | None


@dataclass(frozen=True)
class IssuedKey:
    """A key just created: the full key string is here once and nowhere else."""

    key: ApiKey
    secret: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _row_key(row: Any) -> ApiKey:
    return ApiKey(row.id, row.name, row.role, as_utc(row.created_at), row.created_by,
                  as_utc(row.revoked_at) if row.revoked_at else None)


def _active(connection: Connection, name: str) -> ApiKey | None:
    row = connection.execute(select(api_keys).where((api_keys.c.name == name) & api_keys.c.revoked_at.is_(None))).first()
    return _row_key(row) if row is not None else None


def create_key(engine: Engine, role: str, name: str) -> IssuedKey:
    """A new key for the role under a name no active key has; audited as `key.created`."""
    try:
        check_role(role)
    except ValueError as error:
        raise KeyRequestError(str(error)) from error
    if not _NAME.match(name):
        raise KeyRequestError(f"key name {name!r}: use letters, digits, '.', '_' or '-' (at most 100)")
    ident, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    now, actor = utc_now(), current_actor()
    with engine.begin() as connection:
        if _active(connection, name) is not None:
            raise KeyRequestError(f"an active key is already named {name!r}; revoke it first or choose another name")
        connection.execute(insert(api_keys).values(id=ident, name=name, role=role, secret_sha256=_digest(secret),
                                                   created_at=now, created_by=actor))
        append_audit(connection, [AuditRecord("key.created", f"key:{name}", f"API key {name} ({ident}) created for "
                                              f"role {role}", {"key_id": ident, "role": role})])
    key = ApiKey(ident, name, role, now, actor, None)
    return IssuedKey(key, f"{PREFIX}_{ident}_{secret}")


def revoke_key(engine: Engine, id_or_name: str) -> ApiKey:
    """Revoke the active key with this id or name; it stops working at once. Audited as `key.revoked`."""
    now = utc_now()
    with engine.begin() as connection:
        matches = (api_keys.c.id == id_or_name) | (api_keys.c.name == id_or_name)
        row = connection.execute(select(api_keys).where(matches & api_keys.c.revoked_at.is_(None))).first()
        if row is None:
            raise KeyRequestError(f"no active key has the id or name {id_or_name!r}")
        connection.execute(update(api_keys).where(api_keys.c.id == row.id).values(revoked_at=now))
        append_audit(connection, [AuditRecord("key.revoked", f"key:{row.name}", f"API key {row.name} ({row.id}) "
                                              f"revoked", {"key_id": row.id, "role": row.role})])
    return _row_key(row)


def list_keys(engine: Engine, include_revoked: bool = False) -> list[ApiKey]:
    """Every key (active ones unless asked for all), oldest first."""
    query = select(api_keys).order_by(api_keys.c.created_at, api_keys.c.id)
    if not include_revoked:
        query = query.where(api_keys.c.revoked_at.is_(None))
    with engine.connect() as connection:
        return [_row_key(row) for row in connection.execute(query)]


def looks_like_key(credential: str) -> bool:
    return credential.startswith(f"{PREFIX}_")


def authenticate_key(engine: Engine, credential: str) -> Principal | None:
    """The key's principal when the credential is an active key's, compared in constant time; else None."""
    match = _KEY.match(credential)
    if match is None:
        return None
    with engine.connect() as connection:
        row = connection.execute(select(api_keys.c.name, api_keys.c.role, api_keys.c.secret_sha256)
                                 .where((api_keys.c.id == match["id"]) & api_keys.c.revoked_at.is_(None))).first()
    # The digest is compared even for an unknown id, so the answer takes the same time either way.
    expected = row.secret_sha256 if row is not None else "0" * 64
    if not hmac.compare_digest(_digest(match["secret"]), expected) or row is None:
        return None
    return Principal("key", row.name, row.role)


def issue_demo_keys(engine: Engine, roles: tuple[str, ...]) -> list[IssuedKey]:
    """A fresh `demo-<role>` key per role; the demo's keys of an earlier run are revoked first."""
    issued = []
    for role in roles:
        name = f"demo-{role}"
        with engine.connect() as connection:
            earlier = _active(connection, name)
        if earlier is not None:
            revoke_key(engine, earlier.id)
        issued.append(create_key(engine, role, name))
    return issued
