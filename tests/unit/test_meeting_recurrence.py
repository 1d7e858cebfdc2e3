"""EHT meeting dates: a weekly or fortnightly series in Stockholm wall-clock time, skips and changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.meetings.breaks import Calendar, Holiday, SchoolBreak
from bot.meetings.recurrence import (
    Change,
    Occurrence,
    Series,
    Skip,
    Status,
    first_day,
    in_dst_hour,
    occurrences,
    series_days,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
HOUR = timedelta(hours=1)


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A Stockholm wall-clock time as an aware UTC instant."""
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM).astimezone(UTC)


def series(anchor: date, start: time = time(13, 15), *, every_weeks: int = 1, minutes: int = 60) -> Series:
    return Series(anchor.weekday(), start, every_weeks, anchor, timedelta(minutes=minutes))


def no_skip(day: date) -> Skip | None:
    return None


def run(
    s: Series,
    first: date,
    last: date,
    *,
    changes: dict[date, Change] | None = None,
    skip=no_skip,
) -> list[Occurrence]:
    return occurrences(s, changes=changes or {}, skip=skip, zone=STOCKHOLM, first=first, last=last)


# --- in_dst_hour ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wall", "expected"),
    [
        (time(1, 59), False),
        (time(1, 59, 59), False),
        (time(2, 0), True),
        (time(2, 30), True),
        (time(2, 59), True),
        (time(2, 59, 59), True),
        (time(3, 0), False),
        (time(0, 0), False),
        (time(14, 0), False),
        (time(23, 59), False),
    ],
)
def test_in_dst_hour_is_exactly_two_to_three(wall: time, expected: bool) -> None:
    assert in_dst_hour(wall) is expected


@given(wall=st.times())
def test_in_dst_hour_means_hour_two(wall: time) -> None:
    assert in_dst_hour(wall) is (wall.hour == 2)


# --- Occurrence ----------------------------------------------------------------------------------


def test_occurrence_ends_after_its_duration_and_shows_local_time() -> None:
    o = Occurrence(date(2026, 12, 8), Status.PLANNED, utc(2026, 12, 8, 12, 15), timedelta(minutes=90))
    assert o.ends_at == utc(2026, 12, 8, 13, 45)
    assert o.local(STOCKHOLM) == datetime(2026, 12, 8, 13, 15, tzinfo=STOCKHOLM)
    assert o.local(STOCKHOLM).utcoffset() == HOUR


@pytest.mark.parametrize(
    ("status", "held"),
    [(Status.PLANNED, True), (Status.MOVED, True), (Status.CANCELLED, False), (Status.SKIPPED, False)],
)
def test_occurrence_is_held_when_planned_or_moved(status: Status, held: bool) -> None:
    o = Occurrence(date(2026, 12, 8), status, utc(2026, 12, 8, 12, 15), HOUR)
    assert o.held is held


def test_status_values_are_stored_strings() -> None:
    assert [s.value for s in Status] == ["planned", "moved", "cancelled", "skipped"]
    assert Status("moved") is Status.MOVED


# --- DST: wall-clock time stays put, UTC moves ----------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "utc_hour_before", "utc_hour_after"),
    [
        # Summer time starts on the last Sunday of March: +01:00 → +02:00.
        (date(2027, 3, 22), date(2027, 3, 29), 8, 7),
        (date(2026, 3, 23), date(2026, 3, 30), 8, 7),
        # …and ends on the last Sunday of October: +02:00 → +01:00.
        (date(2027, 10, 25), date(2027, 11, 1), 7, 8),
        (date(2026, 10, 19), date(2026, 10, 26), 7, 8),
    ],
)
def test_monday_nine_stays_nine_local_across_dst(
    before: date, after: date, utc_hour_before: int, utc_hour_after: int
) -> None:
    s = Series(0, time(9), 1, date(2026, 1, 5), HOUR)
    found = run(s, before, after)
    assert [o.day for o in found] == [before, after]
    assert [o.starts_at for o in found] == [
        datetime.combine(before, time(utc_hour_before), tzinfo=UTC),
        datetime.combine(after, time(utc_hour_after), tzinfo=UTC),
    ]
    assert [o.local(STOCKHOLM).time() for o in found] == [time(9), time(9)]
    assert [o.local(STOCKHOLM).date() for o in found] == [before, after]
    assert [o.status for o in found] == [Status.PLANNED, Status.PLANNED]


