"""Dates and times as people type them in Swedish (and English): one reader for every typed date.

Days: 2026-12-01, 1/12, 1/12/2026, idag, imorgon, övermorgon, a weekday name (the next such day,
today included) and "nästa fredag" (the Friday of next week). Times: 13, kl 13, 13:15, 13.15.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from bot.errors import BrygganError

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_MONTH = re.compile(r"^(\d{1,2})/(\d{1,2})(?:[/-](\d{2}|\d{4}))?$")
_CLOCK = re.compile(r"^(?:kl\.?\s*|at\s+)?(\d{1,2})(?:[:.](\d{2}))?$")
_WORDS = {
    "idag": 0,
    "i dag": 0,
    "today": 0,
    "imorgon": 1,
    "i morgon": 1,
    "imorrn": 1,
    "tomorrow": 1,
    "övermorgon": 2,
    "i övermorgon": 2,
}
WEEKDAY_NAMES = {
    **dict.fromkeys(("måndag", "mandag", "mån", "monday", "mon"), 0),
    **dict.fromkeys(("tisdag", "tis", "tuesday", "tue"), 1),
    **dict.fromkeys(("onsdag", "ons", "wednesday", "wed"), 2),
    **dict.fromkeys(("torsdag", "tors", "thursday", "thu"), 3),
    **dict.fromkeys(("fredag", "fre", "friday", "fri"), 4),
    **dict.fromkeys(("lördag", "lordag", "lör", "saturday", "sat"), 5),
    **dict.fromkeys(("söndag", "sondag", "sön", "sunday", "sun"), 6),
}
_NEXT = ("nästa", "nasta", "next")
# "1/3" typed in December means next March, not last: a date this far back rolls to next year.
_ROLL_OVER = timedelta(days=60)


def parse_day(text: str, *, today: date) -> date:
    """The calendar day `text` names, relative to `today`; BrygganError('bad_date') otherwise."""
    word = " ".join(text.strip().casefold().split())
    if word in _WORDS:
        return today + timedelta(days=_WORDS[word])
    if (weekday := _weekday_day(word, today)) is not None:
        return weekday
    if match := _ISO.match(word):
        return _make(int(match[1]), int(match[2]), int(match[3]))
    if match := _DAY_MONTH.match(word):
        day, month, year = int(match[1]), int(match[2]), match[3]
        if year:
            return _make(int(year) + (2000 if len(year) == 2 else 0), month, day)
        candidate = _make(today.year, month, day)
        return _make(today.year + 1, month, day) if candidate < today - _ROLL_OVER else candidate
    raise BrygganError("bad_date", text=text)


def parse_clock(text: str) -> time:
    """A wall-clock time: 13, kl 13, 13:15, 13.15; BrygganError('bad_time') otherwise."""
    match = _CLOCK.match(" ".join(text.strip().casefold().split()))
    if not match or int(match[1]) > 23 or int(match[2] or 0) > 59:
        raise BrygganError("bad_time", text=text)
    return time(int(match[1]), int(match[2] or 0))


def _weekday_day(word: str, today: date) -> date | None:
    first, _, rest = word.partition(" ")
    if first in _NEXT and rest in WEEKDAY_NAMES:
        next_monday = today + timedelta(days=7 - today.weekday())
        return next_monday + timedelta(days=WEEKDAY_NAMES[rest])
    if word in WEEKDAY_NAMES:
        return today + timedelta(days=(WEEKDAY_NAMES[word] - today.weekday()) % 7)
    return None


def _make(year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise BrygganError("no_such_month", month=month)
    try:
        return date(year, month, day)
    except ValueError:
        raise BrygganError("no_such_date", day=day, month=month, year=year) from None


def _joins(previous: str, word: str) -> bool:
    """Whether `word` completes `previous` ("nästa" + a weekday, "kl" + a time)."""
    next_weekday = previous in _NEXT and word in WEEKDAY_NAMES
    return next_weekday or (previous in ("kl", "kl.") and bool(_CLOCK.match(word)))


def split_day_words(words: list[str]) -> list[str]:
    """Join 'i dag', 'i morgon', 'nästa fredag' and 'kl 13' into one word so each is one argument."""
    joined: list[str] = []
    for word in words:
        previous = joined[-1].casefold() if joined else ""
        if previous == "i" and word.casefold() in ("dag", "morgon", "övermorgon"):
            joined[-1] = f"i {word}"
        elif _joins(previous, word.casefold()):
            joined[-1] = f"{joined[-1]} {word}"
        else:
            joined.append(word)
    return joined
