"""Working hours: weekdays 08:00–17:00 Stockholm wall-clock time, Swedish holidays closed."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.workhours import WorkingHours, is_working_day

STOCKHOLM = ZoneInfo("Europe/Stockholm")
HOURS = WorkingHours(STOCKHOLM)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A Stockholm wall-clock time as an aware UTC instant."""
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM).astimezone(UTC)


def h(hours: float) -> timedelta:
    return timedelta(hours=hours)


# --- is_working_time ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (local(2026, 11, 18, 8, 0), True),  # Wednesday opening
        (local(2026, 11, 18, 12, 30), True),
        (local(2026, 11, 18, 16, 59), True),
        (local(2026, 11, 18, 7, 59), False),
        (local(2026, 11, 18, 17, 0), False),  # closing is out
        (local(2026, 11, 18, 22, 0), False),
        (local(2026, 11, 21, 10, 0), False),  # Saturday
        (local(2026, 11, 22, 10, 0), False),  # Sunday
    ],
)
def test_is_working_time_inside_and_outside(instant: datetime, expected: bool) -> None:
    assert HOURS.is_working_time(instant) is expected


def test_is_working_time_uses_local_wall_clock_not_utc() -> None:
    # 07:30 UTC is 08:30 in Stockholm in winter, 09:30 in summer; 07:30 UTC in winter 06:30 → closed.
    assert HOURS.is_working_time(datetime(2026, 11, 18, 7, 30, tzinfo=UTC))
    assert not HOURS.is_working_time(datetime(2026, 11, 18, 6, 30, tzinfo=UTC))
    assert HOURS.is_working_time(datetime(2026, 6, 17, 6, 0, tzinfo=UTC))
    assert not HOURS.is_working_time(datetime(2026, 6, 17, 15, 0, tzinfo=UTC))


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 12, 24),  # julafton
        date(2026, 12, 25),  # juldagen
        date(2026, 12, 31),  # nyårsafton
        date(2027, 1, 1),  # nyårsdagen
        date(2027, 1, 6),  # trettondedag jul
        date(2027, 3, 26),  # långfredagen
        date(2027, 3, 29),  # annandag påsk
        date(2027, 5, 6),  # Kristi himmelfärds dag
        date(2027, 6, 25),  # midsommarafton
        date(2026, 5, 1),  # första maj
    ],
)
def test_holidays_and_de_facto_holidays_are_closed(day: date) -> None:
    assert not is_working_day(day)
    assert not HOURS.is_working_time(local(day.year, day.month, day.day, 10))


def test_ordinary_weekdays_around_holidays_are_open() -> None:
    assert is_working_day(date(2026, 12, 23))
    assert is_working_day(date(2026, 12, 28))  # annandag jul fell on Saturday: Monday is open
    assert is_working_day(date(2027, 6, 24))
    assert HOURS.is_working_time(local(2027, 5, 7, 9))  # klämdag after Kristi himmelfärd: open


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2026, 11, 18, 10)
    with pytest.raises(ValueError, match="timezone-aware"):
        HOURS.is_working_time(naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        HOURS.add(naive, 1)
    with pytest.raises(ValueError, match="timezone-aware"):
        HOURS.between(naive, naive)


def test_working_day_must_start_before_it_ends() -> None:
    with pytest.raises(ValueError, match="start before"):
        WorkingHours(STOCKHOLM, start=time(17), end=time(8))


# --- add ---------------------------------------------------------------------------------------


def test_add_within_the_same_day() -> None:
    assert HOURS.add(local(2026, 11, 18, 9), 3) == local(2026, 11, 18, 12)


def test_add_returns_utc() -> None:
    result = HOURS.add(datetime(2026, 11, 18, 10, tzinfo=STOCKHOLM), 1)
    assert result.tzinfo is UTC
    assert result == local(2026, 11, 18, 11)


def test_friday_afternoon_plus_two_hours_is_monday_morning() -> None:
    assert HOURS.add(local(2026, 11, 20, 16), 2) == local(2026, 11, 23, 9)


def test_add_ending_exactly_at_closing_stays_on_that_day() -> None:
    assert HOURS.add(local(2026, 11, 20, 15), 2) == local(2026, 11, 20, 17)


def test_add_a_full_working_day() -> None:
    assert HOURS.add(local(2026, 11, 18, 10), 9) == local(2026, 11, 19, 10)


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        (local(2026, 11, 21, 11), 1, local(2026, 11, 23, 9)),  # Saturday
        (local(2026, 11, 18, 6), 1, local(2026, 11, 18, 9)),  # before opening
        (local(2026, 11, 18, 17), 1, local(2026, 11, 19, 9)),  # at closing
        (local(2026, 11, 18, 21), 1.5, local(2026, 11, 19, 9, 30)),  # evening
        (local(2026, 12, 24, 10), 1, local(2026, 12, 28, 9)),  # on julafton
    ],
)
def test_add_starting_outside_hours_counts_from_next_opening(
    start: datetime, hours: float, expected: datetime
) -> None:
    assert HOURS.add(start, hours) == expected