def test_dst_change_2027_dates_are_the_last_sundays() -> None:
    # The zone data agrees with the dates the tests above rely on.
    assert datetime(2027, 3, 28, 1, 59, tzinfo=STOCKHOLM).utcoffset() == HOUR
    assert datetime(2027, 3, 28, 3, 0, tzinfo=STOCKHOLM).utcoffset() == 2 * HOUR
    assert datetime(2027, 10, 31, 1, 59, tzinfo=STOCKHOLM).utcoffset() == 2 * HOUR
    assert datetime(2027, 10, 31, 3, 0, tzinfo=STOCKHOLM).utcoffset() == HOUR


def test_a_whole_year_of_mondays_is_always_nine_local_and_seven_or_eight_utc() -> None:
    s = Series(0, time(9), 1, date(2027, 1, 4), HOUR)
    found = run(s, date(2027, 1, 1), date(2027, 12, 31))
    assert len(found) == 52
    assert {o.local(STOCKHOLM).time() for o in found} == {time(9)}
    summer = [o for o in found if date(2027, 3, 28) < o.day < date(2027, 10, 31)]
    winter = [o for o in found if o not in summer]
    assert {o.starts_at.time() for o in summer} == {time(7)}
    assert {o.starts_at.time() for o in winter} == {time(8)}
    assert (summer[0].day, summer[-1].day) == (date(2027, 3, 29), date(2027, 10, 25))


def test_duration_is_real_time_even_on_a_dst_day() -> None:
    # A meeting's end is start + duration in real time; ends_at is UTC so no wall-clock arithmetic.
    s = Series(0, time(9), 1, date(2027, 3, 29), timedelta(minutes=90))
    (o,) = run(s, date(2027, 3, 29), date(2027, 3, 29))
    assert o.ends_at == utc(2027, 3, 29, 8, 30)
    assert o.ends_at.astimezone(STOCKHOLM).time() == time(10, 30)


# --- series_days ---------------------------------------------------------------------------------


def test_weekly_days_in_a_window() -> None:
    s = series(date(2026, 12, 1))
    assert series_days(s, date(2026, 12, 1), date(2026, 12, 31)) == [
        date(2026, 12, 1),
        date(2026, 12, 8),
        date(2026, 12, 15),
        date(2026, 12, 22),
        date(2026, 12, 29),
    ]


def test_window_bounds_are_inclusive() -> None:
    s = series(date(2026, 12, 1))
    assert series_days(s, date(2026, 12, 8), date(2026, 12, 8)) == [date(2026, 12, 8)]
    assert series_days(s, date(2026, 12, 8), date(2026, 12, 15)) == [date(2026, 12, 8), date(2026, 12, 15)]
    assert series_days(s, date(2026, 12, 9), date(2026, 12, 14)) == []


def test_nothing_before_the_anchor() -> None:
    s = series(date(2026, 12, 8))
    assert series_days(s, date(2026, 11, 1), date(2026, 12, 15)) == [date(2026, 12, 8), date(2026, 12, 15)]
    assert series_days(s, date(2026, 11, 1), date(2026, 12, 7)) == []


def test_empty_when_window_is_reversed() -> None:
    s = series(date(2026, 12, 1))
    assert series_days(s, date(2026, 12, 31), date(2026, 12, 1)) == []


