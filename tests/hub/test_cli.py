"""The `hub` command as a user runs it: exit codes and messages that name the file and the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import update

from hub.cli import main
from hub.db import database_engine
from hub.schema import audit_log
from tests.builders import jsonl, order_placed, refunded


@pytest.fixture
def hub_env(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.setenv("HUB_DATABASE_URL", database_url)
    monkeypatch.setenv("HUB_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.chdir(tmp_path)
    return database_url


def _order(order_id: int, **changes: object) -> dict:
    order = {"id": order_id, "name": f"#{order_id}", "created_at": "2026-03-01T10:00:00Z",
             "updated_at": "2026-03-01T10:00:00Z", "currency": "USD", "total_price": "20.00",
             "subtotal_price": "20.00", "total_tax": "0.00", "total_discounts": "0.00",
             "line_items": [{"id": 1, "sku": "A", "title": "A", "quantity": 2, "price": "10.00"}]}
    order.update(changes)
    return order


def test_bad_file_exits_2_naming_file_and_field_and_good_files_still_land(
        hub_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"order": _order(1)}))
    missing = tmp_path / "missing-price.json"
    missing.write_text(json.dumps({"order": _order(2, line_items=[{"id": 1, "sku": "A", "title": "A", "quantity": 1}])}))
    broken = tmp_path / "broken.json"
    broken.write_text('{"order": {"id": 3,,}}')
    assert main(["ingest", "shopify", str(good), str(missing), str(broken)]) == 2
    err = capsys.readouterr().err
    assert f"{missing}: " in err and "line_items[0].price: is required" in err
    assert f"{broken}: line 1 column 20: invalid JSON" in err
    assert main(["query", "{ orders(first: 10) { totalCount } quarantine(first: 10) { totalCount } }"]) == 0
    answer = json.loads(capsys.readouterr().out)["data"]
    assert answer == {"orders": {"totalCount": 1}, "quarantine": {"totalCount": 2}}


def test_unknown_adapter_and_unreadable_file_are_usage_errors(hub_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", "nosuch", "x.json"]) == 2
    assert "unknown adapter 'nosuch'" in capsys.readouterr().err
    assert main(["ingest", "shopify", "does-not-exist.json"]) == 2
    assert "does-not-exist.json: cannot read" in capsys.readouterr().err


def test_audit_verify_names_the_tampered_entry(hub_env: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    events = tmp_path / "events.jsonl"
    events.write_bytes(jsonl([order_placed(), refunded()]))
    assert main(["ingest", "canonical", str(events)]) == 0
    assert main(["audit", "verify"]) == 0
    engine = database_engine(hub_env)
    with engine.begin() as connection:
        connection.execute(update(audit_log).where(audit_log.c.seq == 2).values(actor="someone-else"))
    engine.dispose()
    assert main(["audit", "verify"]) == 1
    assert "audit chain broken at entry 2" in capsys.readouterr().err


def test_bad_variables_are_a_usage_error(hub_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "{ orders(first: 1) { totalCount } }", "--variables", "{nope"]) == 2
    assert "--variables: invalid JSON" in capsys.readouterr().err
