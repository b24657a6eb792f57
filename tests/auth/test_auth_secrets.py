"""Partner credentials from the environment or a secrets file outside the repository, never from the config."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from hub.config import ConfigError, Settings
from hub.connections import load_connections
from hub.redaction import REDACTED, redact

REPO = Path(__file__).resolve().parents[2]
CONFIG = """
[connections.shop-main]
adapter = "shopify"
account = "acme.myshopify.com"
token_env = "HUB_TEST_SHOP_TOKEN"
webhook_secret_env = "HUB_TEST_SHOP_WEBHOOK_SECRET"
"""


def settings(text: str = CONFIG) -> Settings:
    return Settings("sqlite://", Path("config/hub.toml"), tomllib.loads(text))


def secrets_file(directory: Path, mode: int = 0o600) -> Path:
    path = directory / "hub-secrets.toml"
    path.write_text('[connections.shop-main]\ntoken = "shpat_from_file_1"\nwebhook_secret = "whs-from-file-2"\n')
    path.chmod(mode)
    return path


def test_credentials_come_from_the_secrets_file_and_the_environment_wins(tmp_path: Path) -> None:
    environ = {"HUB_SECRETS_FILE": str(secrets_file(tmp_path))}
    [shop] = load_connections(settings(), environ)
    assert shop.credentials == {"token": "shpat_from_file_1", "webhook_secret": "whs-from-file-2"}
    [shop] = load_connections(settings(), environ | {"HUB_TEST_SHOP_TOKEN": "from-env-3"})
    assert shop.credentials["token"] == "from-env-3"
    assert redact("sent whs-from-file-2 and from-env-3") == f"sent {REDACTED} and {REDACTED}"


def test_a_credential_in_neither_place_is_an_error_naming_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="token_env names environment variable HUB_TEST_SHOP_TOKEN, which is not set"):
        load_connections(settings(), {})


def test_a_secrets_file_inside_the_repository_is_refused() -> None:
    inside = REPO / "config" / "hub-secrets.toml"
    with pytest.raises(ConfigError, match="inside the project"):
        load_connections(settings(), {"HUB_SECRETS_FILE": str(inside)})


def test_a_secrets_file_others_can_read_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="readable by other users; chmod 600"):
        load_connections(settings(), {"HUB_SECRETS_FILE": str(secrets_file(tmp_path, 0o644))})


def test_a_broken_secrets_file_is_reported_without_its_content(tmp_path: Path) -> None:
    path = tmp_path / "hub-secrets.toml"
    path.write_text('[connections.shop-main]\ntoken = "shpat_unterminated\n')
    path.chmod(0o600)
    with pytest.raises(ConfigError, match="not valid TOML") as refused:
        load_connections(settings(), {"HUB_SECRETS_FILE": str(path)})
    assert "shpat_unterminated" not in str(refused.value)


def test_a_credential_written_into_the_config_is_refused() -> None:
    with pytest.raises(ConfigError, match="holds a credential in the file"):
        load_connections(settings(CONFIG + 'token = "shpat_in_the_repo"\n'), {"HUB_TEST_SHOP_TOKEN": "t",
                                                                            "HUB_TEST_SHOP_WEBHOOK_SECRET": "s"})
