"""Query limits of the HTTP API: tokens, depth, aliases, fields, estimated cost, page size, introspection, body size.

Each refusal happens before anything is resolved and is a GraphQL error naming the limit; the body size
is refused by plain ASGI middleware before the body is read. The token limit stops the parser; the other
limits run as one cheap validation pass before graphql-core's full validation, some of whose rules
(overlapping fields) are quadratic in the number of fields, so an abusive document never reaches them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import partial
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    OperationDefinitionNode,
    ValidationRule,
    validate,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import (
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from hub.api.cost import estimate_cost
from hub.auth.middleware import Refusal, send_refusal
from hub.auth.settings import ApiLimits


def cost_rule(limits: ApiLimits, variables: Mapping[str, Any]) -> type[ValidationRule]:
    """A validation rule refusing a page larger than `max_page_size` and an operation costlier than `max_cost`."""

    class CostLimit(ValidationRule):
        def enter_document(self, node: DocumentNode, *_: Any) -> None:
            fields = sum(1 for _ in _field_nodes(node))
            if fields > limits.max_fields:
                self.report_error(GraphQLError(f"the query selects {fields} fields; at most {limits.max_fields} are "
                                               f"allowed", extensions={"code": "TOO_MANY_FIELDS"}))

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            schema = self.context.schema
            root = schema.get_root_type(node.operation)
            if root is None:
                return
            fragments = {d.name.value: d for d in self.context.document.definitions
                         if isinstance(d, FragmentDefinitionNode)}
            estimate = estimate_cost(schema, node.selection_set, root, fragments, variables)
            oversized = [page for page in estimate.pages if not 0 <= page[1] <= limits.max_page_size]
            for where, first, field in oversized:
                self.report_error(GraphQLError(
                    f"first must be between 0 and {limits.max_page_size}, got {first} ({where}); page through with "
                    f"`after`", field, extensions={"code": "PAGE_TOO_LARGE"}))
            if not oversized and estimate.cost > limits.max_cost:
                self.report_error(GraphQLError(
                    f"query cost {estimate.cost} exceeds the limit of {limits.max_cost} (every field costs 1 and lists "
                    f"multiply by their `first`); ask for fewer fields or smaller pages", node,
                    extensions={"code": "QUERY_TOO_COSTLY"}))

    return CostLimit


def _field_nodes(node: Any) -> Iterator[FieldNode]:
    """Every field node of a document, fragments included (each counted where it is written)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, FieldNode):
            yield current
        selection_set = getattr(current, "selection_set", None)
        stack.extend(getattr(current, "definitions", None) or (selection_set.selections if selection_set else ()))


class EarlyLimits(SchemaExtension):
    """Depth, aliases, fields, page size and cost, checked in one pass before the full validation runs."""

    def __init__(self, limits: ApiLimits) -> None:
        self.limits = limits

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and context.pre_execution_errors is None:
            rules = [*QueryDepthLimiter(max_depth=self.limits.max_depth).validation_rules,
                     *MaxAliasesLimiter(max_alias_count=self.limits.max_aliases).validation_rules,
                     cost_rule(self.limits, context.variables or {})]
            errors = validate(context.schema._schema, context.graphql_document, rules)
            if errors:  # strawberry then skips its own validation and answers these
                context.pre_execution_errors = errors
        yield


def limit_extensions(limits: ApiLimits) -> list[Callable[[], SchemaExtension]]:
    """The strawberry extensions enforcing the limits, as factories (fresh state per operation)."""
    extensions: list[Callable[[], SchemaExtension]] = [
        partial(MaxTokensLimiter, max_token_count=limits.max_tokens),
        partial(EarlyLimits, limits),
    ]
    if not limits.introspection:
        extensions.append(DisableIntrospection)
    return extensions


class BodyLimitMiddleware:
    """413 for a request body over the limit: at once from Content-Length, else as soon as it is exceeded."""

    def __init__(self, app: ASGIApp, max_bytes: int, skip_prefixes: tuple[str, ...] = ()) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.skip_prefixes = skip_prefixes  # routes with their own limit (webhooks)

    def refusal(self) -> Refusal:
        return Refusal(413, "BODY_TOO_LARGE", f"request body larger than {self.max_bytes} bytes")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.skip_prefixes):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await send_refusal(send, self.refusal())
            return
        messages, size = [], 0
        while True:  # read the whole (small) body first, so an oversized one is refused before the app starts
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await send_refusal(send, self.refusal())
                return
            if message["type"] != "http.request" or not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)
