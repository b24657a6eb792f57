"""A query's estimated cost before it runs: every field costs 1, and a list multiplies what is under it.

A paged field multiplies its selection by its `first` (the argument, its variable or its default); the
`edges` and `nodes` under it are that page and multiply by nothing more; any other list multiplies by
LIST_FACTOR, a guess at a typical list (an order's lines, events, shipments). Introspection is not
counted: its size is the schema's, and it has its own switch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_list_type,
)

LIST_FACTOR = 5
PAGE_LISTS = frozenset({"edges", "nodes"})


@dataclass
class Estimate:
    """The cost of one operation and every `first` it asks for, with the field that asks."""

    cost: int = 0
    pages: list[tuple[str, int, FieldNode]] = field(default_factory=list)


@dataclass(frozen=True)
class _Walk:
    schema: GraphQLSchema
    fragments: Mapping[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]
    estimate: Estimate


def _page_size(node: FieldNode, definition: GraphQLField, variables: Mapping[str, Any]) -> int | None:
    """The `first` this field asks for, or None when it takes no `first`."""
    argument = definition.args.get("first")
    if argument is None:
        return None
    given = next((arg.value for arg in node.arguments or () if arg.name.value == "first"), None)
    if isinstance(given, IntValueNode):
        return int(given.value)
    if isinstance(given, VariableNode):
        value = variables.get(given.name.value)
        return value if isinstance(value, int) else 0
    default = argument.default_value
    return default if isinstance(default, int) else 0


def _field_cost(walk: _Walk, node: FieldNode, parent: GraphQLObjectType | GraphQLInterfaceType,
                seen: frozenset[str]) -> int:
    definition = parent.fields.get(node.name.value)
    if definition is None or node.name.value.startswith("__"):
        return 0 if node.name.value.startswith("__") else 1
    factor = 1
    first = _page_size(node, definition, walk.variables)
    if first is not None:
        walk.estimate.pages.append((f"{parent.name}.{node.name.value}", first, node))
        factor = max(first, 0)
    elif is_list_type(get_nullable_type(definition.type)) and node.name.value not in PAGE_LISTS:
        factor = LIST_FACTOR
    child = get_named_type(definition.type)
    if node.selection_set is None or not isinstance(child, (GraphQLObjectType, GraphQLInterfaceType)):
        return factor
    return 1 + factor * _selection_cost(walk, node.selection_set, child, seen)


def _selection_cost(walk: _Walk, selection_set: SelectionSetNode, parent: Any, seen: frozenset[str]) -> int:
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)):
                total += _field_cost(walk, selection, parent, seen)
        elif isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            target = walk.schema.get_type(condition.name.value) if condition else parent
            total += _selection_cost(walk, selection.selection_set, target, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = walk.fragments.get(name)
            if fragment is None or name in seen:
                continue  # unknown or cyclic fragments are the standard rules' to report
            target = walk.schema.get_type(fragment.type_condition.name.value)
            total += _selection_cost(walk, fragment.selection_set, target, seen | {name})
    return total


def estimate_cost(schema: GraphQLSchema, selection_set: SelectionSetNode, root: GraphQLObjectType,
                  fragments: Mapping[str, FragmentDefinitionNode], variables: Mapping[str, Any]) -> Estimate:
    """The estimated cost of an operation's selection under its root type, and the page sizes it asks for."""
    estimate = Estimate()
    estimate.cost = _selection_cost(_Walk(schema, fragments, variables, estimate), selection_set, root, frozenset())
    return estimate
