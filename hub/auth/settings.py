"""The `[auth]` (JWT issuer) and `[api]` (query limits) sections of the configuration, checked once at start."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from hub.config import ConfigError, Settings

ALGORITHMS = ("RS256", "ES256", "HS256")
MIN_SHARED_SECRET_BYTES = 32


@dataclass(frozen=True)
class JwtSettings:
    """Bearer JWTs are accepted when signed by this issuer's key for this audience."""

    key: str  # the issuer's PEM public key (RS256, ES256) or the shared secret (HS256)
    algorithm: str
    issuer: str
    audience: str
    role_claim: str = "role"
    leeway_seconds: int = 30


@dataclass(frozen=True)
class ApiLimits:
    """What one GraphQL request may ask for; each limit refuses with an error that names it."""

    max_depth: int = 12
    max_aliases: int = 30
    max_fields: int = 500
    max_tokens: int = 2000
    max_cost: int = 50_000
    max_page_size: int = 200
    max_body_bytes: int = 100_000
    introspection: bool = True


@dataclass(frozen=True)
class AccessSettings:
    """Everything the HTTP API needs to decide who is asking and how much they may ask."""

    jwt: JwtSettings | None = None
    limits: ApiLimits = field(default_factory=ApiLimits)


def _limits(settings: Settings) -> ApiLimits:
    table, values = settings.section("api"), {}
    for spec in fields(ApiLimits):
        if spec.name not in table:
            continue
        value, kind = table[spec.name], bool if spec.name == "introspection" else int
        if type(value) is not kind or (kind is int and value <= 0):
            wanted = "true or false" if kind is bool else "a positive integer"
            raise ConfigError(f"{settings.config_path}: [api] {spec.name} must be {wanted}, got {value!r}")
        values[spec.name] = value
    unknown = sorted(set(table) - {spec.name for spec in fields(ApiLimits)})
    if unknown:
        raise ConfigError(f"{settings.config_path}: [api] unknown key(s) {', '.join(unknown)}")
    limits = ApiLimits(**values)
    if limits.max_page_size > ApiLimits.max_page_size:
        raise ConfigError(f"{settings.config_path}: [api] max_page_size may be at most {ApiLimits.max_page_size}")
    return limits


def _required(settings: Settings, table: dict[str, Any], key: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{settings.config_path}: [auth] {key} is required when jwt_public_key_file is set")
    return value


def _jwt(settings: Settings) -> JwtSettings | None:
    table = settings.section("auth")
    if "jwt_public_key_file" not in table:
        return None
    path = Path(_required(settings, table, "jwt_public_key_file"))
    path = path if path.is_absolute() else settings.config_path.parent / path
    try:
        key = path.read_text().strip()
    except OSError as error:
        raise ConfigError(f"{settings.config_path}: [auth] jwt_public_key_file {path}: {error.strerror}") from error
    algorithm = str(table.get("jwt_algorithm", "RS256"))
    if algorithm not in ALGORITHMS:
        raise ConfigError(f"{settings.config_path}: [auth] jwt_algorithm must be one of {', '.join(ALGORITHMS)}")
    if algorithm == "HS256" and len(key.encode()) < MIN_SHARED_SECRET_BYTES:
        raise ConfigError(f"{settings.config_path}: [auth] the HS256 secret in {path} must be at least "
                          f"{MIN_SHARED_SECRET_BYTES} bytes")
    return JwtSettings(key=key, algorithm=algorithm, issuer=_required(settings, table, "jwt_issuer"),
                       audience=_required(settings, table, "jwt_audience"),
                       role_claim=str(table.get("jwt_role_claim", "role")),
                       leeway_seconds=int(table.get("jwt_leeway_seconds", 30)))


def access_settings(settings: Settings) -> AccessSettings:
    """The access settings of this configuration; a ConfigError names the file and the key at fault."""
    return AccessSettings(jwt=_jwt(settings), limits=_limits(settings))
