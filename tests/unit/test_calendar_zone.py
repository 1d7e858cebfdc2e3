"""The VTIMEZONE written into the .ics export agrees with the zone database, hour by hour."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.meetings.calendar_zone import vtimezone


def _hours(first_year: int, last_year: int) -> list[datetime]:
    start, end = datetime(first_year, 1, 1, tzinfo=UTC), datetime(last_year + 1, 1, 1, tzinfo=UTC)
    return [start + timedelta(hours=h) for h in range(int((end - start) / timedelta(hours=1)))]


@pytest.mark.parametrize(
    ("key", "first", "last", "kinds"),
    [
        ("Europe/Stockholm", 2027, 2028, ["DAYLIGHT", "STANDARD"]),  # yearly rules
        ("Asia/Tokyo", 2027, 2027, ["STANDARD"]),  # no summer time at all
        ("America/Sao_Paulo", 2018, 2020, ["STANDARD", "DAYLIGHT"] * 2 + ["STANDARD"]),  # ended 2019
    ],
)
def test_the_written_zone_gives_the_zone_databases_offset_every_hour(
    key: str, first: int, last: int, kinds: list[str]
) -> None:
    zone = ZoneInfo(key)
    written = vtimezone(zone, first, last)
    assert [str(part.name) for part in written.subcomponents] == kinds
    assert not [part for part in written.subcomponents if "RDATE" in part]
    as_read = written.to_tz(lookup_tzid=False)
    hours = _hours(first, last)
    assert [h.astimezone(as_read).utcoffset() for h in hours] == [
        h.astimezone(zone).utcoffset() for h in hours
    ]


def test_only_a_zone_with_a_yearly_pattern_gets_rules() -> None:
    regular = vtimezone(ZoneInfo("Europe/Stockholm"), 2027, 2030).subcomponents
    ended = vtimezone(ZoneInfo("America/Sao_Paulo"), 2018, 2020).subcomponents
    assert all("RRULE" in part for part in regular)
    assert not any("RRULE" in part for part in ended)
