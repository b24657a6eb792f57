"""The access policy applied to every HTTP operation, without permission code in the type modules.

- Before execution, a validation rule looks every requested field up in `hub.auth.policy` for the caller's
  role; a denied field refuses the operation with an error naming the field and the role, so a denied value
  is never even computed.
- Personal data is masked and a money discrepancy's explanation withheld by wrapping those fields'
  resolvers once, when the schema is built.
- Reading an audit trail is itself audited (`audit.read`, one entry per order read, under the caller).

In-process (`hub query`) there is no principal and none of this applies: full rights (DESIGN.md).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from functools import partial
from typing import Any, TypeVar

from graphql import (
    FieldNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    ValidationRule,
    default_field_resolver,
)
from strawberry import Schema
from strawberry.extensions import SchemaExtension

from hub.audit import AuditRecord, append_audit
from hub.auth.policy import MONEY, MONEY_KINDS, Policy, compile_policy
from hub.auth.principal import Principal, current_principal
from hub.context import current_request_id

MASK = "[masked]"
SchemaT = TypeVar("SchemaT", bound=Schema)
AUDITED_READS = frozenset({"auditTrail"})
_audit_reads: ContextVar[list[tuple[str, str]] | None] = ContextVar("hub_audit_reads", default=None)


def denial(type_name: str, field_name: str, role: str, node: FieldNode | None = None) -> GraphQLError:
    verb = "allowed" if type_name == "Mutation" else "visible"
    return GraphQLError(f"{type_name}.{field_name} is not {verb} to role {role}", node,
                        extensions={"code": "FORBIDDEN", "field": f"{type_name}.{field_name}", "role": role})


def access_rule(policy: Policy, role: str) -> type[ValidationRule]:
    """A validation rule refusing every field the role may not read, once per field."""

    class FieldAccess(ValidationRule):
        reported: set[tuple[str, str]]

        def enter_document(self, *_: Any) -> None:
            self.reported = set()

        def enter_field(self, node: FieldNode, *_: Any) -> None:
            parent = self.context.get_parent_type()
            if parent is None:
                return
            key = (parent.name, node.name.value)
            if key not in self.reported and not policy.allows(role, *key):
                self.reported.add(key)
                self.report_error(denial(*key, role, node))

    return FieldAccess


def _masked(value: Any) -> Any:
    if isinstance(value, list):
        return [_masked(item) for item in value]
    return MASK if value is not None else None


def _after(resolve: Callable[..., Any] | None, then: Callable[[Any, Any, dict[str, Any]], Any]) -> Callable[..., Any]:
    """The field's resolver followed by `then(root, value, args)`, for plain and async resolvers alike."""
    resolve = resolve or default_field_resolver

    def wrapped(root: Any, info: Any, **args: Any) -> Any:
        value = resolve(root, info, **args)
        if inspect.isawaitable(value):
            async def awaited() -> Any:
                return then(root, await value, args)
            return awaited()
        return then(root, value, args)

    return wrapped


def _mask_personal(policy: Policy, type_name: str, field_name: str) -> Callable[[Any, Any, dict[str, Any]], Any]:
    def then(root: Any, value: Any, args: dict[str, Any]) -> Any:
        principal = current_principal()
        return _masked(value) if principal and policy.masks(principal.role, type_name, field_name) else value
    return then


def _withhold_money_explanation(root: Any, value: Any, args: dict[str, Any]) -> Any:
    principal, kind = current_principal(), getattr(root, "kind", None)
    if principal is None or principal.role in MONEY or kind not in MONEY_KINDS:
        return value
    return f"withheld: a {kind} explanation names money visible only to roles {', '.join(sorted(MONEY))}"


def _note_audit_read(type_name: str, field_name: str) -> Callable[[Any, Any, dict[str, Any]], Any]:
    def then(root: Any, value: Any, args: dict[str, Any]) -> Any:
        reads = _audit_reads.get()
        subject = args.get("orderId") or args.get("order_id") or getattr(getattr(root, "view", None), "order_id", None)
        if reads is not None and subject:
            reads.append((str(subject), f"{type_name}.{field_name}"))
        return value
    return then


def instrument(schema: GraphQLSchema, policy: Policy) -> None:
    """Wrap the resolvers of masked, withheld and audited fields; every other field runs untouched."""
    for type_name, graphql_type in schema.type_map.items():
        if type_name.startswith("__") or not isinstance(graphql_type, (GraphQLObjectType, GraphQLInterfaceType)):
            continue
        for field_name, field in graphql_type.fields.items():
            if (type_name, field_name) in policy.personal:
                field.resolve = _after(field.resolve, _mask_personal(policy, type_name, field_name))
            if (type_name, field_name) == ("Discrepancy", "explanation"):
                field.resolve = _after(field.resolve, _withhold_money_explanation)
            if field_name in AUDITED_READS:
                field.resolve = _after(field.resolve, _note_audit_read(type_name, field_name))


def record_audit_reads(engine: Any, principal: Principal, reads: list[tuple[str, str]]) -> None:
    """One `audit.read` entry per order whose audit trail the caller read, under the caller as actor."""
    fields: dict[str, set[str]] = {}
    for subject, where in reads:
        fields.setdefault(subject, set()).add(where)
    records = [AuditRecord("audit.read", subject, f"audit trail of {subject} read by {principal.actor}",
                           {"fields": sorted(names), "request_id": current_request_id()})
               for subject, names in sorted(fields.items())]
    with engine.begin() as connection:
        append_audit(connection, records, actor=principal.actor)


class AccessPolicy(SchemaExtension):
    """Adds the caller's field rule to validation and audits the audit-trail reads of the operation."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy

    def on_operation(self) -> Iterator[None]:
        principal = current_principal()
        if principal is None:
            yield
            return
        context = self.execution_context
        context.validation_rules = (*context.validation_rules, access_rule(self.policy, principal.role))
        reads: list[tuple[str, str]] = []
        token = _audit_reads.set(reads)
        try:
            yield
        finally:
            _audit_reads.reset(token)
        if reads:
            record_audit_reads(context.context.engine, principal, reads)


def apply_policy(schema: GraphQLSchema) -> Policy:
    """Compile the policy for the schema and instrument its resolvers; returns the policy for AccessPolicy."""
    policy = compile_policy(schema)
    instrument(schema, policy)
    return policy


def protect(schema: SchemaT) -> SchemaT:
    """The strawberry schema with the access policy compiled, its resolvers instrumented and AccessPolicy first
    (so the audit reads are written after the request's read connection has closed)."""
    policy = apply_policy(schema._schema)
    schema.extensions = (partial(AccessPolicy, policy), *schema.extensions)
    return schema
