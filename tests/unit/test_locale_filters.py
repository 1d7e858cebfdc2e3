"""The template filters that word dates, numbers and plurals in each template's own locale (Babel)."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from templates import Templates, day, is_one, month, number, percent, plural, weekday

SV = SimpleNamespace(name="sv/meetings.j2")  # a filter learns its locale from the template's folder
EN = SimpleNamespace(name="en/meetings.j2")
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "0 dagar"), (1, "1 dag"), (2, "2 dagar"), (21, "21 dagar"), ("<5", "<5 dagar"), ("–", "– dagar")],
)
def test_one_takes_the_singular_and_everything_else_the_plural(value: object, expected: str) -> None:
    assert plural(SV, value, "dag", "dagar") == expected


@pytest.mark.parametrize(("value", "expected"), [(1, "1 day"), (0, "0 days"), (True, "True days")])
def test_english_plural_and_a_flag_is_not_a_count(value: object, expected: str) -> None:
    assert plural(EN, value, "day", "days") == expected


def test_days_and_times_in_each_language() -> None:
    local = datetime(2026, 12, 4, 13, 15, tzinfo=STOCKHOLM)
    assert day(SV, date(2026, 12, 4)) == "fredag 4 december"
    assert day(EN, date(2026, 12, 4)) == "Friday 4 December"
    assert day(SV, local, "EEEE d MMMM 'kl.' HH:mm") == "fredag 4 december kl. 13:15"
    assert day(EN, local.isoformat(), "EEEE d MMMM 'at' HH:mm") == "Friday 4 December at 13:15"  # outbox args


def test_a_local_time_is_shown_in_its_own_zone_across_the_clock_change() -> None:
    summer = datetime(2027, 3, 29, 8, 0, tzinfo=STOCKHOLM)
    assert day(SV, summer, "HH:mm") == "08:00"
    assert day(SV, summer.isoformat(), "HH:mm") == "08:00"


def test_weekday_and_month_names() -> None:
    assert [weekday(SV, i) for i in (0, 6)] == ["måndag", "söndag"]
    assert [weekday(EN, i) for i in (0, 6)] == ["Monday", "Sunday"]
    assert (month(SV, 2), month(EN, 5)) == ("februari", "May")


def test_numbers_and_shares() -> None:
    assert (number(SV, 3.5, 1), number(EN, 3.5, 1)) == ("3,5", "3.5")
    assert number(SV, 9, 1) == "9,0"
    assert percent(SV, 0.714) == "71\u00a0%"  # Swedish: a non-breaking space before the sign
    assert percent(EN, 0.714) == "71%"


def test_a_template_outside_a_language_folder_is_refused() -> None:
    with pytest.raises(ValueError, match="language folder"):
        plural(SimpleNamespace(name="x.j2"), 1, "dag", "dagar")


def test_templates_use_the_filters_in_their_own_language() -> None:
    templates = Templates()
    local = datetime(2026, 12, 4, 13, 15, tzinfo=STOCKHOLM)
    assert str(templates.module("sv", "meetings").when(local)) == "fredag 4 december kl. 13:15"
    assert str(templates.module("en", "meetings").when(local)) == "Friday 4 December at 13:15"
    assert str(templates.module("sv", "followup").hours(3.5)) == "3,5 h"
    assert str(templates.module("en", "followup").pct(0.5)) == "50%"


@pytest.mark.parametrize(
    ("value", "expected"), [(1, True), (2, False), (0, False), (True, False), ("1", False)]
)
def test_is_one_follows_the_plural_rule(value: object, expected: bool) -> None:
    assert is_one(EN, value) is expected
    assert is_one(SV, value) is expected