def test_every_other_week_keeps_the_anchor_parity_across_new_year() -> None:
    # 2026 has an ISO week 53, so ISO week parity flips at new year; the series keeps its own rhythm.
    anchor = date(2026, 12, 8)  # week 50
    s = series(anchor, every_weeks=2)
    assert series_days(s, date(2026, 12, 1), date(2027, 2, 28)) == [
        date(2026, 12, 8),
        date(2026, 12, 22),  # week 52
        date(2027, 1, 5),  # week 1 (not week 53 of 2026 on 29 December)
        date(2027, 1, 19),
        date(2027, 2, 2),
        date(2027, 2, 16),
    ]
    # A window opening on the off week starts on the following on-week, in either year.
    assert series_days(s, date(2026, 12, 29), date(2027, 1, 12)) == [date(2027, 1, 5)]
    assert series_days(s, date(2027, 1, 6), date(2027, 1, 19)) == [date(2027, 1, 19)]


def test_window_long_after_the_anchor() -> None:
    s = series(date(2020, 1, 7), every_weeks=2)  # a Tuesday
    assert series_days(s, date(2027, 3, 1), date(2027, 3, 31)) == [date(2027, 3, 9), date(2027, 3, 23)]
    weekly = series(date(2020, 1, 7))
    assert series_days(weekly, date(2027, 3, 1), date(2027, 3, 31)) == [
        date(2027, 3, 2),
        date(2027, 3, 9),
        date(2027, 3, 16),
        date(2027, 3, 23),
        date(2027, 3, 30),
    ]


anchors = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))
windows = st.tuples(anchors, st.integers(min_value=-30, max_value=400))


