"""Accounting periods: monthly by default, each closed from its configured close date on.

The rule: an amount belongs to the month in which it occurred (in the source's own UTC offset). While
that month is open, the amount lands there. A month is closed from the start of its close date (UTC);
an amount the hub learns of (`recorded_at`) on or after that moment cannot be booked into the closed
month any more and lands in the first later month still open at the time it was learned. Amounts with
no `recorded_at` (tests, pure folds of source data) land in the month they occurred. With no close
dates configured every month is open and a period is simply the month of occurrence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from canonical_model.events import Event


def month_of(moment: datetime) -> str:
    """Monthly period (YYYY-MM) of a moment, in the moment's own UTC offset as the source gave it."""
    return f"{moment.year:04d}-{moment.month:02d}"


def next_month(period: str) -> str:
    year, month = (int(part) for part in period.split("-"))
    return f"{year + month // 12:04d}-{month % 12 + 1:02d}"


def _first_day_after(period: str) -> date:
    year, month = (int(part) for part in next_month(period).split("-"))
    return date(year, month, 1)


@dataclass(frozen=True)
class PeriodCalendar:
    """Monthly periods with their close dates: explicit ones per period, else `close_day` of the next month.

    `close_dates` maps a period ("2026-03") to the date it closed; `close_day` (e.g. 5) closes every
    other month on that day of the following month; with neither, months never close.
    """

    close_dates: tuple[tuple[str, date], ...] = ()
    close_day: int | None = None
    _closes: dict[str, date] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_closes", dict(self.close_dates))

    def close_of(self, period: str) -> date | None:
        """The date the period closed (or will close), or None when it stays open."""
        if period in self._closes:
            return self._closes[period]
        if self.close_day is None:
            return None
        return _first_day_after(period) + timedelta(days=self.close_day - 1)

    def is_closed(self, period: str, at: datetime) -> bool:
        close = self.close_of(period)
        return close is not None and at.astimezone(UTC).date() >= close

    def period_for(self, occurred_at: datetime, recorded_at: datetime | None = None) -> str:
        """The period an amount lands in: its month, or the first month still open when the hub learned it."""
        period = month_of(occurred_at)
        if recorded_at is None:
            return period
        for _ in range(1200):  # a hundred years of closed months is a configuration error, not a loop
            if not self.is_closed(period, recorded_at):
                return period
            period = next_month(period)
        raise ValueError(f"no open period after {month_of(occurred_at)} at {recorded_at.isoformat()}")

    def period_of_event(self, event: Event) -> str:
        return self.period_for(event.occurred_at, event.recorded_at)


OPEN_MONTHS = PeriodCalendar()
