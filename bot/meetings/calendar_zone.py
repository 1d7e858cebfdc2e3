"""The municipality's time zone as a VTIMEZONE that every common calendar reader expands alike.

icalendar writes a zone's transitions as one multi-valued RDATE per observance; Mozilla's ical.js
(Thunderbird, many web calendars) reads only the first value and so puts every meeting after the
spring change an hour late. Yearly RRULEs (`BYMONTH=3;BYDAY=-1SU`), as most producers write
them, are read the same everywhere. A zone whose changes follow no yearly rule gets one observance
per change instead, each with a single DTSTART: still no multi-valued RDATE.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True, slots=True)
class _Change:
    """One change of the zone's UTC offset; `local` is the wall time just before it."""

    local: datetime
    before: timedelta
    after: timedelta
    name: str

    @property
    def rule(self) -> tuple[int, str, timedelta, timedelta, str]:
        """What a yearly RRULE must repeat: month, n-th weekday, time of day, offsets."""
        last = calendar.monthrange(self.local.year, self.local.month)[1]
        nth = -1 if self.local.day + 7 > last else (self.local.day - 1) // 7 + 1
        when = timedelta(hours=self.local.hour, minutes=self.local.minute)
        return self.local.month, f"{nth}{_DAYS[self.local.weekday()]}", when, self.before, self.after


def vtimezone(zone: ZoneInfo, first_year: int, last_year: int) -> icalendar.Timezone:
    """`zone` for meetings from `first_year` to `last_year`, with yearly rules where the zone has them."""
    tz = icalendar.Timezone()
    tz.add("tzid", zone.key)
    # The observance in force at a January meeting began the autumn before: start a year early.
    years = [_changes(zone, year) for year in range(first_year - 1, last_year + 1)]
    if not any(years):
        tz.add_component(_fixed(zone, first_year))
    elif all([c.rule for c in year] == [c.rule for c in years[0]] for year in years):
        for change in years[0]:
            tz.add_component(_observance(change, yearly=True))
    else:
        for change in (c for year in years for c in year):
            tz.add_component(_observance(change, yearly=False))
    return tz


@functools.cache  # a year's changes never change; the walk takes ~50 ms, and every feed request needs three
def _changes(zone: ZoneInfo, year: int) -> tuple[_Change, ...]:
    # Hour by hour through the year, then to the minute: zoneinfo exposes no transition list.
    found: list[_Change] = []
    at, end = datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
    offset = _offset(zone, at)
    while at < end:
        step = at + timedelta(hours=1)
        if _offset(zone, step) != offset:
            while _offset(zone, at + timedelta(minutes=1)) == offset:
                at += timedelta(minutes=1)
            step = at + timedelta(minutes=1)
            after = _offset(zone, step)
            name = step.astimezone(zone).tzname() or zone.key
            found.append(_Change((step + offset).replace(tzinfo=None), offset, after, name))
            offset = after
        at = step
    return tuple(found)


def _offset(zone: ZoneInfo, at: datetime) -> timedelta:
    return zone.utcoffset(at.astimezone(zone)) or timedelta(0)


def _observance(change: _Change, *, yearly: bool) -> icalendar.TimezoneStandard | icalendar.TimezoneDaylight:
    kind = icalendar.TimezoneDaylight if change.after > change.before else icalendar.TimezoneStandard
    part = kind()
    part.add("dtstart", change.local)
    part.add("tzoffsetfrom", change.before)
    part.add("tzoffsetto", change.after)
    part.add("tzname", change.name)
    if yearly:
        month, byday, _, _, _ = change.rule
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": byday})
    return part


def _fixed(zone: ZoneInfo, year: int) -> icalendar.TimezoneStandard:
    start = datetime(year - 1, 1, 1)
    offset = start.replace(tzinfo=zone).utcoffset()
    part = icalendar.TimezoneStandard()
    part.add("dtstart", start)
    part.add("tzoffsetfrom", offset)
    part.add("tzoffsetto", offset)
    part.add("tzname", start.replace(tzinfo=zone).tzname() or zone.key)
    return part
