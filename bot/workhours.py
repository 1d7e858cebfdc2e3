"""Working hours for social services' response-time rules: weekdays 08:00–17:00, not on holidays."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

_ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    # Built on first use, not at import. DE_FACTO brings julafton, midsommarafton and nyårsafton;
    # the data also lists every Sunday, which is harmless since weekends are closed anyway.
    calendar = holidays.Sweden(categories=(holidays.PUBLIC, holidays.DE_FACTO), years=year)
    return frozenset(calendar.keys())


def is_working_day(day: date) -> bool:
    """Whether `day` is a Swedish weekday that is neither a public nor a de-facto holiday."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def _aware(instant: datetime) -> datetime:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("working-hours arithmetic needs a timezone-aware datetime")
    return instant.astimezone(UTC)


@dataclass(frozen=True)
class WorkingHours:
    """Monday–Friday `start`–`end` local wall-clock time in `zone`, excluding Swedish holidays."""

    zone: ZoneInfo
    start: time = time(8)
    end: time = time(17)

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("start and end are local wall-clock times without tzinfo")
        if not self.start < self.end:
            raise ValueError("the working day must start before it ends")

    def is_working_time(self, instant: datetime) -> bool:
        """Whether `instant` (timezone-aware) falls within working hours; opening is in, closing is out."""
        local = _aware(instant).astimezone(self.zone)
        return is_working_day(local.date()) and self.start <= local.time() < self.end

    def add(self, instant: datetime, hours: float) -> datetime:
        """The earliest UTC instant by which `hours` working hours have passed since `instant`."""
        if not math.isfinite(hours) or hours < 0:
            raise ValueError(f"hours must be a finite, non-negative number, not {hours!r}")
        origin = _aware(instant)
        remaining = timedelta(hours=hours)
        if not remaining:
            return origin
        for opening, closing in self._windows_from(origin):
            begin = max(opening, origin)
            if begin >= closing:
                continue
            if remaining <= closing - begin:
                return begin + remaining
            remaining -= closing - begin
        raise AssertionError("unreachable: the windows never run out")  # pragma: no cover

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Working time elapsed from `start` to `end` (timezone-aware); zero if `end` is not after `start`."""
        first, last = _aware(start), _aware(end)
        elapsed = timedelta(0)
        if last <= first:
            return elapsed
        for opening, closing in self._windows_from(first):
            if opening >= last:
                break
            overlap = min(closing, last) - max(opening, first)
            if overlap > timedelta(0):
                elapsed += overlap
        return elapsed

    def _windows_from(self, instant: datetime) -> Iterator[tuple[datetime, datetime]]:
        # Walk local calendar days so 08:00–17:00 stays wall-clock time across DST changes; compare
        # in UTC because Python subtracts same-zone aware datetimes as wall clocks, not real time.
        day = instant.astimezone(self.zone).date()
        while True:
            if is_working_day(day):
                yield self._instant(day, self.start), self._instant(day, self.end)
            day += _ONE_DAY

    def _instant(self, day: date, wall: time) -> datetime:
        return datetime.combine(day, wall, tzinfo=self.zone).astimezone(UTC)
