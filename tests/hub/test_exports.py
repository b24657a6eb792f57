"""The whole journal out of the database: every entry balances, bean-check accepts the ledger, the CLI writes it.

The data set is the Shopify simulator's brand (orders with split shipments, refunds and cancellations,
Shopify Payments balance transactions and payouts) plus purchase receipts of its catalogue at both of its
locations, so COGS, stock, payout and refund entries all appear.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.canonical import ADAPTER as CANONICAL
from adapters.shopify import ADAPTER as SHOPIFY
from adapters.shopify.sample_orders import CATALOGUE
from adapters.shopify.simulator import build_shop
from canonical_model.beancount import CSV_COLUMNS
from canonical_model.events import Event
from canonical_model.identity import SourceRef
from canonical_model.inventory_events import InventoryReceived, ReceiptLine
from canonical_model.journal import is_balanced
from canonical_model.money import Money
from hub.cli import main
from hub.db import read_connection
from hub.exports import export_journal, journal_entries
from hub.ingest import ingest_documents
from tests.builders import jsonl

LOCATIONS = ("48752903", "48752904")


def _receipts() -> list[Event]:
    """Two purchase receipts per location at different costs, before the first order."""
    events = []
    for number, (day, markup) in enumerate(((20, "0.40"), (25, "0.45"))):
        for location in LOCATIONS:
            lines = tuple(ReceiptLine(sku, 400, Money.of(str((Money.of(price, "USD").amount * Money.of(markup, "USD")
                                                              .amount).quantize(Money.of("0.01", "USD").amount)), "USD"))
                          for sku, _, price in CATALOGUE)
            receipt = f"PO-{number}-{location}"
            events.append(Event(InventoryReceived(receipt, location, lines),
                                SourceRef("erp", "acme", "receipt", receipt, "1"), datetime(2026, 8, day, tzinfo=UTC)))
    return events


def _brand(engine: Engine, orders: int = 60) -> None:
    shop = build_shop(orders, seed=5)
    ingest_documents(engine, CANONICAL, "acme", [("receipts.jsonl", jsonl(_receipts()))])
    listed = sorted(shop.orders.values(), key=lambda order: order["id"])
    pages = [(f"orders-{start}", json.dumps({"orders": listed[start:start + 25]}).encode())
             for start in range(0, len(listed), 25)]
    pages += [("payouts", json.dumps({"payouts": shop.payouts}).encode()),
              ("balance", json.dumps({"transactions": shop.balance}).encode())]
    report = ingest_documents(engine, SHOPIFY, "acme.myshopify.com", pages)
    assert report.rejections == [], report.rejections


@pytest.fixture
def brand(engine: Engine) -> Engine:
    _brand(engine)
    return engine


def test_every_journal_entry_in_the_database_balances(brand: Engine) -> None:
    with read_connection(brand) as connection:
        entries = journal_entries(connection)
    kinds = Counter(entry.id.split(":")[1] if entry.id.startswith("ord_") else entry.id.split(":")[0]
                    for entry in entries)
    assert [entry.id for entry in entries if not is_balanced(entry)] == []
    accounts = {line.account for entry in entries for line in entry.lines}
    assert {"Expenses:COGS", "Assets:Inventory", "Assets:Bank", "Income:Refunds", "Liabilities:GoodsReceivedNotInvoiced",
            "Liabilities:DeferredRevenue"} <= accounts
    assert kinds["payout"] > 0 and kinds["sale"] > 0


def test_bean_check_accepts_the_beancount_export(brand: Engine) -> None:
    loader = pytest.importorskip("beancount.loader")
    text, count = export_journal(brand, "beancount")
    entries, errors, _ = loader.load_string(text)
    assert errors == [] and count > 100
    assert sum(1 for entry in entries if type(entry).__name__ == "Transaction") == count


def test_the_csv_export_holds_every_journal_line(brand: Engine) -> None:
    text, count = export_journal(brand, "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS and len({row["entry_id"] for row in rows}) == count
    for entry_id in {row["entry_id"] for row in rows}:
        lines = [row for row in rows if row["entry_id"] == entry_id]
        assert sum(float(r["debit"]) - float(r["credit"]) for r in lines) == pytest.approx(0, abs=1e-9), entry_id


def test_hub_export_writes_the_file(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("the command line is the same on every database; the SQLite run covers it")
    monkeypatch.setenv("HUB_DATABASE_URL", database_url)
    monkeypatch.setenv("HUB_CONFIG", str(tmp_path / "absent.toml"))
    events = tmp_path / "receipts.jsonl"
    events.write_bytes(jsonl(_receipts()[:1]))
    assert main(["ingest", "canonical", str(events), "--account", "acme"]) == 0
    ledger = tmp_path / "out" / "journal.beancount"
    assert main(["export", "beancount", "--output", str(ledger)]) == 2
    assert "--output" in capsys.readouterr().err
    ledger.parent.mkdir()
    assert main(["export", "beancount", "--output", str(ledger)]) == 0
    assert "8 journal entries written to" in capsys.readouterr().out
    assert 'open Assets:Inventory USD' in ledger.read_text()
    assert main(["export", "csv"]) == 0
    assert capsys.readouterr().out.startswith(",".join(CSV_COLUMNS))