@settings(max_examples=300, deadline=None)
@given(anchor=anchors, every_weeks=st.sampled_from([1, 2]), window=windows)
def test_series_days_match_counting_from_the_anchor(
    anchor: date, every_weeks: int, window: tuple[date, int]
) -> None:
    first, length = window
    last = first + timedelta(days=length)
    s = series(anchor, every_weeks=every_weeks)
    step = 7 * every_weeks
    expected = []
    if last >= anchor:
        k = max(0, -(-(first - anchor).days // step))  # ceil, never before the anchor
        day = anchor + timedelta(days=k * step)
        while day <= last:
            expected.append(day)
            day += timedelta(days=step)
    assert series_days(s, first, last) == expected


# --- occurrences: wall-clock property ------------------------------------------------------------

# Times as parse_time returns them: whole minutes, never 02:00–03:00.
entered_times = st.builds(time, st.integers(0, 23).filter(lambda h: h != 2), st.integers(0, 59))


@settings(max_examples=200, deadline=None)
@given(
    weekday=st.integers(min_value=0, max_value=4),
    start=entered_times,
    anchor=st.dates(min_value=date(2000, 1, 1), max_value=date(2080, 12, 31)),
    every_weeks=st.sampled_from([1, 2]),
    offset=st.integers(min_value=-60, max_value=800),
    length=st.integers(min_value=0, max_value=120),
)
def test_every_occurrence_starts_at_the_series_wall_time(
    weekday: int, start: time, anchor: date, every_weeks: int, offset: int, length: int
) -> None:
    anchor += timedelta(days=(weekday - anchor.weekday()) % 7)
    s = Series(weekday, start, every_weeks, anchor, HOUR)
    first = anchor + timedelta(days=offset)
    last = first + timedelta(days=length)
    found = run(s, first, last)
    assert [o.day for o in found] == series_days(s, first, last)
    for o in found:
        assert o.status is Status.PLANNED
        assert o.starts_at.tzinfo is UTC
        wall = o.local(STOCKHOLM)
        assert (wall.date(), wall.time(), wall.weekday()) == (o.day, start, weekday)
        assert (o.day - anchor).days % (7 * every_weeks) == 0
    assert [o.starts_at for o in found] == sorted(o.starts_at for o in found)


# --- occurrences: cancelled, moved, skipped, order -----------------------------------------------

TUESDAYS = series(date(2026, 11, 3))  # weekly, Tuesday 13:15, 60 minutes


def test_planned_weekly_meetings() -> None:
    found = run(TUESDAYS, date(2026, 12, 1), date(2026, 12, 15))
    assert found == [
        Occurrence(date(2026, 12, 1), Status.PLANNED, utc(2026, 12, 1, 12, 15), HOUR),
        Occurrence(date(2026, 12, 8), Status.PLANNED, utc(2026, 12, 8, 12, 15), HOUR),
        Occurrence(date(2026, 12, 15), Status.PLANNED, utc(2026, 12, 15, 12, 15), HOUR),
    ]


def test_cancelled_keeps_its_original_start() -> None:
    changes = {date(2026, 12, 8): Change(date(2026, 12, 8), "cancelled")}
    found = run(TUESDAYS, date(2026, 12, 1), date(2026, 12, 15), changes=changes)
    assert [o.status for o in found] == [Status.PLANNED, Status.CANCELLED, Status.PLANNED]
    assert found[1] == Occurrence(date(2026, 12, 8), Status.CANCELLED, utc(2026, 12, 8, 12, 15), HOUR)
    assert not found[1].held


def test_moved_to_another_day_keeps_its_series_day_as_identity() -> None:
    changes = {date(2026, 12, 8): Change(date(2026, 12, 8), "moved", new_day=date(2026, 12, 9))}
    found = run(TUESDAYS, date(2026, 12, 8), date(2026, 12, 8), changes=changes)
    assert found == [Occurrence(date(2026, 12, 8), Status.MOVED, utc(2026, 12, 9, 12, 15), HOUR)]
    assert found[0].held


def test_moved_to_another_time_the_same_day() -> None:
    changes = {date(2026, 12, 8): Change(date(2026, 12, 8), "moved", new_start=time(15))}
    (o,) = run(TUESDAYS, date(2026, 12, 8), date(2026, 12, 8), changes=changes)
    assert (o.day, o.status, o.starts_at) == (date(2026, 12, 8), Status.MOVED, utc(2026, 12, 8, 14))


def test_moved_to_another_day_and_time() -> None:
    change = Change(date(2026, 12, 8), "moved", new_day=date(2026, 12, 10), new_start=time(14))
    (o,) = run(TUESDAYS, date(2026, 12, 8), date(2026, 12, 8), changes={change.day: change})
    assert (o.day, o.status, o.starts_at, o.duration) == (
        date(2026, 12, 8),
        Status.MOVED,
        utc(2026, 12, 10, 13),
        HOUR,
    )
    assert o.local(STOCKHOLM) == datetime(2026, 12, 10, 14, tzinfo=STOCKHOLM)


def test_moved_across_the_dst_change_uses_the_new_days_offset() -> None:
    # Series day before summer time (+01:00), new day after (+02:00): 13:15 local either way.
    s = series(date(2027, 3, 23))
    change = Change(date(2027, 3, 23), "moved", new_day=date(2027, 3, 31))
    (o,) = run(s, date(2027, 3, 23), date(2027, 3, 23), changes={change.day: change})
    assert o.starts_at == utc(2027, 3, 31, 11, 15)
    assert o.local(STOCKHOLM).time() == time(13, 15)


def test_moved_past_the_next_meeting_comes_after_it() -> None:
    change = Change(date(2026, 12, 1), "moved", new_day=date(2026, 12, 10), new_start=time(9))
    found = run(TUESDAYS, date(2026, 12, 1), date(2026, 12, 15), changes={change.day: change})
    assert [(o.day, o.status, o.starts_at) for o in found] == [
        (date(2026, 12, 8), Status.PLANNED, utc(2026, 12, 8, 12, 15)),
        (date(2026, 12, 1), Status.MOVED, utc(2026, 12, 10, 8)),
        (date(2026, 12, 15), Status.PLANNED, utc(2026, 12, 15, 12, 15)),
    ]


def test_moved_earlier_than_the_previous_meeting_comes_before_it() -> None:
    change = Change(date(2026, 12, 15), "moved", new_day=date(2026, 12, 7))
    found = run(TUESDAYS, date(2026, 12, 1), date(2026, 12, 15), changes={change.day: change})
    assert [o.day for o in found] == [date(2026, 12, 1), date(2026, 12, 15), date(2026, 12, 8)]


def test_moved_to_the_same_start_as_another_orders_by_series_day() -> None:
    change = Change(date(2026, 12, 15), "moved", new_day=date(2026, 12, 8))
    found = run(TUESDAYS, date(2026, 12, 8), date(2026, 12, 15), changes={change.day: change})
    assert [o.starts_at for o in found] == [utc(2026, 12, 8, 12, 15)] * 2
    assert [(o.day, o.status) for o in found] == [
        (date(2026, 12, 8), Status.PLANNED),
        (date(2026, 12, 15), Status.MOVED),
    ]


def test_skipped_day_carries_its_reason_and_series_start() -> None:
    def skip(day: date) -> Skip | None:
        return Skip("break", "Jullov") if day == date(2026, 12, 22) else None

    found = run(TUESDAYS, date(2026, 12, 15), date(2026, 12, 29), skip=skip)
    assert found == [
        Occurrence(date(2026, 12, 15), Status.PLANNED, utc(2026, 12, 15, 12, 15), HOUR),
        Occurrence(
            date(2026, 12, 22), Status.SKIPPED, utc(2026, 12, 22, 12, 15), HOUR, Skip("break", "Jullov")
        ),
        Occurrence(date(2026, 12, 29), Status.PLANNED, utc(2026, 12, 29, 12, 15), HOUR),
    ]
    assert not found[1].held


def test_a_change_wins_over_a_skip() -> None:
    # Moving the meeting off a holiday is the point of moving it; a cancelled holiday stays cancelled.
    holiday = Skip("holiday", "Julafton")
    thursdays = series(date(2026, 12, 3))
    changes = {
        date(2026, 12, 24): Change(date(2026, 12, 24), "moved", new_day=date(2026, 12, 23)),
        date(2026, 12, 31): Change(date(2026, 12, 31), "cancelled"),
    }
    found = run(thursdays, date(2026, 12, 24), date(2026, 12, 31), changes=changes, skip=lambda d: holiday)
    assert [(o.day, o.status, o.skip) for o in found] == [
        (date(2026, 12, 24), Status.MOVED, None),
        (date(2026, 12, 31), Status.CANCELLED, None),
    ]


def test_changes_for_days_outside_the_window_or_off_series_are_ignored() -> None:
    changes = {
        date(2026, 12, 9): Change(date(2026, 12, 9), "cancelled"),  # a Wednesday: not a series day
        date(2026, 12, 22): Change(date(2026, 12, 22), "moved", new_day=date(2026, 12, 10)),  # outside
    }
    found = run(TUESDAYS, date(2026, 12, 8), date(2026, 12, 15), changes=changes)
    assert [(o.day, o.status) for o in found] == [
        (date(2026, 12, 8), Status.PLANNED),
        (date(2026, 12, 15), Status.PLANNED),
    ]


def test_the_window_selects_by_series_day_not_by_actual_start() -> None:
    # Moved out of the window, it is still listed; moved into it from outside, it is not.
    changes = {
        date(2026, 12, 8): Change(date(2026, 12, 8), "moved", new_day=date(2027, 1, 14)),
        date(2026, 12, 22): Change(date(2026, 12, 22), "moved", new_day=date(2026, 12, 10)),
    }
    found = run(TUESDAYS, date(2026, 12, 8), date(2026, 12, 15), changes=changes)
    assert [(o.day, o.status, o.starts_at) for o in found] == [
        (date(2026, 12, 15), Status.PLANNED, utc(2026, 12, 15, 12, 15)),
        (date(2026, 12, 8), Status.MOVED, utc(2027, 1, 14, 12, 15)),
    ]


def test_with_the_real_calendar_over_christmas() -> None:
    calendar = Calendar([SchoolBreak("Jullov", date(2026, 12, 21), date(2027, 1, 8))])
    thursdays = series(date(2026, 12, 3), time(8, 30))
    found = run(thursdays, date(2026, 12, 17), date(2027, 1, 14), skip=calendar.skip)
    assert [(o.day, o.status, o.skip) for o in found] == [
        (date(2026, 12, 17), Status.PLANNED, None),
        (date(2026, 12, 24), Status.SKIPPED, Skip("holiday", Holiday.CHRISTMAS_EVE)),  # wins over the break
        (date(2026, 12, 31), Status.SKIPPED, Skip("holiday", Holiday.NEW_YEARS_EVE)),
        (date(2027, 1, 7), Status.SKIPPED, Skip("break", "Jullov")),
        (date(2027, 1, 14), Status.PLANNED, None),
    ]


def test_monday_after_easter_is_skipped_but_keeps_its_summer_time_start() -> None:
    s = Series(0, time(9), 1, date(2027, 3, 1), HOUR)
    found = run(s, date(2027, 3, 22), date(2027, 4, 5), skip=Calendar().skip)
    assert [(o.day, o.status, o.starts_at, o.skip) for o in found] == [
        (date(2027, 3, 22), Status.PLANNED, utc(2027, 3, 22, 8), None),
        (date(2027, 3, 29), Status.SKIPPED, utc(2027, 3, 29, 7), Skip("holiday", Holiday.EASTER_MONDAY)),
        (date(2027, 4, 5), Status.PLANNED, utc(2027, 4, 5, 7), None),
    ]


def test_empty_window_gives_no_occurrences() -> None:
    assert run(TUESDAYS, date(2026, 12, 9), date(2026, 12, 14)) == []
    assert run(TUESDAYS, date(2026, 1, 1), date(2026, 10, 31)) == []  # before the anchor


# --- first_day -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (local(2026, 12, 8, 10, 0), date(2026, 12, 8)),  # Tuesday morning: later today
        (local(2026, 12, 8, 13, 14), date(2026, 12, 8)),
        (local(2026, 12, 8, 13, 15), date(2026, 12, 15)),  # starting right now is not ahead
        (local(2026, 12, 8, 14, 0), date(2026, 12, 15)),  # already past: next week's
        (local(2026, 12, 7, 23, 0), date(2026, 12, 8)),  # Monday: tomorrow
        (local(2026, 12, 9, 8, 0), date(2026, 12, 15)),  # Wednesday: next Tuesday
        (local(2026, 12, 13, 12, 0), date(2026, 12, 15)),  # Sunday
        (local(2026, 12, 30, 9, 0), date(2027, 1, 5)),  # across new year
    ],
)
def test_first_day_for_tuesday_1315(now: datetime, expected: date) -> None:
    assert first_day(1, time(13, 15), now, STOCKHOLM) == expected


