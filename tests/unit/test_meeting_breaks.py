"""Days without an EHT meeting: weekends, Swedish holidays by name, and school breaks from a YAML/CSV file."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import ConfigError
from bot.meetings.breaks import Calendar, Holiday, SchoolBreak, holiday, load_breaks
from bot.meetings.recurrence import Series, Skip, SkipKind, Status, occurrences
from bot.workhours import is_working_day
from templates import Templates

EXAMPLE = Path(__file__).parent / "data" / "school_breaks_example.yaml"
SPORTLOV = SchoolBreak("Sportlov", date(2027, 2, 22), date(2027, 2, 28))


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


# --- holiday --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "key"),
    [
        (date(2026, 12, 24), Holiday.CHRISTMAS_EVE),
        (date(2026, 12, 25), Holiday.CHRISTMAS_DAY),
        (date(2026, 12, 31), Holiday.NEW_YEARS_EVE),
        (date(2027, 1, 1), Holiday.NEW_YEARS_DAY),
        (date(2027, 1, 6), Holiday.EPIPHANY),
        (date(2027, 3, 26), Holiday.GOOD_FRIDAY),
        (date(2027, 3, 29), Holiday.EASTER_MONDAY),
        (date(2027, 5, 6), Holiday.ASCENSION_DAY),
        (date(2027, 6, 25), Holiday.MIDSUMMER_EVE),
        (date(2028, 6, 6), Holiday.NATIONAL_DAY),  # a Tuesday
        (date(2028, 5, 1), Holiday.MAY_DAY),
        (date(2027, 6, 26), Holiday.MIDSUMMER_DAY),  # a Saturday
        (date(2027, 11, 6), Holiday.ALL_SAINTS_DAY),  # a Saturday
        (date(2027, 3, 28), Holiday.EASTER_SUNDAY),  # a Sunday: the holiday, not "Sunday"
        (date(2027, 6, 6), Holiday.NATIONAL_DAY),  # a Sunday
        (date(2026, 6, 6), Holiday.NATIONAL_DAY),  # a Saturday
        (date(2004, 5, 31), Holiday.PENTECOST_MONDAY),  # Whit Monday, a public holiday until 2004
    ],
)
def test_holidays_by_key(day: date, key: Holiday) -> None:
    assert holiday(day) is key


@pytest.mark.parametrize(
    "day",
    [
        date(2027, 2, 16),  # an ordinary Tuesday
        date(2027, 2, 20),  # an ordinary Saturday
        date(2027, 2, 21),  # an ordinary Sunday: the data lists every Sunday, which is not a name
        date(2026, 12, 23),  # the day before julafton
    ],
)
def test_no_holiday_on_ordinary_days(day: date) -> None:
    assert holiday(day) is None


# --- Calendar.skip -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 12, 24), Holiday.CHRISTMAS_EVE),
        (date(2027, 6, 25), Holiday.MIDSUMMER_EVE),
        (date(2027, 5, 6), Holiday.ASCENSION_DAY),
        (date(2025, 6, 6), Holiday.NATIONAL_DAY),  # a Friday
        (date(2028, 6, 6), Holiday.NATIONAL_DAY),  # a Tuesday
        (date(2027, 12, 31), Holiday.NEW_YEARS_EVE),
        (date(2027, 6, 26), Holiday.MIDSUMMER_DAY),
    ],
)
def test_holidays_are_skipped_by_key(day: date, name: Holiday) -> None:
    assert Calendar().skip(day) == Skip(SkipKind.HOLIDAY, name)


def test_ordinary_tuesday_is_not_skipped() -> None:
    assert Calendar().skip(date(2027, 2, 16)) is None
    assert Calendar([SPORTLOV]).skip(date(2027, 2, 16)) is None


@pytest.mark.parametrize("day", [date(2027, 2, 20), date(2027, 2, 21), date(2026, 12, 5), date(2026, 12, 6)])
def test_weekend_is_a_holiday_skip(day: date) -> None:
    assert Calendar().skip(day) == Skip(SkipKind.HOLIDAY, Holiday.WEEKEND)


@pytest.mark.parametrize("day", [date(2027, 2, 22), date(2027, 2, 24), date(2027, 2, 26)])
def test_break_day_gives_the_break_name(day: date) -> None:
    assert Calendar([SPORTLOV]).skip(day) == Skip(SkipKind.BREAK, "Sportlov")


def test_break_bounds_are_inclusive() -> None:
    autumn = SchoolBreak("Höstlov", date(2026, 10, 27), date(2026, 10, 29))
    calendar = Calendar([autumn])
    assert calendar.skip(date(2026, 10, 26)) is None
    assert calendar.skip(date(2026, 10, 27)) == Skip(SkipKind.BREAK, "Höstlov")
    assert calendar.skip(date(2026, 10, 29)) == Skip(SkipKind.BREAK, "Höstlov")
    assert calendar.skip(date(2026, 10, 30)) is None


def test_weekend_and_holiday_inside_a_break_are_holiday_skips() -> None:
    easter = SchoolBreak("Påsklov", date(2027, 3, 22), date(2027, 4, 2))
    calendar = Calendar([easter])
    assert calendar.skip(date(2027, 3, 26)) == Skip(SkipKind.HOLIDAY, Holiday.GOOD_FRIDAY)
    assert calendar.skip(date(2027, 3, 27)) == Skip(SkipKind.HOLIDAY, Holiday.WEEKEND)
    assert calendar.skip(date(2027, 3, 29)) == Skip(SkipKind.HOLIDAY, Holiday.EASTER_MONDAY)
    assert calendar.skip(date(2027, 3, 30)) == Skip(SkipKind.BREAK, "Påsklov")


def test_overlapping_breaks_name_the_one_starting_first() -> None:
    late = SchoolBreak("Studiedag", date(2027, 2, 24), date(2027, 2, 24))
    calendar = Calendar([late, SPORTLOV])
    assert [b.name for b in calendar.breaks] == ["Sportlov", "Studiedag"]
    assert calendar.skip(date(2027, 2, 24)) == Skip(SkipKind.BREAK, "Sportlov")


def test_calendar_accepts_any_iterable_of_breaks() -> None:
    assert Calendar(b for b in [SPORTLOV]).skip(date(2027, 2, 23)) == Skip(SkipKind.BREAK, "Sportlov")


@settings(max_examples=300, deadline=None)
@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2080, 12, 31)))
def test_skip_agrees_with_working_days(day: date) -> None:
    found = Calendar().skip(day)
    if is_working_day(day):
        assert found is None
    else:
        assert found is not None
        assert found.kind is SkipKind.HOLIDAY
        assert found.name == (holiday(day) or Holiday.WEEKEND)
        assert found.name is not Holiday.OTHER  # the key table knows every holiday the library gives


# --- load_breaks: YAML ---------------------------------------------------------------------------


def test_no_path_means_no_breaks() -> None:
    assert load_breaks(None) == []


def test_example_file_linkoping_like_school_year() -> None:
    assert load_breaks(EXAMPLE) == [
        SchoolBreak("Höstlov", date(2026, 10, 26), date(2026, 11, 1)),
        SchoolBreak("Jullov", date(2026, 12, 21), date(2027, 1, 8)),
        SchoolBreak("Sportlov", date(2027, 2, 22), date(2027, 2, 28)),
        SchoolBreak("Påsklov", date(2027, 3, 29), date(2027, 4, 2)),
        SchoolBreak("Sommarlov", date(2027, 6, 14), date(2027, 8, 13)),
    ]


def test_example_file_with_a_weekly_series_over_the_school_year() -> None:
    calendar = Calendar(load_breaks(EXAMPLE))
    tuesdays = Series(1, time(13, 15), 1, date(2026, 8, 18), timedelta(hours=1))
    found = occurrences(
        tuesdays,
        changes={},
        skip=calendar.skip,
        zone=ZoneInfo("Europe/Stockholm"),
        first=date(2026, 8, 18),
        last=date(2027, 6, 8),
    )
    skipped = {o.day: o.skip for o in found if o.status is Status.SKIPPED}
    assert skipped == {
        date(2026, 10, 27): Skip("break", "Höstlov"),
        date(2026, 12, 22): Skip("break", "Jullov"),
        date(2026, 12, 29): Skip("break", "Jullov"),
        date(2027, 1, 5): Skip("break", "Jullov"),
        date(2027, 2, 23): Skip("break", "Sportlov"),
        date(2027, 3, 30): Skip("break", "Påsklov"),
    }
    assert len(found) == 43
    assert sum(o.held for o in found) == 37


def test_yaml_list(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "lov.yaml",
        "- name: Sportlov\n  week: 2027-W08\n- name: Påsklov\n  first: 2027-03-29\n  last: 2027-04-02\n",
    )
    assert load_breaks(path) == [
        SchoolBreak("Sportlov", date(2027, 2, 22), date(2027, 2, 28)),
        SchoolBreak("Påsklov", date(2027, 3, 29), date(2027, 4, 2)),
    ]


def test_yaml_mapping_with_breaks(tmp_path: Path) -> None:
    path = write(tmp_path, "lov.yml", "breaks:\n  - name: Sportlov\n    week: 2027-W08\n")
    assert load_breaks(path) == [SPORTLOV]


def test_yaml_quoted_days_and_names_are_trimmed(tmp_path: Path) -> None:
    path = write(
        tmp_path, "lov.yaml", '- name: "  Studiedag "\n  first: " 2027-02-01"\n  last: "2027-02-01 "\n'
    )
    assert load_breaks(path) == [SchoolBreak("Studiedag", date(2027, 2, 1), date(2027, 2, 1))]


def test_one_day_break(tmp_path: Path) -> None:
    path = write(tmp_path, "lov.yaml", "- name: Studiedag\n  first: 2027-02-01\n  last: 2027-02-01\n")
    assert load_breaks(path) == [SchoolBreak("Studiedag", date(2027, 2, 1), date(2027, 2, 1))]


@pytest.mark.parametrize("text", ["", "# only a comment\n", "[]\n", "breaks: []\n"])
def test_empty_yaml_means_no_breaks(tmp_path: Path, text: str) -> None:
    assert load_breaks(write(tmp_path, "lov.yaml", text)) == []


@pytest.mark.parametrize("week", ["2027-W08", "2027W08", "2027-w08", "2027-W8", " 2027-W08 "])
def test_iso_week_spellings(tmp_path: Path, week: str) -> None:
    path = write(tmp_path, "lov.yaml", f"- name: Sportlov\n  week: '{week}'\n")
    assert load_breaks(path) == [SPORTLOV]


def test_iso_week_53_and_week_1_across_years(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "lov.yaml",
        "- name: Jul\n  week: 2026-W53\n- name: Nyår\n  week: 2027-W01\n- name: Tidigt\n  week: 2025-W01\n",
    )
    assert load_breaks(path) == [
        SchoolBreak("Jul", date(2026, 12, 28), date(2027, 1, 3)),
        SchoolBreak("Nyår", date(2027, 1, 4), date(2027, 1, 10)),
        SchoolBreak("Tidigt", date(2024, 12, 30), date(2025, 1, 5)),  # week 1 can start in December
    ]


@settings(max_examples=100, deadline=None)
@given(
    monday=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)).map(
        lambda d: d - timedelta(days=d.weekday())
    )
)
def test_any_iso_week_is_monday_to_sunday(tmp_path_factory: pytest.TempPathFactory, monday: date) -> None:
    year, week, _ = monday.isocalendar()
    path = write(tmp_path_factory.mktemp("weeks"), "lov.yaml", f"- name: Lov\n  week: {year}-W{week:02d}\n")
    assert load_breaks(path) == [SchoolBreak("Lov", monday, monday + timedelta(days=6))]


def test_week_wins_over_days_when_both_are_given(tmp_path: Path) -> None:
    path = write(
        tmp_path, "lov.yaml", "- name: Sportlov\n  week: 2027-W08\n  first: 2027-01-01\n  last: 2027-01-02\n"
    )
    assert load_breaks(path) == [SPORTLOV]


# --- load_breaks: CSV ----------------------------------------------------------------------------


def test_csv_with_commas(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "lov.csv",
        "name,first,last,week\nSportlov,,,2027-W08\nPåsklov,2027-03-29,2027-04-02,\n",
    )
    assert load_breaks(path) == [
        SPORTLOV,
        SchoolBreak("Påsklov", date(2027, 3, 29), date(2027, 4, 2)),
    ]


def test_csv_with_semicolons_and_a_bom_as_excel_saves_it(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "lov.csv",
        "name;first;last\r\nHöstlov;2026-10-26;2026-10-30\r\nJullov, vecka 52–1;2026-12-21;2027-01-08\r\n",
        encoding="utf-8-sig",
    )
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert load_breaks(path) == [
        SchoolBreak("Höstlov", date(2026, 10, 26), date(2026, 10, 30)),
        SchoolBreak("Jullov, vecka 52–1", date(2026, 12, 21), date(2027, 1, 8)),
    ]


def test_csv_with_only_weeks_and_upper_case_suffix(tmp_path: Path) -> None:
    path = write(tmp_path, "LOV.CSV", "name,week\nHöstlov,2026-W44\nSportlov,2027-W08\n")
    assert load_breaks(path) == [
        SchoolBreak("Höstlov", date(2026, 10, 26), date(2026, 11, 1)),
        SPORTLOV,
    ]


def test_csv_blank_lines_are_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, "lov.csv", "name,week\n\nSportlov,2027-W08\n\n")
    assert load_breaks(path) == [SPORTLOV]


def test_csv_header_only_means_no_breaks(tmp_path: Path) -> None:
    assert load_breaks(write(tmp_path, "lov.csv", "name;first;last\n")) == []


# --- load_breaks: errors -------------------------------------------------------------------------


def error(path: Path) -> str:
    with pytest.raises(ConfigError) as raised:
        load_breaks(path)
    return str(raised.value)


def test_missing_file(tmp_path: Path) -> None:
    message = error(tmp_path / "saknas.yaml")
    assert "BRYGGAN_SCHOOL_BREAKS" in message
    assert "saknas.yaml" in message


def test_a_directory_is_not_a_file(tmp_path: Path) -> None:
    assert "no such file" in error(tmp_path)


@pytest.mark.parametrize(
    "entry",
    [
        "- first: 2027-02-22\n  last: 2027-02-26\n",
        "- name: ''\n  week: 2027-W08\n",
        "- name: '   '\n  week: 2027-W08\n",
        "- name:\n  week: 2027-W08\n",
        "- Sportlov\n",
        "- [Sportlov, 2027-W08]\n",
    ],
)
def test_entry_without_a_name(tmp_path: Path, entry: str) -> None:
    good = "- name: Sportlov\n  week: 2027-W08\n"
    message = error(write(tmp_path, "lov.yaml", good + entry))
    assert message == "BRYGGAN_SCHOOL_BREAKS entry 2: needs a name"


@pytest.mark.parametrize("week", ["2027-W60", "2027-W00", "2027-W53", "27-W08", "2027-08", "vecka 8", "W08"])
def test_bad_week(tmp_path: Path, week: str) -> None:
    message = error(write(tmp_path, "lov.yaml", f"- name: Sportlov\n  week: '{week}'\n"))
    assert message.startswith("BRYGGAN_SCHOOL_BREAKS entry 1: week must look like 2027-W08")
    assert repr(week) in message


def test_bad_week_in_the_third_entry_names_entry_3(tmp_path: Path) -> None:
    text = "- name: A\n  week: 2027-W01\n- name: B\n  week: 2027-W02\n- name: C\n  week: 2027-W60\n"
    assert "entry 3" in error(write(tmp_path, "lov.yaml", text))


def test_last_before_first(tmp_path: Path) -> None:
    text = "- name: Sportlov\n  week: 2027-W08\n- name: Påsklov\n  first: 2027-04-02\n  last: 2027-03-29\n"
    assert error(write(tmp_path, "lov.yaml", text)) == (
        "BRYGGAN_SCHOOL_BREAKS entry 2 (Påsklov): last day 2027-03-29 is before first day 2027-04-02"
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ("  last: 2027-02-26\n", "first"),
        ("  first: 2027-02-22\n", "last"),
        ("  first: 22/2\n  last: 2027-02-26\n", "first"),
        ("  first: 2027-02-22\n  last: '2027-02-30'\n", "last"),
        ("  first: 2027-02-22\n  last: 20270226x\n", "last"),
    ],
)
def test_missing_or_bad_day(tmp_path: Path, fields: str, field: str) -> None:
    message = error(write(tmp_path, "lov.yaml", "- name: Sportlov\n" + fields))
    assert message.startswith(f"BRYGGAN_SCHOOL_BREAKS entry 1: {field} must be a day such as 2027-02-22")


def test_csv_errors_name_the_entry(tmp_path: Path) -> None:
    path = write(
        tmp_path, "lov.csv", "name;first;last\nHöstlov;2026-10-26;2026-10-30\n;2027-02-22;2027-02-26\n"
    )
    assert error(path) == "BRYGGAN_SCHOOL_BREAKS entry 2: needs a name"
    path = write(tmp_path, "lov.csv", "name,week\nSportlov,2027-W60\n")
    assert "entry 1: week must look like 2027-W08" in error(path)


@pytest.mark.parametrize("text", ["breaks: Sportlov\n", "Sportlov\n", "breaks:\n", "42\n"])
def test_not_a_list(tmp_path: Path, text: str) -> None:
    assert "must hold a list of breaks" in error(write(tmp_path, "lov.yaml", text))


# --- load_breaks: files that once broke start-up or were read wrong ------------------------------


def test_yaml_mapping_without_a_breaks_key_is_an_error_not_silently_empty(tmp_path: Path) -> None:
    # A misspelt top-level key (here Swedish "lov") would silently drop every break, so meetings are
    # planned in the middle of sportlov with no warning at start-up.
    path = write(tmp_path, "lov.yaml", "lov:\n  - name: Sportlov\n    week: 2027-W08\n")
    with pytest.raises(ConfigError):
        load_breaks(path)


def test_impossible_yaml_date_is_a_config_error(tmp_path: Path) -> None:
    # PyYAML turns an unquoted 2027-13-01 into a date itself and raises ValueError while loading.
    path = write(tmp_path, "lov.yaml", "- name: Sportlov\n  first: 2027-13-01\n  last: 2027-02-26\n")
    with pytest.raises(ConfigError, match="entry 1"):
        load_breaks(path)


def test_yaml_syntax_error_is_a_config_error(tmp_path: Path) -> None:
    path = write(tmp_path, "lov.yaml", "- name: Sportlov\n  week: [2027-W08\n")
    with pytest.raises(ConfigError, match="BRYGGAN_SCHOOL_BREAKS"):
        load_breaks(path)


def test_yaml_timestamp_is_read_as_its_day_or_refused(tmp_path: Path) -> None:
    # PyYAML reads "2027-02-22 08:00:00" as a datetime, a date subclass: it passes _day's isinstance
    # check and then comparing it with the (date) last day raises TypeError.
    path = write(tmp_path, "lov.yaml", "- name: Sportlov\n  first: 2027-02-22 08:00:00\n  last: 2027-02-26\n")
    try:
        breaks = load_breaks(path)
    except ConfigError:
        return
    assert breaks == [SchoolBreak("Sportlov", date(2027, 2, 22), date(2027, 2, 26))]
    assert type(breaks[0].first) is date


def test_csv_saved_in_windows_1252_is_read_or_a_config_error(tmp_path: Path) -> None:
    # Excel on Swedish Windows may save "CSV (semikolonavgränsad)" as Windows-1252: å, ä, ö are not UTF-8.
    # Reading it as Windows-1252 or refusing it with a clear ConfigError are both fine; a
    # UnicodeDecodeError at start-up is not.
    path = write(tmp_path, "lov.csv", "name;week\nHöstlov;2026-W44\n", encoding="cp1252")
    try:
        breaks = load_breaks(path)
    except ConfigError:
        return
    assert breaks == [SchoolBreak("Höstlov", date(2026, 10, 26), date(2026, 11, 1))]


# --- the words for a skip, per language -------------------------------------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_holiday_key_is_worded(lang: str) -> None:
    words = Templates().module(lang, "meetings")
    assert set(words.holidays) == {str(key) for key in Holiday}


@pytest.mark.parametrize(
    ("lang", "kind", "name", "shown"),
    [
        ("sv", SkipKind.HOLIDAY, Holiday.CHRISTMAS_EVE, "helgdag: Julafton"),
        ("en", SkipKind.HOLIDAY, Holiday.CHRISTMAS_EVE, "public holiday: Christmas Eve"),
        ("sv", SkipKind.HOLIDAY, Holiday.ASCENSION_DAY, "helgdag: Kristi himmelsfärdsdag"),
        ("en", SkipKind.HOLIDAY, Holiday.BOXING_DAY, "public holiday: Boxing Day"),
        ("sv", SkipKind.HOLIDAY, Holiday.WEEKEND, "helg"),
        ("en", SkipKind.HOLIDAY, Holiday.WEEKEND, "weekend"),
        ("en", SkipKind.HOLIDAY, Holiday.OTHER, "public holiday"),
        ("sv", SkipKind.BREAK, "Sportlov", "lov: Sportlov"),
        ("en", SkipKind.BREAK, "Sportlov", "school break: Sportlov"),  # the municipality's own name
        ("en", SkipKind.HOLIDAY, "Julafton", "public holiday: Julafton"),  # a row queued before keys
    ],
)
def test_a_skip_is_worded_in_the_readers_language(lang: str, kind: SkipKind, name: str, shown: str) -> None:
    assert str(Templates().module(lang, "meetings").reason(kind, name)) == shown
