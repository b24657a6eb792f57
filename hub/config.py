"""Settings from the environment (HUB_DATABASE_URL, HUB_CONFIG) and the TOML configuration file."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """A configuration file that cannot be read; the message names the file and the key."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    config_path: Path
    raw: dict[str, Any] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        value = self.raw.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError(f"{self.config_path}: [{name}] must be a table")
        return value


def database_url() -> str:
    return os.environ.get("HUB_DATABASE_URL") or f"sqlite:///{Path.cwd() / 'hub.db'}"


def load_settings() -> Settings:
    """Settings for this process; a missing config file is fine (defaults), a broken one is an error."""
    path = Path(os.environ.get("HUB_CONFIG") or "config/hub.toml")
    raw: dict[str, Any] = {}
    if path.exists():
        try:
            raw = tomllib.loads(path.read_text())
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: {error}") from error
    return Settings(database_url=database_url(), config_path=path, raw=raw)
