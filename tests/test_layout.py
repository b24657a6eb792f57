"""The direction of imports stays as DESIGN.md draws it (read with ast, nothing imported)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", _modules("canonical_model"), ids=lambda p: str(p.relative_to(ROOT)))
def test_canonical_model_imports_only_the_standard_library_and_itself(path: Path) -> None:
    ours = {"hub", "adapters", "sqlalchemy", "httpx", "strawberry", "starlette", "aiohttp"}
    assert not {name.split(".")[0] for name in _imports(path)} & ours


@pytest.mark.parametrize("path", _modules("adapters"), ids=lambda p: str(p.relative_to(ROOT)))
def test_adapters_never_import_the_hub_or_each_other(path: Path) -> None:
    package = path.relative_to(ROOT / "adapters").parts[0]
    for name in _imports(path):
        parts = name.split(".")
        assert parts[0] != "hub", f"{path} imports {name}"
        if parts[0] == "adapters" and len(parts) > 1 and parts[1] not in ("toolkit", package):
            pytest.fail(f"{path} imports another adapter: {name}")
