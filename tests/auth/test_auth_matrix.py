"""Every role x a representative query or mutation per area, over HTTP: allowed ones answer, denied ones get an
error naming the field and the role, and no value of the full answer appears anywhere in a refused body."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import select

from hub.auth.principal import ADMIN, AUDITOR, FINANCE, INTEGRATION, ROLES, SALES, WAREHOUSE
from hub.schema import audit_log, discrepancies
from tests.auth.conftest import BOOTS_ID, SHORT_PAID_ID, World

READERS = {ADMIN, FINANCE, WAREHOUSE, SALES, AUDITOR}
MONEY = {ADMIN, FINANCE, AUDITOR}


@dataclass(frozen=True)
class Case:
    area: str
    query: str
    allowed: set[str]
    denied_field: str
    variables: dict[str, Any] = field(default_factory=dict)


ORDER = "query($id: ID!) { order(id: $id) { %s } }"
CASES = [
    Case("orders commerce", "{ orders(first: 10) { totalCount edges { node { externalId commerce { status total "
                            "{ amount } lines { sku quantity unitPrice { amount } } } } } } }", READERS, "Query.orders"),
    Case("fulfillment", ORDER % "fulfillment { status shipments { carrier trackingNumber } } completion { complete }",
         READERS, "Query.order", {"id": BOOTS_ID}),
    Case("finance money", ORDER % "finance { feeTotal { amount } netExpected { amount } settledNet { amount } "
                                  "fees { type amount { amount } } journalEntries { lines { account debit { amount } } } }",
         MONEY, "Order.finance", {"id": BOOTS_ID}),
    Case("event bodies", ORDER % "events { type data }", MONEY, "Event.data", {"id": BOOTS_ID}),
    Case("audit trail", "query($id: ID!) { auditTrail(orderId: $id) { actor action summary } }", MONEY,
         "Query.auditTrail", {"id": BOOTS_ID}),
    Case("order audit trail", ORDER % "auditTrail { action summary }", MONEY, "Order.auditTrail", {"id": BOOTS_ID}),
    Case("discrepancies", "{ discrepancies { totalCount edges { node { kind status orderId } } } }", READERS,
         "Query.discrepancies"),
    Case("discrepancy amounts", "{ discrepancies { edges { node { kind amount { amount } } } } }", MONEY,
         "Discrepancy.amount"),
    Case("quarantine", "{ quarantine { totalCount edges { node { origin reason } } } }",
         {ADMIN, FINANCE, WAREHOUSE, AUDITOR}, "Query.quarantine"),
    Case("syncStatus", "{ syncStatus { connection stream pages } }", READERS, "Query.syncStatus"),
    Case("inventory", "{ inventory { positions { sku location } } }", READERS, "Query.inventory"),
    Case("settlements", "{ settlements { totalCount edges { node { externalId linesTotal { amount } "
                        "lines { type amount { amount } } } } } }", MONEY, "Query.settlements"),
    Case("kpis", '{ kpis(from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z") { orders fillRate '
                 "payoutVarianceTotal { amount currency } } }", MONEY, "Query.kpis"),
]


def post(world: World, role: str, query: str, variables: dict[str, Any] | None = None) -> tuple[dict[str, Any], str]:
    response = world.client.post("/graphql", json={"query": query, "variables": variables or {}},
                                 headers=world.headers[role])
    assert response.status_code == 200, response.text
    return response.json(), response.text


def leaf_strings(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(leaf_strings(item) for item in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(leaf_strings(item) for item in value)) if value else set()
    return {value} if isinstance(value, str) else set()


def assert_refused(body: dict[str, Any], text: str, case: Case, role: str, full_answer: dict[str, Any]) -> None:
    verb = "allowed" if case.denied_field.startswith("Mutation.") else "visible"
    expected = f"{case.denied_field} is not {verb} to role {role}"
    messages = [error["message"] for error in body.get("errors", [])]
    assert body["data"] is None and expected in messages, f"{case.area} as {role}: {messages}"
    leaked = {value for value in leaf_strings(full_answer) if len(value) >= 4 and value not in case.query
              and value in text}
    assert not leaked, f"{case.area} as {role}: the refused body shows {leaked}"


@pytest.mark.parametrize("role", ROLES)
def test_every_area_answers_or_refuses_by_role(world: World, role: str) -> None:
    for case in CASES:
        full_answer, _ = post(world, ADMIN, case.query, case.variables)
        assert "errors" not in full_answer and full_answer["data"], f"{case.area} as admin: {full_answer}"
        body, text = post(world, role, case.query, case.variables)
        if role in case.allowed:
            assert "errors" not in body, f"{case.area} as {role}: {body['errors']}"
            # (every read of an audit trail adds an `audit.read` entry to it, so those answers grow)
            assert body == full_answer or "audit" in case.area, f"{case.area} as {role} differs from admin"
        else:
            assert_refused(body, text, case, role, full_answer)


ACKNOWLEDGE = """mutation($id: ID!, $note: String!) { acknowledgeDiscrepancy(id: $id, note: $note) {
  discrepancy { id status note } error { message } } }"""


def payout_variance_id(world: World) -> str:
    with world.engine.connect() as connection:
        return connection.execute(select(discrepancies.c.id).where(discrepancies.c.order_id == SHORT_PAID_ID)).scalar_one()


@pytest.mark.parametrize("role", ROLES)
def test_acknowledging_a_discrepancy_is_for_finance_and_admin_and_names_the_key(world: World, role: str) -> None:
    ident, note = payout_variance_id(world), f"{role} looked: the processor held 9.94 back"
    body, text = post(world, role, ACKNOWLEDGE, {"id": ident, "note": note})
    with world.engine.connect() as connection:
        stored = connection.execute(select(discrepancies.c.status, discrepancies.c.note)
                                    .where(discrepancies.c.id == ident)).one()
        last = connection.execute(select(audit_log.c.actor, audit_log.c.action).order_by(audit_log.c.seq.desc())).first()
    if role in {ADMIN, FINANCE}:
        assert body["data"]["acknowledgeDiscrepancy"] == {
            "discrepancy": {"id": ident, "status": "ACKNOWLEDGED", "note": note}, "error": None}
        assert tuple(stored) == ("ACKNOWLEDGED", note)
        assert tuple(last) == (f"key:test-{role}", "discrepancy.acknowledged")
    else:
        case = Case("acknowledge", ACKNOWLEDGE, {ADMIN, FINANCE}, "Mutation.acknowledgeDiscrepancy")
        assert_refused(body, text, case, role, {})
        assert tuple(stored) == ("OPEN", None) and last.action != "discrepancy.acknowledged"


@pytest.mark.parametrize("role", ROLES)
def test_metrics_need_a_key_of_any_role_but_integration(world: World, role: str) -> None:
    response = world.client.get("/metrics", headers=world.headers[role])
    if role == INTEGRATION:
        assert response.status_code == 403
        assert response.json()["errors"][0]["message"] == "role integration may not use /metrics"
        assert "hub_" not in response.text
    else:
        assert response.status_code == 200 and "hub_orders_stored 3" in response.text


def test_a_money_discrepancy_explains_itself_only_to_money_roles(world: World) -> None:
    query = "{ discrepancies { edges { node { kind explanation } } } }"
    full, _ = post(world, FINANCE, query)
    explained = {edge["node"]["kind"]: edge["node"]["explanation"] for edge in full["data"]["discrepancies"]["edges"]}
    assert "387.81" in explained["PAYOUT_VARIANCE"]
    for role in (WAREHOUSE, SALES):
        body, text = post(world, role, query)
        seen = {edge["node"]["kind"]: edge["node"]["explanation"] for edge in body["data"]["discrepancies"]["edges"]}
        assert seen["SOURCE_INCONSISTENT"] == explained["SOURCE_INCONSISTENT"]  # customer-facing totals
        assert seen["PAYOUT_VARIANCE"].startswith("withheld: a PAYOUT_VARIANCE explanation names money")
        assert "387.81" not in text and " 9.94 USD" not in text and "397.75" not in text


def test_the_full_answer_of_each_area_is_not_empty(world: World) -> None:
    """Guards the matrix: a refusal only proves something when the admin's answer has values to leak."""
    for case in CASES:
        body, _ = post(world, ADMIN, case.query, case.variables)
        assert len([v for v in leaf_strings(body) if len(v) >= 4]) >= 1, (case.area, json.dumps(body))
