"""`hub resync CONNECTION OBJECT_ID` fetches one object again and ingests it, leaving the cursor alone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.shopify import ADAPTER as SHOPIFY
from adapters.shopify.sample_orders import generate_orders
from hub.cli import main
from tests.integration.conftest import threaded_simulators

CONFIG = """
[connections.shop-main]
adapter = "shopify"
account = "acme.myshopify.com"
base_url = "{url}"
token_env = "RESYNC_TOKEN"
"""


@pytest.fixture
def configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    with threaded_simulators({"shop": SHOPIFY.simulator(orders=5, seed=3, token="tok")}) as urls:
        config = tmp_path / "hub.toml"
        config.write_text(CONFIG.format(url=urls["shop"]))
        monkeypatch.setenv("HUB_CONFIG", str(config))
        monkeypatch.setenv("HUB_DATABASE_URL", f"sqlite:///{tmp_path / 'hub.db'}")
        monkeypatch.setenv("RESYNC_TOKEN", "tok")
        yield config


def _query(capsys: pytest.CaptureFixture[str], query: str) -> dict:
    capsys.readouterr()
    assert main(["query", query]) == 0
    return json.loads(capsys.readouterr().out)["data"]


def test_resync_one_order(configured: Path, capsys: pytest.CaptureFixture[str]) -> None:
    order_id = str(generate_orders(5, seed=3)[2]["id"])
    assert main(["resync", "shop-main", order_id]) == 0
    assert "shop-main/orders" in capsys.readouterr().out
    data = _query(capsys, "{ orders(first: 10) { totalCount edges { node { externalId } } } syncStatus { cursor } }")
    assert data["orders"]["totalCount"] == 1 and data["orders"]["edges"][0]["node"]["externalId"] == order_id
    assert data["syncStatus"] == []


def test_resync_of_an_unknown_connection_or_object_says_so(configured: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["resync", "nobody", "1"]) == 2
    assert "no connection named 'nobody'" in capsys.readouterr().err
    assert main(["resync", "shop-main", "999"]) == 1
    assert "404" in capsys.readouterr().err
