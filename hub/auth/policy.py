"""Which role reads which GraphQL field, and which personal data is masked: one table, compiled per schema.

The rules are looked up by `(parent type name, field name)` so the GraphQL type modules carry no
permission code and a field added later is covered by the defaults:

- entry points (`Query`, `Mutation` fields) are open only to the roles listed here: an unlisted new entry
  point is admin-only until it is added to the table;
- every field of a money type (finance perspective, fees, journal, settlements, payouts, KPIs, costs, the
  audit log) and every field named like money beyond the customer-facing price (cogs, margin, fees, cost,
  payout, settled, journal...) on any type is for `finance`, `auditor` and `admin` only;
- everything else is readable by every reading role (all but `integration`);
- personal data (strings named like email, phone, address, customer or buyer names, and every string of a
  customer-like type) is masked for every role but `admin` and `sales`;
- `auditor` reads everything money-related and changes nothing: no mutation is ever open to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphql import GraphQLInterfaceType, GraphQLObjectType, GraphQLSchema, GraphQLString, get_named_type

from hub.auth.principal import ADMIN, AUDITOR, FINANCE, INTEGRATION, ROLES, SALES, WAREHOUSE

Roles = frozenset[str]

READERS: Roles = frozenset({ADMIN, FINANCE, WAREHOUSE, SALES, AUDITOR})
MONEY: Roles = frozenset({ADMIN, FINANCE, AUDITOR})
PERSONAL_VISIBLE: Roles = frozenset({ADMIN, SALES})
ADMIN_ONLY: Roles = frozenset({ADMIN})

ENTRY_POINTS: dict[tuple[str, str], Roles] = {
    ("Query", "order"): READERS,
    ("Query", "orders"): READERS,
    ("Query", "discrepancies"): READERS,
    ("Query", "inventory"): READERS,
    ("Query", "syncStatus"): READERS,
    ("Query", "quarantine"): frozenset({ADMIN, FINANCE, WAREHOUSE, AUDITOR}),
    ("Query", "auditTrail"): MONEY,
    ("Query", "settlements"): MONEY,
    ("Query", "settlement"): MONEY,
    ("Query", "kpis"): MONEY,
    ("Mutation", "acknowledgeDiscrepancy"): frozenset({ADMIN, FINANCE}),
    ("Mutation", "resync"): frozenset({ADMIN, INTEGRATION}),
}

# Fields of otherwise open types whose values are money beyond the customer-facing price, or the audit log.
FIELD_RULES: dict[tuple[str, str], Roles] = {
    ("Order", "finance"): MONEY,
    ("Order", "auditTrail"): MONEY,
    ("Event", "data"): MONEY,  # event bodies carry fees, costs, settlement lines and journal postings
    ("Discrepancy", "amount"): MONEY,
}

MONEY_TYPE = re.compile(r"^(Finance|Fee|Journal|Settlement|Payout|Deposit|Kpi|Cost|Margin|Ledger|AuditEntry)")
MONEY_FIELD = re.compile(r"^(cogs|margins?|fees?|feeTotal|\w*Fees|\w*[cC]osts?|\w*[cC]ostLayers?|payouts?|payout\w*|"
                         r"settledNet|settlements?|netExpected|journal\w*|landedCost|\w*[vV]aluation|stockValue|"
                         r"inventoryValue|auditTrail)$")
PERSONAL_TYPE = re.compile(r"^(Customer|Address|Buyer|Recipient|Contact|Person)")
PERSONAL_FIELD = re.compile(r"(?i)(e_?mail|phone|address|street|postcode|postal|zip|firstName|lastName|fullName|"
                            r"customerName|buyerName|recipient|contactName|shipTo|billTo)")
MUTATION_RESULTS = ("Payload", "Error")
# Discrepancy kinds whose explanation names money beyond the customer-facing price.
MONEY_KINDS = frozenset({"PAYOUT_VARIANCE", "FEE_ANOMALY", "REFUND_NOT_SETTLED", "SETTLEMENT_TOTAL_MISMATCH",
                         "SHIPPED_NOT_INVOICED", "PERIOD_MISMATCH"})


@dataclass(frozen=True)
class Policy:
    """The compiled table: the roles per `(type, field)` and the fields masked outside PERSONAL_VISIBLE."""

    readers: dict[tuple[str, str], Roles]
    personal: frozenset[tuple[str, str]]

    def allows(self, role: str, type_name: str, field_name: str) -> bool:
        if field_name.startswith("__"):
            return True  # __typename, __schema, __type: introspection has its own switch
        roles = self.readers.get((type_name, field_name))
        return roles is None or role in roles  # a field not in the schema is the standard rules' to refuse

    def masks(self, role: str, type_name: str, field_name: str) -> bool:
        return (type_name, field_name) in self.personal and role not in PERSONAL_VISIBLE


def field_roles(type_name: str, field_name: str, operation_types: frozenset[str]) -> Roles:
    """Who reads one field: the explicit tables first, then the money rules, then every reader."""
    if type_name in operation_types:
        roles = ENTRY_POINTS.get((type_name, field_name), ADMIN_ONLY)
        return roles - {AUDITOR} if type_name == "Mutation" else roles
    if (type_name, field_name) in FIELD_RULES:
        return FIELD_RULES[(type_name, field_name)]
    if type_name.endswith(MUTATION_RESULTS):
        return frozenset(ROLES)  # a mutation's own result: whoever may call the mutation reads what it answers
    if MONEY_TYPE.match(type_name) or MONEY_FIELD.match(field_name):
        return MONEY
    return READERS


def _is_personal(type_name: str, field_name: str, text: bool) -> bool:
    """Strings only: a customer's order count is not personal, and a mask must still fit the field's type."""
    return text and (bool(PERSONAL_TYPE.match(type_name)) or bool(PERSONAL_FIELD.search(field_name)))


def compile_policy(schema: GraphQLSchema) -> Policy:
    """The rules of every field of every object type of the schema."""
    roots = (schema.query_type, schema.mutation_type, schema.subscription_type)
    operation_types = frozenset(root.name for root in roots if root is not None)
    readers: dict[tuple[str, str], Roles] = {}
    personal: set[tuple[str, str]] = set()
    for type_name, graphql_type in schema.type_map.items():
        if type_name.startswith("__") or not isinstance(graphql_type, (GraphQLObjectType, GraphQLInterfaceType)):
            continue
        for field_name, field in graphql_type.fields.items():
            readers[(type_name, field_name)] = field_roles(type_name, field_name, operation_types)
            if _is_personal(type_name, field_name, get_named_type(field.type) is GraphQLString):
                personal.add((type_name, field_name))
    return Policy(readers=readers, personal=frozenset(personal))


def role_table(policy: Policy) -> dict[str, list[str]]:
    """Per role, the `Type.field` names it may not read (for docs and tests)."""
    return {role: sorted(f"{t}.{f}" for (t, f), roles in policy.readers.items() if role not in roles)
            for role in ROLES}
