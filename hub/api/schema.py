"""The schema: query entry points per domain, and `execute_query` for running it in-process (`hub query`)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import Any

import strawberry
from graphql import GraphQLError
from sqlalchemy import Engine
from strawberry.extensions import MaskErrors, QueryDepthLimiter, SchemaExtension
from strawberry.types import ExecutionContext, ExecutionResult

from hub.api.context import HubContext
from hub.api.discrepancies.mutations import AcknowledgeDiscrepancyPayload, resolve_acknowledge_discrepancy
from hub.api.discrepancies.resolvers import resolve_discrepancies
from hub.api.errors import is_internal_error
from hub.api.extensions import ReadConnectionScope
from hub.api.inventory.resolvers import resolve_inventory
from hub.api.kpis.resolvers import resolve_kpis
from hub.api.limits import limit_extensions
from hub.api.orders.resolvers import resolve_audit_trail, resolve_order, resolve_orders
from hub.api.permissions import protect
from hub.api.quarantine.resolvers import resolve_quarantine
from hub.api.settlements.resolvers import resolve_settlement, resolve_settlements
from hub.api.sync.resolvers import resolve_sync_status
from hub.auth.settings import ApiLimits
from hub.context import current_actor, current_request_id

MAX_QUERY_DEPTH = 12


@strawberry.type
class Query:
    order = strawberry.field(resolver=resolve_order, description="One order, now or as of a recorded time.")
    orders = strawberry.field(resolver=resolve_orders, description="Orders as a Relay connection (first <= 200).")
    discrepancies = strawberry.field(resolver=resolve_discrepancies,
                                     description="Discrepancies across orders as a Relay connection.")
    quarantine = strawberry.field(resolver=resolve_quarantine, description="Payload objects that could not be mapped.")
    audit_trail = strawberry.field(resolver=resolve_audit_trail, description="The audit entries about one order.")
    sync_status = strawberry.field(resolver=resolve_sync_status, description="Where every synced stream stands.")
    inventory = strawberry.field(resolver=resolve_inventory,
                                 description="Stock by sku, location and state; available to promise; reported levels.")
    settlements = strawberry.field(resolver=resolve_settlements,
                                   description="Settlements (payouts) as a Relay connection, newest deposit first.")
    settlement = strawberry.field(resolver=resolve_settlement, description="One settlement by id.")
    kpis = strawberry.field(resolver=resolve_kpis, description="KPIs of the orders placed in [from, to).")


@strawberry.type
class Mutation:
    acknowledge_discrepancy: AcknowledgeDiscrepancyPayload = strawberry.mutation(
        resolver=resolve_acknowledge_discrepancy, description="Mark a discrepancy as seen, with a note; audited.")


class HubSchema(strawberry.Schema):
    """The schema, logging only internal errors: a refused argument is the caller's to read, not a log line."""

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        super().process_errors([error for error in errors if is_internal_error(error)], execution_context)


def build_schema(mask_internal_errors: bool = False, limits: ApiLimits | None = None) -> HubSchema:
    """The GraphQL schema; over HTTP internal errors are masked and `limits` apply, in-process (`hub query`) not.

    The access policy (hub.api.permissions) applies whenever a request has an authenticated caller.
    """
    # Factories rather than instances, so every operation gets fresh extension state.
    extensions: list[Callable[[], SchemaExtension]] = [ReadConnectionScope]
    extensions += (limit_extensions(limits) if limits is not None
                   else [partial(QueryDepthLimiter, max_depth=MAX_QUERY_DEPTH)])
    if mask_internal_errors:
        extensions.append(partial(MaskErrors, should_mask_error=is_internal_error, error_message="Internal error."))
    return protect(HubSchema(query=Query, mutation=Mutation, extensions=extensions))


def result_json(result: ExecutionResult) -> dict[str, Any]:
    """The result as the HTTP API would send it: `data`, plus `errors` when there are any."""
    payload: dict[str, Any] = {"data": result.data}
    if result.errors:
        payload["errors"] = [error.formatted for error in result.errors]
    return payload


def execute_query(engine: Engine, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run one GraphQL operation in-process against the engine and return the JSON-ready result."""
    context = HubContext(engine=engine, actor=current_actor(), request_id=current_request_id())
    result = asyncio.run(build_schema().execute(query, variable_values=variables, context_value=context))
    return result_json(result)
