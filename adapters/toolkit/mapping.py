"""What every adapter's `map_object` shares: the mapper its object's type names, and errors that name the object."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from adapters.toolkit import MappingContext, PayloadError, SourceObject
from adapters.toolkit.facts import path_of
from canonical_model.events import Event
from canonical_model.money import MoneyError

ObjectMapper = Callable[[SourceObject, MappingContext], list[Event]]
DataMapper = Callable[[Any, str, MappingContext], list[Event]]


def reading_data(mappers: Mapping[str, DataMapper]) -> dict[str, ObjectMapper]:
    """Mappers of an object's data at its pointer, as mappers of the object."""
    return {object_type: _of_object(mapper) for object_type, mapper in mappers.items()}


def _of_object(mapper: DataMapper) -> ObjectMapper:
    return lambda obj, ctx: mapper(obj.data, obj.pointer, ctx)


def mapped_by_type(partner: str, mappers: Mapping[str, ObjectMapper], obj: SourceObject,
                   ctx: MappingContext) -> list[Event]:
    """The events `obj` states through the mapper of its type; a type without one is a PayloadError listing those
    supported, and amounts in two currencies inside one object a PayloadError naming the object."""
    mapper = mappers.get(obj.object_type)
    if mapper is None:
        raise PayloadError(obj.object_type, f"unsupported {partner} object type {obj.object_type!r}; "
                           f"supported: {', '.join(mappers)}")
    try:
        return mapper(obj, ctx)
    except MoneyError as error:
        # Name the object rather than crash the run.
        raise PayloadError(path_of(obj.pointer) or obj.object_type, str(error)) from error
