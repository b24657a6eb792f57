"""Partner credentials from a secrets file outside the repository: `HUB_SECRETS_FILE`, TOML.

```toml
[connections.shopify-main]
token = "shpat_..."
webhook_secret = "..."
```

The file must live outside the project and any git work tree (so it cannot be committed by accident) and must not be
readable by other users. Its values are credentials like those named by `<key>_env` in the configuration:
an environment variable, when set, wins. Nothing from it is ever stored in the database or logged.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Mapping
from pathlib import Path

from hub.config import ConfigError
from hub.redaction import remember_secrets

SECRETS_ENV = "HUB_SECRETS_FILE"


def _project_holding(path: Path) -> Path | None:
    """The hub's own source tree or a git work tree holding the path, if any."""
    source_tree = Path(__file__).resolve().parents[1]
    if (source_tree / "pyproject.toml").exists() and path.is_relative_to(source_tree):
        return source_tree
    return next((parent for parent in path.parents if (parent / ".git").exists()), None)


def _checked_path(raw: str) -> Path:
    path = Path(raw).expanduser().resolve()
    tree = _project_holding(path)
    if tree is not None:
        raise ConfigError(f"{SECRETS_ENV}={path}: the secrets file is inside the project {tree}; keep it outside "
                          f"any repository")
    try:
        mode = path.stat().st_mode
    except OSError as error:
        raise ConfigError(f"{SECRETS_ENV}={path}: cannot read: {error.strerror}") from error
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(f"{SECRETS_ENV}={path}: readable by other users; chmod 600 it")
    return path


def load_secrets_file(environ: Mapping[str, str] | None = None) -> dict[str, dict[str, str]]:
    """Credentials per connection name from HUB_SECRETS_FILE; empty when it is not set."""
    environ = os.environ if environ is None else environ
    raw = environ.get(SECRETS_ENV)
    if not raw:
        return {}
    path = _checked_path(raw)
    try:
        document = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as error:  # its message names a position, never the file's text
        raise ConfigError(f"{SECRETS_ENV}={path}: not valid TOML: {error}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{SECRETS_ENV}={path}: cannot read: {type(error).__name__}") from None
    found: dict[str, dict[str, str]] = {}
    for name, table in (document.get("connections") or {}).items():
        if not isinstance(table, dict) or not all(isinstance(value, str) for value in table.values()):
            raise ConfigError(f"{SECRETS_ENV}={path}: [connections.{name}] must hold only string values")
        found[name] = dict(table)
        remember_secrets(table.values())
    return found
