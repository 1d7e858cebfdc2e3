"""What people type after `/eht schema` and `/eht flytta`: times, a series and a move, Swedish or English."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import BrygganError
from bot.meetings.words import MAX_PLACE, ScheduleWords, parse_move, parse_schedule, parse_time

TODAY = date(2026, 11, 20)  # a Friday


def refused(call, *args, **kwargs) -> BrygganError:
    with pytest.raises(BrygganError) as raised:
        call(*args, **kwargs)
    return raised.value


def schedule(text: str) -> ScheduleWords:
    return parse_schedule(text.split())


def move(text: str, today: date = TODAY) -> tuple[date, date | None, time | None]:
    return parse_move(text.split(), today=today)


# --- parse_time ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13:15", time(13, 15)),
        ("8:30", time(8, 30)),
        ("08:30", time(8, 30)),
        ("8.30", time(8, 30)),
        (" 9:05 ", time(9, 5)),
        ("00:00", time(0, 0)),
        ("23:59", time(23, 59)),
        ("01:59", time(1, 59)),
        ("03:00", time(3, 0)),
        ("3:00", time(3, 0)),
        ("kl 13", time(13, 0)),  # as /kontakt and the console's time fields read it
        ("kl. 13.15", time(13, 15)),
    ],
)
def test_parse_time(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    ["24:00", "12:60", "13", "1315", "13:5", "13:150", "13:15:00", "", "kl", "13-15", "-1:00", "abc"],
)
def test_parse_time_refuses_what_is_not_a_time(text: str) -> None:
    error = refused(parse_time, text)
    assert (type(error), error.key, error.params) == (BrygganError, "eht_bad_time", {"text": text})


@pytest.mark.parametrize("text", ["02:00", "2:00", "02:30", "2.30", "02:59"])
def test_parse_time_refuses_the_dst_hour(text: str) -> None:
    error = refused(parse_time, text)
    assert (error.key, error.params) == ("eht_dst_hour", {"text": text})


@settings(max_examples=200, deadline=None)
@given(hour=st.integers(min_value=0, max_value=23), minute=st.integers(min_value=0, max_value=59))
def test_parse_time_any_clock_time(hour: int, minute: int) -> None:
    text = f"{hour}:{minute:02d}"
    if hour == 2:
        assert refused(parse_time, text).key == "eht_dst_hour"
    else:
        assert parse_time(text) == time(hour, minute)
        assert parse_time(f"{hour:02d}.{minute:02d}") == time(hour, minute)


# --- parse_schedule ------------------------------------------------------------------------------


def test_schedule_in_swedish_with_everything() -> None:
    text = "tisdag 13:15 varannan vecka längd 90 påminn 07:30 förvarning 30 Rum B12"
    assert schedule(text) == ScheduleWords(
        weekday=1,
        start=time(13, 15),
        every_weeks=2,
        duration=90,
        remind_at=time(7, 30),
        lead=30,
        place="Rum B12",
    )


def test_schedule_in_english_with_a_slack_link() -> None:
    text = "tuesday 13:15 every other week length 90 remind 07:30 notice 30 place <https://teams.example/x|Teams>"
    assert schedule(text) == ScheduleWords(1, time(13, 15), 2, 90, time(7, 30), 30, "https://teams.example/x")


def test_schedule_defaults() -> None:
    assert schedule("måndag 9:00") == ScheduleWords(
        weekday=0, start=time(9), every_weeks=1, duration=60, remind_at=time(8), lead=60, place=None
    )


@pytest.mark.parametrize(
    ("word", "weekday"),
    [
        ("måndag", 0),
        ("Måndag", 0),
        ("MÅNDAG", 0),
        ("mandag", 0),
        ("mån", 0),
        ("måndagar", 0),
        ("monday", 0),
        ("Mon", 0),
        ("tisdag", 1),
        ("tis", 1),
        ("tisdagar", 1),
        ("Tuesday", 1),
        ("tue", 1),
        ("onsdag", 2),
        ("ons", 2),
        ("wednesday", 2),
        ("torsdag", 3),
        ("tors", 3),
        ("tor", 3),
        ("thursday", 3),
        ("thu", 3),
        ("fredag", 4),
        ("fre", 4),
        ("FRIDAY", 4),
        ("fri", 4),
    ],
)
def test_weekday_words(word: str, weekday: int) -> None:
    assert parse_schedule([word, "13:15"]).weekday == weekday


@pytest.mark.parametrize(
    "word",
    ["lördag", "Lördag", "lordag", "söndag", "sondag", "saturday", "Sunday", "lör", "sön", "sat", "sun"],
)
def test_weekend_is_refused(word: str) -> None:
    error = refused(parse_schedule, [word, "13:15"])
    assert (error.key, error.params) == ("eht_weekend", {"text": word})


@pytest.mark.parametrize("word", ["blursday", "13:15", "tisdagen", "1", "", "sö"])
def test_unknown_weekday_is_refused(word: str) -> None:
    error = refused(parse_schedule, [word, "13:15"])
    assert (error.key, error.params) == ("eht_bad_weekday", {"text": word})


@pytest.mark.parametrize("words", [[], ["tisdag"]])
def test_too_few_words_show_the_usage(words: list[str]) -> None:
    assert refused(parse_schedule, words).key == "eht_schedule_usage"


def test_weekday_is_checked_before_the_time() -> None:
    assert refused(parse_schedule, ["lördag", "25:00"]).key == "eht_weekend"


@pytest.mark.parametrize(
    ("text", "key"), [("tisdag 25:00", "eht_bad_time"), ("tisdag 02:30", "eht_dst_hour")]
)
def test_bad_start_time(text: str, key: str) -> None:
    assert refused(schedule, text).key == key


@pytest.mark.parametrize(
    "text",
    [
        "tisdag 13:15 varannan vecka",
        "tisdag 13:15 Varannan Vecka",
        "tisdag 13:15 varannan",
        "tuesday 13:15 every other week",
        "tuesday 13:15 Every Other Week",
        "tuesday 13:15 every other",
        "tuesday 13:15 biweekly",
        "tuesday 13:15 fortnightly",
    ],
)
def test_every_other_week(text: str) -> None:
    assert schedule(text) == ScheduleWords(1, time(13, 15), every_weeks=2)


@pytest.mark.parametrize(("minutes", "expected"), [("15", 15), ("45", 45), ("240", 240)])
def test_duration_bounds_accepted(minutes: str, expected: int) -> None:
    assert schedule(f"tisdag 13:15 längd {minutes}").duration == expected
    assert schedule(f"tisdag 13:15 langd {minutes}").duration == expected
    assert schedule(f"tuesday 13:15 length {minutes}").duration == expected


@pytest.mark.parametrize("minutes", ["14", "0", "241", "1000", "-30", "90min", "1,5", "nittio", "9O"])
def test_bad_duration(minutes: str) -> None:
    error = refused(schedule, f"tisdag 13:15 längd {minutes}")
    assert (error.key, error.params) == ("eht_bad_duration", {"text": minutes, "least": 15, "most": 240})


@pytest.mark.parametrize(("minutes", "expected"), [("5", 5), ("30", 30), ("240", 240)])
def test_lead_bounds_accepted(minutes: str, expected: int) -> None:
    assert schedule(f"tisdag 13:15 förvarning {minutes}").lead == expected
    assert schedule(f"tisdag 13:15 forvarning {minutes}").lead == expected
    assert schedule(f"tuesday 13:15 notice {minutes}").lead == expected


@pytest.mark.parametrize("minutes", ["4", "0", "241", "x", "-5"])
def test_bad_lead(minutes: str) -> None:
    error = refused(schedule, f"tisdag 13:15 förvarning {minutes}")
    assert (error.key, error.params) == ("eht_bad_lead", {"text": minutes, "least": 5, "most": 240})


@pytest.mark.parametrize("word", ["påminn", "paminn", "remind", "PÅMINN"])
def test_reminder_time(word: str) -> None:
    assert schedule(f"tisdag 13:15 {word} 7.45").remind_at == time(7, 45)


@pytest.mark.parametrize(("remind", "key"), [("02:15", "eht_dst_hour"), ("7", "eht_bad_time")])
def test_bad_reminder_time(remind: str, key: str) -> None:
    assert refused(schedule, f"tisdag 13:15 påminn {remind}").key == key


def test_place_keeps_its_case() -> None:
    assert schedule("tisdag 13:15 Rum B12, Hus C").place == "Rum B12, Hus C"
    assert parse_schedule(["tisdag", "13:15", "Rum", "B12"]).place == "Rum B12"


@pytest.mark.parametrize("keyword", ["plats", "place", "länk", "lank", "link", "Plats"])
def test_place_keyword_is_dropped(keyword: str) -> None:
    assert schedule(f"tisdag 13:15 {keyword} Aulan").place == "Aulan"


def test_place_keyword_later_in_the_place_is_kept() -> None:
    assert schedule("tisdag 13:15 plats Rum plats 2").place == "Rum plats 2"


@pytest.mark.parametrize(
    ("word", "place"),
    [
        ("<https://teams.example/x|Teams>", "https://teams.example/x"),
        ("<https://teams.example/x>", "https://teams.example/x"),
        ("<https://Meet.example/AbC?id=42|möte>", "https://Meet.example/AbC?id=42"),
        ("https://teams.example/x", "https://teams.example/x"),
    ],
)
def test_slack_link_is_unwrapped(word: str, place: str) -> None:
    assert parse_schedule(["tisdag", "13:15", "länk", word]).place == place


def test_options_may_follow_the_place() -> None:
    assert schedule("tisdag 13:15 plats Rum B12 längd 45 varannan vecka") == ScheduleWords(
        1, time(13, 15), every_weeks=2, duration=45, place="Rum B12"
    )


def test_options_in_any_order() -> None:
    assert schedule("fredag 8:30 förvarning 15 påminn 7:00 längd 30") == ScheduleWords(
        4, time(8, 30), duration=30, remind_at=time(7), lead=15
    )


def test_place_length_limit() -> None:
    longest = "x" * MAX_PLACE
    assert parse_schedule(["tisdag", "13:15", longest]).place == longest
    error = refused(parse_schedule, ["tisdag", "13:15", longest + "y"])
    assert (error.key, error.params) == ("eht_place_too_long", {"most": 200})
    # Words are joined by one space, which counts too.
    assert refused(parse_schedule, ["tisdag", "13:15", "x" * 100, "y" * 100]).key == "eht_place_too_long"


# --- parse_move ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-08 2026-12-10 14:00", (date(2026, 12, 8), date(2026, 12, 10), time(14))),
        ("2026-12-08 14:00 2026-12-10", (date(2026, 12, 8), date(2026, 12, 10), time(14))),
        ("8/12 15:00", (date(2026, 12, 8), None, time(15))),
        ("8/12 15.30", (date(2026, 12, 8), None, time(15, 30))),
        ("8/12 10/12", (date(2026, 12, 8), date(2026, 12, 10), None)),
        ("8/12 10/12 9:00", (date(2026, 12, 8), date(2026, 12, 10), time(9))),
        ("idag 15:00", (date(2026, 11, 20), None, time(15))),
        ("i dag i morgon", (date(2026, 11, 20), date(2026, 11, 21), None)),
        ("i morgon 03:00", (date(2026, 11, 21), None, time(3))),
        ("today tomorrow 01:59", (date(2026, 11, 20), date(2026, 11, 21), time(1, 59))),
    ],
)
def test_parse_move(text: str, expected: tuple[date, date | None, time | None]) -> None:
    assert move(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A weekday is that day in the meeting's own week (Tuesday 8 December 2026).
        ("8/12 onsdag", (date(2026, 12, 8), date(2026, 12, 9), None)),
        ("8/12 Onsdag 14:00", (date(2026, 12, 8), date(2026, 12, 9), time(14))),
        ("8/12 14:00 ons", (date(2026, 12, 8), date(2026, 12, 9), time(14))),
        ("8/12 måndag", (date(2026, 12, 8), date(2026, 12, 7), None)),
        ("8/12 fredag 9:00", (date(2026, 12, 8), date(2026, 12, 11), time(9))),
        ("8/12 tisdag 15:00", (date(2026, 12, 8), date(2026, 12, 8), time(15))),
        ("2026-12-10 wednesday", (date(2026, 12, 10), date(2026, 12, 9), None)),
        ("i morgon torsdag", (date(2026, 11, 21), date(2026, 11, 19), None)),
    ],
)
def test_move_to_a_weekday_of_the_same_week(
    text: str, expected: tuple[date, date | None, time | None]
) -> None:
    assert move(text) == expected


@pytest.mark.parametrize(
    ("text", "key"), [("8/12 lördag", "eht_weekend"), ("8/12 Sunday 10:00", "eht_weekend")]
)
def test_move_to_a_weekend_day_is_refused_by_name(text: str, key: str) -> None:
    error = refused(move, text)
    assert (error.key, error.params) == (key, {"text": text.split()[1]})


def test_move_with_a_weekday_and_a_date_is_two_new_days() -> None:
    assert refused(move, "8/12 onsdag 10/12").key == "eht_move_usage"


def test_move_day_month_rolls_into_next_year_in_december() -> None:
    assert move("8/1 11/1 10:00", today=date(2026, 12, 20)) == (date(2027, 1, 8), date(2027, 1, 11), time(10))


@pytest.mark.parametrize("text", ["", "8/12", "i morgon", "8/12 10/12 14:00 extra", "8/12 10/12 14:00 15:00"])
def test_move_usage(text: str) -> None:
    assert refused(move, text).key == "eht_move_usage"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("32/12 14:00", "no_such_date"),
        ("8/12 sedan", "bad_date"),
        ("8/12 31/2", "no_such_date"),
        ("8/12 02:30", "eht_dst_hour"),
        ("8/12 2.00", "eht_dst_hour"),
        ("8/12 25:00", "eht_bad_time"),
    ],
)
def test_move_refuses_bad_days_and_times(text: str, key: str) -> None:
    assert refused(move, text).key == key


# --- input that once slipped through or crashed -------------------------------------------------


@pytest.mark.parametrize("text", ["8/12 9/12 10/12", "8/12 14:00 15:00"])
def test_move_with_two_new_days_or_two_new_times_is_refused(text: str) -> None:
    # The last one used to win silently: "8/12 9/12 10/12" moved the meeting to 10 December.
    assert refused(move, text).key == "eht_move_usage"


def test_slack_link_with_a_label_of_several_words_is_unwrapped() -> None:
    # Slack sends a link pasted with its title as <url|Anslut till mötet>; the command's text is split
    # on spaces (handlers/subcommands.py), so the link arrives as several words.
    words = ["tisdag", "13:15", "länk", "<https://teams.example/x|Anslut", "till", "mötet>"]
    assert parse_schedule(words).place == "https://teams.example/x"


@pytest.mark.parametrize("minutes", ["²", "6²", "①"])
def test_non_ascii_digit_minutes_are_refused_not_a_crash(minutes: str) -> None:
    # str.isdigit() is True for superscripts and circled digits, which int() cannot read: ValueError.
    assert refused(schedule, f"tisdag 13:15 längd {minutes}").key == "eht_bad_duration"
