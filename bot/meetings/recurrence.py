"""A school's EHT meetings as dates: the series, minus holidays and breaks, with cancellations and moves.

Pure functions on local wall-clock times in one zone. Start times are combined with each local day
separately, so 13:15 stays 13:15 across the DST changes; 02:00–03:00 is refused where times are
entered, since that hour is skipped in March and repeated in October.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from storage.models import ChangeKind

DST_HOUR = (time(2), time(3))


class Status(StrEnum):
    PLANNED = "planned"
    MOVED = "moved"
    CANCELLED = "cancelled"
    SKIPPED = "skipped"  # a public holiday or a school break


class SkipKind(StrEnum):
    HOLIDAY = "holiday"  # a weekend or a Swedish public or de-facto holiday
    BREAK = "break"  # one of the municipality's school breaks


@dataclass(frozen=True, slots=True)
class Skip:
    """Why no meeting is held on a day: a holiday's key (`bot.meetings.breaks.Holiday`), worded by the
    templates in each language, or a break's name as the municipality's file gives it."""

    kind: SkipKind
    name: str


@dataclass(frozen=True, slots=True)
class Series:
    weekday: int
    start: time
    every_weeks: int
    anchor: date
    duration: timedelta


@dataclass(frozen=True, slots=True)
class Change:
    """One occurrence (by its series day) cancelled, or moved to another day and/or time."""

    day: date
    kind: ChangeKind
    new_day: date | None = None
    new_start: time | None = None


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One meeting of a series: `day` is its series day (its identity), `starts_at` when it really starts."""

    day: date
    status: Status
    starts_at: datetime  # UTC
    duration: timedelta
    skip: Skip | None = None

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + self.duration

    @property
    def held(self) -> bool:
        """Whether the meeting takes place (planned or moved)."""
        return self.status in (Status.PLANNED, Status.MOVED)

    def local(self, zone: ZoneInfo) -> datetime:
        return self.starts_at.astimezone(zone)


def in_dst_hour(wall: time) -> bool:
    """Whether a local time falls in 02:00–03:00, which DST skips or repeats in Sweden."""
    return DST_HOUR[0] <= wall < DST_HOUR[1]


def first_day(weekday: int, start: time, now: datetime, zone: ZoneInfo) -> date:
    """The first day on `weekday` whose meeting at `start` is still ahead of `now`."""
    local = now.astimezone(zone)
    day = local.date() + timedelta(days=(weekday - local.weekday()) % 7)
    if datetime.combine(day, start, tzinfo=zone) <= local:
        day += timedelta(days=7)
    return day


def series_days(series: Series, first: date, last: date) -> list[date]:
    """The series' days from `first` to `last` inclusive."""
    step = timedelta(weeks=series.every_weeks)
    if last < series.anchor:
        return []
    skipped_steps = max(0, (first - series.anchor).days) // step.days
    day = series.anchor + skipped_steps * step
    days = []
    while day <= last:
        if day >= first:
            days.append(day)
        day += step
    return days


def occurrences(
    series: Series,
    *,
    changes: Mapping[date, Change],
    skip: Callable[[date], Skip | None],
    zone: ZoneInfo,
    first: date,
    last: date,
) -> list[Occurrence]:
    """Every occurrence whose series day lies in `first`..`last`, in the order they start."""
    found = [
        _occurrence(series, day, changes.get(day), skip, zone) for day in series_days(series, first, last)
    ]
    return sorted(found, key=lambda o: (o.starts_at, o.day))


def _occurrence(
    series: Series, day: date, change: Change | None, skip: Callable[[date], Skip | None], zone: ZoneInfo
) -> Occurrence:
    start = _utc(day, series.start, zone)
    if change is not None and change.kind == ChangeKind.CANCELLED:
        return Occurrence(day, Status.CANCELLED, start, series.duration)
    if change is not None and change.kind == ChangeKind.MOVED:
        moved = _utc(change.new_day or day, change.new_start or series.start, zone)
        return Occurrence(day, Status.MOVED, moved, series.duration)
    reason = skip(day)
    if reason is not None:
        return Occurrence(day, Status.SKIPPED, start, series.duration, reason)
    return Occurrence(day, Status.PLANNED, start, series.duration)


def _utc(day: date, wall: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, wall, tzinfo=zone).astimezone(UTC)
