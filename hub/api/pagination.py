"""Relay-style connections: `edges { cursor node }`, `pageInfo { hasNextPage endCursor }`, `totalCount`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import strawberry

from hub.api.errors import InputError
from hub.read_models import Page, decode_cursor

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50

T = TypeVar("T")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int


def check_page_arguments(first: int, after: str | None, integer_keys: bool = False) -> None:
    """Refuse a page size above the cap and a cursor this API did not give out, with a message saying so."""
    if first < 0 or first > MAX_PAGE_SIZE:
        raise InputError(f"first must be between 0 and {MAX_PAGE_SIZE}, got {first}; page through with `after`")
    if after is None:
        return
    try:
        value = decode_cursor(after)
    except ValueError as error:
        raise InputError(f"after: {after!r} is not a cursor this API gave out") from error
    if integer_keys and not value.isdigit():
        raise InputError(f"after: {after!r} is not a cursor this API gave out")


def connection(page: Page[Any], node: Callable[[Any], T], after: str | None) -> Connection[T]:
    edges = [Edge(cursor=cursor, node=node(item)) for item, cursor in zip(page.items, page.cursors, strict=True)]
    info = PageInfo(
        has_next_page=page.has_next,
        has_previous_page=after is not None,
        start_cursor=page.cursors[0] if page.cursors else None,
        end_cursor=page.cursors[-1] if page.cursors else None,
    )
    return Connection(edges=edges, page_info=info, total_count=page.total_count)
