"""Schema extensions: close the request's read connection when the operation ends."""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from hub.api.context import HubContext


class ReadConnectionScope(SchemaExtension):
    """The request's connection lives exactly as long as its operation, even when a resolver fails."""

    def on_operation(self) -> Iterator[None]:
        try:
            yield
        finally:
            context = self.execution_context.context
            if isinstance(context, HubContext):
                context.close()
