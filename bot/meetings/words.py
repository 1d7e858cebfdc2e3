"""What people type after `/eht schema` and `/eht flytta`, read into values (Swedish, English too)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from bot.dates import parse_day, split_day_words
from bot.errors import BrygganError
from bot.meetings.recurrence import in_dst_hour

WEEKDAYS = {
    **dict.fromkeys(("måndag", "mandag", "mån", "man", "måndagar", "monday", "mon"), 0),
    **dict.fromkeys(("tisdag", "tis", "tisdagar", "tuesday", "tue"), 1),
    **dict.fromkeys(("onsdag", "ons", "onsdagar", "wednesday", "wed"), 2),
    **dict.fromkeys(("torsdag", "tors", "tor", "torsdagar", "thursday", "thu"), 3),
    **dict.fromkeys(("fredag", "fre", "fredagar", "friday", "fri"), 4),
}
WEEKEND = ("lördag", "lordag", "söndag", "sondag", "saturday", "sunday", "lör", "sön", "sat", "sun")
# 13:15, 8.30, and as /kontakt reads times: "kl 13", "kl. 13.15" (a bare "13" stays a number).
_TIME = re.compile(r"^(?:kl\.?\s*(\d{1,2})(?:[:.](\d{2}))?|(\d{1,2})[:.](\d{2}))$", re.IGNORECASE)
MIN_DURATION, MAX_DURATION = 15, 240
MIN_LEAD, MAX_LEAD = 5, 240
MAX_PLACE = 200


@dataclass(frozen=True, slots=True)
class ScheduleWords:
    weekday: int
    start: time
    every_weeks: int = 1
    duration: int = 60
    remind_at: time = time(8)
    lead: int = 60
    place: str | None = None
    # The optional fields typed; the others keep an old series' values (not part of what was asked).
    given: frozenset[str] = field(default=frozenset(), compare=False)


def parse_time(text: str) -> time:
    """A local wall-clock time such as 13:15 or 8.30; 02:00–03:00 is refused (the DST hour)."""
    match = _TIME.match(" ".join(text.split()))
    hour, minute = (match[1] or match[3], match[2] or match[4] or "0") if match else ("99", "0")
    if int(hour) > 23 or int(minute) > 59:
        raise BrygganError("eht_bad_time", text=text)
    wall = time(int(hour), int(minute))
    if in_dst_hour(wall):
        raise BrygganError("eht_dst_hour", text=text)
    return wall


def parse_schedule(words: list[str]) -> ScheduleWords:
    """`tisdag 13:15 [varannan vecka] [längd 60] [påminn 08:00] [förvarning 60] [plats/länk …]`."""
    if len(words) < 2:
        raise BrygganError("eht_schedule_usage")
    weekday = _weekday(words[0])
    start = parse_time(words[1])
    values: dict[str, object] = {}
    rest = _join_links(words[2:])
    place: list[str] = []
    while rest:
        original = rest.pop(0)
        word = original.casefold()
        following = rest[0].casefold() if rest else ""
        if word in ("varannan", "every") and following in ("vecka", "other"):
            rest.pop(0)
            if word == "every" and rest and rest[0].casefold() == "week":
                rest.pop(0)
            values["every_weeks"] = 2
        elif word in ("varannan", "biweekly", "fortnightly"):
            values["every_weeks"] = 2
        elif word in ("varje", "every") and following in ("vecka", "week"):
            rest.pop(0)
            values["every_weeks"] = 1
        elif word in ("varje", "weekly", "veckovis"):
            values["every_weeks"] = 1
        elif word in ("längd", "langd", "length") and rest:
            values["duration"] = _minutes(rest.pop(0), MIN_DURATION, MAX_DURATION, "eht_bad_duration")
        elif word in ("påminn", "paminn", "remind") and rest:
            values["remind_at"] = parse_time(rest.pop(0))
        elif word in ("förvarning", "forvarning", "notice") and rest:
            values["lead"] = _minutes(rest.pop(0), MIN_LEAD, MAX_LEAD, "eht_bad_lead")
        elif word in ("plats", "place", "länk", "lank", "link") and not place:
            continue
        else:
            place.append(_bare_link(original))
    if place:
        values["place"] = _place(place)
    return ScheduleWords(weekday, start, given=frozenset(values), **values)  # type: ignore[arg-type]


def parse_move(words: list[str], *, today: date) -> tuple[date, date | None, time | None]:
    """`<datum> [<ny dag>] [<ny tid>]`: the meeting's day, and its new day (date or weekday) and/or time."""
    words = split_day_words(words)
    if len(words) < 2:
        raise BrygganError("eht_move_usage")
    day = parse_day(words[0], today=today)
    if len(words) > 3:
        raise BrygganError("eht_move_usage")
    times = [parse_time(w) for w in words[1:] if _TIME.match(w)]
    days = [_new_day(w, meeting=day, today=today) for w in words[1:] if not _TIME.match(w)]
    if len(times) > 1 or len(days) > 1:  # "8/12 9/12 10/12" is a typo, not a choice
        raise BrygganError("eht_move_usage")
    return day, (days or [None])[0], (times or [None])[0]


def _new_day(word: str, *, meeting: date, today: date) -> date:
    # A weekday, as in `/eht schema`, names that day in the meeting's own week: "8/12 onsdag" is 9/12.
    if word.casefold() in WEEKDAYS or word.casefold() in WEEKEND:
        return meeting + timedelta(days=_weekday(word) - meeting.weekday())
    return parse_day(word, today=today)


def _weekday(word: str) -> int:
    key = word.casefold()
    if key in WEEKEND:
        raise BrygganError("eht_weekend", text=word)
    if key not in WEEKDAYS:
        raise BrygganError("eht_bad_weekday", text=word)
    return WEEKDAYS[key]


def _minutes(word: str, least: int, most: int, key: str) -> int:
    if not (word.isascii() and word.isdigit()) or not least <= int(word) <= most:
        raise BrygganError(key, text=word, least=least, most=most)
    return int(word)


def _join_links(words: list[str]) -> list[str]:
    # A Slack link with a label (<https://…|Anslut till mötet>) arrives split at its spaces.
    joined: list[str] = []
    for word in words:
        if joined and joined[-1].startswith("<") and not joined[-1].endswith(">"):
            joined[-1] += " " + word
        else:
            joined.append(word)
    return joined


def _bare_link(word: str) -> str:
    # Slack sends typed links as <https://…> or <https://…|label>: keep only the address, shown as is.
    if word.startswith("<") and word.endswith(">"):
        return word[1:-1].split("|", 1)[0]
    return word


def _place(words: list[str]) -> str:
    place = " ".join(words).strip()
    if len(place) > MAX_PLACE:
        raise BrygganError("eht_place_too_long", most=MAX_PLACE)
    return place
