"""Prometheus metrics in the text exposition format, hand-rolled (no client library is a dependency).

Request counts and durations come from the request middleware; store gauges are read from the
database at scrape time with plain driver cursors, so a scrape never waits on a writer's lock.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import defaultdict
from contextlib import closing
from dataclasses import dataclass, field

from sqlalchemy import Engine

from hub.schema import discrepancies, events, orders, quarantine

DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass
class _Histogram:
    counts: list[int] = field(default_factory=lambda: [0] * len(DURATION_BUCKETS))
    total: int = 0
    sum: float = 0.0

    def observe(self, seconds: float) -> None:
        index = bisect_left(DURATION_BUCKETS, seconds)
        if index < len(DURATION_BUCKETS):
            self.counts[index] += 1
        self.total += 1
        self.sum += seconds


@dataclass
class RequestMetrics:
    """Counters per method, path and status, and a duration histogram per path."""

    requests: dict[tuple[str, str, int], int] = field(default_factory=lambda: defaultdict(int))
    durations: dict[str, _Histogram] = field(default_factory=lambda: defaultdict(_Histogram))
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def observe(self, method: str, path: str, status: int, seconds: float) -> None:
        with self._lock:
            self.requests[(method, path, status)] += 1
            self.durations[path].observe(seconds)

    def exposition(self) -> list[str]:
        with self._lock:
            lines = ["# HELP hub_http_requests_total HTTP requests served, by method, path and status.",
                     "# TYPE hub_http_requests_total counter"]
            for (method, path, status), count in sorted(self.requests.items()):
                lines.append(f'hub_http_requests_total{{method="{method}",path="{path}",status="{status}"}} {count}')
            lines += ["# HELP hub_http_request_duration_seconds Time to serve an HTTP request, by path.",
                      "# TYPE hub_http_request_duration_seconds histogram"]
            for path, histogram in sorted(self.durations.items()):
                lines += _histogram_lines("hub_http_request_duration_seconds", f'path="{path}"', histogram)
            return lines


def _histogram_lines(name: str, labels: str, histogram: _Histogram) -> list[str]:
    lines, cumulative = [], 0
    for bound, count in zip(DURATION_BUCKETS, histogram.counts, strict=True):
        cumulative += count
        lines.append(f'{name}_bucket{{{labels},le="{bound}"}} {cumulative}')
    lines.append(f'{name}_bucket{{{labels},le="+Inf"}} {histogram.total}')
    lines.append(f"{name}_sum{{{labels}}} {histogram.sum:.6f}")
    lines.append(f"{name}_count{{{labels}}} {histogram.total}")
    return lines


def _store_counts(engine: Engine) -> dict[str, list[tuple[str, int]]]:
    statements = {
        "events": f"SELECT '', COUNT(*) FROM {events.name}",
        "orders": f"SELECT '', COUNT(*) FROM {orders.name}",
        "discrepancies": f"SELECT status, COUNT(*) FROM {discrepancies.name} GROUP BY status",
        "quarantine": f"SELECT status, COUNT(*) FROM {quarantine.name} GROUP BY status",
    }
    found: dict[str, list[tuple[str, int]]] = {}
    with closing(engine.raw_connection()) as connection:
        cursor = connection.cursor()
        for name, statement in statements.items():
            cursor.execute(statement)
            found[name] = [(str(label), int(count)) for label, count in cursor.fetchall()]
        cursor.close()
    return found


def store_exposition(engine: Engine) -> list[str]:
    """Gauges read from the database now; `hub_database_up 0` (and no gauges) when it cannot be read."""
    try:
        counts = _store_counts(engine)
    except Exception:  # noqa: BLE001 - any failure to read means "database down" to a scraper
        return ["# HELP hub_database_up Whether the database answered the scrape.", "# TYPE hub_database_up gauge",
                "hub_database_up 0"]
    return [
        "# HELP hub_database_up Whether the database answered the scrape.", "# TYPE hub_database_up gauge",
        "hub_database_up 1",
        "# HELP hub_events_stored Events in the event store.", "# TYPE hub_events_stored gauge",
        f"hub_events_stored {counts['events'][0][1]}",
        "# HELP hub_orders_stored Orders with a projected view.", "# TYPE hub_orders_stored gauge",
        f"hub_orders_stored {counts['orders'][0][1]}",
        "# HELP hub_discrepancies Discrepancies by status.", "# TYPE hub_discrepancies gauge",
        *(f'hub_discrepancies{{status="{status}"}} {count}' for status, count in sorted(counts["discrepancies"])),
        "# HELP hub_quarantine_items Quarantined payload objects by status.", "# TYPE hub_quarantine_items gauge",
        *(f'hub_quarantine_items{{status="{status}"}} {count}' for status, count in sorted(counts["quarantine"])),
    ]


def exposition(requests: RequestMetrics, engine: Engine) -> str:
    return "\n".join(requests.exposition() + store_exposition(engine)) + "\n"
