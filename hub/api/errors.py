"""Errors a caller can fix (bad arguments); every other exception is an internal error and masked over HTTP."""

from __future__ import annotations

from graphql import GraphQLError


class InputError(Exception):
    """An argument the API refuses, with a message that says what is allowed."""


def is_internal_error(error: GraphQLError) -> bool:
    """True for errors raised by a bug or an outage rather than by the caller's query."""
    original = error.original_error
    return original is not None and not isinstance(original, (InputError, GraphQLError))
