"""The open-window cursor of newest-first listings: what is listed again, what is yielded, where it resumes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.toolkit.open_window import OpenWindowCursor, OpenWindowWalk

T0 = datetime(2026, 10, 1, tzinfo=UTC)
DAY = timedelta(days=1)


def test_the_window_opens_at_the_oldest_object_not_final_and_news_starts_at_the_latest_change() -> None:
    walk = OpenWindowWalk(OpenWindowCursor(), longest_open=30 * DAY)
    walk.observe(T0, T0 + 3 * DAY, final=True)
    walk.observe(T0 + DAY, T0 + 2 * DAY, final=False)
    walk.observe(T0 + 2 * DAY, T0 + 4 * DAY, final=False)

    cursor = OpenWindowCursor.decode(walk.cursor())
    assert (cursor.open_since, cursor.changed_since) == (T0 + DAY, T0 + 4 * DAY)
    assert cursor.is_news(T0 + 4 * DAY) and not cursor.is_news(T0 + 3 * DAY)
    assert cursor.is_news(T0 + 3 * DAY, overlap=DAY), "the overlap reads a little earlier again"


def test_with_everything_final_the_window_starts_at_the_newest_object() -> None:
    walk = OpenWindowWalk(OpenWindowCursor(T0, T0), longest_open=30 * DAY)
    walk.observe(T0 + DAY, T0 + 2 * DAY, final=True)

    assert OpenWindowCursor.decode(walk.cursor()) == OpenWindowCursor(T0 + DAY, T0 + 2 * DAY)


def test_an_object_open_longer_than_longest_open_no_longer_holds_the_window() -> None:
    walk = OpenWindowWalk(OpenWindowCursor(), longest_open=10 * DAY)
    walk.observe(T0, T0 + DAY, final=False)  # a parcel lost in transit
    walk.observe(T0 + 20 * DAY, T0 + 20 * DAY, final=True)

    assert OpenWindowCursor.decode(walk.cursor()).open_since == T0 + 20 * DAY


def test_a_read_that_saw_nothing_keeps_its_cursor_and_a_first_read_of_nothing_has_none() -> None:
    start = OpenWindowCursor.at(T0)
    assert OpenWindowWalk(OpenWindowCursor.decode(start), DAY).cursor() == start
    assert OpenWindowWalk(OpenWindowCursor(), DAY).cursor() is None


def test_a_cursor_that_is_not_one_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="not an open-window cursor"):
        OpenWindowCursor.decode("2026-10-01T00:00:00+00:00")