def test_first_day_reads_now_in_the_school_zone_not_utc() -> None:
    # 23:30 UTC on Monday is already Tuesday 00:30 in Stockholm: today's 13:15 is still ahead.
    assert first_day(1, time(13, 15), utc(2026, 12, 7, 23, 30), STOCKHOLM) == date(2026, 12, 8)
    # 12:30 UTC on Tuesday in summer is 14:30 local: today's 13:15 has passed (though 12:30 < 13:15).
    assert first_day(1, time(13, 15), utc(2027, 6, 8, 12, 30), STOCKHOLM) == date(2027, 6, 15)
    # 11:30 UTC in winter is 12:30 local: still ahead.
    assert first_day(1, time(13, 15), utc(2026, 12, 8, 11, 30), STOCKHOLM) == date(2026, 12, 8)


def test_first_day_on_the_monday_after_summer_time_starts() -> None:
    now = local(2027, 3, 29, 8, 30)
    assert now == utc(2027, 3, 29, 6, 30)
    assert first_day(0, time(9), now, STOCKHOLM) == date(2027, 3, 29)
    assert first_day(0, time(8), now, STOCKHOLM) == date(2027, 4, 5)


@settings(max_examples=300, deadline=None)
@given(
    weekday=st.integers(min_value=0, max_value=4),
    start=entered_times,
    now=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2080, 1, 1), timezones=st.just(UTC)),
)
def test_first_day_is_the_first_meeting_still_ahead(weekday: int, start: time, now: datetime) -> None:
    day = first_day(weekday, start, now, STOCKHOLM)
    assert day.weekday() == weekday
    meeting = datetime.combine(day, start, tzinfo=STOCKHOLM)
    week_before = datetime.combine(day - timedelta(days=7), start, tzinfo=STOCKHOLM)
    assert week_before <= now < meeting
