"""`hub demo --no-serve` from an empty database: every partner synced, every planted gap found and nothing
else, a journal bean-check accepts, and one marketplace order told by all the systems that touched it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from adapters.amazon.sales import sales_of as amazon_sales
from adapters.amazon.sample_data import build_brand
from adapters.woocommerce.sample_data import OFF_TAX_ID, OFF_TOTAL_ID
from canonical_model.journal import is_balanced
from hub.cli import main
from hub.db import database_engine, read_connection
from hub.demo import DEMO_PARTNERS, demo_partners, running_simulators
from hub.exports import export_journal, journal_entries


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The database of one `hub demo --no-serve` run, shared by this module's tests."""
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HUB_DATABASE_URL", f"sqlite:///{folder / 'demo.db'}")
        patch.delenv("HUB_CONFIG", raising=False)  # the demo brand's own configuration (config/demo.toml)
        patch.chdir(folder)
        assert main(["demo", "--no-serve"]) == 0
        yield f"sqlite:///{folder / 'demo.db'}"


def query(demo: str, text: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HUB_DATABASE_URL", demo)
        assert main(["query", text]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert "errors" not in answer, answer
    return answer["data"]


def open_discrepancies(demo: str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    found, after = [], None
    while True:
        cursor = f', after: "{after}"' if after else ""
        page = query(demo, f'{{ discrepancies(first: 200, status: "OPEN"{cursor}) {{ pageInfo {{ hasNextPage endCursor }} '
                           'edges { node { kind classification explanation } } } }', capsys)["discrepancies"]
        found += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


def planted_gaps() -> set[tuple[str, str]]:
    """(kind, reference) of every gap the demo's simulators plant, as they declare them."""
    planted = {("SOURCE_INCONSISTENT", f"woocommerce order {OFF_TOTAL_ID}"),  # a cent off its total and its tax,
               ("SOURCE_INCONSISTENT", f"woocommerce order {OFF_TAX_ID}")}  # see adapters/woocommerce/sample_data
    by_connection = {"amazon-demo": "PAYOUT_VARIANCE", "ebay-demo": "SETTLEMENT_TOTAL_MISMATCH"}
    with running_simulators(demo_partners()) as urls:
        for connection, url in urls.items():
            answer = httpx.get(f"{url}/_simulator/discrepancies")
            if answer.status_code == 404:
                continue
            declared = answer.json()
            if isinstance(declared, dict):  # {reference: why} of one kind
                planted |= {(by_connection[connection], reference) for reference in declared}
            else:
                planted |= {(gap["kind"], gap["reference"]) for gap in declared}
    return planted


def test_demo_syncs_every_partner_without_error(demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    answer = query(demo, "{ syncStatus { connection lastError } first: orders(first: 5) { edges { node { channel } } } "
                         "orders(first: 200) { totalCount edges { node { channel commerce { total { amount } } } } } }",
                   capsys)
    assert {row["connection"] for row in answer["syncStatus"]} == {p.connection for p in demo_partners()}
    assert {p.adapter for p in DEMO_PARTNERS} == {"shopify", "woocommerce", "amazon", "ebay", "stripe", "shipstation",
                                                   "shipbob", "shiphero", "easypost", "shippo", "quickbooks", "xero"}
    assert all(row["lastError"] is None for row in answer["syncStatus"])
    assert len({edge["node"]["channel"] for edge in answer["first"]["edges"]}) >= 3
    assert answer["orders"]["totalCount"] >= 500
    assert all(edge["node"]["commerce"]["total"] is not None for edge in answer["orders"]["edges"])


def test_discrepancies_are_the_planted_gaps_and_nothing_else(demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    planted, found = planted_gaps(), open_discrepancies(demo, capsys)
    assert len(planted) == 10, planted

    def matches(row: dict[str, str], gap: tuple[str, str]) -> bool:
        return row["kind"] == gap[0] and gap[1].lower() in row["explanation"].lower()

    unplanted = [row for row in found if not any(matches(row, gap) for gap in planted)]
    assert unplanted == [], f"{len(unplanted)} discrepancies nobody planted, e.g. {unplanted[:3]}"
    missed = [gap for gap in planted if not any(matches(row, gap) for row in found)]
    assert missed == []
    # One record, one discrepancy (the replacement order and its label are two records); no gap found twice.
    assert len(found) == len(planted) + 1


def test_every_journal_entry_balances_and_bean_check_accepts_the_ledger(demo: str) -> None:
    engine: Engine = database_engine(demo)
    with read_connection(engine) as connection:
        entries = journal_entries(connection)
    assert len(entries) > 1000 and [entry.id for entry in entries if not is_balanced(entry)] == []
    loader = pytest.importorskip("beancount.loader")  # a test dependency; bean-check is this loader's check
    text, count = export_journal(engine, "beancount")
    _, errors, _ = loader.load_string(text)
    assert errors == [] and count == len(entries)


def test_a_marketplace_order_shipped_by_the_3pl_paid_out_and_booked_shows_it_all(
        demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    brand = build_brand(150, 7, facilitator=True)  # the demo's Amazon seller (see hub/demo.py)
    sale = next(sale for sale in amazon_sales(brand, merchant_fulfilled_only=True)
                if sale.parcels and all(parcel.delivered_at for parcel in sale.parcels) and not sale.refunds
                and sale.reference not in brand.discrepancies)
    fields = ("fulfillment { status shipments { location carrier trackingNumber deliveredAt lines { sku quantity } } } "
              "finance { netExpected { amount } settledNet { amount } fees { type source } journalEntries { id } } "
              "completion { complete missing } discrepancies { kind status } events { source { system objectType } }")
    order = query(demo, f'{{ order(channel: "amazon", externalId: "{sale.reference}") {{ {fields} }} }}', capsys)["order"]
    shipments = order["fulfillment"]["shipments"]
    assert order["fulfillment"]["status"] == "DELIVERED"
    assert sorted(s["trackingNumber"] for s in shipments) == sorted(p.tracking_number for p in sale.parcels)
    assert {s["location"] for s in shipments} == {"shipbob:9"} and all(s["deliveredAt"] for s in shipments)
    told_by = {(event["source"]["system"], event["source"]["objectType"]) for event in order["events"]}
    assert {("amazon", "order"), ("shipbob", "shipment"), ("easypost", "tracker"), ("amazon", "ShipmentEvent"),
            ("quickbooks", "Invoice"), ("quickbooks", "Payment")} <= told_by
    assert order["finance"]["settledNet"] == order["finance"]["netExpected"]
    assert {fee["source"] for fee in order["finance"]["fees"]} == {"amazon", "shipbob", "easypost"}
    assert order["finance"]["journalEntries"]
    assert [gap for gap in order["discrepancies"] if gap["status"] != "RESOLVED"] == []  # some may open while in flight
    assert order["completion"] == {"complete": True, "missing": []}

