"""`hub demo --no-serve` from an empty database: every demo partner synced, every order queryable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hub.cli import main
from hub.demo import demo_partners


def test_demo_syncs_every_partner_without_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HUB_DATABASE_URL", f"sqlite:///{tmp_path / 'demo.db'}")
    monkeypatch.chdir(tmp_path)
    assert main(["demo", "--no-serve"]) == 0
    capsys.readouterr()
    query = ("{ syncStatus { connection lastError } first: orders(first: 5) { edges { node { channel } } } "
             "orders(first: 200) { totalCount edges { node { channel "
             "commerce { total { amount } } fulfillment { status } finance { netExpected { amount } } } } } }")
    assert main(["query", query]) == 0
    answer = json.loads(capsys.readouterr().out)["data"]
    assert {row["connection"] for row in answer["syncStatus"]} == {p.connection for p in demo_partners()}
    assert all(row["lastError"] is None for row in answer["syncStatus"])
    assert len({edge["node"]["channel"] for edge in answer["first"]["edges"]}) >= 3
    assert answer["orders"]["totalCount"] >= 400
    assert all(edge["node"]["commerce"]["total"] is not None for edge in answer["orders"]["edges"])
