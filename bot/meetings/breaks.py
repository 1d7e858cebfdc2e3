"""School breaks (lov) from the municipality's file, and the one rule for days without a meeting.

There is no national source for school breaks: each municipality sets them. BRYGGAN_SCHOOL_BREAKS
names a YAML or CSV file with a name and either a first and last day or an ISO week (2027-W08).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

import holidays
import yaml

from bot.csvfiles import delimiter
from bot.errors import ConfigError
from bot.meetings.recurrence import Skip, SkipKind
from bot.workhours import is_working_day

_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SchoolBreak:
    name: str
    first: date
    last: date


class Calendar:
    """Which days a meeting cannot be held: weekends, Swedish public and de-facto holidays, breaks."""

    def __init__(self, breaks: Iterable[SchoolBreak] = ()) -> None:
        self.breaks = sorted(breaks, key=lambda b: b.first)

    def skip(self, day: date) -> Skip | None:
        """Why no meeting is held on `day`, or None when it may be."""
        if not is_working_day(day):
            return Skip(SkipKind.HOLIDAY, holiday(day) or Holiday.WEEKEND)
        for school_break in self.breaks:
            if school_break.first <= day <= school_break.last:
                return Skip(SkipKind.BREAK, school_break.name)
        return None


class Holiday(StrEnum):
    """A day off by its key; the templates name it in Swedish and English."""

    NEW_YEARS_DAY = "new_years_day"
    EPIPHANY = "epiphany"
    GOOD_FRIDAY = "good_friday"
    EASTER_SUNDAY = "easter_sunday"
    EASTER_MONDAY = "easter_monday"
    MAY_DAY = "may_day"
    ASCENSION_DAY = "ascension_day"
    NATIONAL_DAY = "national_day"
    PENTECOST = "pentecost"
    PENTECOST_MONDAY = "pentecost_monday"  # a public holiday until 2004, still in dates from then
    MIDSUMMER_EVE = "midsummer_eve"
    MIDSUMMER_DAY = "midsummer_day"
    ALL_SAINTS_DAY = "all_saints_day"
    CHRISTMAS_EVE = "christmas_eve"
    CHRISTMAS_DAY = "christmas_day"
    BOXING_DAY = "boxing_day"
    NEW_YEARS_EVE = "new_years_eve"
    OTHER = "other"  # a holiday the `holidays` library adds later: worded as "public holiday"
    WEEKEND = "weekend"  # Saturday or Sunday without a holiday


# The `holidays` library's English names (stable across its languages) to Bryggan's keys.
_KEYS = {
    "New Year's Day": Holiday.NEW_YEARS_DAY,
    "Epiphany": Holiday.EPIPHANY,
    "Good Friday": Holiday.GOOD_FRIDAY,
    "Easter Sunday": Holiday.EASTER_SUNDAY,
    "Easter Monday": Holiday.EASTER_MONDAY,
    "May Day": Holiday.MAY_DAY,
    "Ascension Day": Holiday.ASCENSION_DAY,
    "National Day": Holiday.NATIONAL_DAY,
    "Pentecost": Holiday.PENTECOST,
    "Pentecost Monday": Holiday.PENTECOST_MONDAY,
    "Midsummer Eve": Holiday.MIDSUMMER_EVE,
    "Midsummer Day": Holiday.MIDSUMMER_DAY,
    "All Saints' Day": Holiday.ALL_SAINTS_DAY,
    "Christmas Eve": Holiday.CHRISTMAS_EVE,
    "Christmas Day": Holiday.CHRISTMAS_DAY,
    "Second Day of Christmas": Holiday.BOXING_DAY,
    "New Year's Eve": Holiday.NEW_YEARS_EVE,
}


def holiday(day: date) -> Holiday | None:
    """The public or de-facto holiday on `day`, if any (weekends have none)."""
    calendar = holidays.Sweden(
        categories=(holidays.PUBLIC, holidays.DE_FACTO), years=day.year, language="en_US"
    )
    names = [n.strip() for n in (calendar.get(day) or "").split(";") if n.strip() and n.strip() != "Sunday"]
    return _KEYS.get(names[0], Holiday.OTHER) if names else None


def load_breaks(path: Path | None) -> list[SchoolBreak]:
    """The breaks in `path` (YAML or CSV); ConfigError naming the entry when one is wrong."""
    if path is None:
        return []
    if not path.is_file():
        raise ConfigError(f"BRYGGAN_SCHOOL_BREAKS: no such file: {path}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"BRYGGAN_SCHOOL_BREAKS: {path} is not UTF-8 (save it as CSV UTF-8)") from None
    return parse_breaks(text, as_csv=path.suffix.lower() == ".csv", source=str(path))


def parse_breaks(text: str, *, as_csv: bool | None = None, source: str = "the file") -> list[SchoolBreak]:
    """The breaks in a file's text; `as_csv` None tells by the text (a YAML entry has a colon on its
    first line, a CSV header none). ConfigError naming the entry when one is wrong."""
    if as_csv is None:
        first = next((line for line in text.splitlines() if line.strip() and not line.startswith("#")), "")
        as_csv = ":" not in first
    if as_csv:
        reader = csv.DictReader(text.splitlines(), delimiter=delimiter(text), skipinitialspace=True)
        rows: list[Any] = [{(k or "").strip(): v for k, v in row.items()} for row in reader]
    else:
        rows = _yaml_rows(text, source)
    if not isinstance(rows, list):
        raise ConfigError(f"BRYGGAN_SCHOOL_BREAKS: {source} must hold a list of breaks")
    return [_entry(row, number) for number, row in enumerate(rows, start=1)]


class _DatesAsText(yaml.SafeLoader):
    """YAML without its own date parsing, so every day is checked (and reported) in one place."""


_DatesAsText.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _yaml_rows(text: str, path: str) -> Any:
    try:
        loaded = yaml.load(text, Loader=_DatesAsText) or []  # noqa: S506 — a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ConfigError(
            f"BRYGGAN_SCHOOL_BREAKS: {path} is not valid YAML ({exc.__class__.__name__})"
        ) from None
    if isinstance(loaded, dict):
        if "breaks" not in loaded:
            raise ConfigError(f"BRYGGAN_SCHOOL_BREAKS: {path} must be a list, or have a 'breaks:' list")
        return loaded["breaks"]
    return loaded


def _entry(row: Any, number: int) -> SchoolBreak:
    where = f"BRYGGAN_SCHOOL_BREAKS entry {number}"
    if not isinstance(row, dict) or not str(row.get("name") or "").strip():
        raise ConfigError(f"{where}: needs a name")
    name = str(row["name"]).strip()
    week = str(row.get("week") or "").strip()
    if week:
        first, last = _iso_week(week, where)
    else:
        first, last = _day(row.get("first"), where, "first"), _day(row.get("last"), where, "last")
    if last < first:
        raise ConfigError(f"{where} ({name}): last day {last} is before first day {first}")
    return SchoolBreak(name, first, last)


def _iso_week(text: str, where: str) -> tuple[date, date]:
    match = _WEEK.match(text)
    try:
        if not match:
            raise ValueError(text)
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise ConfigError(f"{where}: week must look like 2027-W08, not {text!r}") from None
    return monday, monday + timedelta(days=6)


def _day(value: Any, where: str, field: str) -> date:
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ConfigError(f"{where}: {field} must be a day such as 2027-02-22, not {value!r}") from None
