"""Incremental reads of a listing that pages newest first by creation, of objects that keep changing after it.

Carriers list trackers and labels by creation time (EasyPost's `start_datetime`, Shippo's newest-first
pages) and offer no "updated since" filter, yet a tracker scans for days after it was made. Such a
stream keeps two moments in its cursor:

- `open_since`: every object created before it has reached a final state (delivered, returned, voided,
  or older than the longest time an object is still expected to change), so a read lists only the
  objects created at or after it: the ones still open, and the new ones.
- `changed_since`: every change before it has been read, so a page whose objects all changed before
  it holds nothing new and is not yielded again.

A listing read newest first only has a safe resume point once it reached its end, so the cursor moves
with the last page only; earlier pages carry the cursor the read started from (like Shopify payouts).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


def utc(value: str) -> datetime:
    """An ISO 8601 time as an aware UTC datetime (a naive one is taken as UTC)."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


@dataclass(frozen=True)
class OpenWindowCursor:
    """Where a read resumes: list what was created from `open_since` on, yield what changed from `changed_since` on."""

    open_since: datetime | None = None
    changed_since: datetime | None = None

    @classmethod
    def decode(cls, cursor: str | None) -> OpenWindowCursor:
        """The cursor a stream stored; None (a first read) lists and yields everything."""
        if not cursor:
            return cls()
        try:
            state = json.loads(cursor)
            return cls(utc(state["open_since"]), utc(state["changed_since"]))
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"not an open-window cursor: {cursor!r}") from error

    @classmethod
    def at(cls, moment: datetime) -> str:
        """The cursor that resumes at `moment`: nothing created or changed before it is read again."""
        return cls(moment, moment).encode()

    def encode(self) -> str:
        if self.open_since is None or self.changed_since is None:
            raise ValueError("an open-window cursor needs both moments")
        return json.dumps({"open_since": self.open_since.isoformat(), "changed_since": self.changed_since.isoformat()})

    def is_news(self, changed_at: datetime, overlap: timedelta = timedelta(0)) -> bool:
        """Whether an object changed at `changed_at` may hold what this cursor has not read yet."""
        return self.changed_since is None or changed_at >= self.changed_since - overlap


class OpenWindowWalk:
    """What one read saw, object by object, and the cursor it leaves for the next read.

    `longest_open` bounds how long an object may stay open: one created that long before the latest
    change seen is taken as final even if its last state is not (a parcel lost in transit), so the
    window cannot stay open forever.
    """

    def __init__(self, start: OpenWindowCursor, longest_open: timedelta) -> None:
        self.start = start
        self.longest_open = longest_open
        self.open: list[datetime] = []
        self.created: list[datetime] = []
        self.changed: list[datetime] = []

    def observe(self, created_at: datetime, changed_at: datetime, final: bool) -> None:
        self.created.append(created_at)
        self.changed.append(changed_at)
        if not final:
            self.open.append(created_at)

    def cursor(self) -> str | None:
        """The cursor after the whole listing was read; the starting cursor when nothing was seen."""
        if not self.changed:
            return self.start.encode() if self.start.open_since and self.start.changed_since else None
        latest_change = max([*self.changed, *([self.start.changed_since] if self.start.changed_since else [])])
        horizon = latest_change - self.longest_open
        still_open = [created for created in self.open if created >= horizon]
        newest = max([*self.created, *([self.start.open_since] if self.start.open_since else [])])
        return OpenWindowCursor(min(still_open) if still_open else newest, latest_change).encode()