def test_add_skips_christmas_and_new_year() -> None:
    # Wed 23 Dec 16:00 + 2 h: julafton, juldagen (Fri) and the weekend are closed → Mon 28 Dec 09:00.
    assert HOURS.add(local(2026, 12, 23, 16), 2) == local(2026, 12, 28, 9)
    # Wed 30 Dec 16:00 + 2 h: nyårsafton, nyårsdagen and the weekend are closed → Mon 4 Jan 09:00.
    assert HOURS.add(local(2026, 12, 30, 16), 2) == local(2027, 1, 4, 9)


def test_add_skips_midsommarafton() -> None:
    assert HOURS.add(local(2027, 6, 24, 16), 2) == local(2027, 6, 28, 9)


def test_add_skips_kristi_himmelfard() -> None:
    assert HOURS.add(local(2027, 5, 5, 16), 2) == local(2027, 5, 7, 9)


def test_add_across_spring_dst_change_keeps_wall_clock_hours() -> None:
    # Clocks go forward Sunday 29 March 2026; Friday is UTC+1, Monday UTC+2.
    result = HOURS.add(local(2026, 3, 27, 16), 2)
    assert result == local(2026, 3, 30, 9)
    assert result == datetime(2026, 3, 30, 7, tzinfo=UTC)


def test_add_across_autumn_dst_change_keeps_wall_clock_hours() -> None:
    # Clocks go back Sunday 25 October 2026; Friday is UTC+2, Monday UTC+1.
    result = HOURS.add(local(2026, 10, 23, 16), 2)
    assert result == local(2026, 10, 26, 9)
    assert result == datetime(2026, 10, 26, 8, tzinfo=UTC)


def test_add_across_easter_and_dst_together() -> None:
    # 2027: långfredagen 26 March, DST 28 March, annandag påsk 29 March.
    assert HOURS.add(local(2027, 3, 25, 16), 2) == local(2027, 3, 30, 9)


def test_add_zero_hours_returns_the_instant_itself() -> None:
    saturday = local(2026, 11, 21, 11)
    assert HOURS.add(saturday, 0) == saturday
    assert HOURS.add(local(2026, 11, 18, 10), 0) == local(2026, 11, 18, 10)


@pytest.mark.parametrize("hours", [-1, -0.001, float("nan"), float("inf")])
def test_add_refuses_negative_or_non_finite_hours(hours: float) -> None:
    with pytest.raises(ValueError, match="non-negative"):
        HOURS.add(local(2026, 11, 18, 10), hours)


def test_add_honours_custom_hours() -> None:
    short = WorkingHours(STOCKHOLM, start=time(9), end=time(15, 30))
    assert short.add(local(2026, 11, 20, 15), 1) == local(2026, 11, 23, 9, 30)


# --- between -----------------------------------------------------------------------------------


