"""Fixtures of the hub tests: a configuration file the projections read (HUB_CONFIG)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def configure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Point HUB_CONFIG at a file holding the given TOML, for the projections of the test."""

    def write(text: str) -> None:
        path = tmp_path / "hub.toml"
        path.write_text(text)
        monkeypatch.setenv("HUB_CONFIG", str(path))

    return write
