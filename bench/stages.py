"""Where an ingest's time goes: the stages of the append path, timed by wrapping their entry points.

Used by `bench/ingest.py --stages`; the wrappers are put back when the block ends.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import hub.ingest
import hub.projections

# (module, function, stage): each call of the function counts towards its stage.
STAGES: tuple[tuple[Any, str, str], ...] = (
    (hub.ingest, "_map_document", "parse, map, store raw payload"),
    (hub.ingest, "append", "append events and their audit entries"),
    (hub.ingest, "link_references", "link references"),
    (hub.projections, "index_events", "index event keys"),
    (hub.projections, "project_settlements", "settlements"),
    (hub.projections, "project_stock", "stock: cost layers, positions, OVERSOLD"),
    (hub.projections, "_fold_orders", "order views: fold, serialise, store, discrepancies"),
)


def _timed(function: Callable[..., Any], stage: str, spent: Counter[str]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[stage] += time.perf_counter() - started
    return timed


@contextmanager
def timed_stages() -> Iterator[Counter[str]]:
    """Seconds spent per stage inside the block."""
    spent: Counter[str] = Counter()
    originals = [(module, name, getattr(module, name)) for module, name, _ in STAGES]
    for (module, name, stage), (_, _, function) in zip(STAGES, originals, strict=True):
        setattr(module, name, _timed(function, stage, spent))
    try:
        yield spent
    finally:
        for module, name, function in originals:
            setattr(module, name, function)
