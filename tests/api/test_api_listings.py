"""Connections: orders (with cursors, totalCount and a filter), discrepancies and quarantine; page-size cap."""

from __future__ import annotations

from sqlalchemy import Engine

from tests.api.builders import at, boots_placed, filler_order, ingest, ingest_lines, jsonl
from tests.api.conftest import errors_of, run

ORDERS = """
query Orders($first: Int!, $after: String, $filter: OrderFilter) {
  orders(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id externalId commerce { total { amount } } } }
  }
}
"""


def _seven_orders(engine: Engine) -> None:
    ingest(engine, [filler_order(f"70{n}", day=n + 1) for n in range(7)])


ONE_PLACED = "query($id: ID!) { order(id: $id) { commerce { placedAt } } }"


def test_orders_page_through_with_cursors(engine: Engine) -> None:
    _seven_orders(engine)
    seen, after, pages = [], None, 0
    while True:
        page = run(engine, ORDERS, {"first": 3, "after": after})["orders"]
        assert page["totalCount"] == 7
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        seen += [edge["node"]["id"] for edge in page["edges"]]
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert pages == 3 and len(seen) == 7 and len(set(seen)) == 7
    placed = [run(engine, ONE_PLACED, {"id": order_id})["order"]["commerce"]["placedAt"] for order_id in seen]
    assert placed == sorted(placed, reverse=True), "newest placement first"
    assert {edge["node"]["commerce"]["total"]["amount"] for edge in page["edges"]} == {"26.60"}


def test_orders_filter_by_placed_time(engine: Engine) -> None:
    _seven_orders(engine)
    window = {"placedFrom": at(2).isoformat(), "placedTo": at(4).isoformat()}
    page = run(engine, ORDERS, {"first": 10, "filter": window})["orders"]
    assert page["totalCount"] == 2
    assert sorted(edge["node"]["externalId"] for edge in page["edges"]) == ["701", "702"]
    assert run(engine, ORDERS, {"first": 10, "filter": {"channel": "amazon"}})["orders"]["totalCount"] == 0


def test_first_above_the_cap_is_refused_with_a_clear_error(engine: Engine) -> None:
    assert errors_of(engine, ORDERS, {"first": 1000}) == [
        "first must be between 0 and 200, got 1000; page through with `after`"]
    assert errors_of(engine, "{ quarantine(first: 201) { totalCount } }") == [
        "first must be between 0 and 200, got 201; page through with `after`"]
    assert run(engine, ORDERS, {"first": 200})["orders"]["totalCount"] == 0


def test_a_cursor_the_api_did_not_give_out_is_refused(engine: Engine) -> None:
    assert errors_of(engine, ORDERS, {"first": 5, "after": "not a cursor!"}) == [
        "after: 'not a cursor!' is not a cursor this API gave out"]
    assert errors_of(engine, '{ quarantine(after: "b3JkXzE=") { totalCount } }') == [
        "after: 'b3JkXzE=' is not a cursor this API gave out"]


def test_discrepancies_listing_with_filters(engine: Engine) -> None:
    ingest(engine, [boots_placed("5002", total="410.94"), filler_order("7001")])
    query = """query($kind: String, $status: String) { discrepancies(kind: $kind, status: $status, first: 10) {
      totalCount edges { node { kind severity classification status amount { amount currency } explanation
      orderId openedAt resolvedAt order { externalId } } } } }"""
    listing = run(engine, query, {"kind": "SOURCE_INCONSISTENT", "status": "OPEN"})["discrepancies"]
    assert listing["totalCount"] == 1
    node = listing["edges"][0]["node"]
    assert (node["classification"], node["amount"], node["order"]["externalId"]) == (
        "ERROR", {"amount": "1.00", "currency": "USD"}, "5002")
    assert "states a total of 410.94 USD" in node["explanation"] and node["resolvedAt"] is None
    assert run(engine, query, {"status": "RESOLVED"})["discrepancies"]["totalCount"] == 0


def test_quarantine_lists_the_bad_line_and_why(engine: Engine) -> None:
    body = jsonl([filler_order("7001")]) + b"{this is not json\n"
    report = ingest_lines(engine, body, "upload-42.jsonl")
    assert report.events_new == 1 and len(report.rejections) == 1
    query = """{ quarantine(first: 10) { totalCount edges { node {
      id adapter origin pointer field reason receivedAt status } } } }"""
    listing = run(engine, query)["quarantine"]
    assert listing["totalCount"] == 1
    item = listing["edges"][0]["node"]
    assert (item["adapter"], item["origin"], item["pointer"], item["field"], item["status"]) == (
        "canonical", "upload-42.jsonl", "line 2", "line 2", "QUARANTINED")
    assert item["reason"].startswith("invalid JSON at column 2")
    assert run(engine, '{ quarantine(status: "RELEASED") { totalCount } }')["quarantine"]["totalCount"] == 0
