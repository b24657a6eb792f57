"""The policy table compiled against schemas: defaults for fields added later, masking of personal data, and
denied resolvers that never run."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
import strawberry

from hub.api.permissions import MASK, protect
from hub.api.schema import build_schema
from hub.auth.policy import ADMIN_ONLY, MONEY, READERS, compile_policy, role_table
from hub.auth.principal import ROLES, Principal, set_principal


@pytest.fixture
def as_role() -> Iterator[Any]:
    def become(role: str) -> None:
        set_principal(Principal("key", f"test-{role}", role))

    yield become
    set_principal(None)


def test_the_hub_schema_keeps_money_for_money_roles_and_mutations_from_the_auditor() -> None:
    policy = compile_policy(build_schema()._schema)
    for (type_name, field_name), roles in policy.readers.items():
        if type_name in {"Finance", "Fee", "JournalEntry", "JournalLine", "AuditEntry"}:
            assert roles == MONEY, f"{type_name}.{field_name}"
        if type_name == "Mutation":
            assert "auditor" not in roles and roles <= {"admin", "finance", "integration"}, field_name
    assert policy.readers[("Commerce", "total")] == READERS
    assert policy.readers[("Order", "finance")] == MONEY and policy.readers[("Event", "data")] == MONEY
    assert policy.personal == frozenset()  # the API exposes no customer personal data yet
    assert role_table(policy)["admin"] == []


calls: list[str] = []


@strawberry.type
class Address:
    line1: str
    city: str


@strawberry.type
class Customer:
    name: str
    email: str
    phone: str | None
    address: Address
    orders_count: int


@strawberry.type
class Order:
    name: str  # the order's name ("#1001"), not a person's
    customer: Customer


@strawberry.type
class Inventory:
    sku: str
    on_hand: int

    @strawberry.field
    def unit_cost(self) -> str:
        calls.append("unit_cost")
        return "7.25"


@strawberry.type
class Query:
    @strawberry.field
    def order(self) -> Order:
        return Order(name="#1001", customer=Customer(name="Jane Doe", email="jane@example.test", phone="+1 555 0100",
                                                     address=Address(line1="1 Main St", city="Reno"), orders_count=3))

    @strawberry.field
    def inventory(self) -> Inventory:
        return Inventory(sku="BOOT", on_hand=4)

    @strawberry.field
    def brand_new_entry_point(self) -> int:
        calls.append("brand_new_entry_point")
        return 1


def execute(query: str) -> dict[str, Any]:
    schema = protect(strawberry.Schema(query=Query))
    result = asyncio.run(schema.execute(query))
    return {"data": result.data, "errors": [error.message for error in result.errors or []]}


def test_defaults_cover_fields_added_later() -> None:
    policy = compile_policy(strawberry.Schema(query=Query)._schema)
    assert policy.readers[("Query", "brandNewEntryPoint")] == ADMIN_ONLY  # unlisted entry point: admin only
    assert policy.readers[("Query", "inventory")] == READERS  # listed
    assert policy.readers[("Order", "customer")] == READERS and ("Order", "name") not in policy.personal
    assert policy.readers[("Inventory", "unitCost")] == MONEY  # named like money
    assert policy.readers[("Inventory", "onHand")] == READERS
    assert policy.personal == {("Customer", "name"), ("Customer", "email"), ("Customer", "phone"),
                               ("Address", "line1"), ("Address", "city")}


CUSTOMER = "{ order { name customer { name email phone address { line1 city } ordersCount } } }"


@pytest.mark.parametrize("role", ["warehouse", "finance", "auditor"])
def test_personal_data_is_masked_for_roles_but_admin_and_sales(as_role: Any, role: str) -> None:
    as_role(role)
    assert execute(CUSTOMER) == {"data": {"order": {"name": "#1001", "customer": {
        "name": MASK, "email": MASK, "phone": MASK, "address": {"line1": MASK, "city": MASK}, "ordersCount": 3}}},
        "errors": []}


@pytest.mark.parametrize("role", ["admin", "sales"])
def test_admin_and_sales_see_personal_data(as_role: Any, role: str) -> None:
    as_role(role)
    assert execute(CUSTOMER)["data"]["order"]["customer"]["email"] == "jane@example.test"


def test_in_process_there_is_no_caller_and_nothing_is_masked_or_denied() -> None:
    assert execute(CUSTOMER)["data"]["order"]["customer"]["phone"] == "+1 555 0100"
    assert execute("{ brandNewEntryPoint }") == {"data": {"brandNewEntryPoint": 1}, "errors": []}


def test_a_denied_field_is_refused_before_any_resolver_runs(as_role: Any) -> None:
    calls.clear()
    as_role("warehouse")
    assert execute("{ inventory { sku unitCost } brandNewEntryPoint }") == {"data": None, "errors": [
        "Inventory.unitCost is not visible to role warehouse", "Query.brandNewEntryPoint is not visible to role warehouse"]}
    assert calls == []


def test_every_role_is_in_the_table() -> None:
    assert set(role_table(compile_policy(build_schema()._schema))) == set(ROLES)
