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
_CONTAINERS = (dict, list, set)


def _copied(value: Any) -> Any:
    """A copy deep enough that mutating the live value in place never changes the copy."""
    if isinstance(value, _CONTAINERS):
        return copy.copy(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type) and not value.__dataclass_params__.frozen:
        record = copy.copy(value)
        for name in (f.name for f in dataclasses.fields(record)):
            inner = getattr(record, name)
            if isinstance(inner, _CONTAINERS):
                setattr(record, name, copy.copy(inner))
        return record
    return value


class Journal:
    """The undo records of the state's dicts, one set per checkpoint; the last set is being written."""

    def __init__(self) -> None:
        self.checkpoints: list[dict[tuple[int, Any], tuple[JournaledDict, Any]]] = [{}]

    def note(self, table: JournaledDict, key: Any) -> None:
        undo = self.checkpoints[-1]
        if (id(table), key) not in undo:
            undo[(id(table), key)] = (table, _copied(dict.get(table, key, _MISSING)))

    def checkpoint(self) -> None:
        """Start a new checkpoint: from here, changes are undone back to this point."""
        self.checkpoints.append({})

    def forget_oldest(self) -> None:
        """Drop the oldest checkpoint: the state can no longer step back that far."""
        del self.checkpoints[0]

    def step_back(self, index: int) -> None:
        """Restore every dict to what it held when checkpoint `index` started; later checkpoints are gone."""
        for undo in reversed(self.checkpoints[index:]):
            for (_, key), (table, value) in undo.items():
                table.touched.add(key)
                if value is _MISSING:
                    dict.pop(table, key, None)
                else:
                    dict.__setitem__(table, key, value)
        del self.checkpoints[index:]
        self.checkpoints.append({})


class JournaledDict(dict):  # type: ignore[type-arg]
    """A dict whose entries are noted in the journal before anything reads them for change or writes them.

    `default` makes it behave as a defaultdict. `touched` collects the keys used since the owner last
    cleared it, so derived values are recomputed only for those.
    """

    def __init__(self, journal: Journal, items: Iterable[tuple[Any, Any]] = (),
                 default: Callable[[], Any] | None = None) -> None:
        super().__init__(items)
        self.journal, self.default, self.touched = journal, default, set()

    def _note(self, key: Any) -> None:
        self.touched.add(key)
        self.journal.note(self, key)

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


def journal_dicts(state: object, journal: Journal, keep: tuple[str, ...] = ()) -> list[str]:
    """Replace every dict attribute of `state` (but those in `keep`) by a journaled one; returns the other
    attributes, which the caller must snapshot itself."""
    others = []
    for name, value in vars(state).items():
        if name in keep:
            continue
        if isinstance(value, dict) and not isinstance(value, JournaledDict):
            setattr(state, name, JournaledDict(journal, value.items(), getattr(value, "default_factory", None)))
        else:
            others.append(name)
    return others
