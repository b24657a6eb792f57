"""Connections from the configuration: `[connections.NAME]` tables, credentials read from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from adapters.toolkit.streams import ConnectionSettings
from hub.config import ConfigError, Settings
from hub.redaction import SECRET_NAME, remember_secrets
from hub.secret_store import SECRETS_ENV, load_secrets_file

_RESERVED = {"adapter", "account", "base_url", "interval_seconds"}


def _credentials(name: str, table: Mapping[str, Any], settings: Settings, environ: Mapping[str, str],
                 stored: Mapping[str, str]) -> dict[str, str]:
    """Every `<key>_env = "VAR"` entry becomes credential `<key>` read from VAR, else from the secrets file
    (HUB_SECRETS_FILE); missing from both is an error."""
    found = dict(stored)
    for key, variable in table.items():
        if not key.endswith("_env"):
            continue
        value = environ.get(str(variable))
        if value is None and key.removesuffix("_env") in found:
            continue
        if value is None:
            raise ConfigError(f"{settings.config_path}: [connections.{name}] {key} names environment variable "
                              f"{variable}, which is not set")
        found[key.removesuffix("_env")] = value
    return found


def load_connections(settings: Settings, environ: Mapping[str, str] | None = None,
                     only: str | None = None) -> list[ConnectionSettings]:
    """The configured connections (or just `only`), in file order; each names a known adapter."""
    from hub.registry import ADAPTERS

    environ = os.environ if environ is None else environ
    stored = load_secrets_file(environ)
    connections = []
    for name, table in settings.section("connections").items():
        if only is not None and name != only:
            continue
        if not isinstance(table, dict):
            raise ConfigError(f"{settings.config_path}: [connections.{name}] must be a table")
        adapter = table.get("adapter")
        if adapter not in ADAPTERS:
            raise ConfigError(f"{settings.config_path}: [connections.{name}] adapter = {adapter!r} is not one of "
                              f"{', '.join(sorted(ADAPTERS))}")
        options = {key: value for key, value in table.items() if key not in _RESERVED and not key.endswith("_env")}
        options["interval_seconds"] = int(table.get("interval_seconds", 300))
        if any(SECRET_NAME.search(key) for key in options):
            raise ConfigError(f"{settings.config_path}: [connections.{name}] holds a credential in the file; name "
                              f"an environment variable (`<key>_env`) or use {SECRETS_ENV} instead")
        connections.append(ConnectionSettings(
            name=name, adapter=str(adapter), account=str(table.get("account", name)),
            base_url=str(table.get("base_url", "")),
            credentials=_credentials(name, table, settings, environ, stored.get(name, {})),
            options=options,
        ))
    remember_secrets(value for connection in connections for value in connection.credentials.values())
    return connections
