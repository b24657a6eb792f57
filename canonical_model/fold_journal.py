"""An undo journal for fold state kept in dicts, so a fold can step back to a checkpoint and take a late event.

A fold over sorted events is resumable as long as new events sort after the last one folded; an event that
sorts earlier (a late arrival) needs the state as it was before that point. Copying the whole state at every
checkpoint would cost as much as folding again, so instead every dict of the state is a `JournaledDict`: the
first time an entry is touched after a checkpoint, a copy of its previous value is kept. Stepping back to a
checkpoint puts those copies back, newest checkpoint first, which costs what the events since then touched.

Values are copied two levels deep (a container, or a mutable dataclass and its container fields), which
covers fold state whose entries are records or dicts mutated in place; frozen values are shared.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

_MISSING = object()
_SHARED = (str, int, tuple, frozenset, type(None))


def _copied(value: Any) -> Any:
    """A copy deep enough that mutating the live value in place never changes the copy."""
    if isinstance(value, _SHARED):
        return value
    if isinstance(value, (dict, list, set)):
        return value.copy()
    if dataclasses.is_dataclass(value) and not value.__dataclass_params__.frozen and hasattr(value, "__dict__"):
        kind = type(value)
        record = kind.__new__(kind)
        record.__dict__.update({name: inner.copy() if isinstance(inner, (dict, list, set)) else inner
                                for name, inner in vars(value).items()})
        return record
    if dataclasses.is_dataclass(value) and not value.__dataclass_params__.frozen:
        return copy.deepcopy(value)
    return value


class Journal:
    """The undo records of the state's dicts: each dict keeps those since the last checkpoint, the journal
    those of the checkpoints before."""

    def __init__(self) -> None:
        self.tables: list[JournaledDict] = []
        self.closed: list[list[tuple[JournaledDict, dict[Any, Any]]]] = []

    def checkpoint(self) -> None:
        """Start a new checkpoint: from here, changes are undone back to this point."""
        self.closed.append([(table, table.undo) for table in self.tables if table.undo])
        for table in self.tables:
            table.undo = {}

    def forget_oldest(self) -> None:
        """Drop the oldest checkpoint: the state can no longer step back that far."""
        del self.closed[0]

    def step_back(self, index: int) -> None:
        """Restore every dict to what it held when checkpoint `index` started; later checkpoints are gone."""
        for undone in [[(table, table.undo) for table in self.tables], *reversed(self.closed[index:])]:
            for table, undo in undone:
                table.restore(undo)
        del self.closed[index:]
        for table in self.tables:
            table.undo = {}


class JournaledDict(dict):  # type: ignore[type-arg]
    """A dict whose entries are copied aside before anything reads them for change or writes them.

    `default` makes it behave as a defaultdict; `replaced` says its values are only ever replaced, never
    changed in place, so they need no copy. When `tracked`, `touched` collects the keys used since the
    owner last cleared it, so derived values are recomputed only for those.
    """

    def __init__(self, journal: Journal, items: Iterable[tuple[Any, Any]] = (),
                 default: Callable[[], Any] | None = None, replaced: bool = False, tracked: bool = False) -> None:
        super().__init__(items)
        self.default, self.undo, self.touched = default, {}, set()
        self.copy_value = (lambda value: value) if replaced else _copied
        self.tracked = tracked
        journal.tables.append(self)

    def _note(self, key: Any) -> None:
        if key not in self.undo:
            self.undo[key] = self.copy_value(dict.get(self, key, _MISSING))
        if self.tracked:
            self.touched.add(key)

    def restore(self, undo: dict[Any, Any]) -> None:
        for key, value in undo.items():
            if self.tracked:
                self.touched.add(key)
            if value is _MISSING:
                dict.pop(self, key, None)
            else:
                dict.__setitem__(self, key, value)

    def __missing__(self, key: Any) -> Any:
        if self.default is None:
            raise KeyError(key)
        value = self.default()
        dict.__setitem__(self, key, value)
        return value

    def __getitem__(self, key: Any) -> Any:
        self._note(key)
        return super().__getitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        self._note(key)
        return super().get(key, default)

    def setdefault(self, key: Any, default: Any = None) -> Any:
        self._note(key)
        return super().setdefault(key, default)

    def __setitem__(self, key: Any, value: Any) -> None:
        self._note(key)
        super().__setitem__(key, value)

    def __delitem__(self, key: Any) -> None:
        self._note(key)
        super().__delitem__(key)

    def pop(self, key: Any, *default: Any) -> Any:
        self._note(key)
        return super().pop(key, *default)

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def _unjournaled(self, *_: Any, **__: Any) -> Any:
        raise TypeError("this change to a journaled dict cannot be undone")

    clear = popitem = __ior__ = _unjournaled


def journal_dicts(state: object, journal: Journal, keep: tuple[str, ...] = (), replaced: tuple[str, ...] = (),
                  tracked: tuple[str, ...] = ()) -> list[str]:
    """Replace every dict attribute of `state` (but those in `keep`) by a journaled one; returns the other
    attributes, which the caller must snapshot itself. `replaced` and `tracked` name dicts as in `JournaledDict`."""
    others = []
    for name, value in vars(state).items():
        if name in keep:
            continue
        if isinstance(value, dict) and not isinstance(value, JournaledDict):
            setattr(state, name, JournaledDict(journal, value.items(), getattr(value, "default_factory", None),
                                               replaced=name in replaced, tracked=name in tracked))
        else:
            others.append(name)
    return others