def test_between_within_a_day() -> None:
    assert HOURS.between(local(2026, 11, 18, 9), local(2026, 11, 18, 11, 30)) == h(2.5)


def test_between_across_a_weekend() -> None:
    assert HOURS.between(local(2026, 11, 20, 16), local(2026, 11, 23, 9)) == h(2)
    assert HOURS.between(local(2026, 11, 20, 8), local(2026, 11, 23, 17)) == h(18)


def test_between_across_holidays() -> None:
    # Mon 21 Dec 08:00 → Mon 4 Jan 17:00: open 21, 22, 23, 28, 29, 30 Dec and 4 Jan.
    assert HOURS.between(local(2026, 12, 21, 8), local(2027, 1, 4, 17)) == h(7 * 9)
    # Across Kristi himmelfärd: Wed 16:00 → Fri 10:00 is 1 h + 2 h.
    assert HOURS.between(local(2027, 5, 5, 16), local(2027, 5, 7, 10)) == h(3)


def test_between_from_and_to_outside_hours() -> None:
    assert HOURS.between(local(2026, 11, 21, 12), local(2026, 11, 22, 12)) == timedelta(0)
    assert HOURS.between(local(2026, 11, 18, 6), local(2026, 11, 18, 20)) == h(9)
    assert HOURS.between(local(2026, 11, 18, 20), local(2026, 11, 19, 10)) == h(2)


def test_between_across_dst_counts_wall_clock_hours() -> None:
    assert HOURS.between(local(2026, 3, 27, 8), local(2026, 3, 30, 17)) == h(18)
    assert HOURS.between(local(2026, 10, 23, 8), local(2026, 10, 26, 17)) == h(18)


def test_between_is_zero_when_end_is_not_after_start() -> None:
    instant = local(2026, 11, 18, 10)
    assert HOURS.between(instant, instant) == timedelta(0)
    assert HOURS.between(instant, local(2026, 11, 18, 9)) == timedelta(0)


def test_between_accepts_any_aware_zone() -> None:
    start = datetime(2026, 11, 18, 9, tzinfo=STOCKHOLM)
    end = datetime(2026, 11, 18, 10, tzinfo=UTC)  # 11:00 Stockholm
    assert HOURS.between(start, end) == h(2)


def test_a_year_of_working_time_is_fast_and_plausible() -> None:
    # 2027 has 253 working days: 261 weekdays less 8 weekday holidays (de-facto ones included).
    assert HOURS.between(local(2027, 1, 1), local(2028, 1, 1)) == h(253 * 9)


# --- properties --------------------------------------------------------------------------------

instants = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2031, 12, 31), timezones=st.just(UTC)
)
working_instants = st.builds(
    lambda day, minutes: local(day.year, day.month, day.day) + timedelta(minutes=minutes),
    st.dates(min_value=date(2024, 1, 1), max_value=date(2031, 12, 31)).filter(is_working_day),
    st.integers(min_value=8 * 60, max_value=17 * 60 - 1),
)
hour_amounts = st.floats(min_value=0, max_value=500, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(start=working_instants, hours=hour_amounts)
def test_between_inverts_add_from_working_time(start: datetime, hours: float) -> None:
    assert HOURS.is_working_time(start)
    assert HOURS.between(start, HOURS.add(start, hours)) == timedelta(hours=hours)


@settings(max_examples=300, deadline=None)
@given(start=instants, hours=hour_amounts)
def test_between_inverts_add_from_any_instant(start: datetime, hours: float) -> None:
    end = HOURS.add(start, hours)
    assert end >= start
    assert HOURS.between(start, end) == timedelta(hours=hours)


@settings(max_examples=300, deadline=None)
@given(first=instants, second=instants, third=instants)
def test_between_is_additive(first: datetime, second: datetime, third: datetime) -> None:
    a, b, c = sorted((first, second, third))
    assert HOURS.between(a, c) == HOURS.between(a, b) + HOURS.between(b, c)
