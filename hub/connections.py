"""Connections from the configuration: `[connections.NAME]` tables, credentials read from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from adapters.toolkit.streams import ConnectionSettings
from hub.config import ConfigError, Settings

_RESERVED = {"adapter", "account", "base_url", "interval_seconds"}


def _credentials(name: str, table: Mapping[str, Any], settings: Settings, environ: Mapping[str, str]) -> dict[str, str]:
    """Every `<key>_env = "VAR"` entry becomes credential `<key>` read from VAR; a missing VAR is an error."""
    found = {}
    for key, variable in table.items():
        if not key.endswith("_env"):
            continue
        value = environ.get(str(variable))
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
        connections.append(ConnectionSettings(
            name=name, adapter=str(adapter), account=str(table.get("account", name)),
            base_url=str(table.get("base_url", "")), credentials=_credentials(name, table, settings, environ),
            options=options,
        ))
    return connections
